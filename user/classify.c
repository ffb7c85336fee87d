// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Runs the detection table over one record, then takes out what the
 * container runtime's own setup explains and what the configured exceptions
 * silence. Pure apart from the suppression counters.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "config.h"
#include "detections.h"
#include "glob_pattern.h"
#include "util.h"

/*
 * The runtimes' own processes while they set a container up. comm alone is
 * forgeable (prctl(PR_SET_NAME)), so the executable must match too; see
 * docs/detections.md for what that does and does not rule out.
 */
static const struct config_runtime builtin_runtimes[] = {
    /*
     * runc 1.1 re-execs itself as "runc init" and names the stages of nsexec
     * runc:[0:PARENT], runc:[1:CHILD], runc:[2:INIT]. Its executable is a
     * clone of the binary against CVE-2019-5736: a read-only bind mount of
     * the binary itself (the file is its mount's root: path "/"), a memfd
     * "runc_cloned:/proc/self/exe", or with runc 1.2 a file in a private
     * overlay mount ("/runc"); unpatched installs run the binary itself.
     */
    {"runc", "runc:\\[[012]:*\\]", "/"},
    {"runc", "runc:\\[[012]:*\\]", "/runc"},
    {"runc", "runc:\\[[012]:*\\]", "/memfd:runc_cloned:*"},
    {"runc", "runc:\\[[012]:*\\]", "/usr/sbin/runc"},
    {"runc", "runc:\\[[012]:*\\]", "/usr/bin/runc"},
    {"runc", "runc:\\[[012]:*\\]", "/usr/local/sbin/runc"},
    {"runc", "runc:\\[[012]:*\\]", "/usr/local/bin/runc"},
    /*
     * `runc init` before nsexec renames it: exec'd through /proc/self/exe,
     * so comm is "exe". In the container's cgroup and the host's namespaces
     * it bind-mounts its own binary read-only and unmounts it again (runc
     * 1.1's CVE-2019-5736 clone), which would otherwise read as CTW-003.
     */
    {"runc", "exe", "/usr/sbin/runc"},
    {"runc", "exe", "/usr/bin/runc"},
    {"runc", "exe", "/usr/local/sbin/runc"},
    {"runc", "exe", "/usr/local/bin/runc"},
    /* crun does not rename itself. */
    {"crun", "crun", "/usr/bin/crun"},
    {"crun", "crun", "/usr/local/bin/crun"},
    {"conmon", "conmon", "/usr/bin/conmon"},
    {"conmon", "conmon", "/usr/libexec/podman/conmon"},
    {"conmon", "conmon", "/usr/local/bin/conmon"},
};

struct classifier {
	struct host_facts host;
	enum severity min_severity;
	enum host_events host_events;
	bool enabled[DETECTION_COUNT];
	struct config_runtime *runtimes; /* builtin first, then the config's */
	size_t n_runtimes;
	/* Per runtime, its comm and exe patterns prepared: matched on every event. */
	struct runtime_globs {
		struct glob_pattern comm, exe;
	} * runtime_globs;
	struct config_exception *exceptions;
	size_t n_exceptions;
	/* Per exception, its glob fields prepared (a NULL field is never matched). */
	struct exception_globs {
		struct glob_pattern image, name, k8s_namespace, comm, exe;
	} * exception_globs;
	/*
	 * Per exception: detections it suppressed. Written by the consumer thread
	 * through a const classifier, read by the metrics thread: relaxed atomics.
	 */
	uint64_t *suppressed;
};

void classifier__free(struct classifier *c)
{
	if (!c)
		return;
	for (size_t i = 0; c->runtimes && i < c->n_runtimes; i++)
		config_runtime__clear(&c->runtimes[i]);
	for (size_t i = 0; c->exceptions && i < c->n_exceptions; i++)
		config_exception__clear(&c->exceptions[i]);
	free(c->runtimes);
	free(c->runtime_globs);
	free(c->exceptions);
	free(c->exception_globs);
	free(c->suppressed);
	free(c);
}

