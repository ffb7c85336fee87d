// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include <bpf/libbpf.h>

#include "error.h"
#include "event_type.h"
#include "metrics.h"
#include "posture.h"
#include "procstats.h"
#include "sink.h"

_Static_assert(CTW_EVENT_TYPE_MAX <= METRICS_MAX_TYPES, "raise METRICS_MAX_TYPES");

#ifndef CTRWATCH_VERSION
#define CTRWATCH_VERSION "unknown"
#endif

/*
 * Label values. They are the same words the JSON events use (severity__name
 * and event_flag__name); kept here so that the metrics
 * contract does not change if a display name does. test_metrics checks them.
 */
static const char *const severity_names[SEVERITY_MAX] = {
    [SEVERITY_INFO] = "info",
    [SEVERITY_NOTICE] = "notice",
    [SEVERITY_WARNING] = "warning",
    [SEVERITY_CRITICAL] = "critical",
};

static const char *const flag_names[FLAG_COUNT] = {
    "container_escape", /* FLAG_CONTAINER_ESCAPE */
    "kernel_touch",	/* FLAG_KERNEL_TOUCH */
    "privilege_gain",	/* FLAG_PRIVILEGE_GAIN */
    "runtime_setup",	/* FLAG_RUNTIME_SETUP */
    "container_drift",	/* FLAG_CONTAINER_DRIFT */
};

static const char *const error_names[METRICS_ERR_MAX] = {
    [METRICS_ERR_DECODE] = "decode",
    [METRICS_ERR_UNKNOWN_TYPE] = "unknown_type",
    [METRICS_ERR_RESOLVE] = "resolve",
    [METRICS_ERR_RENDER] = "render",
};

/*
 * Counters keyed by a detection ID. The classifier's IDs are static strings,
 * so the pointer usually matches; strcmp covers the same ID from two strings.
 * A slot's id is published once (CAS from NULL) and never changes.
 */
struct id_slot {
	_Atomic(const char *) id;
	_Atomic uint64_t count;
};

struct id_table {
	struct id_slot slot[METRICS_MAX_DETECTIONS];
	_Atomic uint64_t overflow; /* IDs that found every slot taken */
};

struct program_slot {
	char name[METRICS_NAME_LEN];
	char mechanism[32];
	_Atomic bool attached;
};

struct metrics {
	/* Hot path: written by the consumer, read by scrapes. */
	_Atomic uint64_t events[METRICS_MAX_TYPES][SEVERITY_MAX];
	_Atomic uint64_t flagged[FLAG_COUNT];
	_Atomic uint64_t errors[METRICS_ERR_MAX];
	struct id_table detections;
	struct id_table suppressed;

	/* Pushed by the consumer after each poll batch. */
	_Atomic uint64_t cg_hits, cg_misses, cg_entries, cg_evictions, cg_walks;
	_Atomic uint64_t proc_entries, proc_evictions, proc_misses;
	_Atomic uint64_t containers_known;
	_Atomic uint64_t posture[POSTURE_CHECK_MAX];
	_Atomic bool consumer_running;
	_Atomic bool shutting_down;
	/* The config's load at start-up and each SIGHUP (consumer thread). */
	_Atomic bool reload_ok;
	_Atomic int64_t reload_ok_time; /* Unix seconds of the last good load */
	/* Kernel facts found at start-up, before serving: -1 until the loader said. */
	_Atomic int modules_supported;
	char cgroup_mode[8];	    /* "" until set */
	char cgroup_controller[32]; /* v1 only */

	/* Setup: filled before n_* is bumped with a release store. */
	struct program_slot programs[METRICS_MAX_PROGRAMS];
	_Atomic int n_programs;
	const struct sink *sinks[METRICS_MAX_SINKS];
	_Atomic int n_sinks;

	/* Scrape side only. */
	struct metrics_provider provider;
	_Atomic uint64_t scrape_errors;
	char kernel[65];
	char libbpf_version[32];
	char node[256]; /* set before the HTTP server starts */
};

