// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <string.h>

#include "event_type.h"

/* The CTW_TYPE rows of bpf/events.def; internal types have no name. */
static const char *const type_names[CTW_EVENT_TYPE_MAX] = {
#define CTW_TYPE(ID, value, name, record, args) [CTW_EVENT_##ID] = name,
#define CTW_COLLECTOR_TYPE(ID, value, name, args) [CTW_EVENT_##ID] = name,
#include "../bpf/events.def"
};

const char *event_type__name(unsigned int type)
{
	return type < CTW_EVENT_TYPE_MAX ? type_names[type] : NULL;
}

static int parse_n(const char *name, size_t len, enum ctw_event_type *out)
{
	for (unsigned int t = 0; t < CTW_EVENT_TYPE_MAX; t++) {
		if (type_names[t] && strlen(type_names[t]) == len &&
		    strncmp(type_names[t], name, len) == 0) {
			*out = (enum ctw_event_type)t;
			return 0;
		}
	}
	return -EINVAL;
}

int event_type__parse(const char *name, enum ctw_event_type *out)
{
	return parse_n(name, strlen(name), out);
}

uint64_t event_type__all_mask(void)
{
	uint64_t mask = 0;

	for (unsigned int t = 0; t < CTW_EVENT_TYPE_MAX; t++)
		if (type_names[t])
			mask |= 1ull << t;
	return mask;
}

int event_type__parse_list(const char *list, uint64_t *mask, const char **bad)
{
	uint64_t result = 0;
	const char *p = list;

	if (strcmp(list, "all") == 0) {
		*mask = event_type__all_mask();
		return 0;
	}
	while (1) {
		size_t len = strcspn(p, ",");
		enum ctw_event_type t;

		if (parse_n(p, len, &t) < 0) {
			*bad = p;
			return -EINVAL;
		}
		result |= 1ull << t;
		if (p[len] == '\0')
			break;
		p += len + 1;
	}
	*mask = result;
	return 0;
}