static bool copy_runtime(struct config_runtime *dst, const struct config_runtime *src)
{
	bool failed = false;

	dst->name = str__dup_or_null(src->name, &failed);
	dst->comm = str__dup_or_null(src->comm, &failed);
	dst->exe = str__dup_or_null(src->exe, &failed);
	return !failed;
}

static bool copy_exception(struct config_exception *dst, const struct config_exception *src)
{
	bool failed = false;

	dst->detection = str__dup_or_null(src->detection, &failed);
	dst->image = str__dup_or_null(src->image, &failed);
	dst->name = str__dup_or_null(src->name, &failed);
	dst->container_id = str__dup_or_null(src->container_id, &failed);
	dst->runtime = str__dup_or_null(src->runtime, &failed);
	dst->comm = str__dup_or_null(src->comm, &failed);
	dst->exe = str__dup_or_null(src->exe, &failed);
	dst->k8s_namespace = str__dup_or_null(src->k8s_namespace, &failed);
	dst->reason = str__dup_or_null(src->reason, &failed);
	dst->host_only = src->host_only;
	dst->line = src->line;
	return !failed;
}

static void glob_init_or_null(struct glob_pattern *g, const char *pattern)
{
	if (pattern)
		glob_pattern__init(g, pattern);
}

static void exception_globs__init(struct exception_globs *g, const struct config_exception *e)
{
	glob_init_or_null(&g->image, e->image);
	glob_init_or_null(&g->name, e->name);
	glob_init_or_null(&g->k8s_namespace, e->k8s_namespace);
	glob_init_or_null(&g->comm, e->comm);
	glob_init_or_null(&g->exe, e->exe);
}

struct classifier *classifier__new(const struct config *cfg, const struct host_facts *host)
{
	struct config defaults;
	struct classifier *c;
	size_t n_cfg_rt;

	if (!cfg) {
		config__init(&defaults);
		cfg = &defaults;
	}
	c = calloc(1, sizeof(*c));
	if (!c)
		goto nomem;
	if (host)
		c->host = *host;
	c->min_severity = cfg->min_severity;
	c->host_events = cfg->host_events;
	memcpy(c->enabled, cfg->detection_enabled, sizeof(c->enabled));

	n_cfg_rt = cfg->n_runtimes;
	c->runtimes = calloc(ARRAY_SIZE(builtin_runtimes) + n_cfg_rt, sizeof(*c->runtimes));
	if (!c->runtimes)
		goto nomem;
	for (size_t i = 0; i < ARRAY_SIZE(builtin_runtimes); i++, c->n_runtimes++)
		if (!copy_runtime(&c->runtimes[c->n_runtimes], &builtin_runtimes[i]))
			goto nomem_counted;
	for (size_t i = 0; i < n_cfg_rt; i++, c->n_runtimes++)
		if (!copy_runtime(&c->runtimes[c->n_runtimes], &cfg->runtimes[i]))
			goto nomem_counted;

	c->runtime_globs = calloc(c->n_runtimes, sizeof(*c->runtime_globs));
	if (!c->runtime_globs)
		goto nomem;
	for (size_t i = 0; i < c->n_runtimes; i++) {
		glob_pattern__init(&c->runtime_globs[i].comm, c->runtimes[i].comm);
		glob_pattern__init(&c->runtime_globs[i].exe, c->runtimes[i].exe);
	}

	if (cfg->n_exceptions) {
		c->exceptions = calloc(cfg->n_exceptions, sizeof(*c->exceptions));
		c->exception_globs = calloc(cfg->n_exceptions, sizeof(*c->exception_globs));
		c->suppressed = calloc(cfg->n_exceptions, sizeof(*c->suppressed));
		if (!c->exceptions || !c->exception_globs || !c->suppressed)
			goto nomem;
		for (size_t i = 0; i < cfg->n_exceptions; i++, c->n_exceptions++)
			if (!copy_exception(&c->exceptions[i], &cfg->exceptions[i])) {
				c->n_exceptions++; /* so that free releases its partial copy */
				goto nomem;
			}
		for (size_t i = 0; i < c->n_exceptions; i++)
			exception_globs__init(&c->exception_globs[i], &c->exceptions[i]);
	}
	return c;

nomem_counted:
	c->n_runtimes++;
nomem:
	classifier__free(c);
	errno = ENOMEM;
	return NULL;
}

