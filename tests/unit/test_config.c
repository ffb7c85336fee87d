// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* config__load against tests/fixtures/config/: good files, and the exact one-line error of bad
 * ones. */
#include <errno.h>
#include <stdlib.h>

#include "check.h"
#include "config.h"
#include "host_facts.h"

static void fixture_path(char *buf, size_t len, const char *name)
{
	const char *dir = getenv("CTRWATCH_FIXTURES");
	const char *src = __FILE__;
	const char *cut = strstr(src, "unit/test_config.c");

	if (dir)
		snprintf(buf, len, "%s/config/%s", dir, name);
	else
		snprintf(buf, len, "%.*sfixtures/config/%s", (int)(cut ? cut - src : 0), src, name);
}

static void test_good_full(void)
{
	struct ctw_error err;
	struct config cfg;
	char path[512];
	int ret;

	fixture_path(path, sizeof(path), "good-full.yaml");
	ret = config__load(path, &cfg, &err);
	ASSERT_EQ(ret, 0, "good-full loads");
	ASSERT_STR_EQ(err.msg, "", "good-full: no message");
	ASSERT_EQ(cfg.n_outputs, 2, "good-full: two outputs");
	ASSERT_STR_EQ(cfg.n_outputs > 1 ? cfg.outputs[1] : "", "tcp://127.0.0.1:5170",
		      "good-full: outputs kept in order");
	ASSERT_EQ(cfg.min_severity, SEVERITY_NOTICE, "min_severity");
	ASSERT_EQ(cfg.events_mask,
		  (1ull << CTW_EVENT_MOUNT) | (1ull << CTW_EVENT_SETNS) |
		      (1ull << CTW_EVENT_OPEN_BY_HANDLE_AT) | (1ull << CTW_EVENT_FILE_WRITE),
		  "events");
	ASSERT_TRUE(config__event_enabled(&cfg, CTW_EVENT_SETNS), "setns enabled");
	ASSERT_TRUE(!config__event_enabled(&cfg, CTW_EVENT_CAPSET), "capset not enabled");
	ASSERT_EQ(cfg.host_events, HOST_EVENTS_FLAGGED_ONLY, "host_events");
	ASSERT_EQ(cfg.args_bytes, 1024, "args_bytes");
	ASSERT_EQ(cfg.ancestors, 0, "ancestors 0 is allowed");
	ASSERT_EQ(cfg.n_runtime_binaries, 2, "runtime_binaries: two paths");
	ASSERT_STR_EQ(cfg.n_runtime_binaries > 1 ? cfg.runtime_binaries[1] : "",
		      "/usr/local/bin/my-runc", "runtime_binaries kept in order");
	for (size_t i = 0; i < DETECTION_COUNT; i++) {
		const char *id = detections[i].id;
		bool want = !strcmp(id, "CTW-001") || !strcmp(id, "CTW-002") ||
			    !strcmp(id, "CTW-006") || !strcmp(id, "CTW-007");

		ASSERT_EQ(cfg.detection_enabled[i], want, id);
	}
	ASSERT_EQ(cfg.n_exceptions, 4, "exceptions");
	if (cfg.n_exceptions == 4) {
		ASSERT_STR_EQ(cfg.exceptions[0].detection, "CTW-006", "exc 0 detection");
		ASSERT_STR_EQ(cfg.exceptions[0].image, "registry.local/sandbox:*", "exc 0 image");
		ASSERT_TRUE(cfg.exceptions[0].reason && strstr(cfg.exceptions[0].reason, "sandbox"),
			    "exc 0 reason");
		ASSERT_EQ(cfg.exceptions[0].line, 9, "exc 0 line");
		ASSERT_TRUE(cfg.exceptions[1].detection == NULL, "exc 1 '*' is NULL");
		ASSERT_STR_EQ(cfg.exceptions[1].comm, "cilium-agent", "exc 1 comm");
		ASSERT_STR_EQ(cfg.exceptions[1].exe, "/usr/bin/cilium-agent", "exc 1 exe");
		ASSERT_STR_EQ(cfg.exceptions[1].k8s_namespace, "kube-system", "exc 1 ns");
		ASSERT_TRUE(cfg.exceptions[2].host_only, "exc 2 host_only");
		ASSERT_STR_EQ(cfg.exceptions[3].container_id, "0123456789ab", "exc 3 id");
		ASSERT_STR_EQ(cfg.exceptions[3].runtime, "containerd", "exc 3 runtime");
		ASSERT_STR_EQ(cfg.exceptions[3].name, "debug-[a-z]*", "exc 3 name");
	}
	ASSERT_EQ(cfg.n_runtimes, 1, "runtimes");
	if (cfg.n_runtimes == 1) {
		ASSERT_STR_EQ(cfg.runtimes[0].name, "youki", "runtime name");
		ASSERT_STR_EQ(cfg.runtimes[0].comm, "youki*", "runtime comm");
		ASSERT_STR_EQ(cfg.runtimes[0].exe, "/usr/local/bin/youki", "runtime exe");
	}
	/* Names, in order, once each; the file's list replaces the defaults. */
	ASSERT_EQ(cfg.n_sensitive_names, 3, "sensitive_files: duplicates folded");
	if (cfg.n_sensitive_names == 3) {
		ASSERT_STR_EQ(cfg.sensitive_names[0], "ld.so.preload", "sensitive 0");
		ASSERT_STR_EQ(cfg.sensitive_names[1], ".env", "sensitive 1: the last component");
		ASSERT_STR_EQ(cfg.sensitive_names[2], "shadow", "sensitive 2: a bare name");
		ASSERT_EQ(cfg.sensitive_names[0][sizeof(cfg.sensitive_names[0]) - 1], 0,
			  "sensitive names are NUL-padded map keys");
	}
	config__free(&cfg);
	config__free(&cfg); /* idempotent */
}

