// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Posture: the parsers on files captured from runc containers on a hybrid
 * cgroup host (tests/fixtures/posture/), the findings each container shape
 * yields, posture__read against a fake host root assembled from those
 * fixtures, the posture event's JSON and the severity raise of detections.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "check.h"
#include "posture.h"
#include "posture_tracker.h"
#include "render_json.h"
#include "util.h"

#define CID "612efe32d33b1a4bf398b1f42035322806eba7654f6bda7b88cb049b599208f6"

static char *slurp(const char *name)
{
	const char *dir = getenv("CTRWATCH_FIXTURES");
	const char *src = __FILE__;
	const char *cut = strstr(src, "unit/test_posture.c");
	char path[4096];
	char *buf;
	FILE *f;
	long n;

	if (dir)
		snprintf(path, sizeof(path), "%s/posture/%s", dir, name);
	else
		snprintf(path, sizeof(path), "%.*sfixtures/posture/%s", (int)(cut ? cut - src : 0),
			 src, name);
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "fixture %s: %s\n", path, strerror(errno));
		exit(1);
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = calloc(1, (size_t)n + 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
		exit(1);
	fclose(f);
	return buf;
}

static void test_status(void)
{
	static const struct {
		const char *file;
		uint64_t cap_bnd;
		uint32_t euid;
		int nnp, seccomp;
	} cases[] = {
	    {"status-default", 0x20000420, 0, POSTURE_NO, 0},
	    {"status-privileged", 0x1fffeffffffull, 0, POSTURE_YES, 0},
	    {"status-userns", 0x20000420, 100000, POSTURE_YES, 0},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct posture_facts f;
		char *text = slurp(cases[i].file);

		posture_facts__init(&f);
		ASSERT_EQ(posture__parse_status(text, &f), 0, cases[i].file);
		ASSERT_TRUE(f.status_known, cases[i].file);
		ASSERT_EQ(f.cap_bnd, cases[i].cap_bnd, cases[i].file);
		ASSERT_EQ(f.cap_eff, cases[i].cap_bnd, cases[i].file);
		ASSERT_EQ(f.euid, cases[i].euid, cases[i].file);
		ASSERT_EQ(f.no_new_privs, cases[i].nnp, cases[i].file);
		ASSERT_EQ(f.seccomp_mode, cases[i].seccomp, cases[i].file);
		ASSERT_EQ(f.seccomp_filters, 0, cases[i].file);
		free(text);
	}
	{
		struct posture_facts f;

		posture_facts__init(&f);
		ASSERT_EQ(posture__parse_status("Name:\tx\nSeccomp:\t2\n", &f), -EINVAL,
			  "no CapEff");
		ASSERT_EQ(posture__parse_status("CapEff:\t0000000000000000\nSeccomp:\t2\n"
						"Seccomp_filters:\t3\n",
						&f),
			  0, "filter mode");
		ASSERT_EQ(f.seccomp_mode, 2, "seccomp mode 2");
		ASSERT_EQ(f.seccomp_filters, 3, "three filters");
		ASSERT_EQ(f.no_new_privs, POSTURE_UNKNOWN, "NoNewPrivs absent stays unknown");
	}
}