struct metrics *metrics__new(void)
{
	struct metrics *m;
	struct utsname un;

	m = calloc(1, sizeof(*m));
	if (!m) {
		errno = ENOMEM;
		return NULL;
	}
	if (uname(&un) == 0)
		snprintf(m->kernel, sizeof(m->kernel), "%s", un.release);
	else
		snprintf(m->kernel, sizeof(m->kernel), "unknown");
	snprintf(m->libbpf_version, sizeof(m->libbpf_version), "%u.%u", libbpf_major_version(),
		 libbpf_minor_version());
	atomic_store_explicit(&m->modules_supported, -1, memory_order_relaxed);
	return m;
}

void metrics__free(struct metrics *m)
{
	free(m);
}

void metrics__set_provider(struct metrics *m, const struct metrics_provider *provider)
{
	m->provider = *provider;
}

int metrics__add_program(struct metrics *m, const char *name, const char *mechanism, bool attached)
{
	int n = atomic_load_explicit(&m->n_programs, memory_order_relaxed);
	struct program_slot *p;

	if (!name || !*name || strlen(name) >= sizeof(p->name) || !mechanism ||
	    strlen(mechanism) >= sizeof(p->mechanism))
		return -EINVAL;
	if (n >= METRICS_MAX_PROGRAMS)
		return -ENOSPC;
	p = &m->programs[n];
	strcpy(p->name, name);
	strcpy(p->mechanism, mechanism);
	atomic_store_explicit(&p->attached, attached, memory_order_relaxed);
	atomic_store_explicit(&m->n_programs, n + 1, memory_order_release);
	return n;
}

void metrics__set_program_attached(struct metrics *m, int idx, bool attached)
{
	if (idx >= 0 && idx < atomic_load_explicit(&m->n_programs, memory_order_relaxed))
		atomic_store_explicit(&m->programs[idx].attached, attached, memory_order_relaxed);
}

int metrics__add_sink(struct metrics *m, const struct sink *sink)
{
	int n = atomic_load_explicit(&m->n_sinks, memory_order_relaxed);

	if (!sink)
		return -EINVAL;
	if (n >= METRICS_MAX_SINKS)
		return -ENOSPC;
	m->sinks[n] = sink;
	atomic_store_explicit(&m->n_sinks, n + 1, memory_order_release);
	return n;
}

static inline void add(_Atomic uint64_t *c, uint64_t n)
{
	atomic_fetch_add_explicit(c, n, memory_order_relaxed);
}

static inline void set(_Atomic uint64_t *c, uint64_t v)
{
	atomic_store_explicit(c, v, memory_order_relaxed);
}

static inline uint64_t get(_Atomic uint64_t *c)
{
	return atomic_load_explicit(c, memory_order_relaxed);
}

static void id_table__count(struct id_table *t, const char *id)
{
	for (int i = 0; i < METRICS_MAX_DETECTIONS; i++) {
		struct id_slot *s = &t->slot[i];
		const char *cur = atomic_load_explicit(&s->id, memory_order_acquire);

		if (!cur) {
			const char *expected = NULL;

			/* Publish the ID; a racing writer may have taken the slot first. */
			if (atomic_compare_exchange_strong_explicit(&s->id, &expected, id,
								    memory_order_release,
								    memory_order_acquire)) {
				add(&s->count, 1);
				return;
			}
			cur = expected;
		}
		if (cur == id || strcmp(cur, id) == 0) {
			add(&s->count, 1);
			return;
		}
	}
	add(&t->overflow, 1);
}