static void assert_defaults(const struct config *cfg, const char *what)
{
	ASSERT_EQ(cfg->min_severity, SEVERITY_INFO, what);
	ASSERT_EQ(cfg->host_events, HOST_EVENTS_ALL, what);
	ASSERT_EQ(cfg->args_bytes, 256, what);
	ASSERT_EQ(cfg->ancestors, 4, what);
	ASSERT_EQ(cfg->n_exceptions, 0, what);
	ASSERT_TRUE(config__event_enabled(cfg, CTW_EVENT_MOUNT), what);
	ASSERT_EQ(cfg->n_sensitive_names, 7, what);
	ASSERT_STR_EQ(cfg->sensitive_names[0], "ld.so.preload", what);
	ASSERT_STR_EQ(cfg->sensitive_names[5], "authorized_keys", what);
	for (size_t i = 0; i < DETECTION_COUNT; i++)
		ASSERT_TRUE(cfg->detection_enabled[i], what);
}

static void test_defaults_and_missing(void)
{
	struct ctw_error err;
	struct config cfg;
	char path[512], want[600];
	int ret;

	fixture_path(path, sizeof(path), "good-empty.yaml");
	ASSERT_EQ(config__load(path, &cfg, &err), 0, "comment-only file loads");
	assert_defaults(&cfg, "comment-only file gives the defaults");
	config__free(&cfg);

	fixture_path(path, sizeof(path), "does-not-exist.yaml");
	ret = config__load(path, &cfg, &err);
	ASSERT_EQ(ret, -ENOENT, "explicit missing file is an error");
	snprintf(want, sizeof(want), "%s: cannot open: No such file or directory", path);
	ASSERT_STR_EQ(err.msg, want, "missing file message");
	config__free(&cfg);

	/* The default path is /etc/ctrwatch/ctrwatch.yaml: absent here, or a real one. */
	ret = config__load(NULL, &cfg, &err);
	ASSERT_TRUE(ret == 0 || err.msg[0], "default path: defaults or a message");
	config__free(&cfg);
}

