// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <string.h>

#include "event_type.h"

static const char *const type_names[CTW_EVENT_TYPE_MAX] = {
    [CTW_EVENT_CAPSET] = "capset",
    [CTW_EVENT_SETUID] = "setuid",
    [CTW_EVENT_SETUID_EXEC] = "setuid_exec",
    [CTW_EVENT_MOUNT] = "mount",
    [CTW_EVENT_UMOUNT] = "umount",
    [CTW_EVENT_MODULE_LOAD] = "module_load",
    [CTW_EVENT_SETNS] = "setns",
    [CTW_EVENT_UNSHARE] = "unshare",
    [CTW_EVENT_PTRACE] = "ptrace",
    [CTW_EVENT_BPF] = "bpf",
    [CTW_EVENT_OPEN_BY_HANDLE_AT] = "open_by_handle_at",
    [CTW_EVENT_FILE_WRITE] = "file_write",
    [CTW_EVENT_CONTAINER_START] = "container_start",
    [CTW_EVENT_CONTAINER_STOP] = "container_stop",
    [CTW_EVENT_POSTURE] = "posture",
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