static void test_small_parsers(void)
{
	static const struct {
		const char *text;
		int want;
	} uid_maps[] =
	    {
		{"         0          0 4294967295\n", 1},
		{"         0     100000      65536\n", 0},
		{"      1000       1000          1\n", 0}, /* rootless: uid 0 not mapped at all */
		{"      1000       1000          1\n         0          0          1\n", 1},
		{"", -EINVAL},
	    },
	  limits[] = {
	      {"max\n", 0},	 {"max 100000\n", 0},	       {"50000 100000\n", 1},
	      {"67108864\n", 1}, {"9223372036854771712\n", 0}, {"-1\n", 0},
	      {"64\n", 1},	 {"garbage", -EINVAL},
	  };
	static const struct {
		const char *label;
		int lsm, confined;
	} labels[] = {
	    {"unconfined\n", POSTURE_LSM_APPARMOR, POSTURE_NO},
	    {"docker-default (enforce)\n", POSTURE_LSM_APPARMOR, POSTURE_YES},
	    {"cri-containerd.apparmor.d (complain)", POSTURE_LSM_APPARMOR, POSTURE_NO},
	    {"system_u:system_r:container_t:s0:c123,c456", POSTURE_LSM_SELINUX, POSTURE_YES},
	    {"system_u:system_r:spc_t:s0", POSTURE_LSM_SELINUX, POSTURE_NO},
	    {"unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023", POSTURE_LSM_SELINUX,
	     POSTURE_NO},
	};
	char *text;

	for (size_t i = 0; i < sizeof(uid_maps) / sizeof(uid_maps[0]); i++)
		ASSERT_EQ(posture__parse_uid_map(uid_maps[i].text), uid_maps[i].want,
			  uid_maps[i].text);
	for (size_t i = 0; i < sizeof(limits) / sizeof(limits[0]); i++)
		ASSERT_EQ(posture__parse_limit(limits[i].text), limits[i].want, limits[i].text);
	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
		struct posture_facts f;

		posture_facts__init(&f);
		posture__parse_lsm_label(labels[i].label, &f);
		ASSERT_EQ(f.lsm, labels[i].lsm, labels[i].label);
		ASSERT_EQ(f.mac_confined, labels[i].confined, labels[i].label);
	}
	text = slurp("uid_map-identity");
	ASSERT_EQ(posture__parse_uid_map(text), 1, "captured identity map");
	free(text);
	text = slurp("uid_map-remapped");
	ASSERT_EQ(posture__parse_uid_map(text), 0, "captured remapped map");
	free(text);
	text = slurp("memory.limit_in_bytes-unlimited");
	ASSERT_EQ(posture__parse_limit(text), 0, "v1 memory root: unlimited");
	free(text);
	text = slurp("memory.limit_in_bytes-limited");
	ASSERT_EQ(posture__parse_limit(text), 1, "v1 memory 64M");
	free(text);
	text = slurp("cpu.cfs_quota_us-unlimited");
	ASSERT_EQ(posture__parse_limit(text), 0, "v1 cfs quota -1");
	free(text);
	text = slurp("devices.list-all");
	ASSERT_EQ(posture__parse_devices_list(text), 1, "privileged devices.list");
	free(text);
	text = slurp("devices.list-default");
	ASSERT_EQ(posture__parse_devices_list(text), 0, "runc default devices.list");
	free(text);
}

static void test_mounts(void)
{
	char *host = slurp("mountinfo-host");
	char *ctr = slurp("mountinfo-container-socket");
	/* The captured container, with the host's / and /proc bound in as well. */
	const char *extra = "95 67 254:0 / /host rw,relatime - ext4 /dev/vda rw\n"
			    "96 67 0:21 / /host-proc rw,relatime - proc proc rw\n";
	char *both = malloc(strlen(ctr) + strlen(extra) + 1);
	struct posture_facts f;

	posture_facts__init(&f);
	ASSERT_EQ(posture__parse_mounts(ctr, host, &f), 0, "captured mountinfo");
	ASSERT_EQ(f.rootfs_readonly, POSTURE_NO, "writable root");
	ASSERT_TRUE(strstr(f.runtime_socket, "/docker.sock") != NULL, "docker.sock found");
	ASSERT_TRUE(strncmp(f.runtime_socket, "/tmp/", 5) == 0, "as its host path");
	ASSERT_STR_EQ(f.sensitive_mount, "", "runc's own /proc, /sys, /dev are not host dirs");

	strcpy(both, ctr);
	strcat(both, extra);
	posture_facts__init(&f);
	ASSERT_EQ(posture__parse_mounts(both, host, &f), 0, "with host binds");
	ASSERT_STR_EQ(f.sensitive_mount, "/", "the host's / mounted at /host");

	posture_facts__init(&f);
	ASSERT_EQ(posture__parse_mounts(extra + strlen("95 67 254:0 / /host rw,relatime - ext4 "
						       "/dev/vda rw\n"),
					host, &f),
		  -EINVAL, "no root mount");
	ASSERT_STR_EQ(f.sensitive_mount, "/proc", "host /proc bind");
	posture_facts__init(&f);
	ASSERT_EQ(
	    posture__parse_mounts("1 0 0:50 / / ro,relatime - overlay overlay rw\n", host, &f), 0,
	    "read-only overlay root");
	ASSERT_EQ(f.rootfs_readonly, POSTURE_YES, "ro root");
	free(both);
	free(ctr);
	free(host);
}

