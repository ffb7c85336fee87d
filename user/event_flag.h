/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The flags an event can carry (the JSON "flags" array): raised by the
 * detection table, counted by the metrics, written by every renderer.
 */
#ifndef CTRWATCH_EVENT_FLAG_H
#define CTRWATCH_EVENT_FLAG_H

/* Bits of classification.flags. */
enum event_flag {
	FLAG_CONTAINER_ESCAPE = 1u << 0,
	FLAG_KERNEL_TOUCH = 1u << 1,
	FLAG_PRIVILEGE_GAIN = 1u << 2,
	FLAG_RUNTIME_SETUP = 1u << 3,
	/* a container runs a program its image did not ship (dropped, fileless) */
	FLAG_CONTAINER_DRIFT = 1u << 4,
	FLAG_COUNT = 5,
};

/* "container_escape", ... for one bit; NULL for anything else. */
const char *event_flag__name(enum event_flag flag);

#endif /* CTRWATCH_EVENT_FLAG_H */
