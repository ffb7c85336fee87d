/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The checks on posture facts shared by the targets that produce them
 * (posture from the parsers, proc_read from files on disk).
 */
#ifndef CTRWATCH_FUZZ_POSTURE_H
#define CTRWATCH_FUZZ_POSTURE_H

#include <string.h>

#include "fuzz.h"
#include "posture.h"

/* Strings terminated; findings in range, in ID order, written inside a short array. */
static inline void fuzz_check_posture_facts(const struct posture_facts *f)
{
	struct posture_finding out[POSTURE_CHECK_MAX];
	size_t n;

	FUZZ_CHECK(memchr(f->lsm_label, 0, sizeof(f->lsm_label)), "lsm_label unterminated");
	FUZZ_CHECK(memchr(f->runtime_socket, 0, sizeof(f->runtime_socket)),
		   "runtime_socket unterminated");
	FUZZ_CHECK(memchr(f->sensitive_mount, 0, sizeof(f->sensitive_mount)),
		   "sensitive_mount unterminated");
	n = posture__evaluate(f, out, POSTURE_CHECK_MAX);
	FUZZ_CHECK(n <= POSTURE_CHECK_MAX, "%zu findings", n);
	for (size_t i = 0; i < n; i++) {
		FUZZ_CHECK(out[i].check < POSTURE_CHECK_MAX && posture__check(out[i].check),
			   "check %d", out[i].check);
		FUZZ_CHECK(memchr(out[i].detail, 0, sizeof(out[i].detail)), "detail unterminated");
		FUZZ_CHECK(i == 0 || out[i].check > out[i - 1].check, "findings out of order");
	}
	/* A short array: the count may be larger, what is written stays inside. */
	posture__evaluate(f, out, 2);
}

#endif /* CTRWATCH_FUZZ_POSTURE_H */