size_t classifier__exception_count(const struct classifier *c)
{
	return c->n_exceptions;
}

uint64_t classifier__suppressed(const struct classifier *c, size_t idx)
{
	if (idx >= c->n_exceptions)
		return 0;
	return __atomic_load_n(&c->suppressed[idx], __ATOMIC_RELAXED);
}

/* The runtime whose process wrote this record, or NULL. */
static const struct config_runtime *runtime_of(const struct classifier *c,
					       const struct ctw_header *rec)
{
	char comm[CTW_COMM_LEN + 1], exe[CTW_TASK_EXE_LEN + 1];

	str__copy(comm, sizeof(comm), rec->comm, sizeof(rec->comm));
	str__copy(exe, sizeof(exe), rec->exe, sizeof(rec->exe));
	for (size_t i = 0; i < c->n_runtimes; i++) {
		const struct runtime_globs *g = &c->runtime_globs[i];

		if (glob_pattern__match(&g->comm, comm) && glob_pattern__match(&g->exe, exe))
			return &c->runtimes[i];
	}
	return NULL;
}

static bool meta_glob(const struct glob_pattern *g, const char *value)
{
	return value && value[0] && glob_pattern__match(g, value);
}

static bool exception_matches(const struct config_exception *e, const struct exception_globs *g,
			      const struct detection *d, const struct classify_input *in,
			      const char *comm, const char *exe)
{
	const struct container_ref *ct = in->container;
	const struct container_meta *m = in->meta;

	if (e->detection && strcmp(e->detection, d->id) != 0)
		return false;
	if (e->host_only && ct)
		return false;
	if (e->image && !(m && meta_glob(&g->image, m->image)))
		return false;
	if (e->name && !(m && meta_glob(&g->name, m->name)))
		return false;
	if (e->k8s_namespace && !(m && meta_glob(&g->k8s_namespace, m->namespace)))
		return false;
	if (e->container_id &&
	    !(ct && strncmp(ct->id, e->container_id, strlen(e->container_id)) == 0))
		return false;
	if (e->runtime &&
	    strcmp(e->runtime, container_runtime__name(ct ? ct->runtime : RUNTIME_NONE)) != 0)
		return false;
	if (e->comm && !glob_pattern__match(&g->comm, comm))
		return false;
	if (e->exe && !glob_pattern__match(&g->exe, exe))
		return false;
	return true;
}

/* Index of the first exception that silences d for this event; -1 if none. */
static long exception_for(const struct classifier *c, const struct detection *d,
			  const struct classify_input *in)
{
	char comm[CTW_COMM_LEN + 1], exe[CTW_TASK_EXE_LEN + 1];

	if (!c->n_exceptions)
		return -1;
	str__copy(comm, sizeof(comm), in->rec->comm, sizeof(in->rec->comm));
	str__copy(exe, sizeof(exe), in->rec->exe, sizeof(in->rec->exe));
	for (size_t i = 0; i < c->n_exceptions; i++)
		if (exception_matches(&c->exceptions[i], &c->exception_globs[i], d, in, comm, exe))
			return (long)i;
	return -1;
}

static void add_reason(struct classification *out, const char *text)
{
	if (out->n_reasons >= CLASSIFY_MAX_REASONS)
		return;
	snprintf(out->reasons[out->n_reasons++], CLASSIFY_REASON_LEN, "%s", text);
}

void classify__event(const struct classifier *c, const struct classify_input *in,
		     struct classification *out)
{
	const struct ctw_header *rec = in->rec;
	const struct config_runtime *runtime;
	char reason[CLASSIFY_REASON_LEN];
	const char *waived[DETECTION_COUNT];
	size_t n_waived = 0;
	struct detect_ctx ctx;
	size_t need;

	memset(out, 0, sizeof(*out));
	out->severity = SEVERITY_INFO;
	out->denied = (rec->flags & CTW_HDR_HAS_RET) && rec->ret < 0;

