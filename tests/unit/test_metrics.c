// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The Prometheus text of user/metrics.c, the /proc parsers behind process_*, and /healthz. */
#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "event_type.h"
#include "metrics.h"
#include "posture.h"
#include "procstats.h"
#include "sink.h"

#define FIXTURES "tests/fixtures/metrics/"

/* Whole-line match: "needle" must be one line of text. */
static int has_line(const char *text, const char *line)
{
	size_t n = strlen(line);

	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (strncmp(p, line, n) == 0 && (p[n] == '\n' || p[n] == '\0'))
			return 1;
	return 0;
}

static int count_prefix(const char *text, const char *prefix)
{
	size_t n = strlen(prefix);
	int count = 0;

	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (strncmp(p, prefix, n) == 0)
			count++;
	return count;
}

static char *render(struct metrics *m)
{
	char *text = NULL;
	size_t len = 0;
	int err = metrics__render(m, &text, &len);

	ASSERT_EQ(err, 0, "metrics__render succeeds");
	if (err)
		return NULL;
	ASSERT_EQ(strlen(text), len, "render length matches the text");
	return text;
}

static struct ctw_counters fake_counters;

static int fake_bpf_counters(void *ctx, struct ctw_counters *out)
{
	*out = fake_counters;
	return 0;
}

static int fake_ringbuf(void *ctx, uint64_t *in_use, uint64_t *size)
{
	*in_use = 4096;
	*size = 16777216;
	return 0;
}

static int failing_ringbuf(void *ctx, uint64_t *in_use, uint64_t *size)
{
	return -EIO;
}

static void classification_of(struct classification *c, enum severity sev, uint32_t flags,
			      const char *det1, const char *det2)
{
	memset(c, 0, sizeof(*c));
	c->severity = sev;
	c->flags = flags;
	if (det1)
		c->detections[c->n_detections++] = det1;
	if (det2)
		c->detections[c->n_detections++] = det2;
}

