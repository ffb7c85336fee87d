// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * --format falco: the object carries Falco's json_output fields with the
 * types Falcosidekick expects, and the mapping of docs/falco-format.md.
 */
#include <errno.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <sys/syscall.h>

#include "check.h"
#include "classify.h"
#include "detections.h"
#include "render_falco.h"
#include "render_summary.h"

#include "util.h" /* ARRAY_SIZE */
#define CTR_ID "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define BOOT_TO_REALTIME 1795511169000000000LL /* 2026-11-24T09:06:09Z at boot */

static void build_setuid(struct ctw_setuid_event *e, int64_t ret)
{
	memset(e, 0, sizeof(*e));
	e->hdr.type = CTW_EVENT_SETUID;
	e->hdr.size = sizeof(*e);
	e->hdr.syscall_nr = __NR_setuid;
	e->hdr.flags = CTW_HDR_HAS_RET;
	e->hdr.ktime_ns = 123456789;
	e->hdr.ret = ret;
	e->hdr.pid = 100;
	e->hdr.tid = 101;
	e->hdr.ppid = 1;
	e->hdr.uid = 1000;
	e->hdr.gid = 1000;
	e->hdr.cgroup_id = 77;
	e->hdr.cap_effective = (1ull << 21) | (1ull << 0); /* CAP_SYS_ADMIN, CAP_CHOWN */
	strcpy(e->hdr.comm, "su");
	strcpy(e->hdr.exe, "/bin/su");
	e->nargs = 1;
	e->arg[0] = 0;
}

static struct json_object *field(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	return json_object_object_get_ex(o, key, &v) ? v : NULL;
}

static const char *str(struct json_object *o, const char *key)
{
	struct json_object *v = field(o, key);

	return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

static bool has_tag(struct json_object *o, const char *tag)
{
	struct json_object *tags = field(o, "tags");

	for (size_t i = 0; tags && i < json_object_array_length(tags); i++)
		if (strcmp(json_object_get_string(json_object_array_get_idx(tags, i)), tag) == 0)
			return true;
	return false;
}

static void test_priorities(void)
{
	static const struct {
		enum severity sev;
		const char *want;
	} m[] = {{SEVERITY_CRITICAL, "Critical"},
		 {SEVERITY_WARNING, "Warning"},
		 {SEVERITY_NOTICE, "Notice"},
		 {SEVERITY_INFO, "Informational"}};

	for (size_t i = 0; i < ARRAY_SIZE(m); i++)
		ASSERT_STR_EQ(render_falco__priority(m[i].sev), m[i].want, m[i].want);
}

/* The top-level field list of Falco's json_output, with their JSON types. */
static const struct {
	const char *key;
	json_type type;
} top_fields[] = {
    {"time", json_type_string},		 {"rule", json_type_string},
    {"priority", json_type_string},	 {"output", json_type_string},
    {"output_fields", json_type_object}, {"source", json_type_string},
    {"hostname", json_type_string},	 {"tags", json_type_array},
};

static void test_container_event(void)
{
	struct ctw_setuid_event e;
	struct container_ref ctr = {.runtime = RUNTIME_DOCKER, .id = CTR_ID};
	struct classification cls = {.severity = SEVERITY_CRITICAL,
				     .flags = FLAG_PRIVILEGE_GAIN,
				     .n_reasons = 1,
				     .n_detections = 1};
	struct render_input in = {.rec = &e.hdr,
				  .container = &ctr,
				  .cgroup_path = "/docker/x",
				  .cls = &cls,
				  .hostname = "node-1",
				  .boot_to_realtime_ns = BOOT_TO_REALTIME};
	char buf[RENDER_JSON_LINE_MAX], rule[128];
	struct json_object *o, *of, *args;
	size_t len;

	build_setuid(&e, 0);
	strcpy(cls.reasons[0], "uid 1000 became root");
	cls.detections[0] = detections[0].id;
	ASSERT_EQ(render_falco__event(&in, buf, sizeof(buf), &len), 0, "renders");
	ASSERT_EQ(len, strlen(buf), "length");
	ASSERT_TRUE(len > 0 && buf[len - 1] == '\n' && !memchr(buf, '\n', len - 1), "one line");
	/* Falco's shape has no version field: the native schema_version is not carried. */
	ASSERT_TRUE(strstr(buf, "schema_version") == NULL, "no schema_version, at any level");
	o = json_tokener_parse(buf);
	ASSERT_TRUE(o != NULL, "parses as JSON");
	if (!o)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(top_fields); i++) {
		struct json_object *v = field(o, top_fields[i].key);

		ASSERT_TRUE(v && json_object_is_type(v, top_fields[i].type), top_fields[i].key);
	}
	ASSERT_STR_EQ(str(o, "time"), "2026-11-24T09:06:09.123456789Z", "time");
	ASSERT_STR_EQ(str(o, "priority"), "Critical", "priority");
	ASSERT_STR_EQ(str(o, "source"), "syscall", "source");
	ASSERT_STR_EQ(str(o, "hostname"), "node-1", "hostname");
	snprintf(rule, sizeof(rule), "%s (%s)", detections[0].name, detections[0].id);
	ASSERT_STR_EQ(str(o, "rule"), rule, "rule is the detection");
	ASSERT_STR_EQ(str(o, "output"),
		      "09:06:09.123456789: Critical setuid by su (pid 100, uid 1000) in container "
		      "0123456789ab: uid 1000 became root",
		      "output: time, priority, summary");
	ASSERT_TRUE(has_tag(o, "ctrwatch") && has_tag(o, "privilege_gain") &&
			has_tag(o, detections[0].id),
		    "tags: ctrwatch, flags, detection ids");
	of = field(o, "output_fields");
	ASSERT_STR_EQ(str(of, "evt.type"), "setuid", "evt.type");
	ASSERT_STR_EQ(str(of, "evt.res"), "SUCCESS", "evt.res");
	ASSERT_EQ(json_object_get_int64(field(of, "evt.time")), BOOT_TO_REALTIME + 123456789,
		  "evt.time in ns");
	ASSERT_EQ(json_object_get_int(field(of, "proc.pid")), 100, "proc.pid");
	ASSERT_EQ(json_object_get_int(field(of, "proc.ppid")), 1, "proc.ppid");
	ASSERT_EQ(json_object_get_int(field(of, "thread.tid")), 101, "thread.tid");
	ASSERT_STR_EQ(str(of, "proc.name"), "su", "proc.name");
	ASSERT_STR_EQ(str(of, "proc.exepath"), "/bin/su", "proc.exepath");
	ASSERT_EQ(json_object_get_int(field(of, "user.uid")), 1000, "user.uid");
	ASSERT_EQ(json_object_get_int(field(of, "group.gid")), 1000, "group.gid");
	ASSERT_STR_EQ(str(of, "thread.cap_effective"), "CAP_CHOWN CAP_SYS_ADMIN",
		      "thread.cap_effective");
	ASSERT_STR_EQ(str(of, "container.id"), "0123456789ab", "container.id short");
	ASSERT_STR_EQ(str(of, "container.full_id"), CTR_ID, "container.full_id");
	ASSERT_STR_EQ(str(of, "container.type"), "docker", "container.type");
	ASSERT_STR_EQ(str(of, "ctw.severity"), "critical", "ctw.severity");
	ASSERT_STR_EQ(str(of, "ctw.cgroup.path"), "/docker/x", "ctw.cgroup.path");
	args = str(of, "evt.args") ? json_tokener_parse(str(of, "evt.args")) : NULL;
	ASSERT_TRUE(args && json_object_get_int(field(args, "uid")) == 0,
		    "evt.args holds the native args as JSON text");
	json_object_put(args);
	/* Flat: no value in output_fields is an object or an array. */
	json_object_object_foreach(of, k, v)
	{
		(void)k;
		ASSERT_TRUE(!json_object_is_type(v, json_type_object) &&
				!json_object_is_type(v, json_type_array),
			    "output_fields is flat");
	}
	json_object_put(o);
}

