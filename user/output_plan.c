// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "output_plan.h"
#include "sink.h"

void output_plan__make(struct output_plan *plan, const char *const *cli, size_t n_cli,
		       char *const *cfg, size_t n_cfg)
{
	memset(plan, 0, sizeof(*plan));
	if (n_cli > OUTPUT_PLAN_MAX)
		n_cli = OUTPUT_PLAN_MAX;
	if (n_cfg > OUTPUT_PLAN_MAX)
		n_cfg = OUTPUT_PLAN_MAX;
	if (n_cli) {
		plan->source = OUTPUT_FROM_COMMAND_LINE;
		plan->config_ignored = n_cfg > 0;
		for (size_t i = 0; i < n_cli; i++)
			plan->dests[plan->n++] = cli[i];
	} else if (n_cfg) {
		plan->source = OUTPUT_FROM_CONFIG;
		for (size_t i = 0; i < n_cfg; i++)
			plan->dests[plan->n++] = cfg[i];
	} else {
		plan->source = OUTPUT_FROM_DEFAULT;
		plan->dests[plan->n++] = "stdout";
	}
}

int output_plan__check(const struct output_plan *plan, struct ctw_error *err)
{
	struct ctw_error why;

	for (size_t i = 0; i < plan->n; i++) {
		int ret;

		why.msg[0] = '\0';
		ret = sink__check_uri(plan->dests[i], &why);
		if (ret < 0) {
			const char *d = plan->dests[i];
			const char *text = ctw_error__text(&why, ret);

			/* Most messages name the output already. */
			if (strncmp(text, d, strlen(d)) == 0)
				return ctw_error__set(err, -ret, "%s", text);
			return ctw_error__set(err, -ret, "%s: %s", d, text);
		}
	}
	return 0;
}

bool output_plan__same_list(char *const *a, size_t n_a, char *const *b, size_t n_b)
{
	if (n_a != n_b)
		return false;
	for (size_t i = 0; i < n_a; i++)
		if (strcmp(a[i], b[i]) != 0)
			return false;
	return true;
}

const char *output_source__name(enum output_source source)
{
	switch (source) {
	case OUTPUT_FROM_COMMAND_LINE:
		return "--output";
	case OUTPUT_FROM_CONFIG:
		return "the config file";
	default:
		return "the default";
	}
}