static void test_samples(void)
{
	struct metrics *m = metrics__new();
	struct sink sink_a = {.name = "stdout"}, sink_b = {.name = "we\"ird\\na\nme"};
	struct metrics_provider prov = {
	    .bpf_counters = fake_bpf_counters,
	    .ringbuf = fake_ringbuf,
	};
	struct metrics_cgcache_stats cg = {
	    .hits = 10, .misses = 3, .entries = 7, .evictions = 1, .walks = 2};
	struct classification c;
	char ctw002[] = "CTW-002"; /* same ID, another string: must share the slot */
	char *text;

	ASSERT_TRUE(m != NULL, "metrics__new");
	if (!m)
		return;
	fake_counters.by_type[CTW_EVENT_MOUNT].emitted = 5;
	fake_counters.by_type[CTW_EVENT_MOUNT].lost = 2;
	fake_counters.inflight_full = 9;
	metrics__set_provider(m, &prov);
	metrics__set_node_name(m, "node-7");

	classification_of(&c, SEVERITY_CRITICAL, FLAG_CONTAINER_ESCAPE, "CTW-002", NULL);
	metrics__count_event(m, CTW_EVENT_MOUNT, &c);
	classification_of(&c, SEVERITY_CRITICAL, FLAG_CONTAINER_ESCAPE | FLAG_PRIVILEGE_GAIN,
			  ctw002, "CTW-010");
	metrics__count_event(m, CTW_EVENT_MOUNT, &c);
	metrics__count_event(m, CTW_EVENT_UNSHARE, NULL);
	metrics__count_event(m, 0, NULL); /* CTW_EVENT_NONE has no name */
	metrics__count_event(m, 1000, NULL);
	metrics__count_error(m, METRICS_ERR_DECODE);
	metrics__count_suppressed(m, "CTW-010");
	metrics__set_cgcache_stats(m, &cg);
	metrics__set_containers_known(m, 3);
	metrics__set_proc_cache_stats(m, 321, 4, 5);
	atomic_store(&sink_a.delivered, 42);
	atomic_store(&sink_b.dropped, 1);
	ASSERT_EQ(metrics__add_sink(m, &sink_a), 0, "first sink index");
	ASSERT_EQ(metrics__add_sink(m, &sink_b), 1, "second sink index");
	ASSERT_EQ(metrics__add_program(m, "handle_mount", METRICS_MECH_TRACEPOINT, true), 0,
		  "first program index");
	ASSERT_EQ(metrics__add_program(m, "handle_raw", METRICS_MECH_RAW_SYSCALLS, false), 1,
		  "second program index");

	text = render(m);
	if (!text)
		goto out;

	static const char *const want[] = {
	    "# TYPE ctrwatch_events_total counter",
	    "ctrwatch_events_total{type=\"mount\",severity=\"critical\"} 2",
	    "ctrwatch_events_total{type=\"mount\",severity=\"info\"} 0",
	    "ctrwatch_events_total{type=\"unshare\",severity=\"info\"} 1",
	    "ctrwatch_events_total{type=\"container_stop\",severity=\"warning\"} 0",
	    "ctrwatch_events_flagged_total{flag=\"container_escape\"} 2",
	    "ctrwatch_events_flagged_total{flag=\"privilege_gain\"} 1",
	    "ctrwatch_events_flagged_total{flag=\"kernel_touch\"} 0",
	    "ctrwatch_events_flagged_total{flag=\"runtime_setup\"} 0",
	    "# TYPE ctrwatch_detections_total counter",
	    "ctrwatch_detections_total{detection=\"CTW-002\"} 2",
	    "ctrwatch_detections_total{detection=\"CTW-010\"} 1",
	    "ctrwatch_exceptions_suppressed_total{detection=\"CTW-010\"} 1",
	    "ctrwatch_consumer_errors_total{stage=\"unknown_type\"} 2",
	    "ctrwatch_consumer_errors_total{stage=\"decode\"} 1",
	    "ctrwatch_consumer_errors_total{stage=\"resolve\"} 0",
	    "# TYPE ctrwatch_ringbuf_events_total counter",
	    "ctrwatch_ringbuf_events_total{type=\"mount\"} 5",
	    "ctrwatch_ringbuf_events_total{type=\"capset\"} 0",
	    "ctrwatch_ringbuf_events_lost_total{type=\"mount\"} 2",
	    "ctrwatch_bpf_inflight_full_total 9",
	    "# TYPE ctrwatch_ringbuf_bytes_in_use gauge",
	    "ctrwatch_ringbuf_bytes_in_use 4096",
	    "ctrwatch_ringbuf_size_bytes 16777216",
	    "ctrwatch_sink_events_total{sink=\"stdout\"} 42",
	    "ctrwatch_sink_events_dropped_total{sink=\"stdout\"} 0",
	    /* label escaping: " → \", \ → \\, newline → \n */
	    "ctrwatch_sink_events_dropped_total{sink=\"we\\\"ird\\\\na\\nme\"} 1",
	    "ctrwatch_cgroup_cache_hits_total 10",
	    "ctrwatch_cgroup_cache_misses_total 3",
	    "ctrwatch_cgroup_cache_evictions_total 1",
	    "ctrwatch_cgroup_cache_walks_total 2",
	    "# TYPE ctrwatch_cgroup_cache_entries gauge",
	    "ctrwatch_cgroup_cache_entries 7",
	    "ctrwatch_containers_known 3",
	    "# TYPE ctrwatch_process_cache_entries gauge",
	    "ctrwatch_process_cache_entries 321",
	    "ctrwatch_process_cache_evictions_total 4",
	    "ctrwatch_process_cache_misses_total 5",
	    "ctrwatch_program_attached{program=\"handle_mount\",mechanism=\"tracepoint\"} 1",
	    "ctrwatch_program_attached{program=\"handle_raw\",mechanism=\"raw_syscalls_fallback\"} "
	    "0",
	    "# TYPE ctrwatch_program_attached gauge",
	    "ctrwatch_consumer_running 0",
	    "# TYPE process_cpu_seconds_total counter",
	    "# TYPE process_resident_memory_bytes gauge",
	    "ctrwatch_scrape_errors_total 0",
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		ASSERT_TRUE(has_line(text, want[i]), want[i]);
	/* Label values are the words the JSON events use. */
	for (int s = 0; s < SEVERITY_MAX; s++) {
		char line[128];

		snprintf(line, sizeof(line),
			 "ctrwatch_events_total{type=\"mount\",severity=\"%s\"} %d",
			 severity__name((enum severity)s), s == SEVERITY_CRITICAL ? 2 : 0);
		ASSERT_TRUE(has_line(text, line), line);
	}
	for (int f = 0; f < FLAG_COUNT; f++) {
		char line[128];

		snprintf(line, sizeof(line), "ctrwatch_events_flagged_total{flag=\"%s\"}",
			 event_flag__name((enum event_flag)(1u << f)));
		ASSERT_EQ(count_prefix(text, line), 1, line);
	}

	/* Every named event type × 4 severities, and no sample for the unnamed type 0. */
	{
		int named = 0;

		for (unsigned int t = 0; t < METRICS_MAX_TYPES; t++)
			named += event_type__name(t) != NULL;
		ASSERT_TRUE(named >= 14, "the 14 kernel event types at least are named");
		ASSERT_EQ(count_prefix(text, "ctrwatch_events_total{"), named * SEVERITY_MAX,
			  "one sample per type × severity");
	}
	ASSERT_EQ(count_prefix(text, "ctrwatch_build_info{version=\""), 1, "build info sample");
	ASSERT_TRUE(strstr(text, ",node=\"node-7\"} 1\n") != NULL,
		    "build info carries the node label");
	ASSERT_EQ(count_prefix(text, "process_open_fds "), 1, "process_open_fds sample");
	ASSERT_EQ(count_prefix(text, "process_max_fds "), 1, "process_max_fds sample");
	ASSERT_EQ(count_prefix(text, "process_start_time_seconds "), 1, "start time sample");
	ASSERT_EQ(count_prefix(text, "ctrwatch_detections_total{detection=\"other\"}"), 0,
		  "no overflow bucket before the table is full");

	/* Every family: one HELP, then its TYPE on the next line; counters end in _total. */
	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		char name[128], type[16], help_line[160];
		const char *help;

		if (sscanf(p, "# TYPE %127s %15s", name, type) != 2)
			continue;
		snprintf(help_line, sizeof(help_line), "# HELP %s ", name);
		help = strstr(text, help_line);
		ASSERT_TRUE(help && help < p && strchr(help, '\n') + 1 == p, name);
		ASSERT_EQ(count_prefix(text, help_line), 1, name);
		if (strcmp(type, "counter") == 0) {
			size_t n = strlen(name);

			ASSERT_TRUE(n > 6 && strcmp(name + n - 6, "_total") == 0, name);
		}
	}
	/* The help says what the counter counts: events written, not everything classified. */
	ASSERT_TRUE(strstr(text, "# HELP ctrwatch_events_total Events written to the outputs") !=
			NULL,
		    "ctrwatch_events_total's help says it counts written events");
	ASSERT_TRUE(has_line(text, "ctrwatch_config_last_reload_successful 0"),
		    "no config load reported yet: last reload not successful");
	free(text);

	/* Prometheus's own pair: successful load at start, failed reload, good reload. */
	metrics__set_config_reload(m, true, 1790000000);
	text = render(m);
	ASSERT_TRUE(text && has_line(text, "ctrwatch_config_last_reload_successful 1"),
		    "after a good load: successful 1");
	ASSERT_TRUE(text && has_line(text, "ctrwatch_config_last_reload_success_timestamp_seconds "
					   "1790000000"),
		    "after a good load: its time");
	ASSERT_TRUE(text && strstr(text, "# TYPE ctrwatch_config_last_reload_successful gauge"),
		    "reload state is a gauge");
	free(text);
	metrics__set_config_reload(m, false, 1790000100);
	text = render(m);
	ASSERT_TRUE(text && has_line(text, "ctrwatch_config_last_reload_successful 0"),
		    "after a failed reload: successful 0");
	ASSERT_TRUE(text && has_line(text, "ctrwatch_config_last_reload_success_timestamp_seconds "
					   "1790000000"),
		    "a failed reload keeps the last success's time");
	free(text);
	metrics__set_config_reload(NULL, true, 1); /* NULL metrics: nothing, no crash */
out:
	metrics__free(m);
}