static const struct {
	const char *file;
	const char *msg; /* after "<path>:" */
} bad[] = {
    {"bad-unknown-key.yaml", "2: host_event: unknown key"},
    {"bad-severity.yaml",
     "1: min_severity: unknown severity \"high\" (info, notice, warning or critical)"},
    {"bad-glob.yaml",
     "5: exceptions[1].image: bad glob \"registry.local/[sandbox:*\": unclosed '[' or "
     "trailing '\\'"},
    {"bad-detection-id.yaml", "4: detections.disabled: unknown detection ID \"CTW-042\""},
    {"bad-event-type.yaml", "3: events: unknown event type \"execve\""},
    {"bad-type-events.yaml", "1: events: expected a list, got a string"},
    {"bad-bool.yaml", "3: exceptions[0].host_only: expected true or false, got another string"},
    {"bad-exception-key.yaml", "3: exceptions[0].hostname: unknown key"},
    {"bad-no-matcher.yaml",
     "2: exceptions[0]: no matcher: to turn CTW-009 off everywhere use detections.disabled"},
    {"bad-container-id.yaml",
     "2: exceptions[0].container_id: expected 12 to 64 lowercase hex digits, got \"abc\""},
    {"bad-runtime.yaml", "3: exceptions[0].runtime: unknown runtime \"rkt\""},
    {"bad-syntax.yaml",
     "4: (syntax): did not find expected '-' indicator while parsing a block collection"},
    {"bad-host-events.yaml", "1: host_events: expected all or flagged-only, got \"none\""},
    {"bad-root.yaml", "1: (top level): expected a mapping, got a list"},
    {"bad-runtime-entry.yaml",
     "2: runtimes[0]: needs name, comm and exe (both globs must match: comm alone is "
     "forgeable)"},
    {"bad-twice.yaml", "2: min_severity: given twice"},
    {"bad-outputs.yaml", "4: outputs: expected a string, got a mapping"},
    {"bad-ancestors.yaml", "2: ancestors: expected an integer from 0 to 8, got \"9\""},
    {"bad-runtime-binaries.yaml",
     "3: runtime_binaries: expected an absolute path, got \"bin/runc\""},
    {"bad-sensitive-glob.yaml",
     "4: sensitive_files: \"/etc/sudoers.d/*\": globs are not supported: the kernel matches "
     "the exact file name"},
    {"bad-sensitive-long.yaml",
     "2: sensitive_files: \"/etc/a-file-name-that-is-much-longer-than-the-sixty-three-bytes-a-"
     "dentry-name-can-carry\": file name longer than 63 bytes"},
    {"bad-sensitive-dir.yaml",
     "2: sensitive_files: \"/root/.ssh/\": names no file (empty last component)"},
    /* Found by fuzz_config: a newline from the file split the message in two. */
    {"bad-control-in-value.yaml", "3: detections.disabled: unknown detection ID \"CTW-??[2J001\""},
};

static void test_bad_files(void)
{
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct ctw_error err;
		struct config cfg;
		char path[512], want[1024];
		int ret;

		fixture_path(path, sizeof(path), bad[i].file);
		ret = config__load(path, &cfg, &err);
		ASSERT_EQ(ret, -EINVAL, bad[i].file);
		snprintf(want, sizeof(want), "%s:%s", path, bad[i].msg);
		ASSERT_STR_EQ(err.msg, want, bad[i].file);
		ASSERT_TRUE(!strchr(err.msg, '\n'), "one line");
		config__free(&cfg);
	}
}

static void test_glob_valid(void)
{
	static const struct {
		const char *glob;
		bool ok;
	} g[] = {
	    {"nginx:*", true}, {"debug-[a-z]*", true}, {"[]]x", true},
	    {"[!]]x", true},   {"a\\*b", true},	       {"[abc", false},
	    {"x[!", false},    {"trailing\\", false},  {"", true},
	};

	for (size_t i = 0; i < sizeof(g) / sizeof(g[0]); i++)
		ASSERT_EQ(glob__valid(g[i].glob), g[i].ok, g[i].glob);
}

/* host_facts lives next to the config in the start-up path; its parser is tested here. */
static void test_ns_link(void)
{
	uint32_t v = 0;

	ASSERT_EQ(host_facts__parse_ns_link("mnt:[4026531841]", "mnt", &v), 0, "mnt link");
	ASSERT_EQ(v, 4026531841u, "mnt inum");
	ASSERT_EQ(host_facts__parse_ns_link("pid:[4026531836]", "mnt", &v), -EINVAL, "wrong type");
	ASSERT_EQ(host_facts__parse_ns_link("mnt:[]", "mnt", &v), -EINVAL, "empty");
	ASSERT_EQ(host_facts__parse_ns_link("mnt:[99999999999]", "mnt", &v), -EINVAL, "too big");
	ASSERT_EQ(host_facts__parse_ns_link("mnt:[12]x", "mnt", &v), -EINVAL, "trailing");
}

static void test_host_facts_read(void)
{
	struct host_facts h;
	char path[512];

	/* A fake /proc whose PID 1 has only mnt and pid links, the other types absent. */
	fixture_path(path, sizeof(path), "proc");
	ASSERT_EQ(host_facts__read(path, &h), 0, "fixture proc");
	ASSERT_EQ(h.init_ns.mnt, 4026531841u, "fixture mnt");
	ASSERT_EQ(h.init_ns.pid, 4026531836u, "fixture pid");
	ASSERT_EQ(h.init_ns.net, 0, "absent type stays 0");
	ASSERT_TRUE(!h.init_ns_from_self, "read from PID 1");

	/* The real one: PID 1 or, when it is not readable, our own namespaces. */
	ASSERT_EQ(host_facts__read("/proc", &h), 0, "real /proc");
	ASSERT_TRUE(h.init_ns.mnt != 0 && h.init_ns.pid != 0, "real /proc has mnt and pid");
}

int main(void)
{
	test_good_full();
	test_defaults_and_missing();
	test_bad_files();
	test_glob_valid();
	test_ns_link();
	test_host_facts_read();
	return check_summary("config");
}
