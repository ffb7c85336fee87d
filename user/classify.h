/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Classification: flags, severity, reasons and detection IDs for one event.
 * Pure: no I/O, no globals, so that it is unit-testable without a kernel.
 */
#ifndef CTRWATCH_CLASSIFY_H
#define CTRWATCH_CLASSIFY_H

#include <stddef.h>
#include <stdint.h>

#include "container.h"
#include "../bpf/events.h"

enum severity {
	SEVERITY_INFO = 0,
	SEVERITY_NOTICE = 1,
	SEVERITY_WARNING = 2,
	SEVERITY_CRITICAL = 3,
	SEVERITY_MAX,
};

/* Bits of classification.flags; names in classify__flag_name(). */
enum event_flag {
	FLAG_CONTAINER_ESCAPE = 1u << 0,
	FLAG_KERNEL_TOUCH = 1u << 1,
	FLAG_PRIVILEGE_GAIN = 1u << 2,
	FLAG_RUNTIME_SETUP = 1u << 3,
	FLAG_COUNT = 4,
};

#define CLASSIFY_MAX_REASONS 8
#define CLASSIFY_REASON_LEN 200

struct classification {
	enum severity severity;
	uint32_t flags; /* enum event_flag bits */
	size_t n_reasons;
	char reasons[CLASSIFY_MAX_REASONS][CLASSIFY_REASON_LEN];
	size_t n_detections;
	const char *detections[CLASSIFY_MAX_REASONS]; /* static "CTW-NNN" strings */
};

/* Facts about the host the classifier compares events against. */
struct host_facts {
	struct ctw_namespaces init_ns; /* namespaces of PID 1 on the host */
};

/* Context of the event beyond the raw record. */
struct classify_input {
	const struct ctw_header *rec; /* the full record; its size is rec->size */
	const struct container_ref *container; /* NULL for host processes */
	const struct host_facts *host;
};

const char *severity__name(enum severity severity);
int severity__parse(const char *name, enum severity *out);
const char *classify__flag_name(enum event_flag flag);

#endif /* CTRWATCH_CLASSIFY_H */
