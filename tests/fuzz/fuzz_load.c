/*
 * fuzz_load.c - libFuzzer target for the whole loading pipeline: one input
 * is loaded as YAML and, into a second set, as JSON, then resolved and
 * rendered as inventory text (to /dev/null) and JSON, which must parse
 * back as JSON. Any crash, sanitizer report, leak or invalid JSON output
 * is a bug; diagnostics and negative statuses are not.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <jansson.h>
#include "mlcap/mlcap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Opened once: libFuzzer runs millions of inputs in one process. */
static FILE *devnull;

/*
 * Renders the inventory JSON into memory and traps unless it is one valid
 * JSON object (jansson also checks that strings are valid UTF-8).
 */
static void check_json(const mlcap_set *set, const mlcap_diags *diags,
		       const mlcap_render_opts *ropts)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	json_error_t err;
	json_t *doc;
	int rc;

	if (!mem)
		abort();
	rc = mlcap_render_inventory(mem, set, diags, MLCAP_FORMAT_JSON, ropts);
	if (fclose(mem) != 0)
		abort();
	if (rc == 0) {
		doc = json_loadb(buf, len, 0, &err);
		if (!doc || !json_is_object(doc) ||
		    !json_object_get(doc, "schema_version"))
			__builtin_trap();
		json_decref(doc);
	}
	free(buf);
}

/*
 * Loads `data` under `name` into a fresh set, resolves it and renders the
 * inventory in both formats. A system failure (e.g. MLCAP_ENOMEM) ends the
 * run early; everything is released on every path.
 */
static void run_one(const char *name, const uint8_t *data, size_t size)
{
	mlcap_load_opts opts;
	mlcap_set *set = NULL;
	mlcap_diags diags = MLCAP_DIAGS_INIT;
	mlcap_render_opts ropts = {false, true};

	mlcap_load_opts_init(&opts);
	opts.max_scalar_bytes = 64 * 1024;
	opts.max_alias_nodes = 100000;
	if (mlcap_set_new(&set, &opts) < 0)
		goto done;
	if (mlcap_set_add_buffer(set, name, (const char *)data, size, &diags) <
	    0)
		goto done;
	if (mlcap_set_resolve(set, &diags) < 0)
		goto done;
	check_json(set, &diags, &ropts);
	mlcap_render_inventory(devnull, set, &diags, MLCAP_FORMAT_TEXT, &ropts);
	mlcap_diags_sort(&diags);
	mlcap_render_diags_text(devnull, &diags, false, true);
done:
	mlcap_set_free(set);
	mlcap_diags_release(&diags);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!devnull && !(devnull = fopen("/dev/null", "w")))
		abort();
	run_one("in.yaml", data, size);
	run_one("in.json", data, size);
	return 0;
}
