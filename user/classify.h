/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Classification: flags, severity, reasons and detection IDs for one event.
 * Pure: no I/O, no globals, so that it is unit-testable without a kernel.
 */
#ifndef CTRWATCH_CLASSIFY_H
#define CTRWATCH_CLASSIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "container.h"
#include "event_flag.h"
#include "host_facts.h"
#include "severity.h"
#include "../bpf/events.h"

#define CLASSIFY_MAX_REASONS 8
#define CLASSIFY_REASON_LEN 200

struct classification {
	enum severity severity;
	uint32_t flags; /* enum event_flag bits */
	size_t n_reasons;
	char reasons[CLASSIFY_MAX_REASONS][CLASSIFY_REASON_LEN];
	size_t n_detections;
	const char *detections[CLASSIFY_MAX_REASONS]; /* static "CTW-NNN" strings */
	bool denied;	     /* the syscall failed (header.ret < 0): "outcome": "denied" */
	size_t n_suppressed; /* detections that fired but an exception suppressed */
	const char *suppressed[CLASSIFY_MAX_REASONS]; /* their IDs, for per-detection metrics */
};

/* The worst finding of a container's posture, as far as it is known. */
struct posture_weakness {
	enum severity worst;  /* info: nothing known, or nothing that raises a severity */
	const char *check_id; /* "CTW-P01": the first finding of that severity */
	const char *title;
};

/* Context of the event beyond the raw record. */
struct classify_input {
	const struct ctw_header *rec;		/* the full record; its size is rec->size */
	const struct container_ref *container;	/* NULL for host processes */
	const struct container_meta *meta;	/* NULL or fields "" when unknown */
	const struct host_facts *host;		/* NULL: the classifier's own copy is used */
	const struct posture_weakness *posture; /* the container's; NULL: none known */
	const char *helper; /* exec by the kernel: the helper setting naming it (detect_ctx) */
};

struct config;
struct classifier;

/*
 * A classifier for `cfg` (enabled detections, exceptions, extra runtime
 * binaries; NULL = defaults) and `host`. Copies what it needs: both may be
 * freed afterwards. NULL and errno on failure.
 */
struct classifier *classifier__new(const struct config *cfg, const struct host_facts *host);
void classifier__free(struct classifier *c);

/*
 * Flags, severity, reasons and detection IDs of one record. `in->rec` must
 * hold in->rec->size bytes; a record shorter than its type's struct is
 * classified from its header alone. Never fails: an event that matches
 * nothing is info with no flags. Increments the suppression counter of the
 * exception that silenced a detection (relaxed atomics: the metrics thread
 * may read them concurrently).
 */
void classify__event(const struct classifier *c, const struct classify_input *in,
		     struct classification *out);

/*
 * Raises the severity of a flagged event from a container with a weak posture:
 * to critical when the container has a critical finding, one step (at most
 * critical) when it has a warning one; adds a reason naming the finding.
 * Leaves unflagged events (runtime_setup alone included) alone. classify__event
 * does this last, for in->posture.
 */
void classify__raise_for_posture(const struct posture_weakness *w, struct classification *cls);

/*
 * Whether the sinks should write the event: severity at least min_severity,
 * and, with host_events: flagged-only, host events only when flagged.
 */
bool classify__should_emit(const struct classifier *c, const struct classify_input *in,
			   const struct classification *cl);

/* The number of exceptions, and how many detections exception `idx` has suppressed. */
size_t classifier__exception_count(const struct classifier *c);
uint64_t classifier__suppressed(const struct classifier *c, size_t idx);

#endif /* CTRWATCH_CLASSIFY_H */
