// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgcache.h"
#include "classify.h"
#include "container_meta.h"
#include "detections.h"
#include "event_type.h"
#include "lifecycle.h"
#include "metrics.h"
#include "pipeline.h"
#include "posture_tracker.h"
#include "ptrace_target.h"
#include "proc_cache.h"
#include "render_falco.h"
#include "render_json.h"
#include "sink.h"
#include "usermode_helper.h"
#include "util.h"

/* Posture reports taken from the tracker per call; more are fetched in further calls. */
#define POSTURE_BATCH 8

struct pipeline {
	struct pipeline_options o;
	struct sink *sinks[SINK_MAX_OUTPUTS];
	size_t n_sinks;
	int64_t boot_to_realtime_ns; /* refreshed by pipeline__sync_clock() */
	uint64_t records;
	struct posture_report reports[POSTURE_BATCH];
	char line[RENDER_JSON_LINE_MAX]; /* the rendered line, reused for every event */
};

/* A record (or a posture report) after the enrich stage: what classify and render read. */
struct enriched {
	struct lifecycle_result cgroup; /* cgroup, container, and the record to go on with */
	const struct container_meta *meta;
	struct container_meta stopped_meta;
	struct posture_weakness posture;
	struct ctw_ptrace_event ptrace_copy;
	struct ctw_process_vm_event process_vm_copy;
};

struct pipeline *pipeline__new(const struct pipeline_options *opts)
{
	struct pipeline *p;

	if (!opts || !opts->cgcache || !opts->classifier) {
		errno = EINVAL;
		return NULL;
	}
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->o = *opts;
	if (!p->o.render)
		p->o.render = render_json__event;
	pipeline__sync_clock(p);
	return p;
}

void pipeline__free(struct pipeline *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n_sinks; i++)
		sink__free(p->sinks[i]);
	free(p);
}

int pipeline__add_sink(struct pipeline *p, struct sink *sink)
{
	if (p->n_sinks >= SINK_MAX_OUTPUTS)
		return -ENOSPC;
	sink__unique_name(sink, p->sinks, p->n_sinks);
	p->sinks[p->n_sinks++] = sink;
	return 0;
}

size_t pipeline__n_sinks(const struct pipeline *p)
{
	return p->n_sinks;
}

struct sink *pipeline__sink(const struct pipeline *p, size_t i)
{
	return i < p->n_sinks ? p->sinks[i] : NULL;
}

void pipeline__set_classifier(struct pipeline *p, const struct classifier *classifier)
{
	p->o.classifier = classifier;
}

void pipeline__set_ancestors(struct pipeline *p, size_t ancestors)
{
	p->o.ancestors = ancestors;
}

void pipeline__set_exec_events_all(struct pipeline *p, bool all)
{
	p->o.exec_events_all = all;
}

uint64_t pipeline__records(const struct pipeline *p)
{
	return p->records;
}

void pipeline__sync_clock(struct pipeline *p)
{
	/* Realtime read between two boottime reads: the offset error is the gap. */
	int64_t boot_before = clock__now_ns(CLOCK_BOOTTIME);
	int64_t real = clock__now_ns(CLOCK_REALTIME);
	int64_t boot_after = clock__now_ns(CLOCK_BOOTTIME);

	p->boot_to_realtime_ns = real - (boot_before + (boot_after - boot_before) / 2);
}

static void count_error(struct pipeline *p, enum metrics_error err)
{
	if (p->o.metrics)
		metrics__count_error(p->o.metrics, err);
}

/* ---- decode ---- */

/*
 * The record is whole, its size is what the BPF side said, and its type is
 * one we know: an event, or the internal cgroup records. Posture is the
 * collector's own: the ring buffer never carries one.
 */
static bool decode(const struct ctw_header *hdr, size_t size, enum metrics_error *err)
{
	*err = METRICS_ERR_DECODE;
	if (size < sizeof(*hdr) || hdr->size < sizeof(*hdr) || hdr->size > size)
		return false;
	if (hdr->type == CTW_EVENT_CGROUP_MKDIR || hdr->type == CTW_EVENT_CGROUP_RMDIR ||
	    hdr->type == CTW_EVENT_PROC_FORK || hdr->type == CTW_EVENT_PROC_EXIT)
		return true;
	*err = METRICS_ERR_UNKNOWN_TYPE;
	return event_type__name(hdr->type) && hdr->type != CTW_EVENT_POSTURE;
}

/* ---- the process cache ---- */

_Static_assert(sizeof(((struct ctw_exec_event *)0)->cwd) == PROC_CACHE_CWD_LEN,
	       "the cache keeps the exec record's cwd as the kernel cut it");

/*
 * Fork, exec and exit records keep the process cache current. Returns true
 * when the record was only for the cache (fork, exit, or an exec that cannot
 * become an event).
 */
