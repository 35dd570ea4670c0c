/*
 * fuzz_load.c - libFuzzer target for the whole loading pipeline: one input
 * is loaded as YAML and, into a second set, as JSON, then resolved and
 * rendered as inventory text and JSON to /dev/null. Any crash, sanitizer
 * report or leak is a bug; diagnostics and negative statuses are not.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "mlcap/mlcap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Opened once: libFuzzer runs millions of inputs in one process. */
static FILE *devnull;

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
	mlcap_render_opts ropts = { false, true };

	mlcap_load_opts_init(&opts);
	opts.max_scalar_bytes = 64 * 1024;
	opts.max_alias_nodes = 100000;
	if (mlcap_set_new(&set, &opts) < 0)
		goto done;
	if (mlcap_set_add_buffer(set, name, (const char *)data, size,
				 &diags) < 0)
		goto done;
	if (mlcap_set_resolve(set, &diags) < 0)
		goto done;
	mlcap_render_inventory(devnull, set, &diags, MLCAP_FORMAT_JSON, &ropts);
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
