/*
 * cmd.h - the subcommands. main.c's table is the only registry; each
 * command lives in its own cmd_<name>.c with its own option table.
 */
#ifndef MLCAP_CLI_CMD_H
#define MLCAP_CLI_CMD_H

int cmd_inventory(int argc, char **argv);
int cmd_pricing(int argc, char **argv);
int cmd_plan(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_labels(int argc, char **argv);

#endif
