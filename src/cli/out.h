/*
 * out.h - output policy of the CLI: colour, exit codes, diagnostics.
 */
#ifndef MLCAP_CLI_OUT_H
#define MLCAP_CLI_OUT_H

#include <stdbool.h>
#include <stdio.h>
#include "mlcap/mlcap.h"

enum { MLCAP_EXIT_OK = 0, MLCAP_EXIT_FINDINGS = 1, MLCAP_EXIT_ERROR = 2 };

/* Colour for `f`: "always", "never" or "auto" (a TTY and no NO_COLOR). */
bool cli_use_color(FILE *f, const char *mode);

/* 2 when there are error diagnostics, else 0 (1 is the caller's). */
int cli_exit_for(const mlcap_diags *d);

/*
 * Prints the diagnostics to `out` sorted by position; notes only when
 * `verbose`, else one line counting them.
 */
void cli_print_diags(FILE *out, mlcap_diags *d, bool color, bool verbose);

/* Reports a system failure (negative mlcap_status) and returns 2. */
int cli_fail(const char *cmd, int status);

/* The render format named `name` (an option's checked choice). */
mlcap_format cli_format(const char *name);

#endif
