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
#include <time.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "cgcache.h"
#include "classify.h"
#include "config.h"
#include "exit_codes.h"
#include "host_facts.h"
#include "http_server.h"
#include "loader.h"
#include "log.h"
#include "metrics.h"
#include "options.h"
#include "pipeline.h"
#include "sink.h"

#define CGCACHE_MAX_ENTRIES 65536
#define POLL_TIMEOUT_MS 100 /* BPF batches wakeups; this bounds how long a record waits */
#define HOUSEKEEPING_INTERVAL_NS 1000000000ll

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
	struct sigaction stop = { .sa_handler = on_stop_signal };
	struct sigaction hup = { .sa_handler = on_hangup };

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
	struct metrics *metrics;
	struct loader *loader;
	struct http_server *http;
	struct ring_buffer *ring;
	struct pipeline *pipeline;
	char hostname[256];
};

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	/* libbpf's own chatter is for debugging ctrwatch; errors reach users through our lines. */
	if (level == LIBBPF_DEBUG && log_get_level() < LOG_LVL_DEBUG)
		return 0;
	if (log_get_level() < LOG_LVL_DEBUG)
		return 0;
	log_vmsg(LOG_LVL_DEBUG, fmt, ap);
	return 0;
}

static int load_config(struct collector *c)
{
	struct config_error err = { "" };
	int ret;

	config__init(&c->config);
	ret = config__load(c->opts.config_path, &c->config, &err);
	if (ret == -ENOENT && !c->opts.config_explicit) {
		config__init(&c->config); /* no file at the default path: built-in defaults */
		return 0;
	}
	if (ret < 0) {
		fprintf(stderr, "ctrwatch: %s\n", err.msg[0] ? err.msg : strerror(-ret));
		return ret;
	}
	return 0;
}

