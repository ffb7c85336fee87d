/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * `--format falco`: the event in the shape of Falco's json_output (time, rule,
 * priority, output, output_fields, source, hostname, tags), so Falcosidekick
 * and pipelines built around Falco read ctrwatch unchanged. The mapping of
 * every field is in docs/falco-format.md.
 */
#ifndef CTRWATCH_RENDER_FALCO_H
#define CTRWATCH_RENDER_FALCO_H

#include <stdbool.h>
#include <stddef.h>

#include "classify.h"
#include "render_json.h"

/* Falco's priority name for a severity: "Critical", "Warning", "Notice", "Informational". */
const char *render_falco__priority(enum severity severity);

/*
 * Whether Falco would have written the event: a rule matched (a detection
 * fired, or a posture event has findings). `--format falco` writes only
 * these unless --falco-events all.
 */
bool render_falco__is_rule_match(const struct render_input *in);

/*
 * One Falco-shaped JSON object and '\n' into buf, as render_json__event():
 * 0, -EINVAL (record too short, unknown type, no classification) or -ENOSPC.
 */
int render_falco__event(const struct render_input *in, char *buf, size_t len, size_t *out_len);

#endif /* CTRWATCH_RENDER_FALCO_H */