void metrics__count_event(struct metrics *m, unsigned int type, const struct classification *c)
{
	enum severity sev = SEVERITY_INFO;

	if (type >= METRICS_MAX_TYPES || !event_type__name(type)) {
		add(&m->errors[METRICS_ERR_UNKNOWN_TYPE], 1);
		return;
	}
	if (c && (unsigned int)c->severity < SEVERITY_MAX)
		sev = c->severity;
	add(&m->events[type][sev], 1);
	if (!c)
		return;
	for (int f = 0; f < FLAG_COUNT; f++)
		if (c->flags & (1u << f))
			add(&m->flagged[f], 1);
	for (size_t i = 0; i < c->n_detections && i < CLASSIFY_MAX_REASONS; i++)
		if (c->detections[i])
			id_table__count(&m->detections, c->detections[i]);
}

void metrics__count_suppressed(struct metrics *m, const char *detection)
{
	id_table__count(&m->suppressed, detection ? detection : "unknown");
}

void metrics__count_error(struct metrics *m, enum metrics_error err)
{
	if ((unsigned int)err < METRICS_ERR_MAX)
		add(&m->errors[err], 1);
}

void metrics__set_cgcache_stats(struct metrics *m, const struct metrics_cgcache_stats *stats)
{
	set(&m->cg_hits, stats->hits);
	set(&m->cg_misses, stats->misses);
	set(&m->cg_entries, stats->entries);
	set(&m->cg_evictions, stats->evictions);
	set(&m->cg_walks, stats->walks);
}

void metrics__set_proc_cache_stats(struct metrics *m, uint64_t entries, uint64_t evictions,
				   uint64_t misses)
{
	set(&m->proc_entries, entries);
	set(&m->proc_evictions, evictions);
	set(&m->proc_misses, misses);
}

void metrics__set_containers_known(struct metrics *m, uint64_t n)
{
	set(&m->containers_known, n);
}

void metrics__set_posture_findings(struct metrics *m, const uint64_t *counts, size_t n)
{
	for (size_t i = 0; i < n && i < POSTURE_CHECK_MAX; i++)
		set(&m->posture[i], counts[i]);
}

void metrics__set_consumer_running(struct metrics *m, bool running)
{
	atomic_store_explicit(&m->consumer_running, running, memory_order_relaxed);
}

void metrics__set_node_name(struct metrics *m, const char *node)
{
	snprintf(m->node, sizeof(m->node), "%s", node ? node : "");
}

void metrics__set_config_reload(struct metrics *m, bool ok, int64_t unix_seconds)
{
	if (!m)
		return;
	if (ok)
		atomic_store_explicit(&m->reload_ok_time, unix_seconds, memory_order_relaxed);
	atomic_store_explicit(&m->reload_ok, ok, memory_order_relaxed);
}

void metrics__set_kernel_modules(struct metrics *m, bool supported)
{
	atomic_store_explicit(&m->modules_supported, supported, memory_order_relaxed);
}

void metrics__set_cgroup_mode(struct metrics *m, const char *mode, const char *controller)
{
	snprintf(m->cgroup_mode, sizeof(m->cgroup_mode), "%s", mode);
	snprintf(m->cgroup_controller, sizeof(m->cgroup_controller), "%s",
		 controller ? controller : "");
}

void metrics__set_shutting_down(struct metrics *m)
{
	atomic_store_explicit(&m->shutting_down, true, memory_order_relaxed);
}

/* ---- rendering (HTTP thread) ---- */

struct textbuf {
	char *data;
	size_t len, cap;
	bool oom;
};

static void tb_grow(struct textbuf *b, size_t need)
{
	size_t cap = b->cap ? b->cap : 16384;
	char *p;

	while (cap < b->len + need + 1)
		cap *= 2;
	if (cap == b->cap)
		return;
	p = realloc(b->data, cap);
	if (!p) {
		b->oom = true;
		return;
	}
	b->data = p;
	b->cap = cap;
}

