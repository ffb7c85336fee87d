/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Which outputs run. The rule (README, docs/operations.md, ctrwatch(8)):
 * --output, when given, replaces the config file's `outputs:` (the config's
 * list is then ignored, and main says so); without --output the config's
 * list is used; with neither, stdout. The shipped systemd unit and DaemonSet
 * pass no --output, so their config file decides.
 */
#ifndef CTRWATCH_OUTPUT_PLAN_H
#define CTRWATCH_OUTPUT_PLAN_H

#include <stdbool.h>
#include <stddef.h>

struct ctw_error;

#define OUTPUT_PLAN_MAX 8 /* as many as --output and outputs: may each name */

enum output_source {
	OUTPUT_FROM_DEFAULT = 0, /* neither: stdout */
	OUTPUT_FROM_CONFIG,
	OUTPUT_FROM_COMMAND_LINE,
};

struct output_plan {
	const char *dests[OUTPUT_PLAN_MAX]; /* borrowed from the options or the config */
	size_t n;
	enum output_source source;
	bool config_ignored; /* the config named outputs and --output replaced them */
};

/* Fills plan from the command line's and the config's lists (either may be empty). */
void output_plan__make(struct output_plan *plan, const char *const *cli, size_t n_cli,
		       char *const *cfg, size_t n_cfg);

/*
 * sink__check_uri() on every output: 0, or the first failure's negative errno
 * with "DEST: why" in err.
 */
int output_plan__check(const struct output_plan *plan, struct ctw_error *err);

/* Whether two outputs: lists name the same outputs in the same order. */
bool output_plan__same_list(char *const *a, size_t n_a, char *const *b, size_t n_b);

/* "--output", "the config file" or "the default". */
const char *output_source__name(enum output_source source);

#endif /* CTRWATCH_OUTPUT_PLAN_H */
