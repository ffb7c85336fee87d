/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Giving up privileges once the BPF programs are attached: the capability
 * sets, the bounding and ambient sets and no_new_privs. Raw capget/capset
 * (no libcap), so it changes the calling thread only: call it while the
 * process still has one thread.
 */
#ifndef CTRWATCH_PRIVS_H
#define CTRWATCH_PRIVS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Capabilities as a mask: bit n is capability n (CAP_BPF is bit 39). */
#define PRIVS_CAP(n) (1ull << (n))

struct privs_state {
	uint64_t effective;
	uint64_t permitted;
	uint64_t inheritable;
	uint64_t bounding;
	uint64_t ambient;
	bool no_new_privs;
};

/* The calling thread's capability sets and its no_new_privs flag. */
int privs__read(struct privs_state *out);

/*
 * Runs fn(ctx) with `caps` lowered from the effective set (still permitted),
 * then raises them again. Returns fn's value, or a negative errno when the
 * sets could not be changed. Tells the caller whether it still needs a
 * capability, on the kernel it runs on.
 */
int privs__try_without(uint64_t caps, int (*fn)(void *ctx), void *ctx);

/*
 * Keeps only `keep` (what of it is permitted): permitted = effective = keep,
 * inheritable, ambient and bounding sets empty, no_new_privs set; then reads
 * the sets back. Returns 0 only when they are exactly that; -EBUSY when the
 * process has more than one thread (capset would leave the others as they
 * were), another negative errno when a step failed (emptying the bounding
 * set needs CAP_SETPCAP).
 */
int privs__drop(uint64_t keep);

/* Threads of the calling process (/proc/self/task), or a negative errno. */
int privs__thread_count(void);

/*
 * "cap_bpf,cap_sys_ptrace", or "none": capability names as capabilities(7)
 * spells them in lower case, "cap_N" for bits this table does not know.
 * Returns the length snprintf would have written.
 */
int privs__format(uint64_t caps, char *buf, size_t len);

#endif /* CTRWATCH_PRIVS_H */
