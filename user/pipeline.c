// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <string.h>
#include <time.h>

#include "cgcache.h"
#include "container_meta.h"
#include "classify.h"
#include "event_type.h"
#include "lifecycle.h"
#include "metrics.h"
#include "pipeline.h"
#include "ptrace_target.h"
#include "posture_tracker.h"
#include "render_falco.h"
#include "render_json.h"
#include "sink.h"

static int64_t clock_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (int64_t)ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

void pipeline__sync_clock(struct pipeline *p)
{
	/* Realtime read between two boottime reads: the offset error is the gap. */
	int64_t boot_before = clock_ns(CLOCK_BOOTTIME);
	int64_t real = clock_ns(CLOCK_REALTIME);
	int64_t boot_after = clock_ns(CLOCK_BOOTTIME);

	p->boot_to_realtime_ns = real - (boot_before + (boot_after - boot_before) / 2);
}

static void count_error(struct pipeline *p, enum metrics_error err)
{
	if (p->metrics)
		metrics__count_error(p->metrics, err);
}

/* The record is whole and of a type we know; its size is what the BPF side said. */
static bool record_is_sane(const struct ctw_header *hdr, size_t size)
{
	return size >= sizeof(*hdr) && hdr->size >= sizeof(*hdr) && hdr->size <= size;
}

/*
 * A ptrace whose target the kernel could not resolve (a denied attach) but
 * whose host pid is known: fill the target's cgroup from /proc into a copy, so
 * that "a container reaching outside itself" is still told. The ring buffer's
 * pages are read-only, hence the copy.
 */
static const struct ctw_header *resolve_ptrace_target(const struct pipeline *p,
						      const struct ctw_header *hdr, size_t size,
						      struct ctw_ptrace_event *copy)
{
	const struct ctw_ptrace_event *e = (const void *)hdr;
	uint64_t id;

	if (hdr->type != CTW_EVENT_PTRACE || size < sizeof(*e) || hdr->size != sizeof(*e) ||
	    !e->target_host_pid || e->target_cgroup_id || !p->proc_root || !p->cgroup2_mount)
		return hdr;
	if (ptrace_target__cgroup_id(p->proc_root, p->cgroup2_mount, e->target_host_pid, &id) < 0)
		return hdr;
	*copy = *e;
	copy->target_cgroup_id = id;
	return &copy->hdr;
}

int pipeline__handle_record(void *ctx, void *data, size_t size)
{
	struct pipeline *p = ctx;
	const struct ctw_header *hdr = data;
	const struct cgcache_entry *cg;
	const struct container_ref *container = NULL;
	const struct container_meta *meta = NULL;
	struct container_meta stopped_meta;
	struct ctw_cgroup_event lifecycle_buf;
	struct ctw_ptrace_event ptrace_copy;
	struct classification cls;
	struct classify_input cin;
	struct render_input rin;
	size_t len;

	if (!record_is_sane(hdr, size)) {
		count_error(p, METRICS_ERR_DECODE);
		return 0;
	}
	/* cgroup mkdir/rmdir: internal, they keep the cache current and end here. */
	switch (lifecycle__apply(p->cgcache, hdr, size)) {
	case 0:
		break;
	case 1:
		return 0;
	default:
		count_error(p, METRICS_ERR_DECODE);
		return 0;
	}
	/* posture is the collector's own: the ring buffer never carries one. */
	if (!event_type__name(hdr->type) || hdr->type == CTW_EVENT_POSTURE) {
		count_error(p, METRICS_ERR_UNKNOWN_TYPE);
		return 0;
	}
	p->records++;
	hdr = resolve_ptrace_target(p, hdr, size, &ptrace_copy);

	cg = cgcache__lookup(p->cgcache, hdr->cgroup_id);
	if (!cg)
		count_error(p, METRICS_ERR_RESOLVE);
	else if (cg->container.runtime != RUNTIME_NONE)
		container = &cg->container;
	if (lifecycle__is_container_event(hdr)) {
		/* The kernel cannot tell containers apart: a host cgroup's start is no event. */
		if (!container)
			return 0;
		hdr = lifecycle__complete(hdr, cg->path, &lifecycle_buf);
	}
	if (container) {
		meta = meta_cache__lookup(p->meta, container);
		posture_tracker__observe(p->posture, hdr, container, cg->path);
		if (hdr->type == CTW_EVENT_CONTAINER_STOP) {
			/* The stop event still names the container: keep a copy, then forget it. */
			if (meta) {
				stopped_meta = *meta;
				meta = &stopped_meta;
			}
			meta_cache__remove(p->meta, container->id);
		}
	}

	cin = (struct classify_input){.rec = hdr, .container = container, .meta = meta};
	classify__event(p->classifier, &cin, &cls);
	posture_tracker__adjust(p->posture, container, &cls);
	if (p->metrics)
		for (size_t i = 0; i < cls.n_suppressed; i++)
			metrics__count_suppressed(p->metrics, cls.suppressed[i]);
	if (!classify__should_emit(p->classifier, &cin, &cls))
		return 0;

	rin = (struct render_input){
	    .rec = hdr,
	    .container = container,
	    .meta = meta,
	    .cgroup_path = cg ? cg->path : NULL,
	    .cls = &cls,
	    .hostname = p->hostname,
	    .boot_to_realtime_ns = p->boot_to_realtime_ns,
	};
	if (p->rule_matches_only && !render_falco__is_rule_match(&rin))
		return 0;
	if ((p->render ? p->render : render_json__event)(&rin, p->line, sizeof(p->line), &len) <
	    0) {
		count_error(p, METRICS_ERR_RENDER);
		return 0;
	}
	if (p->metrics)
		metrics__count_event(p->metrics, hdr->type, &cls);
	for (size_t i = 0; i < p->n_sinks; i++)
		sink__write_event(p->sinks[i], &rin, p->line, len);
	return 0;
}

int pipeline__emit(struct pipeline *p, const struct render_input *rin)
{
	size_t len;

	if (p->rule_matches_only && !render_falco__is_rule_match(rin))
		return 0;
	if ((p->render ? p->render : render_json__event)(rin, p->line, sizeof(p->line), &len) < 0) {
		count_error(p, METRICS_ERR_RENDER);
		return -EINVAL;
	}
	if (p->metrics)
		metrics__count_event(p->metrics, rin->rec->type, rin->cls);
	for (size_t i = 0; i < p->n_sinks; i++)
		sink__write_event(p->sinks[i], rin, p->line, len);
	return 0;
}

void pipeline__flush(struct pipeline *p)
{
	for (size_t i = 0; i < p->n_sinks; i++)
		sink__flush(p->sinks[i]);
}
