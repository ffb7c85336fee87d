// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <stddef.h>

#include "event_flag.h"

const char *event_flag__name(enum event_flag flag)
{
	switch (flag) {
	case FLAG_CONTAINER_ESCAPE:
		return "container_escape";
	case FLAG_KERNEL_TOUCH:
		return "kernel_touch";
	case FLAG_PRIVILEGE_GAIN:
		return "privilege_gain";
	case FLAG_RUNTIME_SETUP:
		return "runtime_setup";
	case FLAG_CONTAINER_DRIFT:
		return "container_drift";
	default:
		return NULL;
	}
}