/* proc.cwd from the process cache, only when known; a cut one says so under ctw.* */
static void test_cwd(void)
{
	struct ctw_setuid_event e;
	struct classification cls = {.severity = SEVERITY_INFO};
	struct proc_entry self = {.pid = 100, .exec_ns = 5};
	struct proc_lineage lin = {.self = &self};
	struct render_input in = {.rec = &e.hdr, .cls = &cls, .lineage = &lin};
	char buf[RENDER_JSON_LINE_MAX];
	struct json_object *o, *of;
	size_t len;

	build_setuid(&e, 0);
	strcpy(self.cwd, "/tmp");
	ASSERT_EQ(render_falco__event(&in, buf, sizeof(buf), &len), 0, "cwd: renders");
	o = json_tokener_parse(buf);
	of = field(o, "output_fields");
	ASSERT_STR_EQ(str(of, "proc.cwd"), "/tmp", "proc.cwd from the cache");
	ASSERT_TRUE(field(of, "ctw.proc.cwd_truncated") == NULL, "not cut: no cwd_truncated");
	json_object_put(o);

	strcpy(self.cwd, "/deep/names");
	self.cwd_truncated = true;
	ASSERT_EQ(render_falco__event(&in, buf, sizeof(buf), &len), 0, "cut cwd: renders");
	o = json_tokener_parse(buf);
	of = field(o, "output_fields");
	ASSERT_STR_EQ(str(of, "proc.cwd"), "/deep/names", "proc.cwd keeps the deepest names");
	ASSERT_TRUE(json_object_get_boolean(field(of, "ctw.proc.cwd_truncated")),
		    "ctw.proc.cwd_truncated: true when cut");
	json_object_put(o);

	self.cwd[0] = 0;
	self.cwd_truncated = false;
	ASSERT_EQ(render_falco__event(&in, buf, sizeof(buf), &len), 0, "no cwd: renders");
	o = json_tokener_parse(buf);
	of = field(o, "output_fields");
	ASSERT_TRUE(field(of, "proc.cwd") == NULL, "unknown cwd: no proc.cwd");
	json_object_put(o);
	in.lineage = NULL;
	ASSERT_EQ(render_falco__event(&in, buf, sizeof(buf), &len), 0, "no lineage: renders");
	ASSERT_TRUE(strstr(buf, "proc.cwd") == NULL, "process unknown: no proc.cwd");
}