static int open_sinks(struct collector *c)
{
	struct pipeline *p = c->pipeline;

	for (size_t i = 0; i < c->opts.n_outputs || (i == 0 && c->opts.n_outputs == 0); i++) {
		const char *dest = c->opts.n_outputs ? c->opts.outputs[i] : "stdout";
		const char *path = strcmp(dest, "stdout") == 0 ? NULL : dest;

		if (strncmp(dest, "file:", 5) == 0)
			path = dest + 5;
		p->sinks[p->n_sinks] = sink_file__new(path);
		if (!p->sinks[p->n_sinks]) {
			int err = -errno;

			fprintf(stderr, "ctrwatch: cannot open output %s: %s\n", dest, strerror(errno));
			return err;
		}
		if (c->metrics)
			metrics__add_sink(c->metrics, p->sinks[p->n_sinks]);
		p->n_sinks++;
	}
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

static int health_check(void *ctx, char *why, size_t why_len)
{
	return metrics__health(ctx, why, why_len);
}

static void publish_programs(struct collector *c)
{
	size_t n = loader__n_programs(c->loader);

	for (size_t i = 0; i < n; i++) {
		const struct loader_program *prog = loader__program(c->loader, i);

		metrics__add_program(c->metrics, prog->name, prog->mechanism, prog->attached);
	}
}

static int exit_code_for_loader_error(int err)
{
	switch (err) {
	case EPERM:
	case EACCES:
		fprintf(stderr, "ctrwatch: permission denied loading BPF programs: run as root or with "
				"CAP_BPF, CAP_PERFMON and CAP_SYS_RESOURCE\n");
		return EXIT_NO_PRIVILEGE;
	case ENOENT:
		fprintf(stderr, "ctrwatch: this kernel exposes no BTF (/sys/kernel/btf/vmlinux): "
				"a kernel built with CONFIG_DEBUG_INFO_BTF=y is required\n");
		return EXIT_KERNEL_UNSUPPORTED;
	case EOPNOTSUPP:
		fprintf(stderr, "ctrwatch: this kernel has no BPF ring buffer: Linux 5.8 or newer is "
				"required\n");
		return EXIT_KERNEL_UNSUPPORTED;
	case ENODEV:
		fprintf(stderr, "ctrwatch: no tracefs found or mountable at /sys/kernel/tracing: "
				"tracepoints cannot be attached\n");
		return EXIT_KERNEL_UNSUPPORTED;
	default:
		fprintf(stderr, "ctrwatch: loading the BPF programs failed: %s (run with "
				"--log-level debug for details)\n",
			strerror(err));
		return EXIT_FAILURE_RUNTIME;
	}
}

static int64_t monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

static void publish_cache_stats(struct collector *c)
{
	struct cgcache_stats s;
	struct metrics_cgcache_stats ms;

	cgcache__stats(c->cgcache, &s);
	ms = (struct metrics_cgcache_stats){
		.hits = s.hits,
		.misses = s.misses,
		.entries = s.size,
		.evictions = s.evictions,
		.walks = s.walks,
	};
	metrics__set_cgcache_stats(c->metrics, &ms);
}

static void reopen_sinks(struct collector *c)
{
	for (size_t i = 0; i < c->pipeline->n_sinks; i++) {
		int err = sink__reopen(c->pipeline->sinks[i]);

		if (err < 0)
			log_msg(LOG_LVL_ERROR, "reopening output %s failed: %s",
				c->pipeline->sinks[i]->name, strerror(-err));
	}
	log_msg(LOG_LVL_INFO, "outputs reopened (SIGHUP)");
}

/* Polls until SIGTERM/SIGINT, then drains what the ring buffer still holds. */
static int consume(struct collector *c)
{
	int64_t next_housekeeping = monotonic_ns() + HOUSEKEEPING_INTERVAL_NS;
	int err = 0;

	metrics__set_consumer_running(c->metrics, true);
	log_msg(LOG_LVL_INFO, "ready: %zu programs attached, consuming events",
		loader__n_programs(c->loader));
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
		pipeline__flush(c->pipeline);
		if (reopen_requested) {
			reopen_requested = 0;
			reopen_sinks(c);
		}
		if (monotonic_ns() >= next_housekeeping) {
			next_housekeeping = monotonic_ns() + HOUSEKEEPING_INTERVAL_NS;
			pipeline__sync_clock(c->pipeline);
			publish_cache_stats(c);
		}
	}
	metrics__set_shutting_down(c->metrics);
	/* Drain: what the programs committed before we stopped still gets written. */
	ring_buffer__consume(c->ring);
	pipeline__flush(c->pipeline);
	log_msg(LOG_LVL_INFO, "stopped after %llu events", (unsigned long long)c->pipeline->records);
	return err;
}

static int start(struct collector *c)
{
	char cgroup2[4096], proc_root[4096];
	int err;

	snprintf(proc_root, sizeof(proc_root), "%s/proc", c->opts.host_root);
	err = host_facts__read(proc_root, &c->host);
	if (err < 0)
		log_msg(LOG_LVL_WARN, "host namespaces unreadable (%s): escape detections that "
				      "compare namespaces are off",
			strerror(-err));
	c->classifier = classifier__new(&c->config, &c->host);
	if (!c->classifier)
		return -errno;
	if (c->opts.host_root[0])
		err = cgcache__find_cgroup2_mount_at("/proc/self/mountinfo", c->opts.host_root,
						     cgroup2, sizeof(cgroup2));
	else
		err = cgcache__find_cgroup2_mount(cgroup2, sizeof(cgroup2));
	if (err < 0) {
		log_msg(LOG_LVL_ERROR, "no cgroup2 hierarchy mounted: containers cannot be attributed");
		return err;
	}
	log_msg(LOG_LVL_INFO, "cgroup2 hierarchy at %s", cgroup2);
	c->cgcache = cgcache__new(cgroup2, CGCACHE_MAX_ENTRIES);
	if (!c->cgcache)
		return -errno;
	c->metrics = metrics__new();
	if (!c->metrics)
		return -errno;

	c->pipeline = calloc(1, sizeof(*c->pipeline));
	if (!c->pipeline)
		return -ENOMEM;
	c->pipeline->cgcache = c->cgcache;
	c->pipeline->classifier = c->classifier;
	c->pipeline->metrics = c->metrics;
	if (gethostname(c->hostname, sizeof(c->hostname) - 1) == 0)
		c->pipeline->hostname = c->hostname;
	pipeline__sync_clock(c->pipeline);
	return 0;
}

