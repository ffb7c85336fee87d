// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * ctrwatch: set-up (options, config, caches, sinks, BPF) and the consumer loop.
 * Every start-up failure ends here as one line on stderr and an exit code
 * from exit_codes.h.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <bpf/libbpf.h>
#include <linux/capability.h>

#include "cgcache.h"
#include "cgroup_v1.h"
#include "classify.h"
#include "config.h"
#include "container_meta.h"
#include "error.h"
#include "exit_codes.h"
#include "host_facts.h"
#include "http_child.h"
#include "http_server.h"
#include "loader.h"
#include "log.h"
#include "metrics.h"
#include "metrics_channel.h"
#include "node_name.h"
#include "notify.h"
#include "options.h"
#include "output_plan.h"
#include "pipeline.h"
#include "posture_tracker.h"
#include "proc_cache.h"
#include "privs.h"
#include "render_falco.h"
#include "runtime_bins.h"
#include "sink.h"
#include "util.h"
#include "web_config.h"

#define CGCACHE_MAX_ENTRIES 65536
#define META_CACHE_MAX_ENTRIES 8192 /* containers whose name/image are remembered */
#define POSTURE_MAX_CONTAINERS 8192 /* containers whose posture findings are kept */
#define POSTURE_GIVE_UP_MS 10000    /* a container with no readable process by then is skipped */
#define POLL_TIMEOUT_MS 100	    /* BPF batches wakeups; this bounds how long a record waits */
#define HOUSEKEEPING_INTERVAL_NS NSEC_PER_SEC
#define SINK_DROP_LOG_NS 10000000000ll	/* at most one drop line per sink per 10 s */
#define STATUS_INTERVAL_NS 5000000000ll /* STATUS= to the service manager */

/* Set by the signal handlers, read by the consumer loop. */
static volatile sig_atomic_t stop_requested;
static volatile sig_atomic_t reopen_requested;

static void on_stop_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void on_hangup(int sig)
{
	(void)sig;
	reopen_requested = 1;
}

static int install_signal_handlers(void)
{
	struct sigaction stop = {.sa_handler = on_stop_signal};
	struct sigaction hup = {.sa_handler = on_hangup};

	sigemptyset(&stop.sa_mask);
	sigemptyset(&hup.sa_mask);
	if (sigaction(SIGTERM, &stop, NULL) < 0 || sigaction(SIGINT, &stop, NULL) < 0 ||
	    sigaction(SIGHUP, &hup, NULL) < 0)
		return -errno;
	signal(SIGPIPE, SIG_IGN); /* a closed stdout reader is a write error, not a death */
	return 0;
}

/* Everything main builds, so that one cleanup path frees it in reverse order. */
struct collector {
	struct options opts;
	struct config config;
	struct host_facts host;
	struct classifier *classifier;
	struct cgcache *cgcache;
	struct proc_cache *procs; /* lineage, owned by the consumer thread */
	struct metrics *metrics;
	struct loader *loader;
	struct http_child http_child;		/* serves /metrics; pid 0 when off */
	struct metrics_channel_server *channel; /* answers it, after the drop */
	struct web_config web;			/* --web-config, loaded by preflight() */
	struct ring_buffer *ring;
	struct pipeline *pipeline;
	struct meta_cache *meta;
	struct posture_tracker *posture;
	struct notify notify;		   /* sd_notify; disabled when not run by systemd */
	char node_name[NODE_NAME_MAX + 1]; /* `host` in events (node_name.h) */
	enum node_name_source node_name_source;
	struct output_plan outputs;
	/* Opened before BPF is loaded, handed to the pipeline (and started) after the drop. */
	struct sink *sinks[SINK_MAX_OUTPUTS];
	size_t n_sinks;
	bool config_missing; /* no file at the default path: built-in defaults */
	char cgroup2[4096];  /* where the attributed hierarchy is mounted (cgroup2, or v1's) */
	bool cgroup_v1;	     /* no cgroup2 hierarchy: attribution by cgroup_v1 */
	struct cgroup_v1_hierarchy v1;
	char proc_root[4096]; /* the host's /proc */
	struct sink_report {  /* what report_sinks() last said about each sink */
		uint64_t dropped;
		int error;
		int64_t next_log;
	} sink_report[SINK_MAX_OUTPUTS];
};

static int load_config(struct collector *c)
{
	struct ctw_error err = {""};
	int ret;

	config__init(&c->config);
	ret = config__load(c->opts.config_path, &c->config, &err);
	if (ret == -ENOENT && !c->opts.config_explicit) {
		config__init(&c->config); /* no file at the default path: built-in defaults */
		c->config_missing = true;
		return 0;
	}
	if (ret < 0) {
		fprintf(stderr, "ctrwatch: %s\n", ctw_error__text(&err, ret));
		return ret;
	}
	return 0;
}

/*
 * Before anything is loaded: every output is created (files opened, so a
 * path that cannot be opened fails here) but no thread starts yet.
 */
static int open_sinks(struct collector *c)
{
	/* 0 ms is a valid timeout; the deadline passed at close decides, this is the fallback. */
	struct sink_options so = {
	    .hostname = c->node_name,
	    .drain_ms = c->opts.drain_ms,
	    .falco_lines = strcmp(c->opts.format, "falco") == 0,
	};
	struct ctw_error why = {""};

	for (size_t i = 0; i < c->outputs.n; i++) {
		const char *dest = c->outputs.dests[i];
		struct sink *s = sink__from_uri(dest, &so, &why);

		if (!s) {
			int err = -errno;

			fprintf(stderr, "ctrwatch: cannot open output %s: %s\n", dest,
				ctw_error__text(&why, err));
			return err;
		}
		sink__unique_name(s, c->sinks, c->n_sinks);
		c->sinks[c->n_sinks++] = s;
	}
	return 0;
}