/* A scrape before any stage has reported: every family is there, at zero. */
static void test_families_from_first_scrape(void)
{
	static const char *const zero_lines[] = {
	    "ctrwatch_cgroup_cache_hits_total 0",
	    "ctrwatch_cgroup_cache_misses_total 0",
	    "ctrwatch_cgroup_cache_evictions_total 0",
	    "ctrwatch_cgroup_cache_walks_total 0",
	    "ctrwatch_cgroup_cache_entries 0",
	    "ctrwatch_process_cache_entries 0",
	    "ctrwatch_process_cache_evictions_total 0",
	    "ctrwatch_process_cache_misses_total 0",
	    "ctrwatch_containers_known 0",
	    "ctrwatch_container_posture_findings{finding=\"CTW-P01\",severity=\"critical\"} 0",
	    "# TYPE ctrwatch_container_posture_findings gauge",
	    "# TYPE ctrwatch_sink_events_total counter",
	    "# TYPE ctrwatch_program_attached gauge",
	    "ctrwatch_consumer_running 0",
	};
	struct metrics *m = metrics__new();
	char *text;

	if (!m)
		return;
	text = render(m);
	ASSERT_TRUE(text != NULL, "render");
	for (size_t i = 0; text && i < sizeof(zero_lines) / sizeof(zero_lines[0]); i++)
		ASSERT_TRUE(has_line(text, zero_lines[i]), zero_lines[i]);
	if (text)
		ASSERT_EQ(count_prefix(text, "ctrwatch_container_posture_findings{"),
			  POSTURE_CHECK_MAX, "one posture sample per finding");
	free(text);
	metrics__free(m);
}