/* The findings of a shape as "CTW-P03,CTW-P05,..." */
static void ids_of(const struct posture_facts *f, char *buf, size_t len)
{
	struct posture_finding out[POSTURE_CHECK_MAX];
	size_t n = posture__evaluate(f, out, POSTURE_CHECK_MAX), pos = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && pos < len; i++)
		pos += (size_t)snprintf(buf + pos, len - pos, "%s%s", i ? "," : "",
					posture__check(out[i].check)->id);
}

/* A runc container as Docker would make it by default on this host. */
static void default_shape(struct posture_facts *f)
{
	char *t = slurp("status-default");

	posture_facts__init(f);
	posture__parse_status(t, f);
	free(t);
	f->host_cap_bnd = 0x1fffeffffffull;
	f->lsm = POSTURE_LSM_NONE;
	f->root_is_host_root = POSTURE_YES;
	f->ns_known = (1u << POSTURE_NS_MAX) - 1;
	f->ns_shared = 1u << POSTURE_NS_CGROUP;
	f->memory_limited = f->pids_limited = f->cpu_limited = POSTURE_NO;
	f->rootfs_readonly = POSTURE_NO;
	f->all_devices = POSTURE_NO;
	f->seccomp_mode = 2; /* Docker's default profile; the captured runc had none */
}

static void test_evaluate(void)
{
	const char *base = "CTW-P03,CTW-P05,CTW-P06,CTW-P12,CTW-P13,CTW-P14,CTW-P15,CTW-P16";
	struct posture_facts f, u;
	char got[512], want[512];
	char *t;

	default_shape(&f);
	ids_of(&f, got, sizeof(got));
	ASSERT_STR_EQ(got, base, "default shape");

	/* Privileged: every capability the host has, every device, no nnp. */
	default_shape(&f);
	t = slurp("status-privileged");
	posture__parse_status(t, &f);
	free(t);
	f.no_new_privs = POSTURE_NO;
	f.all_devices = POSTURE_YES;
	ids_of(&f, got, sizeof(got));
	/* Privileged turns seccomp off too, as the captured status shows. */
	snprintf(want, sizeof(want), "CTW-P01,CTW-P03,CTW-P04,%s,CTW-P19", base + 8);
	ASSERT_STR_EQ(got, want, "privileged shape: P01 and P19, no P02");
	/* Without the host's set, the kernel's full list is the reference. */
	f.host_cap_bnd = 0;
	f.cap_last_cap = 40;
	ids_of(&f, got, sizeof(got));
	ASSERT_TRUE(strncmp(got, "CTW-P02,", 8) == 0, "one capability short of the kernel's: P02");

	/* User namespace: the container's uid 0 is 100000 outside. */
	default_shape(&f);
	t = slurp("status-userns");
	posture__parse_status(t, &f);
	free(t);
	f.no_new_privs = POSTURE_NO;
	f.seccomp_mode = 2;
	f.root_is_host_root = POSTURE_NO;
	ids_of(&f, got, sizeof(got));
	ASSERT_STR_EQ(got, "CTW-P03,CTW-P05,CTW-P12,CTW-P13,CTW-P14,CTW-P15,CTW-P16", "userns");

	default_shape(&f);
	f.no_new_privs = POSTURE_YES;
	f.memory_limited = f.pids_limited = POSTURE_YES;
	ids_of(&f, got, sizeof(got));
	ASSERT_STR_EQ(got, "CTW-P05,CTW-P06,CTW-P12,CTW-P15,CTW-P16", "nnp and limits");

	default_shape(&f);
	f.ns_shared |= 1u << POSTURE_NS_PID | 1u << POSTURE_NS_NET | 1u << POSTURE_NS_IPC |
		       1u << POSTURE_NS_UTS | 1u << POSTURE_NS_MNT | 1u << POSTURE_NS_USER;
	f.seccomp_mode = 0;
	snprintf(f.runtime_socket, sizeof(f.runtime_socket), "/run/containerd/containerd.sock");
	snprintf(f.sensitive_mount, sizeof(f.sensitive_mount), "/etc");
	f.cap_bnd |= 1ull << 21; /* CAP_SYS_ADMIN */
	ids_of(&f, got, sizeof(got));
	ASSERT_STR_EQ(got,
		      "CTW-P02,CTW-P03,CTW-P04,CTW-P05,CTW-P06,CTW-P07,CTW-P08,CTW-P09,CTW-P10,"
		      "CTW-P11,CTW-P12,CTW-P13,CTW-P14,CTW-P15,CTW-P16,CTW-P17,CTW-P18",
		      "host namespaces, seccomp off, socket, /etc, SYS_ADMIN");
	{
		struct posture_finding out[POSTURE_CHECK_MAX];
		size_t n = posture__evaluate(&f, out, 2);

		ASSERT_EQ(n, 2, "bounded by max");
		ASSERT_STR_EQ(out[0].detail, "CAP_SYS_ADMIN", "added capability named");
	}

	/* Unknown facts never fire. */
	posture_facts__init(&u);
	ids_of(&u, got, sizeof(got));
	ASSERT_STR_EQ(got, "", "nothing known, nothing found");
	/* SELinux unconfined cites 5.2. */
	posture__parse_lsm_label("system_u:system_r:spc_t:s0", &u);
	{
		struct posture_finding out[POSTURE_CHECK_MAX];
		size_t n = posture__evaluate(&u, out, POSTURE_CHECK_MAX);

		ASSERT_EQ(n, 1, "one finding");
		ASSERT_STR_EQ(out[0].cis, "5.2", "SELinux recommendation");
	}
	for (unsigned int i = 0; i < POSTURE_CHECK_MAX; i++) {
		const struct posture_check *c = posture__check(i);
		char id[16];

		snprintf(id, sizeof(id), "CTW-P%02u", i + 1);
		ASSERT_STR_EQ(c->id, id, "IDs follow the enum");
		ASSERT_TRUE(c->title[0] && c->advice[0], id);
	}
	ASSERT_TRUE(posture__check(POSTURE_CHECK_MAX) == NULL, "out of range");
}

