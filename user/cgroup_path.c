// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Recognise container cgroups by the names runtimes give them. The forms, by who makes them:
 *
 *   docker      /docker/<id>                       cgroupfs driver
 *               .../docker-<id>.scope              systemd driver (also under kubepods slices)
 *   containerd  .../cri-containerd-<id>.scope      CRI plugin, systemd driver
 *               ...<slice>:cri-containerd:<id>     systemd-style cgroupsPath left unexpanded
 *               /k8s.io/<id>                       containerd's "k8s.io" namespace, cgroupfs
 *   cri-o       .../crio-<id>.scope, .../crio-<id> systemd / cgroupfs; crio-conmon-<id> is the
 *                                                  monitor, a host process
 *   podman      .../libpod-<id>.scope[/container]  systemd; libpod-conmon-<id> is the monitor
 *               /libpod_parent/libpod-<id>         cgroupfs
 *   nerdctl     .../nerdctl-<id>.scope             systemd ("system.slice:nerdctl:<id>")
 *               /default/<id>                      cgroupfs: containerd's default
 *                                                  "/<namespace>/<id>" in namespace "default"
 *   kubernetes  /kubepods[/<qos>]/pod<uid>/<id>    kubelet cgroupfs driver (also k3s): the path
 *                                                  does not say which CRI runtime runs it
 *
 * kubelet's systemd slices (kubepods-<qos>-pod<uid_with_underscores>.slice, and kind's
 * kubelet-kubepods-... variant) name the pod; the container below them names its runtime.
 * Container ids are exactly 64 lowercase hex digits: runtimes generate them that way, and
 * anything else (a ".mount" unit, a ".bak" copy, a 63-digit name) was not made by a runtime.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "cgroup_path.h"
#include "util.h"

/* A path component: not NUL-terminated, it points into the caller's path. */
struct comp {
	const char *s;
	size_t len;
};

struct prefix_rule {
	const char *prefix; /* before "-<id>" or between colons */
	enum container_runtime runtime;
	bool bare_ok; /* "<prefix>-<id>" without ".scope" is that runtime's cgroupfs form */
};

static const struct prefix_rule prefix_rules[] = {
    {"docker", RUNTIME_DOCKER, false},	 {"cri-containerd", RUNTIME_CONTAINERD, false},
    {"crio", RUNTIME_CRIO, true},	 {"libpod", RUNTIME_PODMAN, true},
    {"nerdctl", RUNTIME_NERDCTL, false},
};

/* Parents under which a bare "<id>" component is a container. */
static const struct {
	const char *parent;
	enum container_runtime runtime;
} bare_parents[] = {
    {"docker", RUNTIME_DOCKER},
    {"default", RUNTIME_NERDCTL},
    {"k8s.io", RUNTIME_CONTAINERD},
};

static bool comp_eq(struct comp c, const char *str)
{
	size_t n = strlen(str);

	return c.len == n && memcmp(c.s, str, n) == 0;
}

static bool comp_has_suffix(struct comp c, const char *suffix)
{
	size_t n = strlen(suffix);

	return c.len >= n && memcmp(c.s + c.len - n, suffix, n) == 0;
}

static bool is_lower_hex(char ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
}

static bool is_hex_run(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!is_lower_hex(s[i]))
			return false;
	return true;
}

static bool is_container_id(const char *s, size_t len)
{
	return len == CONTAINER_ID_LEN && is_hex_run(s, len);
}

/*
 * A pod uid: a UUID whose four separators are `sep` (systemd slices use '_' because '-' is
 * their hierarchy separator), or 32 hex digits (static pods' uid is a hash of the manifest).
 * Copies it with dashes into out[POD_UID_LEN + 1].
 */
static bool parse_pod_uid(const char *s, size_t len, char sep, char *out)
{
	if (len == 32) {
		if (!is_hex_run(s, len))
			return false;
		memcpy(out, s, len);
		out[len] = '\0';
		return true;
	}
	if (len != POD_UID_LEN)
		return false;
	for (size_t i = 0; i < len; i++) {
		bool dash_pos = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash_pos ? s[i] != sep : !is_lower_hex(s[i]))
			return false;
		out[i] = dash_pos ? '-' : s[i];
	}
	out[len] = '\0';
	return true;
}

/* "pod<uid>" (cgroupfs) or "...kubepods...-pod<uid_>.slice" (systemd). */
static bool match_pod(struct comp c, char *uid)
{
	static const char slice[] = ".slice";
	const size_t slice_len = sizeof(slice) - 1;

	if (c.len > 3 && memcmp(c.s, "pod", 3) == 0 && parse_pod_uid(c.s + 3, c.len - 3, '-', uid))
		return true;
	if (!comp_has_suffix(c, slice))
		return false;

	/* The uid sits between the last "-pod" and ".slice". */
	size_t base = c.len - slice_len;

	for (size_t i = base; i >= 4; i--) {
		if (memcmp(c.s + i - 4, "-pod", 4) != 0)
			continue;
		/* Only kubelet's own slices: "kubepods" must come before the "-pod". */
		struct comp head = {c.s, i - 4};
		bool kubelet = false;

		for (size_t j = 0; j + 8 <= head.len && !kubelet; j++)
			kubelet = memcmp(head.s + j, "kubepods", 8) == 0;
		return kubelet && parse_pod_uid(c.s + i, base - i, '_', uid);
	}
	return false;
}