static void test_host_denied_event(void)
{
	struct ctw_setuid_event e;
	struct classification cls = {.severity = SEVERITY_INFO};
	struct render_input in = {.rec = &e.hdr, .cls = &cls};
	char buf[RENDER_JSON_LINE_MAX], summary[256];
	struct json_object *o, *of;
	size_t len;

	build_setuid(&e, -EPERM);
	ASSERT_EQ(render_falco__event(&in, buf, sizeof(buf), &len), 0, "renders");
	o = json_tokener_parse(buf);
	ASSERT_TRUE(o != NULL, "parses");
	if (!o)
		return;
	of = field(o, "output_fields");
	ASSERT_STR_EQ(str(o, "priority"), "Informational", "info → Informational");
	ASSERT_STR_EQ(str(o, "rule"), "ctrwatch setuid event", "rule without a detection");
	ASSERT_TRUE(json_object_is_type(field(o, "hostname"), json_type_string),
		    "hostname always set, as Falco does, even when unknown");
	ASSERT_STR_EQ(str(of, "container.id"), "host", "host process: container.id host");
	ASSERT_STR_EQ(str(of, "evt.res"), "EPERM", "evt.res errno name");
	ASSERT_EQ(json_object_get_int(field(of, "evt.rawres")), -EPERM, "evt.rawres");
	json_object_put(o);

	ASSERT_TRUE(render_summary__event(&in, summary, sizeof(summary)) > 0, "summary");
	ASSERT_STR_EQ(summary, "setuid by su (pid 100, uid 1000) on the host, denied (EPERM)",
		      "summary of a denied host event");
	ASSERT_EQ(render_summary__event(&in, summary, 12), 11, "summary cut to the buffer");
	strcpy(e.hdr.comm, "a\nb\tc");
	render_summary__event(&in, summary, sizeof(summary));
	ASSERT_TRUE(strncmp(summary, "setuid by a?b?c ", 16) == 0, "control bytes replaced");
	/* C1 controls (U+0085 NEL, U+009B CSI) act on terminals too; bad UTF-8 is not text. */
	memcpy(e.hdr.comm, "\xc2\x85x\xc2\x9b\xff\xe2\x82\xc3\xa9\xc2\xa0", 13);
	render_summary__event(&in, summary, sizeof(summary));
	ASSERT_TRUE(strncmp(summary, "setuid by ?x????\xc3\xa9\xc2\xa0 (pid", 25) == 0,
		    "C1 controls and invalid UTF-8 replaced, other characters kept");
	ASSERT_EQ(render_summary__event(&in, summary, 18), 16,
		  "a cut never splits a character (\xc3\xa9 would need bytes 16-17 and the NUL)");
	ASSERT_EQ(render_falco__event(&in, buf, 100, &len), -ENOSPC, "small buffer refused");
	in.cls = NULL;
	ASSERT_EQ(render_falco__event(&in, buf, sizeof(buf), &len), -EINVAL, "no classification");
}

/* Falco writes only rule matches: an event with a detection, a posture event with findings. */
static void test_rule_match(void)
{
	struct ctw_setuid_event e;
	struct ctw_header posture = {.type = CTW_EVENT_POSTURE, .size = sizeof(posture)};
	struct classification cls = {.severity = SEVERITY_INFO};
	struct render_input in = {.rec = &e.hdr, .cls = &cls};

	build_setuid(&e, 0);
	ASSERT_TRUE(!render_falco__is_rule_match(&in), "no detection: not a rule match");
	cls.flags = FLAG_RUNTIME_SETUP;
	cls.severity = SEVERITY_NOTICE;
	ASSERT_TRUE(!render_falco__is_rule_match(&in), "a flag alone is not a rule match");
	cls.detections[cls.n_detections++] = "CTW-002";
	ASSERT_TRUE(render_falco__is_rule_match(&in), "a detection fired: a rule match");
	in.rec = &posture;
	cls = (struct classification){.severity = SEVERITY_INFO};
	ASSERT_TRUE(!render_falco__is_rule_match(&in), "posture without findings: no match");
	cls.n_reasons = 1;
	ASSERT_TRUE(render_falco__is_rule_match(&in), "posture with a finding: a rule match");
	in.cls = NULL;
	ASSERT_TRUE(!render_falco__is_rule_match(&in), "no classification: no match");
	ASSERT_TRUE(!render_falco__is_rule_match(NULL), "NULL: no match");
}

int main(void)
{
	test_rule_match();
	test_cwd();
	test_priorities();
	test_container_event();
	test_host_denied_event();
	return check_summary("render_falco");
}