static int put(const char *root, const char *rel, const char *text)
{
	char path[4096], cmd[8192];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s')\"", path);
	if (system(cmd) != 0)
		return -1;
	f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(text, f);
	fclose(f);
	return 0;
}

/* posture__read over a fake host root: /proc and the v1/v2 cgroup files. */
static void test_read(void)
{
	char root[] = "/tmp/ctw-posture-XXXXXX", v2[256], cmd[512];
	char *status = slurp("status-privileged"), *init = slurp("status-host-init");
	char *mi = slurp("mountinfo-container-socket"), *host_mi = slurp("mountinfo-host");
	char *cg = slurp("proc-cgroup-hybrid"), *dev = slurp("devices.list-all");
	struct ctw_namespaces ns = {
	    .mnt = 10, .pid = 11, .net = 12, .user = 1, .uts = 14, .ipc = 15, .cgroup = 2};
	struct ctw_namespaces host = {
	    .mnt = 1, .pid = 1, .net = 1, .user = 1, .uts = 1, .ipc = 1, .cgroup = 2};
	struct posture_source src;
	struct posture_facts f;
	char got[512];
	int ok = 1;

	ASSERT_TRUE(mkdtemp(root) != NULL, "temp root");
	ok &= put(root, "proc/1/status", init) == 0;
	ok &= put(root, "proc/1/mountinfo", host_mi) == 0;
	ok &= put(root, "proc/sys/kernel/cap_last_cap", "40\n") == 0;
	ok &= put(root, "proc/100/status", status) == 0;
	ok &= put(root, "proc/100/comm", "sleep\n") == 0;
	ok &= put(root, "proc/100/uid_map", "         0          0 4294967295\n") == 0;
	ok &= put(root, "proc/100/mountinfo", mi) == 0;
	ok &= put(root, "proc/100/cgroup", cg) == 0;
	ok &= put(root, "proc/100/attr/current", "docker-default (enforce)\n") == 0;
	ok &= put(root, "proc/101/comm", "runc:[2:INIT]\n") == 0;
	ok &= put(root, "sys/fs/cgroup/devices/docker/" CID "/devices.list", dev) == 0;
	ok &= put(root, "sys/fs/cgroup/memory/docker/" CID "/memory.limit_in_bytes",
		  "9223372036854771712\n") == 0;
	ok &= put(root, "sys/fs/cgroup/pids/docker/" CID "/pids.max", "max\n") == 0;
	/* A limit below the container's cgroup, in a sub-cgroup of it, counts too. */
	ok &= put(root, "sys/fs/cgroup/unified/docker/" CID "/cpu.max", "50000 100000\n") == 0;
	ok &= put(root, "sys/fs/cgroup/unified/docker/" CID "/sub/cgroup.procs", "100\n") == 0;
	ASSERT_TRUE(ok, "fake root written");

	snprintf(v2, sizeof(v2), "%s/sys/fs/cgroup/unified", root);
	src = (struct posture_source){.host_root = root,
				      .cgroup2_root = v2,
				      .cgroup_path = "/docker/" CID "/sub",
				      .container_id = CID,
				      .pid = 100,
				      .ns = &ns,
				      .host_ns = &host};
	ASSERT_EQ(posture__process_ready(root, 100), 1, "sleep runs the container's program");
	ASSERT_EQ(posture__process_ready(root, 101), 0, "runc init has not exec'd yet");
	ASSERT_EQ(posture__process_ready(root, 102), -ESRCH, "gone");
	ASSERT_EQ(posture__read(&src, &f), 0, "read");
	ASSERT_EQ(f.host_cap_bnd, 0x1fffeffffffull, "host init's bounding set");
	ASSERT_EQ(f.cap_last_cap, 40, "cap_last_cap");
	ASSERT_EQ(f.mac_confined, POSTURE_YES, "AppArmor enforce");
	ASSERT_EQ(f.ns_shared, (1u << POSTURE_NS_USER) | (1u << POSTURE_NS_CGROUP),
		  "user and cgroup namespaces are the host's");
	ASSERT_EQ(f.all_devices, POSTURE_YES, "v1 devices a *:* rwm");
	ASSERT_EQ(f.memory_limited, POSTURE_NO, "v1 memory unlimited");
	ASSERT_EQ(f.pids_limited, POSTURE_NO, "v1 pids max");
	ASSERT_EQ(f.cpu_limited, POSTURE_YES, "v2 cpu.max of the container's cgroup");
	ids_of(&f, got, sizeof(got));
	ASSERT_STR_EQ(got,
		      "CTW-P01,CTW-P04,CTW-P06,CTW-P12,CTW-P13,CTW-P14,CTW-P16,CTW-P17,CTW-P19",
		      "findings of the fake privileged container");
	src.pid = 102;
	ASSERT_EQ(posture__read(&src, &f), -ESRCH, "a process that is gone");

	/* The container's v1 devices cgroup removed while it exits: unknown, not "every device". */
	snprintf(cmd, sizeof(cmd), "rm -r '%s/sys/fs/cgroup/devices'", root);
	ASSERT_EQ(system(cmd), 0, "v1 devices cgroup removed");
	src.pid = 100;
	ASSERT_EQ(posture__read(&src, &f), 0, "read without the devices list");
	ASSERT_EQ(f.all_devices, POSTURE_UNKNOWN, "no devices.list: unknown");
	/* A zombie's status still reads; its namespaces and mounts are gone. */
	ok = put(root, "proc/103/status", "Name:\tsleep\nState:\tZ (zombie)\nCapEff:\t0\n") == 0;
	ASSERT_TRUE(ok, "zombie written");
	src.pid = 103;
	ASSERT_EQ(posture__read(&src, &f), -ESRCH, "a process that exited during the read");

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	ASSERT_EQ(system(cmd), 0, "cleanup");
	free(status);
	free(init);
	free(mi);
	free(host_mi);
	free(cg);
	free(dev);
}