static bool observe_process(struct pipeline *p, const struct ctw_header *hdr, size_t size)
{
	const struct ctw_proc_event *pe = (const void *)hdr;
	const struct ctw_exec_event *ee = (const void *)hdr;
	struct proc_update u;
	bool truncated;

	switch (hdr->type) {
	case CTW_EVENT_PROC_FORK:
	case CTW_EVENT_PROC_EXIT:
		if (size < sizeof(*pe) || hdr->size < sizeof(*pe) || !p->o.procs)
			return true;
		if (hdr->type == CTW_EVENT_PROC_EXIT) {
			proc_cache__remove(p->o.procs, hdr->pid);
			return true;
		}
		u = (struct proc_update){
		    .pid = hdr->pid,
		    .ppid = hdr->ppid,
		    .start_ns = proc_cache__start_ns(pe->start_ns),
		    .comm = hdr->comm,
		    .kernel_thread = pe->flags & CTW_PROC_KTHREAD,
		};
		proc_cache__update(p->o.procs, &u);
		return true;
	case CTW_EVENT_EXEC:
		if (size < sizeof(*ee) || hdr->size < sizeof(*ee))
			return true;
		if (p->o.procs) {
			truncated = ee->flags & CTW_EXEC_ARGS_TRUNCATED;
			u = (struct proc_update){
			    .pid = hdr->pid,
			    .ppid = hdr->ppid,
			    .start_ns = proc_cache__start_ns(ee->start_ns),
			    /* 0 is a fork's: never the time of an exec */
			    .exec_ns = hdr->ktime_ns ? hdr->ktime_ns : 1,
			    .comm = hdr->comm,
			    .exe = hdr->exe,
			    .exe_len = sizeof(hdr->exe),
			    .exe_dev = ee->exe_dev,
			    .exe_ino = ee->exe_ino,
			    .args = (ee->flags & CTW_EXEC_ARGS_UNREADABLE) ? NULL : ee->args,
			    .args_len =
				ee->args_len < sizeof(ee->args) ? ee->args_len : sizeof(ee->args),
			    .args_truncated = truncated,
			    .cwd = ee->cwd,
			    .cwd_len = sizeof(ee->cwd),
			    .cwd_truncated = ee->flags & CTW_EXEC_CWD_TRUNCATED,
			};
			proc_cache__update(p->o.procs, &u);
		}
		return !p->o.exec_events;
	}
	return false;
}

/* ---- enrich ---- */

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
	    !e->target_host_pid || e->target_cgroup_id || !p->o.proc_root || !p->o.cgroup2_mount)
		return hdr;
	if (ptrace_target__cgroup_id(p->o.proc_root, p->o.cgroup2_mount, e->target_host_pid, &id) <
	    0)
		return hdr;
	*copy = *e;
	copy->target_cgroup_id = id;
	return &copy->hdr;
}

/*
 * process_vm_readv/writev name their target by pid and BPF cannot look it up:
 * when the pid is a host pid (a caller in the initial pid namespace), /proc
 * tells the target's cgroup and mount namespace. A caller in a pid namespace
 * of its own can only name processes in that namespace (or below it). Racy as
 * any /proc read of a pid: the process may have gone.
 */
static const struct ctw_header *resolve_process_vm_target(const struct pipeline *p,
							  const struct ctw_header *hdr, size_t size,
							  struct ctw_process_vm_event *copy)
{
	const struct ctw_process_vm_event *e = (const void *)hdr;
	uint64_t id = 0;
	uint32_t mnt = 0;

	if (hdr->type != CTW_EVENT_PROCESS_VM || size < sizeof(*e) || hdr->size != sizeof(*e) ||
	    !e->target_host_pid || e->target_self || e->target_cgroup_id || !p->o.proc_root)
		return hdr;
	if (p->o.cgroup2_mount)
		ptrace_target__cgroup_id(p->o.proc_root, p->o.cgroup2_mount, e->target_host_pid,
					 &id);
	ptrace_target__mnt_ns(p->o.proc_root, e->target_host_pid, &mnt);
	if (!id && !mnt)
		return hdr;
	*copy = *e;
	copy->target_cgroup_id = id;
	copy->target_mnt_ns = mnt;
	return &copy->hdr;
}

enum enrich_result {
	ENRICH_EVENT,	   /* go on with ev */
	ENRICH_DONE,	   /* handled here (a cgroup record, a host's container_start) */
	ENRICH_BAD_RECORD, /* a cgroup record too short */
};

static enum enrich_result enrich(struct pipeline *p, const struct ctw_header *hdr, size_t size,
				 struct enriched *ev)
{
	const struct container_ref *container;
	int ret;