static void test_provider_failure_and_overflow(void)
{
	struct metrics *m = metrics__new();
	struct metrics_provider prov = {.ringbuf = failing_ringbuf};
	static char ids[METRICS_MAX_DETECTIONS + 1][16];
	struct classification c;
	char *text;

	if (!m)
		return;
	metrics__set_provider(m, &prov);
	for (int i = 0; i <= METRICS_MAX_DETECTIONS; i++) {
		snprintf(ids[i], sizeof(ids[i]), "CTW-%03d", i);
		classification_of(&c, SEVERITY_WARNING, 0, ids[i], NULL);
		metrics__count_event(m, CTW_EVENT_SETNS, &c);
	}
	text = render(m);
	if (text) {
		ASSERT_TRUE(has_line(text, "ctrwatch_detections_total{detection=\"other\"} 1"),
			    "the 65th detection ID goes to \"other\"");
		ASSERT_TRUE(has_line(text, "ctrwatch_detections_total{detection=\"CTW-063\"} 1"),
			    "the 64th detection ID has its own slot");
		ASSERT_EQ(count_prefix(text, "ctrwatch_ringbuf_bytes_in_use"), 0,
			  "a failing provider omits its samples");
		ASSERT_EQ(count_prefix(text, "ctrwatch_ringbuf_events_total"), 0,
			  "no bpf_counters provider, no ring-buffer counters");
		ASSERT_TRUE(has_line(text, "ctrwatch_scrape_errors_total 1"),
			    "a failing provider counts a scrape error");
		ASSERT_TRUE(
		    has_line(text, "ctrwatch_events_total{type=\"setns\",severity=\"warning\"} 65"),
		    "every event counted once");
		free(text);
	}
	metrics__free(m);
}

