/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * One event record → one line of JSON in the native format; every field and
 * every type's args are listed in docs/event-format.md and docs/event.schema.json.
 */
#ifndef CTRWATCH_RENDER_JSON_H
#define CTRWATCH_RENDER_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "classify.h"
#include "container.h"
#include "posture.h"
#include "proc_cache.h"
#include "../bpf/events.h"

/*
 * Enough for any record under worst-case escaping (every byte of every string
 * turned into a 6-byte \u00XX) with a cgroup path of up to 4 KiB and the
 * longest lineage (4 KiB of arguments, ten processes' names). A line that
 * does not fit is refused with -ENOSPC, never cut.
 */
#define RENDER_JSON_LINE_MAX 131072

/*
 * cgroup paths have no length limit (a container may nest cgroups past PATH_MAX): longer ones
 * are rendered cut to this many bytes, with "path_truncated": true.
 */
#define RENDER_CGROUP_PATH_MAX 4095

/*
 * "schema_version" of every native event: MAJOR.MINOR. Fields are only added
 * within a major version (the minor counts additions); removing a field or
 * changing its meaning bumps the major. docs/event.schema.json pins the same
 * value, so a bump without the schema fails the tests.
 */
#define RENDER_JSON_SCHEMA_VERSION "1.0"

struct render_input {
	const struct ctw_header *rec;	       /* the whole record, rec->size bytes */
	const struct container_ref *container; /* NULL: a host process ("container": null) */
	const struct container_meta *meta;     /* may be NULL; "" fields are omitted */
	const char *cgroup_path;	       /* NULL when unknown: "cgroup.path" omitted */
	const struct classification *cls;      /* required */
	const char *hostname;		       /* NULL: "host" omitted */
	/* Added to rec->ktime_ns (CLOCK_BOOTTIME) to get CLOCK_REALTIME. */
	int64_t boot_to_realtime_ns;
	/* The process's exec identity, arguments and ancestry; NULL: none rendered. */
	const struct proc_lineage *lineage;
	/* posture events only: the findings, rendered as "findings" (user/posture.h). */
	const struct posture_finding *findings;
	size_t n_findings;
};

/*
 * Render in->rec as one JSON object followed by '\n' into buf (NUL-terminated;
 * *out_len excludes the NUL). The line never contains another newline.
 * Returns 0, -EINVAL for a record that is too short for its type or of an
 * unknown type (or no classification), -ENOSPC when buf is too small.
 */
int render_json__event(const struct render_input *in, char *buf, size_t len, size_t *out_len);

/*
 * Only the "args" object of the native event (or null when the arguments are
 * unknown), for renderers of other formats. Errors as render_json__event().
 */
int render_json__args(const struct ctw_header *rec, char *buf, size_t len, size_t *out_len);

/*
 * RFC 3339 UTC with nanoseconds ("2026-11-24T09:06:09.123456789Z") for a
 * CLOCK_REALTIME value in ns; buf needs 31 bytes. Returns 0 or -ENOSPC/-EOVERFLOW.
 */
#define RENDER_JSON_TIME_LEN 31
int render_json__time(int64_t realtime_ns, char *buf, size_t len);

#endif /* CTRWATCH_RENDER_JSON_H */