	hdr = resolve_ptrace_target(p, hdr, size, &ev->ptrace_copy);
	hdr = resolve_process_vm_target(p, hdr, size, &ev->process_vm_copy);
	/* cgroup, container and lifecycle: the cache is entered here only. */
	ret = lifecycle__resolve(p->o.cgcache, hdr, size, &ev->cgroup);
	if (ret < 0)
		return ENRICH_BAD_RECORD;
	if (ret > 0)
		return ENRICH_DONE;
	p->records++;
	if (!ev->cgroup.cg)
		count_error(p, METRICS_ERR_RESOLVE);
	if (ev->cgroup.host_lifecycle)
		return ENRICH_DONE;
	hdr = ev->cgroup.rec;
	container = ev->cgroup.container;
	ev->meta = NULL;
	ev->posture = (struct posture_weakness){.worst = SEVERITY_INFO};
	if (!container)
		return ENRICH_EVENT;
	/* The stop event still names the container: keep a copy, then forget it. */
	if (hdr->type == CTW_EVENT_CONTAINER_STOP)
		ev->meta = meta_cache__take(p->o.meta, container, &ev->stopped_meta);
	else
		ev->meta = meta_cache__lookup(p->o.meta, container);
	posture_tracker__observe(p->o.posture, hdr, container, ev->cgroup.cg->path, &ev->posture);
	return ENRICH_EVENT;
}

/* ---- classify, render, emit ---- */

static void count_suppressed(struct pipeline *p, const struct classification *cls)
{
	if (p->o.metrics)
		for (size_t i = 0; i < cls->n_suppressed; i++)
			metrics__count_suppressed(p->o.metrics, cls->suppressed[i]);
}

/* Renders an event the classifier let through, counts it and writes it to every sink. */
static void emit(struct pipeline *p, const struct render_input *rin)
{
	size_t len;

	if (p->o.rule_matches_only && !render_falco__is_rule_match(rin))
		return;
	if (p->o.render(rin, p->line, sizeof(p->line), &len) < 0) {
		count_error(p, METRICS_ERR_RENDER);
		return;
	}
	if (p->o.metrics)
		metrics__count_event(p->o.metrics, rin->rec->type, rin->cls);
	for (size_t i = 0; i < p->n_sinks; i++)
		sink__write_event(p->sinks[i], rin, p->line, len);
}

/*
 * The lineage of the record's process, looked up only for events that are
 * written. The kernel's fork, exec and exit records keep the cache current;
 * /proc is read for what they could not tell: a pid the cache does not know
 * (it predates the collector, or its records were lost), one learnt from
 * /proc whose comm changed since, and missing ancestors. A process whose
 * parent changed (reparented) keeps its entry with the new parent.
 */
static const struct proc_lineage *lineage_of(struct pipeline *p, const struct ctw_header *hdr,
					     struct proc_lineage *out)
{
	const struct proc_entry *e;

	if (!p->o.procs || !hdr->pid)
		return NULL;
	e = proc_cache__lookup(p->o.procs, hdr->pid);
	if (e && e->origin != PROC_ORIGIN_PROC) {
		if (e->ppid != hdr->ppid)
			proc_cache__reparent(p->o.procs, hdr->pid, hdr->ppid);
		if (strncmp(e->comm, hdr->comm, sizeof(hdr->comm)) != 0)
			proc_cache__set_comm(p->o.procs, hdr->pid, hdr->comm, sizeof(hdr->comm));
	} else if ((!e || (e->origin == PROC_ORIGIN_PROC &&
			   (strncmp(e->comm, hdr->comm, sizeof(hdr->comm)) != 0 ||
			    e->ppid != hdr->ppid))) &&
		   p->o.proc_root)
		proc_cache__seed_pid(p->o.procs, p->o.proc_root, hdr->pid);
	/* The parent and the ancestors asked for, read in when missing. */
	e = proc_cache__lookup(p->o.procs, hdr->pid);
	for (size_t i = 0;
	     e && p->o.proc_root && i <= p->o.ancestors && e->ppid && e->ppid != e->pid; i++) {
		const struct proc_entry *up = proc_cache__lookup(p->o.procs, e->ppid);

		if (!up && proc_cache__seed_pid(p->o.procs, p->o.proc_root, e->ppid) == 0)
			up = proc_cache__lookup(p->o.procs, e->ppid);
		else if (up && up->origin != PROC_ORIGIN_PROC)
			/* renamed since its exec? (one small read per relative of a written event)
			 */
			proc_cache__refresh_comm(p->o.procs, p->o.proc_root, e->ppid);
		e = up;
	}
	proc_cache__lineage(p->o.procs, hdr->pid, p->o.ancestors, out);
	return out->self ? out : NULL;
}

/*
 * An exec by a kernel thread: which kernel setting names the program
 * (core_pattern, modprobe, ...). Read now, when the setting that was just
 * used still says it; such execs are rare.
 */
