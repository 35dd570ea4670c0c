/*
 * cmd_inventory.c - `mlcap inventory PATH...`: load and resolve manifests,
 * print the workloads as a table or the inventory JSON document.
 */
#include <stdlib.h>
#include <string.h>
#include "cmd.h"
#include "opt.h"
#include "out.h"

static const char *const formats[] = {"text", "json", NULL};
static const char *const colors[] = {"auto", "always", "never", NULL};

int cmd_inventory(int argc, char **argv)
{
	const char *format = "text", *color = "auto", *ns = NULL;
	bool verbose = false, show_nodes = false;
	size_t max_file = 0;
	const struct cli_opt opts[] = {
	    {"format", 'o', CLI_OPT_CHOICE, &format, "FORMAT",
	     "text (default) or json", formats},
	    {"namespace", 'n', CLI_OPT_STRING, &ns, "NS",
	     "namespace for objects without one (default: default)", NULL},
	    {"show-nodes", 0, CLI_OPT_BOOL, &show_nodes, NULL,
	     "text: also list the Nodes found in the input", NULL},
	    {"verbose", 'v', CLI_OPT_BOOL, &verbose, NULL,
	     "also print notes (skipped documents and kinds)", NULL},
	    {"color", 0, CLI_OPT_CHOICE, &color, "WHEN",
	     "auto (default), always or never; NO_COLOR is honoured", colors},
	    {"max-file-size", 0, CLI_OPT_SIZE, &max_file, "BYTES",
	     "refuse larger input files (default 1 GiB)", NULL},
	};
	const struct cli_cmd_spec spec = {
	    "inventory", "[OPTIONS] PATH...",
	    "List the resolved workloads: replicas (HPA/KEDA min, declared,\n"
	    "max), effective per-pod requests and limits, accelerators and\n"
	    "missing cost labels. PATH is a file, a directory (searched for\n"
	    "*.yaml, *.yml, *.json) or - for standard input.\n"
	    "Exit status: 0 ok, 2 usage or input errors.",
	    opts, sizeof(opts) / sizeof(opts[0])};
	mlcap_load_opts lo;
	mlcap_render_opts ro;
	mlcap_diags diags = MLCAP_DIAGS_INIT;
	mlcap_set *set = NULL;
	char **paths = NULL;
	size_t n_paths = 0, i;
	int rc = 0, st;

	st = cli_parse(&spec, argc, argv, &paths, &n_paths);
	if (st != 0) {
		free(paths);
		return st > 0 ? MLCAP_EXIT_OK : MLCAP_EXIT_ERROR;
	}
	if (n_paths == 0) {
		fprintf(stderr, "mlcap inventory: no input; give a file, a "
				"directory or - for standard input\n");
		free(paths);
		return MLCAP_EXIT_ERROR;
	}
	mlcap_diags_init(&diags);
	mlcap_load_opts_init(&lo);
	lo.default_namespace = ns;
	if (max_file)
		lo.max_file_bytes = max_file;
	st = mlcap_set_new(&set, &lo);
	for (i = 0; st == 0 && i < n_paths; i++)
		st = strcmp(paths[i], "-") == 0
			 ? mlcap_set_add_stream(set, "-", stdin, &diags)
			 : mlcap_set_add_path(set, paths[i], &diags);
	if (st == 0)
		st = mlcap_set_resolve(set, &diags);
	if (st == 0) {
		memset(&ro, 0, sizeof(ro));
		ro.color = cli_use_color(stdout, color);
		ro.show_nodes = show_nodes;
		mlcap_diags_sort(&diags);
		st = mlcap_render_inventory(stdout, set, &diags,
					    strcmp(format, "json") == 0
						? MLCAP_FORMAT_JSON
						: MLCAP_FORMAT_TEXT,
					    &ro);
	}
	if (st < 0)
		rc = cli_fail("inventory", st);
	else
		rc = cli_exit_for(&diags);
	cli_print_diags(stderr, &diags, cli_use_color(stderr, color), verbose);
	mlcap_set_free(set);
	mlcap_diags_release(&diags);
	free(paths);
	return rc;
}