/* After the privilege drop: the pipeline takes the sinks, their threads start. */
static int start_sinks(struct collector *c)
{
	for (size_t i = 0; i < c->n_sinks; i++) {
		struct sink *s = c->sinks[i];
		int err = pipeline__add_sink(c->pipeline, s);

		if (err == 0)
			err = sink__start(s);
		if (err < 0) {
			fprintf(stderr, "ctrwatch: cannot start output %s: %s\n", s->name,
				strerror(-err));
			return err;
		}
		c->sinks[i] = NULL; /* the pipeline frees it */
		metrics__add_sink(c->metrics, s);
	}
	c->n_sinks = 0;
	return 0;
}

/*
 * Before anything is loaded, so that a port in use costs no program load; and
 * the HTTP process (http_child.h) forked now, while it still can drop to its
 * own ids and before any BPF descriptor exists to leak into it.
 */
static int bind_metrics(struct collector *c)
{
	int fd, err;

	if (strcmp(c->opts.metrics_addr, "off") == 0)
		return 0;
	fd = http_listener__open(c->opts.metrics_addr);
	if (fd < 0) {
		fprintf(stderr, "ctrwatch: cannot serve metrics on %s: %s\n", c->opts.metrics_addr,
			strerror(-fd));
		return fd;
	}
	err = http_child__spawn(&c->http_child, fd, c->opts.web_config ? &c->web : NULL);
	if (err < 0) {
		fprintf(stderr,
			"ctrwatch: cannot serve metrics on %s: starting the HTTP process as uid %d "
			"failed: %s%s\n",
			c->opts.metrics_addr, HTTP_CHILD_UID, strerror(-err),
			err == -EPERM ? " (it needs CAP_SETUID, CAP_SETGID and CAP_SETPCAP)" : "");
		return err;
	}
	return 0;
}

static int health_check(void *ctx, struct ctw_error *why)
{
	return metrics__health(ctx, why);
}

/* The HTTP process has been waiting for this: it accepts from now on. */
static int serve_metrics(struct collector *c)
{
	int fd = c->http_child.channel_fd;

	if (fd < 0)
		return 0;
	c->http_child.channel_fd = -1; /* the channel owns it, even when it fails */
	c->channel = metrics_channel_server__start(fd, c->metrics, health_check, c->metrics);
	if (!c->channel) {
		fprintf(stderr, "ctrwatch: cannot serve metrics on %s: %s\n", c->opts.metrics_addr,
			strerror(errno));
		return -errno;
	}
	log_msg(LOG_LVL_INFO, "metrics on %s://%s/metrics%s", c->web.cert_pem ? "https" : "http",
		c->opts.metrics_addr, c->web.n_users ? " (basic auth)" : "");
	return 0;
}

static int provide_bpf_counters(void *ctx, struct ctw_counters *out)
{
	struct collector *c = ctx;

	return loader__read_counters(c->loader, out);
}

static int provide_ringbuf(void *ctx, uint64_t *bytes_in_use, uint64_t *size_bytes)
{
	struct collector *c = ctx;
	long used = loader__ringbuf_bytes_in_use(c->loader);

	if (used < 0)
		return (int)used;
	*bytes_in_use = (uint64_t)used;
	*size_bytes = c->opts.ringbuf_bytes;
	return 0;
}

static void publish_programs(struct collector *c)
{
	size_t n = loader__n_programs(c->loader);

	for (size_t i = 0; i < n; i++) {
		const struct loader_program *prog = loader__program(c->loader, i);

		/* A program left out of the gauge would pass for one never loaded. */
		if (metrics__add_program(c->metrics, prog->name, prog->mechanism, prog->attached) <
		    0)
			log_msg(LOG_LVL_WARN,
				"metrics: program %s not in ctrwatch_program_attached", prog->name);
	}
}

static int exit_code_for_loader_error(int err, const struct ctw_error *why)
{
	switch (err) {
	case EPERM:
	case EACCES:
		fprintf(stderr,
			"ctrwatch: permission denied loading BPF programs: run as root or with "
			"CAP_BPF, CAP_PERFMON and CAP_SYS_RESOURCE\n");
		return EXIT_NO_PRIVILEGE;
	case ENOENT:
		fprintf(stderr, "ctrwatch: this kernel exposes no BTF (/sys/kernel/btf/vmlinux): "
				"a kernel built with CONFIG_DEBUG_INFO_BTF=y is required\n");
		return EXIT_KERNEL_UNSUPPORTED;
	case EOPNOTSUPP:
		fprintf(stderr,
			"ctrwatch: this kernel lacks the BPF ring buffer or task-local storage: "
			"Linux 5.11 or newer is required\n");
		return EXIT_KERNEL_UNSUPPORTED;
	case ENODEV:
		fprintf(stderr, "ctrwatch: no tracefs found or mountable at /sys/kernel/tracing: "
				"tracepoints cannot be attached\n");
		return EXIT_KERNEL_UNSUPPORTED;
	default:
		if (why->msg[0])
			fprintf(stderr, "ctrwatch: %s\n", why->msg);
		else
			fprintf(stderr,
				"ctrwatch: loading the BPF programs failed: %s (run with "
				"--log-level debug for details)\n",
				strerror(err));
		return EXIT_FAILURE_RUNTIME;
	}
}

