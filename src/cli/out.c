/*
 * out.c - output policy of the CLI: when to colour (NO_COLOR, TTY), how
 * diagnostics are printed, and the one mapping to exit codes 0/1/2.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "out.h"

bool cli_use_color(FILE *f, const char *mode)
{
	const char *nc;
	if (mode && !strcmp(mode, "always"))
		return true;
	if (mode && !strcmp(mode, "never"))
		return false;
	nc = getenv("NO_COLOR"); /* https://no-color.org: set at all = off */
	if (nc && nc[0])
		return false;
	return isatty(fileno(f)) != 0;
}

int cli_exit_for(const mlcap_diags *d)
{
	return d->errors ? MLCAP_EXIT_ERROR : MLCAP_EXIT_OK;
}

void cli_print_diags(FILE *out, mlcap_diags *d, bool color, bool verbose)
{
	mlcap_diags_sort(d);
	mlcap_render_diags_text(out, d, color, verbose);
	if (!verbose && d->notes)
		fprintf(out,
			"mlcap: %zu note%s not shown (skipped documents and "
			"kinds); use --verbose to list them\n",
			d->notes, d->notes == 1 ? "" : "s");
}

int cli_fail(const char *cmd, int status)
{
	fprintf(stderr, "mlcap %s: %s\n", cmd, mlcap_status_str(status));
	return MLCAP_EXIT_ERROR;
}

mlcap_format cli_format(const char *name)
{
	return !strcmp(name, "json")	   ? MLCAP_FORMAT_JSON
	       : !strcmp(name, "markdown") ? MLCAP_FORMAT_MARKDOWN
	       : !strcmp(name, "github")   ? MLCAP_FORMAT_GITHUB
	       : !strcmp(name, "sarif")	   ? MLCAP_FORMAT_SARIF
	       : !strcmp(name, "csv")	   ? MLCAP_FORMAT_CSV
					   : MLCAP_FORMAT_TEXT;
}
