/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Capability names and lists of them, for the JSON args, the detection
 * reasons, the posture findings and the collector's own log line.
 */
#ifndef CTRWATCH_CAPABILITY_H
#define CTRWATCH_CAPABILITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bits in a capability mask. */
#define CAPABILITY_BITS 64
/* The highest capability known by name (CAP_LAST_CAP of the headers we follow). */
#define CAPABILITY_LAST_NAMED 40

/*
 * "CAP_CHOWN" .. "CAP_CHECKPOINT_RESTORE"; "CAP_41".."CAP_63" for bits no
 * kernel has named yet, so that every bit of a mask has a static name. NULL
 * only for cap >= CAPABILITY_BITS.
 */
const char *capability__name(unsigned int cap);

/*
 * The names of the bits set in mask, lowest first, into names[0..max).
 * Returns how many bits are set (more than max when names was too short).
 */
size_t capability__names(uint64_t mask, const char **names, size_t max);

/* How capability__join() writes a list. */
struct capability_list_style {
	const char *separator; /* between two names: ",", ", ", " " */
	bool lower_case;       /* "cap_sys_admin" (capabilities(7), capsh) */
	/* 0: every name; else at most this many, then " and N more" */
	unsigned int max_shown;
};

/*
 * The names of mask's bits joined into buf ("" for an empty mask), always
 * terminated when len > 0. Returns the length of the whole list, as snprintf
 * does: a result >= len means buf holds a cut copy.
 */
size_t capability__join(uint64_t mask, const struct capability_list_style *style, char *buf,
			size_t len);

#endif /* CTRWATCH_CAPABILITY_H */