static void publish_cache_stats(struct collector *c)
{
	struct cgcache_stats s;
	struct metrics_cgcache_stats ms;
	struct proc_cache_stats ps;

	cgcache__stats(c->cgcache, &s);
	ms = (struct metrics_cgcache_stats){
	    .hits = s.hits,
	    .misses = s.misses,
	    .entries = s.size,
	    .evictions = s.evictions,
	    .walks = s.walks,
	};
	metrics__set_cgcache_stats(c->metrics, &ms);
	proc_cache__stats(c->procs, &ps);
	metrics__set_proc_cache_stats(c->metrics, ps.entries, ps.evictions, ps.misses);
}

/*
 * Sinks never log (they run in their own threads); their counters and state
 * are read here, once a second: a line when one loses or regains its
 * destination, and at most one line per SINK_DROP_LOG_NS about drops.
 */
static void report_sinks(struct collector *c)
{
	int64_t now = clock__now_ns(CLOCK_MONOTONIC);

	for (size_t i = 0; i < pipeline__n_sinks(c->pipeline); i++) {
		struct sink *s = pipeline__sink(c->pipeline, i);
		struct sink_report *r = &c->sink_report[i];
		uint64_t dropped = s->dropped;
		int error = s->error;

		if (error != r->error && (error == 0 || r->error == 0)) {
			if (error)
				log_msg(LOG_LVL_WARN,
					"output %s: destination unreachable (%s); "
					"retrying with backoff",
					s->name, sink__strerror(error));
			else
				log_msg(LOG_LVL_INFO, "output %s: connected", s->name);
		}
		r->error = error;
		if (dropped != r->dropped && now >= r->next_log) {
			log_msg(LOG_LVL_WARN,
				"output %s: %llu events dropped since the last report "
				"(%llu in total): queue full or destination down",
				s->name, (unsigned long long)(dropped - r->dropped),
				(unsigned long long)dropped);
			r->dropped = dropped;
			r->next_log = now + SINK_DROP_LOG_NS;
		}
	}
}

static void append_item(char *buf, size_t len, const char *item)
{
	size_t used = strlen(buf);

	snprintf(buf + used, len - used, "%s%s", used ? "; " : "", item);
}

/*
 * Drains every sink until one common deadline (--drain-timeout after the stop
 * signal, so N slow outputs still take one timeout, not N) and logs each
 * one's final counters: delivered + dropped = emitted. Then one line with the
 * figures of the whole shutdown, a warning when the deadline cut the drain.
 */
static void close_sinks(struct collector *c, int64_t stop_ns, int64_t deadline_ns)
{
	char left_by_sink[SINK_MAX_OUTPUTS * 48] = "";
	uint64_t left = 0, lost = 0;
	struct ctw_counters counters;

	for (size_t i = 0; i < pipeline__n_sinks(c->pipeline); i++) {
		struct sink *s = pipeline__sink(c->pipeline, i);
		uint64_t dropped_before = s->dropped, cut;
		char item[48];

		sink__close_by(s, deadline_ns);
		cut = s->dropped - dropped_before;
		left += cut;
		snprintf(item, sizeof(item), "%s %llu", s->name, (unsigned long long)cut);
		append_item(left_by_sink, sizeof(left_by_sink), item);
		log_msg(LOG_LVL_INFO, "output %s: %llu emitted, %llu delivered, %llu dropped",
			s->name, (unsigned long long)s->emitted, (unsigned long long)s->delivered,
			(unsigned long long)s->dropped);
	}
	if (loader__read_counters(c->loader, &counters) == 0)
		for (size_t i = 0; i < CTW_EVENT_TYPE_MAX; i++)
			lost += counters.by_type[i].lost;
	log_msg(left ? LOG_LVL_WARN : LOG_LVL_INFO,
		"shutdown: drained in %lld ms (drain timeout %u ms): %llu events read, %llu lost "
		"in the ring buffer; %llu lines still queued at the timeout counted as dropped "
		"(%s)",
		(long long)((clock__now_ns(CLOCK_MONOTONIC) - stop_ns) / NSEC_PER_MSEC),
		c->opts.drain_ms, (unsigned long long)pipeline__records(c->pipeline),
		(unsigned long long)lost, (unsigned long long)left,
		left_by_sink[0] ? left_by_sink : "no outputs");
}

static void publish_container_stats(struct collector *c)
{
	uint64_t counts[POSTURE_CHECK_MAX];
	struct meta_cache_stats ms;
	struct posture_tracker_stats ps;

	posture_tracker__counts(c->posture, counts);
	metrics__set_posture_findings(c->metrics, counts, POSTURE_CHECK_MAX);
	meta_cache__stats(c->meta, &ms);
	posture_tracker__stats(c->posture, &ps);
	log_msg(LOG_LVL_DEBUG,
		"metadata: %llu reads (%llu found), mean %llu us, max %llu us; "
		"posture: %llu evaluated, %llu given up, latency last %llu us max %llu us",
		(unsigned long long)ms.reads, (unsigned long long)ms.found,
		(unsigned long long)(ms.reads ? ms.read_ns / ms.reads / 1000 : 0),
		(unsigned long long)(ms.max_read_ns / 1000), (unsigned long long)ps.evaluated,
		(unsigned long long)ps.gave_up, (unsigned long long)(ps.last_latency_ns / 1000),
		(unsigned long long)(ps.max_latency_ns / 1000));
}

static void reopen_sinks(struct collector *c)
{
	for (size_t i = 0; i < pipeline__n_sinks(c->pipeline); i++) {
		struct sink *s = pipeline__sink(c->pipeline, i);
		int err = sink__reopen(s);

		if (err < 0)
			log_msg(LOG_LVL_ERROR, "reopening output %s failed: %s", s->name,
				strerror(-err));
	}
	log_msg(LOG_LVL_INFO, "outputs reopened (SIGHUP)");
}