static void test_programs_and_health(void)
{
	struct metrics *m = metrics__new();
	struct ctw_error why;
	char long_name[METRICS_NAME_LEN + 1];
	int a, b;

	if (!m)
		return;
	ASSERT_EQ(metrics__health(m, &why), -EAGAIN, "not ready before anything");
	ASSERT_STR_EQ(why.msg, "no BPF program loaded yet; consumer not running",
		      "why: nothing yet");

	a = metrics__add_program(m, "handle_a", METRICS_MECH_TRACEPOINT, false);
	b = metrics__add_program(m, "handle_b", METRICS_MECH_TP_BTF, true);
	metrics__add_program(m, "handle_module_load", METRICS_MECH_UNAVAILABLE, false);
	memset(long_name, 'x', METRICS_NAME_LEN);
	long_name[METRICS_NAME_LEN] = '\0';
	ASSERT_EQ(metrics__add_program(m, long_name, METRICS_MECH_TRACEPOINT, true), -EINVAL,
		  "too long a program name is refused");
	ASSERT_EQ(metrics__add_program(m, "", METRICS_MECH_TRACEPOINT, true), -EINVAL,
		  "empty program name is refused");
	metrics__set_consumer_running(m, true);
	ASSERT_EQ(metrics__health(m, &why), -EAGAIN, "not ready: one program detached");
	ASSERT_STR_EQ(why.msg, "program handle_a not attached", "why names the detached program");

	metrics__set_program_attached(m, a, true);
	metrics__set_program_attached(m, 99, false); /* out of range: ignored */
	ASSERT_EQ(metrics__health(m, &why), 0, "ready: all attached, consumer runs");
	ASSERT_STR_EQ(why.msg, "", "no reason when ready");

	metrics__set_consumer_running(m, false);
	ASSERT_EQ(metrics__health(m, &why), -EAGAIN, "not ready: consumer stopped");
	ASSERT_STR_EQ(why.msg, "consumer not running", "why: consumer");

	metrics__set_consumer_running(m, true);
	metrics__set_shutting_down(m);
	ASSERT_EQ(metrics__health(m, &why), -ESHUTDOWN, "503 while shutting down");
	ASSERT_STR_EQ(why.msg, "shutting down", "why: shutting down");

	/* A reason that does not fit is cut, never overflows. */
	metrics__free(m);
	m = metrics__new();
	if (!m)
		return;
	for (int i = 0; i < 8; i++) {
		char name[METRICS_NAME_LEN];

		/* 8 reasons of ~80 bytes: more than a ctw_error holds. */
		snprintf(name, sizeof(name), "handle_program_with_a_rather_long_name_number_%d", i);
		metrics__add_program(m, name, METRICS_MECH_TRACEPOINT, false);
	}
	ASSERT_EQ(metrics__health(m, &why), -EAGAIN, "many detached programs");
	ASSERT_EQ(strlen(why.msg), sizeof(why.msg) - 1, "reason cut to the message");
	ASSERT_EQ(b, 1, "second program index");
	for (int i = 8; i < METRICS_MAX_PROGRAMS; i++)
		metrics__add_program(m, "handle_more", METRICS_MECH_TRACEPOINT, true);
	ASSERT_EQ(metrics__add_program(m, "handle_one_too_many", METRICS_MECH_TRACEPOINT, true),
		  -ENOSPC, "program table full");
	metrics__free(m);
}