static void test_event(void)
{
	struct posture_facts f;
	struct posture_finding findings[POSTURE_CHECK_MAX];
	struct classification cls;
	struct container_ref ref = {.runtime = RUNTIME_DOCKER, .id = CID};
	struct container_meta meta = {.name = "web", .image = "nginx:1.27"};
	struct ctw_header h = {.type = CTW_EVENT_POSTURE,
			       .size = sizeof(h),
			       .syscall_nr = CTW_NO_SYSCALL,
			       .pid = 7,
			       .tid = 7};
	struct render_input in;
	struct json_object *obj, *arr, *first, *v;
	static char line[RENDER_JSON_LINE_MAX];
	size_t n, len;

	default_shape(&f);
	f.all_devices = POSTURE_YES;
	n = posture__evaluate(&f, findings, POSTURE_CHECK_MAX);
	posture__classify(findings, n, &cls);
	ASSERT_EQ(cls.severity, SEVERITY_CRITICAL, "worst finding: P19 critical");
	ASSERT_EQ(cls.n_reasons, CLASSIFY_MAX_REASONS, "reasons bounded");
	ASSERT_EQ(cls.flags, 0, "no flags");
	in = (struct render_input){.rec = &h,
				   .container = &ref,
				   .meta = &meta,
				   .cls = &cls,
				   .findings = findings,
				   .n_findings = n};
	ASSERT_EQ(render_json__event(&in, line, sizeof(line), &len), 0, "rendered");
	obj = json_tokener_parse(line);
	ASSERT_TRUE(obj != NULL, "valid JSON");
	ASSERT_TRUE(json_object_object_get_ex(obj, "type", &v) &&
			strcmp(json_object_get_string(v), "posture") == 0,
		    "type posture");
	ASSERT_TRUE(json_object_object_get_ex(obj, "severity", &v) &&
			strcmp(json_object_get_string(v), "critical") == 0,
		    "severity");
	ASSERT_TRUE(json_object_object_get_ex(obj, "findings", &arr) &&
			json_object_array_length(arr) == n,
		    "all findings");
	first = json_object_array_get_idx(arr, 0);
	ASSERT_TRUE(json_object_object_get_ex(first, "id", &v) &&
			strcmp(json_object_get_string(v), "CTW-P03") == 0,
		    "first finding id");
	ASSERT_TRUE(json_object_object_get_ex(first, "cis", &v) &&
			strcmp(json_object_get_string(v), "5.25") == 0,
		    "cis");
	ASSERT_TRUE(json_object_object_get_ex(first, "advice", &v) &&
			json_object_get_string_len(v) > 20,
		    "advice");
	first = json_object_array_get_idx(arr, 3); /* P12: no CIS number */
	ASSERT_TRUE(json_object_object_get_ex(first, "cis", &v) && v == NULL, "cis null");
	ASSERT_TRUE(json_object_object_get_ex(obj, "container", &v) &&
			json_object_object_get_ex(v, "image", &first) &&
			strcmp(json_object_get_string(first), "nginx:1.27") == 0,
		    "container metadata");
	json_object_put(obj);
}