static int read_counters_probe(void *ctx)
{
	struct collector *c = ctx;
	struct ctw_counters counters;

	return loader__read_counters(c->loader, &counters);
}

/*
 * After attaching, the collector needs one capability: CAP_SYS_PTRACE, for
 * the posture checks' /proc/<pid>/ns/<type> and /proc/<pid>/exe of container
 * processes (the kernel lets another process read those only with a superset
 * of the target's capabilities, or CAP_SYS_PTRACE). The ring buffer is mapped,
 * per-CPU counters are read through a map fd we hold, the outputs and the
 * metrics socket were opened before loading, and /sys/fs/cgroup, the
 * runtimes' root-owned state files and the reopened output files are open to
 * uid 0 without one. One more on some kernels: before Linux 5.19, with
 * kernel.unprivileged_bpf_disabled set, every bpf(2) command needed CAP_BPF,
 * map reads included; so CAP_BPF stays only if a read without it fails.
 * Must run before any thread exists (outputs, HTTP server): capset changes
 * only the calling thread.
 */
static int drop_privileges(struct collector *c)
{
	uint64_t keep = PRIVS_CAP(CAP_SYS_PTRACE);
	char names[128];
	int err;

	err = privs__try_without(PRIVS_CAP(CAP_BPF) | PRIVS_CAP(CAP_SYS_ADMIN), read_counters_probe,
				 c);
	if (err == -EPERM)
		keep |= PRIVS_CAP(CAP_BPF);
	err = privs__drop(keep);
	if (err < 0) {
		fprintf(stderr,
			"ctrwatch: dropping capabilities after start-up failed: %s%s; not "
			"running outputs or the metrics server with more than needed\n",
			strerror(-err),
			err == -EPERM ? " (emptying the bounding set needs CAP_SETPCAP)" : "");
		return err;
	}
	privs__format(keep, names, sizeof(names));
	log_msg(LOG_LVL_INFO, "capabilities kept: %s; bounding set empty; no_new_privs set", names);
	return 0;
}

static void notify_status(struct collector *c)
{
	struct ctw_counters counters;
	uint64_t lost = 0, dropped = 0;
	char state[256];

	if (c->notify.fd < 0)
		return;
	if (loader__read_counters(c->loader, &counters) == 0)
		for (size_t i = 0; i < CTW_EVENT_TYPE_MAX; i++)
			lost += counters.by_type[i].lost;
	for (size_t i = 0; i < pipeline__n_sinks(c->pipeline); i++)
		dropped += pipeline__sink(c->pipeline, i)->dropped;
	snprintf(state, sizeof(state),
		 "STATUS=consuming: %llu events read, %llu lost in the ring buffer, %llu dropped "
		 "by outputs",
		 (unsigned long long)pipeline__records(c->pipeline), (unsigned long long)lost,
		 (unsigned long long)dropped);
	notify__send(&c->notify, state);
}

/*
 * One line naming what a reload read but cannot apply while running, so that
 * a changed setting never goes unnoticed.
 */
static void report_unapplied(const struct collector *c, const struct config *next)
{
	char what[512] = "";

	if (next->events_mask != c->config.events_mask)
		append_item(what, sizeof(what),
			    c->opts.events_mask
				? "events (ignored while --events is given)"
				: "events (the BPF programs stay as loaded until a restart)");
	if (!output_plan__same_list(c->config.outputs, c->config.n_outputs, next->outputs,
				    next->n_outputs))
		append_item(what, sizeof(what),
			    c->outputs.source == OUTPUT_FROM_COMMAND_LINE
				? "outputs (ignored while --output is given)"
				: "outputs (the running outputs stay until a restart)");
	if (!config__same_sensitive_names(&c->config, next))
		append_item(what, sizeof(what),
			    "sensitive_files (the kernel's list stays as loaded until a restart)");
	if (what[0])
		log_msg(LOG_LVL_WARN, "reload: not applied: %s", what);
}

static int64_t realtime_s(void)
{
	return clock__now_ns(CLOCK_REALTIME) / 1000000000ll;
}

/*
 * SIGHUP: the config file again. A new classifier is built aside and swapped
 * in between two records (this is the consumer thread, the only one that
 * uses it), so the BPF programs stay attached and the ring buffer keeps
 * filling meanwhile: no event is lost. On any error the running config stays.
 */
static void reload_config(struct collector *c)
{
	struct ctw_error cerr = {""};
	struct config next;
	struct classifier *classifier;
	char state[64];
	int err;

	snprintf(state, sizeof(state), "RELOADING=1\nMONOTONIC_USEC=%llu",
		 (unsigned long long)(clock__now_ns(CLOCK_MONOTONIC) / 1000));
	notify__send(&c->notify, state);
	err = config__load(c->opts.config_path, &next, &cerr);
	if (err == -ENOENT && !c->opts.config_explicit) {
		config__free(&next);
		config__init(&next); /* still no file at the default path: the defaults */
		err = 0;
	}
	if (err < 0) {
		log_msg(LOG_LVL_ERROR, "reload: keeping the running configuration: %s",
			ctw_error__text(&cerr, err));
		config__free(&next);
		metrics__set_config_reload(c->metrics, false, 0);
		goto out;
	}
	classifier = classifier__new(&next, &c->host);
	if (!classifier) {
		log_msg(LOG_LVL_ERROR, "reload: keeping the running configuration: %s: %s",
			c->opts.config_path, strerror(errno));
		config__free(&next);
		metrics__set_config_reload(c->metrics, false, 0);
		goto out;
	}
	report_unapplied(c, &next);
	pipeline__set_classifier(c->pipeline, classifier);
	classifier__free(c->classifier);
	c->classifier = classifier;
	/*
	 * The plan borrows the running config's strings: keep them while the
	 * sinks built from them run, and compare the next reload with them.
	 */
	if (c->outputs.source != OUTPUT_FROM_COMMAND_LINE) {
		for (size_t i = 0; i < next.n_outputs; i++)
			free(next.outputs[i]);
		memcpy(next.outputs, c->config.outputs, sizeof(next.outputs));
		next.n_outputs = c->config.n_outputs;
		c->config.n_outputs = 0;
	}
	config__free(&c->config);
	c->config = next;
	/* The depth applies from the next event; args_bytes sizes the cache: at start only. */
	pipeline__set_ancestors(c->pipeline, c->config.ancestors);
	pipeline__set_exec_events_all(c->pipeline, c->config.exec_events == EXEC_EVENTS_ALL);
	metrics__set_config_reload(c->metrics, true, realtime_s());
	metrics__set_node_name(c->metrics, c->node_name);
	log_msg(LOG_LVL_INFO,
		"reload: configuration from %s in effect (min_severity %s, %zu "
		"exceptions)",
		c->opts.config_path, severity__name(next.min_severity), next.n_exceptions);
out:
	notify__send(&c->notify, "READY=1");
}