static int attach(struct collector *c)
{
	struct loader_options lo = {
		.enabled_types = c->opts.events_mask ? c->opts.events_mask : c->config.events_mask,
		.ringbuf_bytes = c->opts.ringbuf_bytes,
		/* Wake the consumer when an eighth is queued; the poll timeout catches the rest. */
		.wakeup_bytes = c->opts.ringbuf_bytes / 8,
	};
	struct metrics_provider provider;

	c->loader = loader__new(&lo);
	if (!c->loader)
		return -errno;
	provider = (struct metrics_provider){
		.ctx = c,
		.bpf_counters = provide_bpf_counters,
		.ringbuf = provide_ringbuf,
	};
	metrics__set_provider(c->metrics, &provider);
	publish_programs(c);
	c->ring = ring_buffer__new(loader__ringbuf_fd(c->loader), pipeline__handle_record,
				   c->pipeline, NULL);
	if (!c->ring)
		return -errno;
	return 0;
}

static void collector_free(struct collector *c)
{
	http_server__free(c->http);
	ring_buffer__free(c->ring);
	loader__free(c->loader);
	if (c->pipeline) {
		for (size_t i = 0; i < c->pipeline->n_sinks; i++)
			sink__free(c->pipeline->sinks[i]);
		free(c->pipeline);
	}
	metrics__free(c->metrics);
	cgcache__free(c->cgcache);
	classifier__free(c->classifier);
	config__free(&c->config);
}

int main(int argc, char **argv)
{
	static struct collector c;
	char err_text[512];
	int err, code = EXIT_OK;

	if (options__parse(argc, argv, &c.opts, err_text, sizeof(err_text)) < 0) {
		fprintf(stderr, "ctrwatch: %s\n", err_text);
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
	libbpf_set_print(libbpf_print);

	if (load_config(&c) < 0)
		return EXIT_USAGE;
	if (c.opts.action == OPTIONS_CHECK_CONFIG) {
		printf("%s: ok\n", c.opts.config_path);
		config__free(&c.config);
		return EXIT_OK;
	}
	if (strcmp(c.opts.metrics_addr, "off") != 0) {
		struct sockaddr_storage ss;
		socklen_t ss_len;

		if (http_addr__parse(c.opts.metrics_addr, &ss, &ss_len) < 0) {
			fprintf(stderr, "ctrwatch: --metrics-addr: '%s' is not %s\n",
				c.opts.metrics_addr, HTTP_SERVER_ADDR_USAGE);
			config__free(&c.config);
			return EXIT_USAGE;
		}
	}

	err = start(&c);
	if (err < 0) {
		fprintf(stderr, "ctrwatch: start-up failed: %s\n", strerror(-err));
		code = EXIT_FAILURE_RUNTIME;
		goto cleanup;
	}
	if (open_sinks(&c) < 0) {
		code = EXIT_OUTPUT;
		goto cleanup;
	}
	err = install_signal_handlers();
	if (err < 0) {
		fprintf(stderr, "ctrwatch: installing signal handlers failed: %s\n", strerror(-err));
		code = EXIT_FAILURE_RUNTIME;
		goto cleanup;
	}
	err = attach(&c);
	if (err < 0) {
		code = exit_code_for_loader_error(-err);
		goto cleanup;
	}
	if (strcmp(c.opts.metrics_addr, "off") != 0) {
		c.http = http_server__new(c.opts.metrics_addr, c.metrics, health_check, c.metrics);
		if (!c.http) {
			fprintf(stderr, "ctrwatch: cannot serve metrics on %s: %s\n",
				c.opts.metrics_addr, strerror(errno));
			code = EXIT_FAILURE_RUNTIME;
			goto cleanup;
		}
		log_msg(LOG_LVL_INFO, "metrics on http://%s/metrics", c.opts.metrics_addr);
	}
	if (consume(&c) < 0)
		code = EXIT_FAILURE_RUNTIME;
cleanup:
	collector_free(&c);
	return code;
}
