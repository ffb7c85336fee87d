/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Names of the event types as they appear in JSON, flags, config and metrics. */
#ifndef CTRWATCH_EVENT_TYPE_H
#define CTRWATCH_EVENT_TYPE_H

#include <stdint.h>

#include "../bpf/events.h"

/* "mount", "setuid_exec", ...; NULL for a value with no name. */
const char *event_type__name(unsigned int type);
/* The type named `name`; -EINVAL if there is none. */
int event_type__parse(const char *name, enum ctw_event_type *out);
/*
 * A comma-separated list of type names ("mount,setns") or "all" → bitmask of
 * (1 << type). On error, -EINVAL and *bad points at the offending name's start.
 */
int event_type__parse_list(const char *list, uint64_t *mask, const char **bad);
/* Every type the BPF side can emit. */
uint64_t event_type__all_mask(void);

#endif /* CTRWATCH_EVENT_TYPE_H */