/* The programs that run, as the loader's summary line counts them (not the unavailable). */
static size_t count_attached(const struct loader *l)
{
	size_t n = 0;

	for (size_t i = 0; i < loader__n_programs(l); i++)
		n += loader__program(l, i)->attached;
	return n;
}

/*
 * The HTTP process is not restarted: it was forked with the rights to drop
 * to its own ids, which this process no longer has. Its end stops the
 * collector with EXIT_FAILURE_RUNTIME, and the service manager restarts both.
 */
static bool http_child_ended(struct collector *c)
{
	int status;

	if (!http_child__exited(&c->http_child, &status))
		return false;
	if (WIFSIGNALED(status))
		log_msg(LOG_LVL_ERROR, "metrics endpoint process killed by signal %d: stopping",
			WTERMSIG(status));
	else
		log_msg(LOG_LVL_ERROR, "metrics endpoint process exited with status %d: stopping",
			WEXITSTATUS(status));
	return true;
}

/* Polls until SIGTERM/SIGINT, then drains what the ring buffer still holds. */
static int consume(struct collector *c)
{
	int64_t next_housekeeping = clock__now_ns(CLOCK_MONOTONIC) + HOUSEKEEPING_INTERVAL_NS;
	int64_t next_status = 0, next_watchdog = 0;
	/* Half the manager's interval, as sd_watchdog_enabled(3) advises. */
	int64_t watchdog_ns = (int64_t)(c->notify.watchdog_usec * 1000 / 2);
	int64_t stop_ns;
	int err = 0;

	metrics__set_consumer_running(c->metrics, true);
	log_msg(LOG_LVL_INFO, "ready: %zu programs attached, consuming events",
		count_attached(c->loader));
	notify__send(&c->notify, "READY=1");
	while (!stop_requested) {
		int n = ring_buffer__poll(c->ring, POLL_TIMEOUT_MS);

		/*
		 * Records committed with BPF_RB_NO_WAKEUP never wake epoll; a timeout
		 * (0) is when they are picked up.
		 */
		if (n == 0)
			n = ring_buffer__consume(c->ring);
		if (n < 0 && n != -EINTR) {
			log_msg(LOG_LVL_ERROR, "polling the ring buffer failed: %s", strerror(-n));
			err = n;
			break;
		}
		/* Between batches, never inside one: posture reads /proc and cgroupfs. */
		pipeline__tick(c->pipeline, clock__now_ns(CLOCK_BOOTTIME));
		pipeline__flush(c->pipeline);
		if (reopen_requested) {
			reopen_requested = 0;
			reload_config(c);
			reopen_sinks(c);
		}
		/* From this loop, so that a consumer stuck in a sink or a record gets restarted. */
		if (watchdog_ns && clock__now_ns(CLOCK_MONOTONIC) >= next_watchdog) {
			next_watchdog = clock__now_ns(CLOCK_MONOTONIC) + watchdog_ns;
			notify__send(&c->notify, "WATCHDOG=1");
		}
		if (clock__now_ns(CLOCK_MONOTONIC) >= next_status) {
			next_status = clock__now_ns(CLOCK_MONOTONIC) + STATUS_INTERVAL_NS;
			notify_status(c);
		}
		if (clock__now_ns(CLOCK_MONOTONIC) >= next_housekeeping) {
			next_housekeeping =
			    clock__now_ns(CLOCK_MONOTONIC) + HOUSEKEEPING_INTERVAL_NS;
			pipeline__sync_clock(c->pipeline);
			publish_cache_stats(c);
			publish_container_stats(c);
			report_sinks(c);
			if (http_child_ended(c)) {
				err = -ECHILD;
				break;
			}
		}
	}
	stop_ns = clock__now_ns(CLOCK_MONOTONIC);
	metrics__set_shutting_down(c->metrics);
	notify__send(&c->notify, "STOPPING=1");
	/*
	 * Detach first (the output threads keep writing meanwhile), so that the
	 * ring buffer stops filling and exiting costs no detach later. Then what
	 * the programs committed is read (outputs only queue, so this is quick)
	 * and the outputs get until the drain timeout to write it.
	 */
	loader__detach(c->loader);
	ring_buffer__consume(c->ring);
	pipeline__flush(c->pipeline);
	close_sinks(c, stop_ns, stop_ns + (int64_t)c->opts.drain_ms * NSEC_PER_MSEC);
	log_msg(LOG_LVL_INFO, "stopped after %llu events",
		(unsigned long long)pipeline__records(c->pipeline));
	return err;
}