/* A flagged event from a container with a weak posture is raised. */
static void test_adjust(void)
{
	char root[] = "/tmp/ctw-adjust-XXXXXX", cmd[512], v2[256];
	struct posture_tracker_options o = {.max_containers = 2, .give_up_ms = 1000};
	struct posture_report reports[2];
	struct posture_weakness w;
	struct container_ref ref = {.runtime = RUNTIME_DOCKER, .id = CID};
	struct ctw_header h = {
	    .type = CTW_EVENT_CONTAINER_START, .size = sizeof(h), .pid = 100, .ktime_ns = 1000};
	struct posture_tracker_stats st;
	struct posture_tracker *t;
	struct classification cls = {.severity = SEVERITY_WARNING, .flags = FLAG_CONTAINER_ESCAPE};
	uint64_t counts[POSTURE_CHECK_MAX];
	char *status = slurp("status-privileged"), *cg = slurp("proc-cgroup-hybrid");
	int ok = 1;

	ASSERT_TRUE(mkdtemp(root) != NULL, "temp root");
	snprintf(v2, sizeof(v2), "%s/cg2", root);
	ok &= put(root, "proc/100/status", status) == 0;
	ok &= put(root, "proc/100/comm", "sh\n") == 0;
	ok &= put(root, "proc/100/cgroup", cg) == 0;
	ok &= put(root, "proc/1/status", status) == 0;
	ok &= put(root, "cg2/docker/" CID "/cgroup.procs", "100\n") == 0;
	ASSERT_TRUE(ok, "fake root written");
	o.host_root = root;
	o.cgroup2_root = v2;
	t = posture_tracker__new(&o);
	ASSERT_TRUE(t != NULL, "tracker");
	posture_tracker__observe(t, &h, &ref, "/docker/" CID, &w);
	classify__raise_for_posture(&w, &cls);
	ASSERT_EQ(cls.severity, SEVERITY_WARNING, "not raised before the posture is known");
	ASSERT_EQ(posture_tracker__tick(t, 2000, reports, ARRAY_SIZE(reports)), 1,
		  "evaluated at the tick");
	ASSERT_EQ(reports[0].hdr.type, CTW_EVENT_POSTURE, "reported as a posture event");
	ASSERT_EQ(reports[0].hdr.pid, 100, "of the record's process");
	ASSERT_EQ(reports[0].hdr.ktime_ns, 2000, "stamped at the tick");
	ASSERT_STR_EQ(reports[0].container.id, CID, "of the container");
	ASSERT_STR_EQ(reports[0].cgroup_path, "/docker/" CID, "in its cgroup");
	ASSERT_TRUE(reports[0].n_findings > 0 && reports[0].findings[0].check == POSTURE_PRIVILEGED,
		    "privileged first");
	ASSERT_EQ(posture_tracker__tick(t, 3000, reports, ARRAY_SIZE(reports)), 0,
		  "read once only");
	h.type = CTW_EVENT_MOUNT;
	posture_tracker__observe(t, &h, &ref, "/docker/" CID, &w);
	h.type = CTW_EVENT_CONTAINER_START;
	ASSERT_EQ(w.worst, SEVERITY_CRITICAL, "a later record learns the weakness");
	ASSERT_STR_EQ(w.check_id, "CTW-P01", "and which finding it is");
	classify__raise_for_posture(&w, &cls);
	ASSERT_EQ(cls.severity, SEVERITY_CRITICAL, "raised: privileged container");
	ASSERT_TRUE(cls.n_reasons == 1 && strstr(cls.reasons[0], "CTW-P01"), "reason names P01");
	cls = (struct classification){.severity = SEVERITY_INFO};
	classify__raise_for_posture(&w, &cls);
	ASSERT_EQ(cls.severity, SEVERITY_INFO, "unflagged events are left alone");
	cls = (struct classification){.severity = SEVERITY_INFO, .flags = FLAG_RUNTIME_SETUP};
	classify__raise_for_posture(&w, &cls);
	ASSERT_EQ(cls.severity, SEVERITY_INFO, "runtime_setup alone (runc exec) is left alone");
	ASSERT_EQ(cls.n_reasons, 0, "and gets no posture reason");
	posture_tracker__counts(t, counts);
	ASSERT_EQ(counts[POSTURE_PRIVILEGED], 1, "gauge: one privileged container");
	h.type = CTW_EVENT_CONTAINER_STOP;
	posture_tracker__observe(t, &h, &ref, "/docker/" CID, &w);
	ASSERT_EQ(w.worst, SEVERITY_INFO, "a stopped container raises nothing");
	posture_tracker__counts(t, counts);
	ASSERT_EQ(counts[POSTURE_PRIVILEGED], 0, "gauge back to 0 after the stop");
	posture_tracker__stats(t, &st);
	ASSERT_EQ(st.tracked, 0, "nothing tracked");
	ASSERT_EQ(st.evaluated, 1, "one evaluated");
	ASSERT_EQ(st.last_latency_ns, 1000, "latency from the record");
	/* A container that never gets a process is given up. */
	h.type = CTW_EVENT_CONTAINER_START;
	ref.id[0] = 'f';
	posture_tracker__observe(t, &h, &ref, "/docker/none", NULL);
	ASSERT_EQ(posture_tracker__tick(t, 2000, NULL, 0), 0, "no process yet");
	posture_tracker__tick(t, 2000 + 2000000000ll, NULL, 0);
	posture_tracker__stats(t, &st);
	ASSERT_EQ(st.gave_up, 1, "given up");
	ASSERT_EQ(st.tracked, 0, "and forgotten");
	posture_tracker__free(t);
	posture_tracker__free(NULL);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	ASSERT_EQ(system(cmd), 0, "cleanup");
	free(status);
	free(cg);
}

int main(void)
{
	test_status();
	test_small_parsers();
	test_mounts();
	test_evaluate();
	test_read();
	test_event();
	test_adjust();
	return check_summary("posture");
}