static const char *helper_of(const struct pipeline *p, const struct ctw_header *hdr)
{
	const struct ctw_exec_event *e = (const void *)hdr;
	char file[CTW_EXE_LEN], sys_root[256];
	size_t n;

	if (hdr->type != CTW_EVENT_EXEC || hdr->size < sizeof(*e) ||
	    !(e->flags & CTW_EXEC_PARENT_KTHREAD) || !p->o.proc_root)
		return NULL;
	/* The host's /sys beside its /proc ("/host/proc" → "/host/sys"). */
	n = strlen(p->o.proc_root);
	if (n < 5 || strcmp(p->o.proc_root + n - 5, "/proc") != 0)
		return NULL;
	snprintf(sys_root, sizeof(sys_root), "%.*s/sys", (int)(n - 5), p->o.proc_root);
	str__copy(file, sizeof(file), e->filename, sizeof(e->filename));
	return usermode_helper__identify(p->o.proc_root, sys_root, file);
}

/*
 * An exec is an event (exec_events: flagged) when an exec detection fired:
 * the header-only ones (host namespaces, ...) are told by the process's
 * other events already, and runtimes exec in the host's namespaces in a
 * container's cgroup on every start.
 */
static bool exec_flagged(const struct classification *cls)
{
	for (size_t i = 0; i < cls->n_detections; i++) {
		int d = detection__index(cls->detections[i]);

		if (d >= 0 && detections[d].type == CTW_EVENT_EXEC)
			return true;
	}
	return false;
}

int pipeline__handle_record(void *ctx, void *data, size_t size)
{
	struct pipeline *p = ctx;
	const struct ctw_header *hdr = data;
	struct proc_lineage lineage;
	struct classification cls;
	struct classify_input cin;
	enum metrics_error err;
	struct render_input rin;
	struct enriched ev;

	if (!decode(hdr, size, &err)) {
		count_error(p, err);
		return 0;
	}
	if (observe_process(p, hdr, size))
		return 0;
	switch (enrich(p, hdr, size, &ev)) {
	case ENRICH_EVENT:
		break;
	case ENRICH_BAD_RECORD:
		count_error(p, METRICS_ERR_DECODE);
		return 0;
	default:
		return 0;
	}
	hdr = ev.cgroup.rec;

	cin = (struct classify_input){
	    .rec = hdr,
	    .container = ev.cgroup.container,
	    .meta = ev.meta,
	    .posture = &ev.posture,
	    .helper = helper_of(p, hdr),
	};
	classify__event(p->o.classifier, &cin, &cls);
	count_suppressed(p, &cls);
	if (!classify__should_emit(p->o.classifier, &cin, &cls))
		return 0;
	if (hdr->type == CTW_EVENT_EXEC && !p->o.exec_events_all && !exec_flagged(&cls))
		return 0;

	rin = (struct render_input){
	    .rec = hdr,
	    .container = ev.cgroup.container,
	    .meta = ev.meta,
	    .cgroup_path = ev.cgroup.cg ? ev.cgroup.cg->path : NULL,
	    .cls = &cls,
	    .hostname = p->o.hostname,
	    .boot_to_realtime_ns = p->boot_to_realtime_ns,
	    .lineage = lineage_of(p, hdr, &lineage),
	};
	emit(p, &rin);
	return 0;
}

/* A posture event: classified from its findings, then the way of every event. */
static void emit_posture(struct pipeline *p, const struct posture_report *r)
{
	struct classification cls;
	struct classify_input cin = {.rec = &r->hdr, .container = &r->container};
	struct render_input rin;

	posture__classify(r->findings, r->n_findings, &cls);
	if (!classify__should_emit(p->o.classifier, &cin, &cls))
		return;
	rin = (struct render_input){
	    .rec = &r->hdr,
	    .container = &r->container,
	    .meta = meta_cache__lookup(p->o.meta, &r->container),
	    .cgroup_path = r->cgroup_path,
	    .cls = &cls,
	    .hostname = p->o.hostname,
	    .boot_to_realtime_ns = p->boot_to_realtime_ns,
	    .findings = r->findings,
	    .n_findings = r->n_findings,
	};
	emit(p, &rin);
}

size_t pipeline__tick(struct pipeline *p, int64_t now_boot_ns)
{
	size_t total = 0, n;

	if (!p->o.posture)
		return 0;
	if (!p->o.posture_events)
		return posture_tracker__tick(p->o.posture, now_boot_ns, NULL, 0);
	do {
		n = posture_tracker__tick(p->o.posture, now_boot_ns, p->reports, POSTURE_BATCH);
		for (size_t i = 0; i < n; i++)
			emit_posture(p, &p->reports[i]);
		total += n;
	} while (n == POSTURE_BATCH);
	return total;
}

void pipeline__flush(struct pipeline *p)
{
	for (size_t i = 0; i < p->n_sinks; i++)
		sink__flush(p->sinks[i]);
}