/*
 * Container metadata from the runtimes' files and posture from /proc and the
 * cgroups, both below --host-root.
 */
static int start_container_context(struct collector *c, const char *cgroup2)
{
	struct posture_tracker_options po = {
	    .host_root = c->opts.host_root,
	    .cgroup2_root = cgroup2,
	    .host_ns = c->host.init_ns.pid ? &c->host.init_ns : NULL,
	    .max_containers = POSTURE_MAX_CONTAINERS,
	    .give_up_ms = POSTURE_GIVE_UP_MS,
	};

	c->meta = meta_cache__new(c->opts.host_root, META_CACHE_MAX_ENTRIES, META_CACHE_RETRY_MS);
	if (!c->meta)
		return -errno;
	c->posture = posture_tracker__new(&po);
	if (!c->posture)
		return -errno;
	return 0;
}

/*
 * Posture events are written only when the enabled event types include
 * "posture"; the findings still count for the gauge and for raising the
 * severity of detections.
 */
static int start_pipeline(struct collector *c)
{
	uint64_t mask = c->opts.events_mask ? c->opts.events_mask : c->config.events_mask;
	bool falco = strcmp(c->opts.format, "falco") == 0;
	struct pipeline_options po = {
	    .cgcache = c->cgcache,
	    .classifier = c->classifier,
	    .metrics = c->metrics,
	    .meta = c->meta,
	    .posture = c->posture,
	    .procs = c->procs,
	    .ancestors = c->config.ancestors,
	    .posture_events = !mask || (mask & (1ull << CTW_EVENT_POSTURE)),
	    .exec_events = !mask || (mask & (1ull << CTW_EVENT_EXEC)),
	    .exec_events_all = c->config.exec_events == EXEC_EVENTS_ALL,
	    .hostname = c->node_name,
	    .proc_root = c->proc_root,
	    .cgroup2_mount = c->cgroup2,
	    .render = falco ? render_falco__event : NULL,
	    .rule_matches_only = falco && !c->opts.falco_all_events,
	};

	c->pipeline = pipeline__new(&po);
	return c->pipeline ? 0 : -errno;
}

static int start(struct collector *c, struct ctw_error *why)
{
	char *cgroup2 = c->cgroup2, *proc_root = c->proc_root;
	int err;

	snprintf(proc_root, sizeof(c->proc_root), "%s/proc", c->opts.host_root);
	err = host_facts__read(proc_root, &c->host);
	if (err < 0)
		log_msg(LOG_LVL_WARN,
			"host namespaces unreadable (%s): escape detections that "
			"compare namespaces are off",
			strerror(-err));
	c->classifier = classifier__new(&c->config, &c->host);
	if (!c->classifier)
		return -errno;
	if (c->opts.host_root[0])
		err = cgcache__find_cgroup2_mount_at("/proc/self/mountinfo", c->opts.host_root,
						     cgroup2, sizeof(c->cgroup2));
	else
		err = cgcache__find_cgroup2_mount(cgroup2, sizeof(c->cgroup2));
	if (err == -ENOENT) {
		/* v1 only: the v2 cgroup is the root for every task; one v1 hierarchy tells. */
		err = cgroup_v1__choose(proc_root, c->opts.host_root, &c->v1);
		if (err < 0)
			return ctw_error__set(
			    why, -err,
			    "no cgroup2 hierarchy mounted, and no cgroup v1 "
			    "hierarchy of memory, pids, cpu, cpuacct, cpuset, "
			    "devices, freezer or blkio (%s): containers cannot be "
			    "attributed",
			    strerror(-err));
		c->cgroup_v1 = true;
		snprintf(cgroup2, sizeof(c->cgroup2), "%s", c->v1.mount);
		log_msg(LOG_LVL_INFO,
			"cgroup v1 only (no cgroup2 hierarchy mounted): containers attributed by "
			"the %s controller's hierarchy at %s (hierarchy %u)",
			c->v1.controller, cgroup2, c->v1.hierarchy_id);
	} else if (err < 0) {
		return ctw_error__set(why, -err,
				      "no cgroup2 hierarchy mounted (%s): containers cannot be "
				      "attributed",
				      strerror(-err));
	} else {
		log_msg(LOG_LVL_INFO, "cgroup2 hierarchy at %s", cgroup2);
	}
	c->cgcache = cgcache__new(cgroup2, CGCACHE_MAX_ENTRIES);
	if (!c->cgcache)
		return -errno;
	c->metrics = metrics__new();
	if (!c->metrics)
		return -errno;
	metrics__set_config_reload(c->metrics, true, realtime_s());
	metrics__set_node_name(c->metrics, c->node_name);
	metrics__set_cgroup_mode(c->metrics, c->cgroup_v1 ? "v1" : "v2",
				 c->cgroup_v1 ? c->v1.controller : NULL);
	err = start_container_context(c, cgroup2);
	if (err < 0)
		return err;
	/* Bounded: PROC_CACHE_DEFAULT_MAX entries of ~300 bytes plus args_bytes each. */
	c->procs = proc_cache__new(PROC_CACHE_DEFAULT_MAX, c->config.args_bytes);
	if (!c->procs)
		return -errno;
	err = proc_cache__seed(c->procs, proc_root);
	if (err < 0)
		log_msg(LOG_LVL_WARN, "cannot read %s: lineage of processes that predate us is off",
			proc_root);
	return start_pipeline(c);
}

/*
 * The host's runtime binaries by device and inode, found now: the BPF side
 * reports a write-open of any of them (CTW-026). Paths from the config are
 * host paths, looked for under --host-root as the built-in ones are.
 */