/* "<prefix>-<id>.scope", or "<prefix>-<id>" for the runtimes whose cgroupfs form that is. */
static bool match_scope(struct comp c, struct container_ref *out)
{
	for (size_t r = 0; r < ARRAY_SIZE(prefix_rules); r++) {
		const struct prefix_rule *rule = &prefix_rules[r];
		size_t plen = strlen(rule->prefix);
		size_t id_at = plen + 1;

		if (c.len < id_at + CONTAINER_ID_LEN || memcmp(c.s, rule->prefix, plen) != 0 ||
		    c.s[plen] != '-')
			continue;

		size_t rest = c.len - id_at - CONTAINER_ID_LEN;
		const char *tail = c.s + id_at + CONTAINER_ID_LEN;
		bool tail_ok =
		    (rest == 6 && memcmp(tail, ".scope", 6) == 0) || (rest == 0 && rule->bare_ok);

		if (!tail_ok || !is_container_id(c.s + id_at, CONTAINER_ID_LEN))
			continue;
		out->runtime = rule->runtime;
		memcpy(out->id, c.s + id_at, CONTAINER_ID_LEN);
		out->id[CONTAINER_ID_LEN] = '\0';
		return true;
	}
	return false;
}

/*
 * "<slice>:<prefix>:<id>": the systemd-driver cgroupsPath syntax, which appears verbatim as a
 * directory name when a runtime applies it with the cgroupfs driver. The slice may name a pod.
 */
static bool match_colon(struct comp c, struct container_ref *out, char *pod_uid)
{
	const char *first = memchr(c.s, ':', c.len);

	if (!first || c.len < CONTAINER_ID_LEN + 1 || c.s[c.len - CONTAINER_ID_LEN - 1] != ':')
		return false;

	const char *id = c.s + c.len - CONTAINER_ID_LEN;
	const char *prefix = first + 1;
	size_t plen = (size_t)(id - 1 - prefix);

	if (id - 1 <= first || !is_container_id(id, CONTAINER_ID_LEN))
		return false;
	for (size_t r = 0; r < ARRAY_SIZE(prefix_rules); r++) {
		const struct prefix_rule *rule = &prefix_rules[r];

		if (strlen(rule->prefix) != plen || memcmp(prefix, rule->prefix, plen) != 0)
			continue;
		out->runtime = rule->runtime;
		memcpy(out->id, id, CONTAINER_ID_LEN);
		out->id[CONTAINER_ID_LEN] = '\0';

		struct comp slice = {c.s, (size_t)(first - c.s)};

		if (match_pod(slice, pod_uid))
			return true;
		pod_uid[0] = '\0';
		return true;
	}
	return false;
}

/* A bare "<id>" whose parent says who made it. */
static bool match_bare(struct comp c, struct comp parent, bool parent_is_pod,
		       struct container_ref *out)
{
	enum container_runtime runtime = RUNTIME_NONE;

	if (!is_container_id(c.s, c.len))
		return false;
	if (parent_is_pod) {
		runtime = RUNTIME_KUBERNETES;
	} else {
		for (size_t i = 0; i < ARRAY_SIZE(bare_parents); i++)
			if (comp_eq(parent, bare_parents[i].parent))
				runtime = bare_parents[i].runtime;
	}
	if (runtime == RUNTIME_NONE)
		return false;
	out->runtime = runtime;
	memcpy(out->id, c.s, CONTAINER_ID_LEN);
	out->id[CONTAINER_ID_LEN] = '\0';
	return true;
}

/* Skip "N:controllers:" of a /proc/<pid>/cgroup line; NULL if it is not one. */
static const char *skip_proc_prefix(const char *line)
{
	const char *p = line;

	if (*p < '0' || *p > '9')
		return NULL;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p++ != ':')
		return NULL;
	p = strchr(p, ':');
	if (!p || p[1] != '/')
		return NULL;
	return p + 1;
}

int cgroup_path__parse(const char *path, struct container_ref *out)
{
	struct comp prev = {"", 0};
	bool prev_is_pod = false;
	char pod_uid[POD_UID_LEN + 1] = "";

	if (!path || !out)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	out->runtime = RUNTIME_NONE;

	if (path[0] != '/') {
		path = skip_proc_prefix(path);
		if (!path)
			return -EINVAL;
	}
	if (strnlen(path, PATH_MAX) >= PATH_MAX)
		return -ENAMETOOLONG;

	for (const char *p = path; *p;) {
		struct comp c;
		char uid[POD_UID_LEN + 1];

		while (*p == '/')
			p++;
		if (!*p)
			break;
		c.s = p;
		c.len = strcspn(p, "/");
		p += c.len;

		/* The first container found is the outermost one: see cgroup_path.h. */
		if (match_scope(c, out) || match_bare(c, prev, prev_is_pod, out)) {
			/* Only a pod directly above it owns the container. */
			if (prev_is_pod)
				memcpy(out->pod_uid, pod_uid, sizeof(pod_uid));
			return 1;
		}
		if (match_colon(c, out, uid)) {
			/* The slice before the colon names the pod, else the parent may. */
			if (uid[0])
				memcpy(out->pod_uid, uid, sizeof(uid));
			else if (prev_is_pod)
				memcpy(out->pod_uid, pod_uid, sizeof(pod_uid));
			return 1;
		}
		prev_is_pod = match_pod(c, uid);
		if (prev_is_pod)
			memcpy(pod_uid, uid, sizeof(uid));
		prev = c;
	}
	memset(out, 0, sizeof(*out));
	return 0;
}