static void __attribute__((format(printf, 2, 3))) tb_printf(struct textbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->oom)
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->data ? b->data + b->len : NULL, b->data ? b->cap - b->len : 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->oom = true;
		return;
	}
	if (!b->data || (size_t)n >= b->cap - b->len) {
		tb_grow(b, (size_t)n);
		if (b->oom)
			return;
		va_start(ap, fmt);
		vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

/* A label value with \, " and newline escaped, as exposition format 0.0.4 asks. */
static void tb_label_value(struct textbuf *b, const char *v)
{
	size_t need = strlen(v) * 2;

	tb_grow(b, need);
	if (b->oom)
		return;
	for (; *v; v++) {
		if (*v == '\\' || *v == '"') {
			b->data[b->len++] = '\\';
			b->data[b->len++] = *v;
		} else if (*v == '\n') {
			b->data[b->len++] = '\\';
			b->data[b->len++] = 'n';
		} else {
			b->data[b->len++] = *v;
		}
	}
	b->data[b->len] = '\0';
}

static void family(struct textbuf *b, const char *name, const char *type, const char *help)
{
	tb_printf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* name{label="value"} v — the common one-label sample. */
static void sample1(struct textbuf *b, const char *name, const char *label, const char *value,
		    uint64_t v)
{
	tb_printf(b, "%s{%s=\"", name, label);
	tb_label_value(b, value);
	tb_printf(b, "\"} %" PRIu64 "\n", v);
}

static void scalar(struct textbuf *b, const char *name, const char *type, const char *help,
		   uint64_t v)
{
	family(b, name, type, help);
	tb_printf(b, "%s %" PRIu64 "\n", name, v);
}

static void render_build_info(struct metrics *m, struct textbuf *b)
{
	family(b, "ctrwatch_build_info", "gauge",
	       "Always 1; labels give the collector version, the libbpf it runs with, the "
	       "kernel release and the node's name (what events carry as host).");
	tb_printf(b, "ctrwatch_build_info{version=\"");
	tb_label_value(b, CTRWATCH_VERSION);
	tb_printf(b, "\",libbpf_version=\"");
	tb_label_value(b, m->libbpf_version);
	tb_printf(b, "\",kernel=\"");
	tb_label_value(b, m->kernel);
	tb_printf(b, "\",node=\"");
	tb_label_value(b, m->node);
	tb_printf(b, "\"} 1\n");
}

static void render_events(struct metrics *m, struct textbuf *b)
{
	family(b, "ctrwatch_events_total", "counter",
	       "Events written to the outputs (after min_severity, host_events and the "
	       "exceptions), by event type and severity.");
	for (unsigned int t = 0; t < METRICS_MAX_TYPES; t++) {
		const char *name = event_type__name(t);

		if (!name)
			continue;
		for (int s = 0; s < SEVERITY_MAX; s++) {
			tb_printf(
			    b, "ctrwatch_events_total{type=\"%s\",severity=\"%s\"} %" PRIu64 "\n",
			    name, severity_names[s], get(&m->events[t][s]));
		}
	}
	family(b, "ctrwatch_events_flagged_total", "counter",
	       "Events that raised a flag, by flag; an event with two flags counts under both.");
	for (int f = 0; f < FLAG_COUNT; f++)
		sample1(b, "ctrwatch_events_flagged_total", "flag", flag_names[f],
			get(&m->flagged[f]));
}

static void render_id_table(struct textbuf *b, struct id_table *t, const char *name)
{
	uint64_t overflow;

	for (int i = 0; i < METRICS_MAX_DETECTIONS; i++) {
		const char *id = atomic_load_explicit(&t->slot[i].id, memory_order_acquire);

		if (!id)
			break;
		sample1(b, name, "detection", id, get(&t->slot[i].count));
	}
	overflow = get(&t->overflow);
	if (overflow)
		sample1(b, name, "detection", "other", overflow);
}

static void render_detections(struct metrics *m, struct textbuf *b)
{
	family(b, "ctrwatch_detections_total", "counter",
	       "Detections that fired, by detection ID (docs/detections.md); \"other\" once the ID "
	       "table is full.");
	render_id_table(b, &m->detections, "ctrwatch_detections_total");
	family(b, "ctrwatch_exceptions_suppressed_total", "counter",
	       "Events an exception suppressed, by the detection it silenced.");
	render_id_table(b, &m->suppressed, "ctrwatch_exceptions_suppressed_total");
	family(b, "ctrwatch_consumer_errors_total", "counter",
	       "Records the consumer could not fully process, by the stage that failed.");
	for (int e = 0; e < METRICS_ERR_MAX; e++)
		sample1(b, "ctrwatch_consumer_errors_total", "stage", error_names[e],
			get(&m->errors[e]));
}

static void render_bpf(struct metrics *m, struct textbuf *b)
{
	const struct metrics_provider *p = &m->provider;
	struct ctw_counters c;
	uint64_t in_use, size;

	if (p->bpf_counters) {
		memset(&c, 0, sizeof(c));
		if (p->bpf_counters(p->ctx, &c) < 0) {
			add(&m->scrape_errors, 1);
		} else {
			family(b, "ctrwatch_ringbuf_events_total", "counter",
			       "Records the BPF programs committed to the ring buffer, by event "
			       "type.");
			for (unsigned int t = 0; t < CTW_EVENT_TYPE_MAX; t++)
				if (event_type__name(t))
					sample1(b, "ctrwatch_ringbuf_events_total", "type",
						event_type__name(t), c.by_type[t].emitted);
			family(b, "ctrwatch_ringbuf_events_lost_total", "counter",
			       "Records the BPF programs could not emit because the ring buffer "
			       "was full, by event type.");
			for (unsigned int t = 0; t < CTW_EVENT_TYPE_MAX; t++)
				if (event_type__name(t))
					sample1(b, "ctrwatch_ringbuf_events_lost_total", "type",
						event_type__name(t), c.by_type[t].lost);
			scalar(b, "ctrwatch_bpf_inflight_full_total", "counter",
			       "Syscall entries not tracked because the kernel gave no per-task "
			       "storage for them.",
			       c.inflight_full);
			scalar(b, "ctrwatch_bpf_execs_filtered_total", "counter",
			       "Execs that changed no credentials, dropped in the kernel.",
			       c.exec_filtered);
		}
	}
	if (p->ringbuf) {
		if (p->ringbuf(p->ctx, &in_use, &size) < 0) {
			add(&m->scrape_errors, 1);
		} else {
			scalar(b, "ctrwatch_ringbuf_bytes_in_use", "gauge",
			       "Bytes written to the ring buffer and not yet consumed.", in_use);
			scalar(b, "ctrwatch_ringbuf_size_bytes", "gauge",
			       "Size of the ring buffer's data area.", size);
		}
	}
}

static void render_sinks(struct metrics *m, struct textbuf *b)
{
	int n = atomic_load_explicit(&m->n_sinks, memory_order_acquire);

	family(b, "ctrwatch_sink_events_total", "counter",
	       "Event lines an output sink delivered, by sink.");
	for (int i = 0; i < n; i++)
		sample1(b, "ctrwatch_sink_events_total", "sink", m->sinks[i]->name,
			atomic_load_explicit(&m->sinks[i]->delivered, memory_order_relaxed));
	family(b, "ctrwatch_sink_events_dropped_total", "counter",
	       "Event lines an output sink dropped (full queue, write error), by sink.");
	for (int i = 0; i < n; i++)
		sample1(b, "ctrwatch_sink_events_dropped_total", "sink", m->sinks[i]->name,
			atomic_load_explicit(&m->sinks[i]->dropped, memory_order_relaxed));
}

/*
 * Every family from the first scrape, at zero until its stage reports: a
 * scrape right after /healthz turns 200 must not miss one (an absent series
 * is not a zero to rate(), absent() or an alert).
 */
static void render_state(struct metrics *m, struct textbuf *b)
{
	int n = atomic_load_explicit(&m->n_programs, memory_order_acquire);

	scalar(b, "ctrwatch_cgroup_cache_hits_total", "counter",
	       "Cgroup id lookups answered by the cache.", get(&m->cg_hits));
	scalar(b, "ctrwatch_cgroup_cache_misses_total", "counter",
	       "Cgroup id lookups the cache could not answer.", get(&m->cg_misses));
	scalar(b, "ctrwatch_cgroup_cache_evictions_total", "counter",
	       "Cgroup cache entries pushed out because the cache was full.",
	       get(&m->cg_evictions));
	scalar(b, "ctrwatch_cgroup_cache_walks_total", "counter",
	       "Walks of the cgroup filesystem to find a cgroup's path.", get(&m->cg_walks));
	scalar(b, "ctrwatch_cgroup_cache_entries", "gauge", "Entries in the cgroup cache.",
	       get(&m->cg_entries));
	scalar(b, "ctrwatch_process_cache_entries", "gauge",
	       "Processes in the lineage cache (bounded, docs/operations.md).",
	       get(&m->proc_entries));
	scalar(b, "ctrwatch_process_cache_evictions_total", "counter",
	       "Process cache entries pushed out because the cache was full.",
	       get(&m->proc_evictions));
	scalar(b, "ctrwatch_process_cache_misses_total", "counter",
	       "Events whose process the cache did not know, even after reading /proc.",
	       get(&m->proc_misses));
	scalar(b, "ctrwatch_containers_known", "gauge",
	       "Containers the collector currently knows of.", get(&m->containers_known));
	family(b, "ctrwatch_container_posture_findings", "gauge",
	       "Known containers with this posture finding (docs/posture.md).");
	for (unsigned int i = 0; i < POSTURE_CHECK_MAX; i++) {
		const struct posture_check *pc = posture__check(i);

		tb_printf(b,
			  "ctrwatch_container_posture_findings{finding=\"%s\",severity=\"%"
			  "s\"} %llu\n",
			  pc->id, severity__name(pc->severity),
			  (unsigned long long)get(&m->posture[i]));
	}
	family(b, "ctrwatch_program_attached", "gauge",
	       "1 when the BPF program is attached; mechanism says whether it is the native "
	       "tracepoint or a fallback.");
	for (int i = 0; i < n; i++) {
		struct program_slot *p = &m->programs[i];

		tb_printf(b, "ctrwatch_program_attached{program=\"");
		tb_label_value(b, p->name);
		tb_printf(b, "\",mechanism=\"");
		tb_label_value(b, p->mechanism);
		tb_printf(b, "\"} %d\n",
			  atomic_load_explicit(&p->attached, memory_order_relaxed) ? 1 : 0);
	}
	if (atomic_load_explicit(&m->modules_supported, memory_order_relaxed) >= 0)
		scalar(b, "ctrwatch_kernel_modules_supported", "gauge",
		       "1 when the kernel can load modules; 0 without CONFIG_MODULES, where "
		       "module-load attempts are reported only with --syscall-fallback on.",
		       (uint64_t)atomic_load_explicit(&m->modules_supported, memory_order_relaxed));
	if (m->cgroup_mode[0]) {
		family(b, "ctrwatch_cgroup_attribution_info", "gauge",
		       "1 for the cgroup hierarchy containers are told apart by: mode v2, or v1 "
		       "(no cgroup2 hierarchy) with the controller whose hierarchy is read.");
		tb_printf(b, "ctrwatch_cgroup_attribution_info{mode=\"");
		tb_label_value(b, m->cgroup_mode);
		if (m->cgroup_controller[0]) {
			tb_printf(b, "\",controller=\"");
			tb_label_value(b, m->cgroup_controller);
		}
		tb_printf(b, "\"} 1\n");
	}
	scalar(b, "ctrwatch_consumer_running", "gauge",
	       "1 while the ring-buffer consumer is polling.",
	       atomic_load_explicit(&m->consumer_running, memory_order_relaxed) ? 1 : 0);
	scalar(b, "ctrwatch_config_last_reload_successful", "gauge",
	       "1 when the last load of the configuration file (start-up or SIGHUP) succeeded.",
	       atomic_load_explicit(&m->reload_ok, memory_order_relaxed) ? 1 : 0);
	scalar(b, "ctrwatch_config_last_reload_success_timestamp_seconds", "gauge",
	       "Unix time of the last successful load of the configuration file.",
	       (uint64_t)atomic_load_explicit(&m->reload_ok_time, memory_order_relaxed));
}

static void render_process(struct metrics *m, struct textbuf *b)
{
	struct procstats ps;

	if (procstats__read(&ps) < 0) {
		add(&m->scrape_errors, 1);
		return;
	}
	family(b, "process_cpu_seconds_total", "counter",
	       "Total user and system CPU time spent in seconds.");
	tb_printf(b, "process_cpu_seconds_total %.2f\n", ps.cpu_seconds);
	scalar(b, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.",
	       ps.resident_bytes);
	scalar(b, "process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.",
	       ps.virtual_bytes);
	family(b, "process_start_time_seconds", "gauge",
	       "Start time of the process since unix epoch in seconds.");
	tb_printf(b, "process_start_time_seconds %.2f\n", ps.start_time_seconds);
	scalar(b, "process_open_fds", "gauge", "Number of open file descriptors.", ps.open_fds);
	scalar(b, "process_max_fds", "gauge", "Maximum number of open file descriptors.",
	       ps.max_fds);
}

int metrics__render(struct metrics *m, char **out, size_t *len)
{
	struct textbuf b = {0};

	tb_grow(&b, 0);
	render_build_info(m, &b);
	render_events(m, &b);
	render_detections(m, &b);
	render_bpf(m, &b);
	render_sinks(m, &b);
	render_state(m, &b);
	render_process(m, &b);
	/* Last, so that it includes this scrape's failures. */
	scalar(&b, "ctrwatch_scrape_errors_total", "counter",
	       "Scrapes where a value could not be read (a provider or /proc failed).",
	       get(&m->scrape_errors));
	if (b.oom) {
		free(b.data);
		return -ENOMEM;
	}
	*out = b.data;
	*len = b.len;
	return 0;
}

/* Appends "; "-separated reasons to why, truncating quietly. */
static void __attribute__((format(printf, 3, 4)))
why_add(char *why, size_t why_len, const char *fmt, ...)
{
	size_t used;
	va_list ap;

	if (!why_len)
		return;
	used = strlen(why);
	if (used + 1 >= why_len)
		return;
	if (used) {
		snprintf(why + used, why_len - used, "; ");
		used = strlen(why);
	}
	va_start(ap, fmt);
	vsnprintf(why + used, why_len - used, fmt, ap);
	va_end(ap);
}

int metrics__health(struct metrics *m, struct ctw_error *err)
{
	int n = atomic_load_explicit(&m->n_programs, memory_order_acquire);
	size_t why_len = sizeof(err->msg);
	char *why = err->msg;
	bool ready = true;

	why[0] = '\0';
	if (atomic_load_explicit(&m->shutting_down, memory_order_relaxed)) {
		why_add(why, why_len, "shutting down");
		return -ESHUTDOWN;
	}
	if (n == 0) {
		why_add(why, why_len, "no BPF program loaded yet");
		ready = false;
	}
	for (int i = 0; i < n; i++) {
		if (strcmp(m->programs[i].mechanism, METRICS_MECH_UNAVAILABLE) == 0)
			continue;
		if (!atomic_load_explicit(&m->programs[i].attached, memory_order_relaxed)) {
			why_add(why, why_len, "program %s not attached", m->programs[i].name);
			ready = false;
		}
	}
	if (!atomic_load_explicit(&m->consumer_running, memory_order_relaxed)) {
		why_add(why, why_len, "consumer not running");
		ready = false;
	}
	return ready ? 0 : -EAGAIN;
}