static size_t find_runtime_bins(const struct collector *c, struct ctw_file_id *ids)
{
	char extra[CONFIG_MAX_RUNTIME_BINARIES][RUNTIME_BINS_PATH_LEN];
	const char *list[CONFIG_MAX_RUNTIME_BINARIES + 1];
	struct runtime_bins *rb;
	size_t n = 0, i;

	rb = calloc(1, sizeof(*rb));
	if (!rb) {
		log_msg(LOG_LVL_WARN, "runtime binaries: out of memory: CTW-026 is off");
		return 0;
	}
	for (i = 0; i < c->config.n_runtime_binaries; i++) {
		snprintf(extra[i], sizeof(extra[i]), "%s%s", c->opts.host_root,
			 c->config.runtime_binaries[i]);
		list[i] = extra[i];
	}
	list[i] = NULL;
	runtime_bins__find(rb, c->opts.host_root, list);
	for (i = 0; i < c->config.n_runtime_binaries; i++) {
		struct stat st;

		if (stat(extra[i], &st) < 0 || !S_ISREG(st.st_mode))
			log_msg(LOG_LVL_WARN,
				"runtime_binaries: %s is no regular file: not watched", extra[i]);
	}
	for (; n < rb->n; n++) {
		ids[n] = (struct ctw_file_id){.ino = rb->bin[n].ino, .dev = rb->bin[n].dev};
		log_msg(LOG_LVL_DEBUG, "runtime binary %s (dev %u:%u, inode %llu)", rb->bin[n].path,
			rb->bin[n].dev >> 20, rb->bin[n].dev & 0xfffff,
			(unsigned long long)rb->bin[n].ino);
	}
	log_msg(LOG_LVL_INFO, "%zu container runtime binaries watched for write-opens", n);
	free(rb);
	return n;
}

static int attach(struct collector *c, struct ctw_error *why)
{
	struct ctw_file_id bins[RUNTIME_BINS_MAX];
	size_t n_bins = find_runtime_bins(c, bins);
	struct loader_options lo = {
	    .enabled_types = c->opts.events_mask ? c->opts.events_mask : c->config.events_mask,
	    .ringbuf_bytes = c->opts.ringbuf_bytes,
	    /* Wake the consumer when an eighth is queued; the poll timeout catches the rest. */
	    .wakeup_bytes = c->opts.ringbuf_bytes / 8,
	    .fallback = c->opts.syscall_fallback == OPTIONS_FALLBACK_ON	   ? LOADER_FALLBACK_ALWAYS
			: c->opts.syscall_fallback == OPTIONS_FALLBACK_OFF ? LOADER_FALLBACK_NEVER
									   : LOADER_FALLBACK_AUTO,
	    .proc_root = c->proc_root,
	    .cgroup_v1_subsys_enum = c->cgroup_v1 ? c->v1.subsys_enum : NULL,
	    .cgroup_v1_hierarchy = c->cgroup_v1 ? c->v1.hierarchy_id : 0,
	    .runtime_bins = bins,
	    .n_runtime_bins = n_bins,
	    .sensitive_names = c->config.sensitive_names,
	    .n_sensitive_names = c->config.n_sensitive_names,
	};
	struct metrics_provider provider;

	c->loader = loader__new(&lo, why);
	if (!c->loader && n_bins && errno != EPERM && errno != ENOENT) {
		/*
		 * The fexit is the one program whose attach point the loader can only
		 * probe: a kernel that takes the probe but not the program must not
		 * cost the host every other one.
		 */
		log_msg(LOG_LVL_WARN, "%s: loading again without the vfs_open fexit",
			why->msg[0] ? why->msg : strerror(errno));
		why->msg[0] = 0;
		lo.no_fexit = true;
		c->loader = loader__new(&lo, why);
	}
	if (!c->loader)
		return -errno;
	/* Containers running before we started are not "started" on their next exec. */
	if (loader__seed_cgroups(c->loader, c->cgroup2) < 0)
		log_msg(LOG_LVL_WARN, "could not mark the existing cgroups as seen: running "
				      "containers will be reported as started on their next exec");
	provider = (struct metrics_provider){
	    .ctx = c,
	    .bpf_counters = provide_bpf_counters,
	    .ringbuf = provide_ringbuf,
	};
	metrics__set_provider(c->metrics, &provider);
	metrics__set_kernel_modules(c->metrics, loader__modules_supported(c->loader));
	publish_programs(c);
	c->ring = ring_buffer__new(loader__ringbuf_fd(c->loader), pipeline__handle_record,
				   c->pipeline, NULL);
	if (!c->ring)
		return -errno;
	return 0;
}

static void collector_free(struct collector *c)
{
	/* The channel first: its closing is what ends the HTTP process. */
	metrics_channel_server__free(c->channel);
	http_child__stop(&c->http_child);
	web_config__release(&c->web);
	for (size_t i = 0; i < c->n_sinks; i++)
		sink__free(c->sinks[i]);
	ring_buffer__free(c->ring);
	loader__free(c->loader);
	pipeline__free(c->pipeline);
	metrics__free(c->metrics);
	posture_tracker__free(c->posture);
	meta_cache__free(c->meta);
	cgcache__free(c->cgcache);
	proc_cache__free(c->procs);
	classifier__free(c->classifier);
	config__free(&c->config);
	notify__close(&c->notify);
}

/*
 * Every start-up check that needs no BPF, shared with --check-config: the
 * node name, the outputs (parsed; files openable or creatable) and the
 * metrics address (parsed, names resolved). One line on failure.
 */