static char *read_fixture(const char *path)
{
	static char buf[4096];
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

static void test_procstats(void)
{
	static const struct {
		const char *text;
		int err;
		const char *what;
	} bad[] = {
	    {"", -EINVAL, "empty"},
	    {"12 (x)", -EINVAL, "nothing after comm"},
	    {"12 (x) S 1 2", -EINVAL, "too few fields"},
	    {"12 (x) S 1 2 3 4 5 6 7 8 9 10 11 zz 13 14 15 16 17 18 19 20 21", -EINVAL,
	     "a field that is not a number"},
	};
	struct procstats ps;
	const char *text = read_fixture(FIXTURES "proc_stat_tricky_comm.txt");
	uint64_t btime = 0;

	ASSERT_TRUE(text != NULL, "fixture proc_stat_tricky_comm.txt");
	if (text) {
		memset(&ps, 0, sizeof(ps));
		ASSERT_EQ(procstats__parse_stat(text, 100, 4096, 1700000000, &ps), 0,
			  "comm with spaces and ')' parses");
		ASSERT_EQ((long long)(ps.cpu_seconds * 100 + 0.5), 380,
			  "utime 250 + stime 130 ticks");
		ASSERT_EQ(ps.resident_bytes, 2560ull * 4096, "rss pages × page size");
		ASSERT_EQ(ps.virtual_bytes, 104857600, "vsize bytes");
		ASSERT_EQ((long long)(ps.start_time_seconds * 100 + 0.5), 170000000000ll + 12345,
			  "btime + starttime ticks");
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ASSERT_EQ(procstats__parse_stat(bad[i].text, 100, 4096, 0, &ps), bad[i].err,
			  bad[i].what);
	ASSERT_EQ(procstats__parse_stat(text ? text : "", 0, 4096, 0, &ps), -EINVAL,
		  "zero clock ticks refused");

	ASSERT_EQ(
	    procstats__parse_btime("cpu 1 2 3\nintr 5\nbtime 1795692726\nprocesses 9\n", &btime), 0,
	    "btime line found");
	ASSERT_EQ(btime, 1795692726, "btime value");
	ASSERT_EQ(procstats__parse_btime("cpu 1 2 3\n", &btime), -EINVAL, "no btime line");
	ASSERT_EQ(procstats__parse_btime("btime x\n", &btime), -EINVAL, "btime not a number");

	memset(&ps, 0, sizeof(ps));
	ASSERT_EQ(procstats__read(&ps), 0, "procstats__read on this process");
	ASSERT_TRUE(ps.resident_bytes > 0 && ps.virtual_bytes >= ps.resident_bytes,
		    "rss and vsize of this process");
	ASSERT_TRUE(ps.open_fds >= 3 && ps.max_fds >= ps.open_fds, "fds of this process");
	ASSERT_TRUE(ps.start_time_seconds > 1e9, "start time is an epoch time");
}

/* Kernel facts found at start-up: omitted until the loader said, then a 0/1 gauge. */
static void test_kernel_facts(void)
{
	struct metrics *m = metrics__new();
	char *text;

	ASSERT_TRUE(m != NULL, "metrics__new");
	if (!m)
		return;
	text = render(m);
	ASSERT_TRUE(text && !strstr(text, "ctrwatch_kernel_modules_supported"),
		    "module support not known yet: no sample");
	free(text);
	metrics__set_kernel_modules(m, false);
	text = render(m);
	ASSERT_TRUE(text && has_line(text, "ctrwatch_kernel_modules_supported 0"),
		    "a kernel without module support: 0");
	ASSERT_TRUE(text && strstr(text, "# TYPE ctrwatch_kernel_modules_supported gauge"),
		    "module support is a gauge");
	free(text);
	metrics__set_kernel_modules(m, true);
	text = render(m);
	ASSERT_TRUE(text && has_line(text, "ctrwatch_kernel_modules_supported 1"),
		    "a kernel that loads modules: 1");
	ASSERT_TRUE(text && !strstr(text, "ctrwatch_cgroup_attribution_info"),
		    "cgroup mode not known yet: no sample");
	free(text);
	metrics__set_cgroup_mode(m, "v2", NULL);
	text = render(m);
	ASSERT_TRUE(text && has_line(text, "ctrwatch_cgroup_attribution_info{mode=\"v2\"} 1"),
		    "cgroup2 attribution: mode v2, no controller");
	free(text);
	metrics__set_cgroup_mode(m, "v1", "memory");
	text = render(m);
	ASSERT_TRUE(text && has_line(text, "ctrwatch_cgroup_attribution_info{mode=\"v1\","
					   "controller=\"memory\"} 1"),
		    "v1-only attribution: mode v1 and its controller");
	free(text);
	metrics__free(m);
}

int main(void)
{
	test_samples();
	test_families_from_first_scrape();
	test_kernel_facts();
	test_provider_failure_and_overflow();
	test_programs_and_health();
	test_procstats();
	return check_summary("metrics");
}
