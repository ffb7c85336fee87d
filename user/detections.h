/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The detection table: stable IDs, what each detection means and the predicate
 * that raises it. docs/detections.md describes every row; IDs are never reused.
 */
#ifndef CTRWATCH_DETECTIONS_H
#define CTRWATCH_DETECTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "container.h"
#include "event_flag.h"
#include "host_facts.h"
#include "severity.h"
#include "../bpf/events.h"

/* Rows in the table; _Static_assert'ed against it in detections.c. */
#define DETECTION_COUNT 39

/* detection.type for a predicate that reads the header only: every event type. */
#define DETECTION_ANY_TYPE CTW_EVENT_NONE

/* What a predicate sees of one event. */
struct detect_ctx {
	const struct ctw_header *rec;
	bool body; /* rec->size covers the type's struct: the fields past the header are valid */
	bool args_unknown; /* CTW_HDR_ARGS_UNKNOWN: seccomp refused it, arguments not captured */
	const struct container_ref *container; /* NULL for host processes */
	const struct host_facts *host;
	/*
	 * exec by a kernel thread: the kernel setting that names the program
	 * ("core_pattern", "modprobe", ...: usermode_helper.h), NULL when unknown.
	 */
	const char *helper;
};

struct detection {
	const char *id;	  /* "CTW-NNN" */
	const char *name; /* snake_case, for people and docs */
	/*
	 * The event type whose record the predicate reads (enum ctw_event_type):
	 * the classifier calls it for records of that type only, so that no
	 * predicate reads another type's fields. DETECTION_ANY_TYPE: every type.
	 */
	unsigned int type;
	enum severity severity;
	uint32_t flags;	    /* enum event_flag bits */
	const char *attack; /* MITRE ATT&CK technique ID(s) */
	/* A denied attempt keeps this severity instead of dropping a step. */
	bool attempt_is_signal;
	/*
	 * The container runtime does this while setting a container up (mounts of
	 * proc/sysfs/cgroup, capset, setuid, sysctls, ...): a recognised runtime
	 * process gets info + runtime_setup instead. Detections without it fire
	 * even for the runtime: runc never loads modules or writes release_agent.
	 */
	bool runtime_may;
	/* True when the detection fires; writes one sentence into reason. */
	bool (*match)(const struct detect_ctx *ctx, char *reason, size_t len);
};

/*
 * DETECTION_COUNT rows. Declared without a size so that detections.c's
 * _Static_assert counts the rows written rather than the size declared (a
 * sized declaration would zero-fill a missing row silently).
 */
extern const struct detection detections[];

/* Whether d applies to records of this type (before its predicate runs). */
static inline bool detection__applies_to(const struct detection *d, unsigned int type)
{
	return d->type == DETECTION_ANY_TYPE || d->type == type;
}

/* Index of the detection with this ID; -ENOENT if none. */
int detection__index(const char *id);

#endif /* CTRWATCH_DETECTIONS_H */