static int preflight(struct collector *c)
{
	struct ctw_error why = {""};
	int err;

	err = node_name__resolve(c->opts.node_name, getenv(NODE_NAME_ENV), c->node_name,
				 sizeof(c->node_name), &c->node_name_source);
	if (err < 0) {
		fprintf(stderr, "ctrwatch: node name from %s: %s\n",
			node_name_source__name(c->node_name_source),
			err == -EINVAL ? "empty, longer than 253 bytes or not printable ASCII"
				       : strerror(-err));
		return err;
	}
	output_plan__make(&c->outputs, c->opts.outputs, c->opts.n_outputs, c->config.outputs,
			  c->config.n_outputs);
	err = output_plan__check(&c->outputs, &why);
	if (err < 0) {
		if (c->outputs.source == OUTPUT_FROM_CONFIG)
			fprintf(stderr, "ctrwatch: %s: outputs: %s\n", c->opts.config_path,
				ctw_error__text(&why, err));
		else
			fprintf(stderr, "ctrwatch: --output: %s\n", ctw_error__text(&why, err));
		return err;
	}
	if (strcmp(c->opts.metrics_addr, "off") != 0) {
		struct sockaddr_storage ss;
		socklen_t ss_len;

		err = http_addr__parse(c->opts.metrics_addr, &ss, &ss_len);
		if (err == -ENXIO) {
			fprintf(stderr,
				"ctrwatch: --metrics-addr: '%s': the host name does not resolve\n",
				c->opts.metrics_addr);
			return err;
		}
		if (err < 0) {
			fprintf(stderr, "ctrwatch: --metrics-addr: '%s' is not %s\n",
				c->opts.metrics_addr, HTTP_SERVER_ADDR_USAGE);
			return err;
		}
	}
	if (c->opts.web_config) {
		err = web_config__load(c->opts.web_config, &c->web, &why);
		if (err == 0)
			err = web_config__check_tls(&c->web, &why);
		if (err < 0) {
			fprintf(stderr, "ctrwatch: --web-config: %s\n", ctw_error__text(&why, err));
			return err;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	static struct collector c;
	struct ctw_error why = {""};
	int err, code = EXIT_OK;

	c.http_child.channel_fd = -1;
	if (options__parse(argc, argv, &c.opts, &why) < 0) {
		fprintf(stderr, "ctrwatch: %s\n", why.msg);
		return EXIT_USAGE;
	}
	switch (c.opts.action) {
	case OPTIONS_HELP:
		fputs(options__usage, stdout);
		return EXIT_OK;
	case OPTIONS_VERSION:
		printf("ctrwatch %s (libbpf %u.%u)\n", CTRWATCH_VERSION, libbpf_major_version(),
		       libbpf_minor_version());
		return EXIT_OK;
	default:
		break;
	}
	log_set_level(c.opts.log_level);
	log_set_format(c.opts.log_format);

	if (load_config(&c) < 0)
		return EXIT_USAGE;
	/* What start-up would refuse, refused before anything is loaded; --check-config stops here.
	 */
	if (preflight(&c) < 0) {
		config__free(&c.config);
		return EXIT_USAGE;
	}
	if (c.opts.action == OPTIONS_CHECK_CONFIG) {
		if (c.config_missing)
			printf(
			    "%s: not found (optional at the default path): built-in defaults: ok\n",
			    c.opts.config_path);
		else
			printf("%s: ok\n", c.opts.config_path);
		config__free(&c.config);
		return EXIT_OK;
	}

	err = notify__open(&c.notify);
	if (err < 0)
		log_msg(LOG_LVL_WARN,
			"NOTIFY_SOCKET unusable (%s): not reporting to the service "
			"manager",
			strerror(-err));
	/* Outputs and the metrics port before BPF: a misconfigured unit loads nothing. */
	if (open_sinks(&c) < 0) {
		code = EXIT_OUTPUT;
		goto cleanup;
	}
	err = bind_metrics(&c);
	if (err < 0) {
		/* -EPERM only from the HTTP process's drop to its own ids: not root enough. */
		code = err == -EPERM ? EXIT_NO_PRIVILEGE : EXIT_FAILURE_RUNTIME;
		goto cleanup;
	}
	/* Only now: a start-up refused above is one line, with nothing before it. */
	log_msg(LOG_LVL_INFO, "node name %s (from %s); outputs from %s", c.node_name,
		node_name_source__name(c.node_name_source), output_source__name(c.outputs.source));
	if (c.outputs.config_ignored)
		log_msg(LOG_LVL_WARN, "outputs: in %s not used: --output given on the command line",
			c.opts.config_path);
	err = start(&c, &why);
	if (err < 0) {
		fprintf(stderr, "ctrwatch: start-up failed: %s\n", ctw_error__text(&why, err));
		code = EXIT_FAILURE_RUNTIME;
		goto cleanup;
	}
	err = install_signal_handlers();
	if (err < 0) {
		fprintf(stderr, "ctrwatch: installing signal handlers failed: %s\n",
			strerror(-err));
		code = EXIT_FAILURE_RUNTIME;
		goto cleanup;
	}
	err = attach(&c, &why);
	if (err < 0) {
		code = exit_code_for_loader_error(-err, &why);
		goto cleanup;
	}
	/* Output threads and the HTTP server start after the drop, with its rights. */
	if (drop_privileges(&c) < 0) {
		code = EXIT_NO_PRIVILEGE;
		goto cleanup;
	}
	if (start_sinks(&c) < 0) {
		code = EXIT_OUTPUT;
		goto cleanup;
	}
	if (serve_metrics(&c) < 0) {
		code = EXIT_FAILURE_RUNTIME;
		goto cleanup;
	}
	if (consume(&c) < 0)
		code = EXIT_FAILURE_RUNTIME;
cleanup:
	collector_free(&c);
	return code;
}