	need = ctw_event_size(rec->type);
	ctx = (struct detect_ctx){
	    .rec = rec,
	    .body = need && rec->size >= need,
	    .args_unknown = rec->flags & CTW_HDR_ARGS_UNKNOWN,
	    .container = in->container,
	    .host = in->host ? in->host : &c->host,
	    .helper = in->helper,
	};
	/*
	 * Host events too: a container whose cgroup could not be resolved (gone
	 * before the lookup) shows up as a host process.
	 */
	runtime = runtime_of(c, rec);

	for (size_t i = 0; i < DETECTION_COUNT; i++) {
		const struct detection *d = &detections[i];
		enum severity sev;
		long exc;

		if (!c->enabled[i] || !detection__applies_to(d, rec->type))
			continue;
		reason[0] = 0;
		if (!d->match(&ctx, reason, sizeof(reason)))
			continue;
		if (runtime && d->runtime_may) {
			waived[n_waived++] = d->id;
			continue;
		}
		exc = exception_for(c, d, in);
		if (exc >= 0) {
			__atomic_fetch_add(&c->suppressed[exc], 1, __ATOMIC_RELAXED);
			if (out->n_suppressed < CLASSIFY_MAX_REASONS)
				out->suppressed[out->n_suppressed++] = d->id;
			continue;
		}
		sev = d->severity;
		/* A refused attempt is less urgent, unless trying is already the attack. */
		if (out->denied && !d->attempt_is_signal && sev > SEVERITY_INFO)
			sev--;
		if (sev > out->severity)
			out->severity = sev;
		out->flags |= d->flags;
		if (out->n_detections < CLASSIFY_MAX_REASONS) {
			out->detections[out->n_detections++] = d->id;
			if (out->denied) {
				size_t n = strlen(reason);

				snprintf(reason + n, sizeof(reason) - n, " (attempt denied)");
			}
			add_reason(out, reason);
		}
	}

	if (runtime) {
		char ids[DETECTION_COUNT * 9 + 1] = "";
		size_t off = 0;

		out->flags |= FLAG_RUNTIME_SETUP;
		for (size_t i = 0; i < n_waived; i++)
			off += snprintf(ids + off, sizeof(ids) - off, "%s%s", i ? ", " : "",
					waived[i]);
		if (n_waived)
			snprintf(reason, sizeof(reason),
				 "%s setting up the container (%s not raised for the runtime)",
				 runtime->name, ids);
		else
			snprintf(reason, sizeof(reason), "%s setting up the container",
				 runtime->name);
		add_reason(out, reason);
	}
	classify__raise_for_posture(in->posture, out);
}

void classify__raise_for_posture(const struct posture_weakness *w, struct classification *cls)
{
	enum severity raised;

	/* runtime_setup alone is no detection: the runtime's own work stays info. */
	if (!w || w->worst < SEVERITY_WARNING || !w->check_id ||
	    !(cls->flags & ~(uint32_t)FLAG_RUNTIME_SETUP))
		return;
	raised = w->worst == SEVERITY_CRITICAL	    ? SEVERITY_CRITICAL
		 : cls->severity + 1 < SEVERITY_MAX ? (enum severity)(cls->severity + 1)
						    : SEVERITY_CRITICAL;
	if (raised <= cls->severity)
		return;
	cls->severity = raised;
	if (cls->n_reasons < CLASSIFY_MAX_REASONS)
		snprintf(cls->reasons[cls->n_reasons++], CLASSIFY_REASON_LEN,
			 "severity raised: the container's posture is weak (%s: %s)", w->check_id,
			 w->title);
}

bool classify__should_emit(const struct classifier *c, const struct classify_input *in,
			   const struct classification *cl)
{
	if (cl->severity < c->min_severity)
		return false;
	if (!in->container && c->host_events == HOST_EVENTS_FLAGGED_ONLY &&
	    !(cl->flags & ~(uint32_t)FLAG_RUNTIME_SETUP))
		return false;
	return true;
}
