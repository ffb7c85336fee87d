// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bpf/bpf.h>

#include "capability.h"
#include "mountinfo.h"
#include "posture.h"
#include "safe_read.h"
#include "util.h"

#define BIT(n) (1ull << (n))

/*
 * The advice is the usual container-hardening guidance in our own words
 * (docs/posture.md); the CIS numbers follow the CIS Docker Benchmark v1.2.0
 * numbering (section 5 is unchanged up to v1.6.0; see docs/posture.md).
 */
static const struct posture_check checks[POSTURE_CHECK_MAX] = {
    [POSTURE_PRIVILEGED] =
	{"CTW-P01", SEVERITY_CRITICAL, "privileged container: every capability is available",
	 "Do not run containers privileged unless the case is exceptional and "
	 "controlled; grant only the capability (--cap-add) or device (--device) "
	 "the workload needs.",
	 "5.4"},
    [POSTURE_ADDED_CAPS] =
	{"CTW-P02", SEVERITY_WARNING, "capabilities beyond the runtime's default set",
	 "Containers share the host kernel and seldom need more than the default "
	 "capabilities: drop what is not needed and add back only what the "
	 "workload uses.",
	 "5.3"},
    [POSTURE_NO_NNP] =
	{"CTW-P03", SEVERITY_NOTICE,
	 "privileges can be gained through set-user-ID binaries (no_new_privs not set)",
	 "Set no-new-privileges so that neither the entrypoint nor its children can "
	 "gain privileges through setuid/setgid binaries or file capabilities.",
	 "5.25"},
    [POSTURE_NO_SECCOMP] =
	{"CTW-P04", SEVERITY_WARNING, "no seccomp filter",
	 "Keep the runtime's default seccomp profile, or a stricter one: most "
	 "system calls are never used by an application, and every one left open "
	 "is kernel surface an attacker can reach.",
	 "5.21"},
    [POSTURE_NO_MAC] = {"CTW-P05", SEVERITY_NOTICE, "no AppArmor or SELinux confinement",
			"Run the container under a mandatory access control profile (AppArmor's "
			"docker-default or an SELinux container type) so that even root inside is "
			"limited in what it may touch.",
			"5.1"},
    [POSTURE_HOST_ROOT] =
	{"CTW-P06", SEVERITY_WARNING,
	 "root in the container is root on the host (no user namespace remapping)",
	 "Enable user-namespace remapping so that root inside the container maps to "
	 "an unprivileged host user; images that already run as a non-root user "
	 "need it less.",
	 "2.8"},
    [POSTURE_HOST_PID] = {"CTW-P07", SEVERITY_WARNING, "shares the host's PID namespace",
			  "Do not share the host's process namespace: the container can then see, "
			  "signal and trace the host's processes.",
			  "5.15"},
    [POSTURE_HOST_NET] = {"CTW-P08", SEVERITY_WARNING, "shares the host's network namespace",
			  "Do not share the host's network namespace: the container can then reach "
			  "every host interface and service bound to localhost.",
			  "5.9"},
    [POSTURE_HOST_IPC] = {"CTW-P09", SEVERITY_WARNING, "shares the host's IPC namespace",
			  "Do not share the host's IPC namespace: shared memory and message queues "
			  "of host processes become reachable.",
			  "5.16"},
    [POSTURE_HOST_UTS] = {"CTW-P10", SEVERITY_NOTICE, "shares the host's UTS namespace",
			  "Do not share the host's UTS namespace: the container could change the "
			  "host's name.",
			  "5.20"},
    [POSTURE_HOST_MNT] = {"CTW-P11", SEVERITY_CRITICAL, "shares the host's mount namespace",
			  "A container must have its own mount namespace; sharing the host's gives "
			  "it the host's whole filesystem view.",
			  NULL},
    [POSTURE_HOST_CGROUP] = {"CTW-P12", SEVERITY_NOTICE, "shares the host's cgroup namespace",
			     "Give the container its own cgroup namespace so that it does not see "
			     "the host's cgroup tree and where other containers live in it.",
			     NULL},
    [POSTURE_NO_MEMORY_LIMIT] = {"CTW-P13", SEVERITY_WARNING, "no memory limit",
				 "In production give every container a memory limit (--memory) so "
				 "that one container cannot exhaust the host.",
				 "5.10"},
    [POSTURE_NO_PIDS_LIMIT] = {"CTW-P14", SEVERITY_WARNING, "no process-count (pids) limit",
			       "Limit the number of processes (--pids-limit) so that a fork bomb "
			       "in one container cannot starve the host.",
			       "5.28"},
    [POSTURE_NO_CPU_LIMIT] = {"CTW-P15", SEVERITY_NOTICE, "no CPU limit",
			      "In production give every container a CPU quota (--cpus) so that one "
			      "container cannot take the host's CPUs from the others.",
			      NULL},
    [POSTURE_WRITABLE_ROOTFS] = {"CTW-P16", SEVERITY_NOTICE, "writable root filesystem",
				 "Mount the container's root filesystem read-only and give it "
				 "writable volumes only where it must write.",
				 "5.12"},
    [POSTURE_RUNTIME_SOCKET] = {"CTW-P17", SEVERITY_CRITICAL,
				"the container runtime's socket is mounted in",
				"Never mount the Docker, containerd or CRI-O socket into a "
				"container: whoever can talk to the runtime controls the host, as "
				"members of the docker group do.",
				"5.31"},
    [POSTURE_SENSITIVE_MOUNT] =
	{"CTW-P18", SEVERITY_CRITICAL, "a sensitive host directory is mounted in",
	 "Do not map sensitive host directories (/, /etc, /proc, /sys, /boot, "
	 "/usr, /run ...) into containers: the container can then read or "
	 "change the host itself.",
	 "5.5"},
    [POSTURE_ALL_DEVICES] = {"CTW-P19", SEVERITY_CRITICAL, "every host device is accessible",
			     "Expose only the devices the workload needs (--device) instead of "
			     "all of them.",
			     "5.17"},
};

const struct posture_check *posture__check(enum posture_check_id id)
{
	return (unsigned int)id < POSTURE_CHECK_MAX ? &checks[id] : NULL;
}

void posture_facts__init(struct posture_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->no_new_privs = POSTURE_UNKNOWN;
	f->seccomp_mode = -1;
	f->seccomp_filters = -1;
	f->cap_last_cap = -1;
	f->mac_confined = POSTURE_UNKNOWN;
	f->root_is_host_root = POSTURE_UNKNOWN;
	f->memory_limited = POSTURE_UNKNOWN;
	f->pids_limited = POSTURE_UNKNOWN;
	f->cpu_limited = POSTURE_UNKNOWN;
	f->rootfs_readonly = POSTURE_UNKNOWN;
	f->all_devices = POSTURE_UNKNOWN;
}

/* ---- parsers ---- */

/* The value after "Key:" at the start of a line, or NULL. */
static const char *status_field(const char *text, const char *key)
{
	size_t klen = strlen(key);
	const char *p = text;

	while (p && *p) {
		if (strncmp(p, key, klen) == 0 && p[klen] == ':')
			return p + klen + 1;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return NULL;
}

int posture__parse_status(const char *text, struct posture_facts *f)
{
	const char *v;
	unsigned long long x;
	unsigned int u[2];

	v = status_field(text, "CapEff");
	if (!v || sscanf(v, "%llx", &x) != 1)
		return -EINVAL;
	f->cap_eff = x;
	v = status_field(text, "CapBnd");
	if (v && sscanf(v, "%llx", &x) == 1)
		f->cap_bnd = x;
	else
		f->cap_bnd = f->cap_eff;
	v = status_field(text, "Uid");
	if (v && sscanf(v, "%u %u", &u[0], &u[1]) == 2)
		f->euid = u[1];
	v = status_field(text, "NoNewPrivs");
	if (v && sscanf(v, "%u", &u[0]) == 1)
		f->no_new_privs = u[0] ? POSTURE_YES : POSTURE_NO;
	v = status_field(text, "Seccomp");
	if (v && sscanf(v, "%u", &u[0]) == 1)
		f->seccomp_mode = (int)u[0];
	v = status_field(text, "Seccomp_filters");
	if (v && sscanf(v, "%u", &u[0]) == 1)
		f->seccomp_filters = (int)u[0];
	f->status_known = true;
	return 0;
}

int posture__parse_uid_map(const char *text)
{
	const char *p = text;
	int lines = 0;

	while (p && *p) {
		unsigned long long inside, outside, count;

		if (sscanf(p, "%llu %llu %llu", &inside, &outside, &count) == 3) {
			lines++;
			if (inside <= 0 && 0 < inside + count)
				return outside == 0 ? 1 : 0;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	/* A namespace without uid 0 mapped: root inside is nobody outside. */
	return lines ? 0 : -EINVAL;
}

void posture__parse_lsm_label(const char *text, struct posture_facts *f)
{
	static const char *const selinux_unconfined[] = {
	    ":unconfined_t:", ":spc_t:", ":kernel_t:", ":initrc_t:", ":unconfined_service_t:"};
	size_t n = strcspn(text, "\n");

	if (n >= sizeof(f->lsm_label))
		n = sizeof(f->lsm_label) - 1;
	memcpy(f->lsm_label, text, n);
	f->lsm_label[n] = '\0';
	/* attr/current may end with a NUL; the label is what precedes it. */
	if (strchr(f->lsm_label, ':') && !strchr(f->lsm_label, '(')) {
		char typed[sizeof(f->lsm_label) + 2];

		f->lsm = POSTURE_LSM_SELINUX;
		snprintf(typed, sizeof(typed), "%s:", f->lsm_label);
		f->mac_confined = POSTURE_YES;
		for (size_t i = 0; i < ARRAY_SIZE(selinux_unconfined); i++)
			if (strstr(typed, selinux_unconfined[i]))
				f->mac_confined = POSTURE_NO;
		return;
	}
	f->lsm = POSTURE_LSM_APPARMOR;
	/* "unconfined", or "profile (complain)": logged, not enforced. */
	if (strcmp(f->lsm_label, "unconfined") == 0 || strstr(f->lsm_label, "(complain)") ||
	    strstr(f->lsm_label, "(unconfined)") || f->lsm_label[0] == '\0')
		f->mac_confined = POSTURE_NO;
	else
		f->mac_confined = POSTURE_YES;
}

int posture__parse_limit(const char *text)
{
	unsigned long long v;
	long long quota;

	while (*text == ' ' || *text == '\t')
		text++;
	if (strncmp(text, "max", 3) == 0)
		return 0;
	if (text[0] == '-') {
		if (sscanf(text, "%lld", &quota) != 1)
			return -EINVAL;
		return quota < 0 ? 0 : 1;
	}
	if (sscanf(text, "%llu", &v) != 1)
		return -EINVAL;
	/* v1 memory's "unlimited" is PAGE_COUNTER_MAX pages: just under 2^63 on 64-bit. */
	return v >= (1ull << 62) ? 0 : 1;
}

int posture__parse_devices_list(const char *text)
{
	const char *p = text;

	while (p && *p) {
		if (strncmp(p, "a *:* rwm", 9) == 0 && (p[9] == '\n' || p[9] == '\0'))
			return 1;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return 0;
}

/* Is `prefix` a path prefix of `path` ("/a" of "/a/b", "/" of everything)? */
static bool path_under(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);

	if (strcmp(prefix, "/") == 0)
		return true;
	return strncmp(path, prefix, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

/*
 * Where a container mount's source lives on the host: a host mount of the same
 * filesystem (device) whose root contains this mount's root. -ENOENT for
 * filesystems the host has not mounted (overlay layers, the container's own
 * proc, tmpfs).
 */
static int host_path_of(const struct mountinfo_entry *m, const char *host_mountinfo, char *out,
			size_t len)
{
	const char *line = host_mountinfo;
	size_t best = 0;
	bool found = false;

	while (line && *line) {
		struct mountinfo_entry h;

		if (mountinfo__parse_line(line, &h) == 0 && h.major == m->major &&
		    h.minor == m->minor && path_under(m->root, h.root) &&
		    (!found || strlen(h.root) > best)) {
			/* The part of the mount's root below the host mount's root. */
			const char *rest =
			    m->root + (strcmp(h.root, "/") == 0 ? 0 : strlen(h.root));
			int n;

			if (rest[0] == '\0' || strcmp(rest, "/") == 0)
				n = snprintf(out, len, "%s", h.point);
			else if (strcmp(h.point, "/") == 0)
				n = snprintf(out, len, "%s", rest);
			else
				n = snprintf(out, len, "%s%s", h.point, rest);
			/* A path cut short could name the wrong directory: better none. */
			if (n < 0 || (size_t)n >= len) {
				out[0] = '\0';
				found = false;
			} else {
				best = strlen(h.root);
				found = true;
			}
		}
		line = mountinfo__next_line(line);
	}
	return found ? 0 : -ENOENT;
}

static bool is_runtime_socket(const char *path)
{
	static const char *const sockets[] = {
	    "docker.sock",	"containerd.sock", "crio.sock",		  "podman.sock",
	    "cri-dockerd.sock", "dockershim.sock", "containerd-shim.sock"};
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	for (size_t i = 0; i < ARRAY_SIZE(sockets); i++)
		if (strcmp(base, sockets[i]) == 0)
			return true;
	return false;
}

static bool is_sensitive_dir(const char *host_path)
{
	/* CIS 5.5's list, plus the runtime state directories that hold sockets. */
	static const char *const dirs[] = {"/",
					   "/boot",
					   "/dev",
					   "/etc",
					   "/lib",
					   "/proc",
					   "/sys",
					   "/usr",
					   "/run",
					   "/var/run",
					   "/var/lib/docker",
					   "/var/lib/containerd",
					   "/var/lib/kubelet",
					   "/run/containerd",
					   "/var/run/docker"};

	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++)
		if (strcmp(host_path, dirs[i]) == 0)
			return true;
	return false;
}

int posture__parse_mounts(const char *container_mountinfo, const char *host_mountinfo,
			  struct posture_facts *f)
{
	const char *line = container_mountinfo;
	bool root_seen = false;

	while (line && *line) {
		struct mountinfo_entry m;
		char host[POSTURE_PATH_LEN * 2];

		if (mountinfo__parse_line(line, &m) == 0) {
			if (strcmp(m.point, "/") == 0) {
				/* The last mount on "/" is the one the container sees. */
				root_seen = true;
				f->rootfs_readonly = mountinfo__has_option(m.options, "ro")
							 ? POSTURE_YES
							 : POSTURE_NO;
			}
			/* The runtime's own proc and sysfs are not host directories mounted in. */
			if (host_mountinfo &&
			    !((strcmp(m.fstype, "proc") == 0 || strcmp(m.fstype, "sysfs") == 0) &&
			      (path_under(m.point, "/proc") || path_under(m.point, "/sys"))) &&
			    host_path_of(&m, host_mountinfo, host, sizeof(host)) == 0) {
				if (!f->runtime_socket[0] &&
				    (is_runtime_socket(host) || is_runtime_socket(m.point)))
					/* cut: the finding matters more than the last bytes */
					str__copy(f->runtime_socket, sizeof(f->runtime_socket),
						  host, SIZE_MAX);
				else if (!f->sensitive_mount[0] && is_sensitive_dir(host))
					str__copy(f->sensitive_mount, sizeof(f->sensitive_mount),
						  host, SIZE_MAX);
			}
		}
		line = mountinfo__next_line(line);
	}
	return root_seen ? 0 : -EINVAL;
}

/* ---- evaluation ---- */

/* Docker's default set: what a container gets without --cap-add. */
static const uint64_t default_caps =
    BIT(0) /* CHOWN */ | BIT(1) /* DAC_OVERRIDE */ | BIT(3) /* FOWNER */ | BIT(4) /* FSETID */ |
    BIT(5) /* KILL */ | BIT(6) /* SETGID */ | BIT(7) /* SETUID */ | BIT(8) /* SETPCAP */ |
    BIT(10) /* NET_BIND_SERVICE */ | BIT(13) /* NET_RAW */ | BIT(18) /* SYS_CHROOT */ |
    BIT(27) /* MKNOD */ | BIT(29) /* AUDIT_WRITE */ | BIT(31) /* SETFCAP */;

static void add(struct posture_finding *out, size_t max, size_t *n, enum posture_check_id id,
		const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void add(struct posture_finding *out, size_t max, size_t *n, enum posture_check_id id,
		const char *fmt, ...)
{
	va_list ap;

	if (*n >= max)
		return;
	out[*n].check = id;
	out[*n].cis = checks[id].cis;
	va_start(ap, fmt);
	vsnprintf(out[*n].detail, sizeof(out[*n].detail), fmt, ap);
	va_end(ap);
	(*n)++;
}

size_t posture__evaluate(const struct posture_facts *f, struct posture_finding *out, size_t max)
{
	static const enum posture_check_id ns_check[POSTURE_NS_MAX] = {
	    [POSTURE_NS_PID] = POSTURE_HOST_PID,       [POSTURE_NS_NET] = POSTURE_HOST_NET,
	    [POSTURE_NS_IPC] = POSTURE_HOST_IPC,       [POSTURE_NS_UTS] = POSTURE_HOST_UTS,
	    [POSTURE_NS_MNT] = POSTURE_HOST_MNT,       [POSTURE_NS_USER] = POSTURE_CHECK_MAX,
	    [POSTURE_NS_CGROUP] = POSTURE_HOST_CGROUP,
	};
	uint64_t all = f->host_cap_bnd				      ? f->host_cap_bnd
		       : f->cap_last_cap >= 0 && f->cap_last_cap < 63 ? BIT(f->cap_last_cap + 1) - 1
								      : 0;
	bool privileged = f->status_known && all && (f->cap_bnd & all) == all;
	char caps[sizeof(out->detail)];
	size_t n = 0;

	if (privileged)
		add(out, max, &n, POSTURE_PRIVILEGED, "CapBnd=0x%016llx",
		    (unsigned long long)f->cap_bnd);
	/* The bounding set is what the container can reach (e.g. through a setuid binary). */
	if (f->status_known && !privileged && (f->cap_bnd & ~default_caps)) {
		static const struct capability_list_style style = {.separator = ","};

		capability__join(f->cap_bnd & ~default_caps, &style, caps, sizeof(caps));
		add(out, max, &n, POSTURE_ADDED_CAPS, "%s", caps);
	}
	if (f->no_new_privs == POSTURE_NO)
		add(out, max, &n, POSTURE_NO_NNP, "%s", "");
	if (f->seccomp_mode == 0)
		add(out, max, &n, POSTURE_NO_SECCOMP, "%s", "");
	if (f->mac_confined == POSTURE_NO || f->lsm == POSTURE_LSM_NONE) {
		add(out, max, &n, POSTURE_NO_MAC, "%s",
		    f->lsm == POSTURE_LSM_NONE ? "no AppArmor or SELinux on this host"
					       : f->lsm_label);
		if (n && out[n - 1].check == POSTURE_NO_MAC && f->lsm == POSTURE_LSM_SELINUX)
			out[n - 1].cis = "5.2";
	}
	if (f->root_is_host_root == POSTURE_YES && f->status_known && f->euid == 0)
		add(out, max, &n, POSTURE_HOST_ROOT, "%s", "uid 0 maps to host uid 0");
	for (unsigned int ns = 0; ns < POSTURE_NS_MAX; ns++) {
		if (ns_check[ns] == POSTURE_CHECK_MAX || !(f->ns_known & (1u << ns)) ||
		    !(f->ns_shared & (1u << ns)))
			continue;
		add(out, max, &n, ns_check[ns], "%s", "");
	}
	if (f->memory_limited == POSTURE_NO)
		add(out, max, &n, POSTURE_NO_MEMORY_LIMIT, "%s", "");
	if (f->pids_limited == POSTURE_NO)
		add(out, max, &n, POSTURE_NO_PIDS_LIMIT, "%s", "");
	if (f->cpu_limited == POSTURE_NO)
		add(out, max, &n, POSTURE_NO_CPU_LIMIT, "%s", "");
	if (f->rootfs_readonly == POSTURE_NO)
		add(out, max, &n, POSTURE_WRITABLE_ROOTFS, "%s", "");
	if (f->runtime_socket[0])
		add(out, max, &n, POSTURE_RUNTIME_SOCKET, "%s", f->runtime_socket);
	if (f->sensitive_mount[0])
		add(out, max, &n, POSTURE_SENSITIVE_MOUNT, "%s", f->sensitive_mount);
	if (f->all_devices == POSTURE_YES)
		add(out, max, &n, POSTURE_ALL_DEVICES, "%s", "");
	return n;
}

/* ---- I/O ---- */

/*
 * The most read of one file: mountinfo of a host with many mounts. Every open
 * goes through safe_read__open: no symlink on the path (a pid's /proc
 * directory and cgroupfs have none), regular files only, never a FIFO.
 */
#define POSTURE_MAX_READ (8u << 20)

/* A /proc or cgroupfs file (st_size 0: read until EOF), NUL-terminated, at most max-1 bytes. */
static int read_text(const char *path, char *buf, size_t max)
{
	size_t got = 0;
	int fd = safe_read__open(NULL, path, max);

	if (fd < 0)
		return -errno;
	while (got < max - 1) {
		ssize_t n = read(fd, buf + got, max - 1 - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int err = -errno;

			close(fd);
			return err;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	buf[got] = '\0';
	return (int)got;
}

/* The same, into a malloc'ed buffer that grows (mountinfo can be long). */
static char *read_all(const char *path)
{
	size_t cap = 16384, got = 0;
	char *buf = malloc(cap);
	int fd = safe_read__open(NULL, path, POSTURE_MAX_READ);

	if (!buf || fd < 0)
		goto fail;
	for (;;) {
		ssize_t n;

		if (got + 1 >= cap) {
			char *bigger;

			if (cap >= POSTURE_MAX_READ) /* a bound: no host has 8 MiB of mounts */
				break;
			bigger = realloc(buf, cap * 2);
			if (!bigger)
				goto fail;
			buf = bigger;
			cap *= 2;
		}
		n = read(fd, buf + got, cap - 1 - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	buf[got] = '\0';
	return buf;
fail:
	if (fd >= 0)
		close(fd);
	free(buf);
	return NULL;
}

int posture__process_ready(const char *host_root, pid_t pid)
{
	static const char *const runtimes[] = {"runc", "crun", "youki", "runsc", "runc.amd64"};
	char path[4096], comm[64], exe[4096];
	const char *base;
	ssize_t n;

	if (str__format(path, sizeof(path), "%s/proc/%d/comm", host_root, (int)pid) < 0)
		return -ENAMETOOLONG;
	if (read_text(path, comm, sizeof(comm)) < 0)
		return -ESRCH;
	/* runc's init re-execs itself as "runc:[2:INIT]" until it execs the entrypoint. */
	if (strncmp(comm, "runc:[", 6) == 0)
		return 0;
	if (str__format(path, sizeof(path), "%s/proc/%d/exe", host_root, (int)pid) < 0)
		return -ENAMETOOLONG;
	n = readlink(path, exe, sizeof(exe) - 1);
	if (n < 0)
		return 1; /* exe needs ptrace access the collector gave up: comm has to do */
	exe[n] = '\0';
	if (strstr(exe, "runc_cloned"))
		return 0;
	base = strrchr(exe, '/');
	base = base ? base + 1 : exe;
	for (size_t i = 0; i < ARRAY_SIZE(runtimes); i++)
		if (strcmp(base, runtimes[i]) == 0)
			return 0;
	return 1;
}

static const char *const ns_names[POSTURE_NS_MAX] = {"pid", "net",  "ipc",   "uts",
						     "mnt", "user", "cgroup"};

static void compare_namespaces(const struct ctw_namespaces *ns, const struct ctw_namespaces *host,
			       struct posture_facts *f)
{
	const uint32_t mine[POSTURE_NS_MAX] = {ns->pid, ns->net,  ns->ipc,   ns->uts,
					       ns->mnt, ns->user, ns->cgroup};
	const uint32_t init[POSTURE_NS_MAX] = {host->pid, host->net,  host->ipc,   host->uts,
					       host->mnt, host->user, host->cgroup};

	for (unsigned int i = 0; i < POSTURE_NS_MAX; i++) {
		if (!mine[i] || !init[i]) /* 0: not read, never matches */
			continue;
		f->ns_known |= 1u << i;
		if (mine[i] == init[i])
			f->ns_shared |= 1u << i;
	}
}

static void read_namespaces(const struct posture_source *s, struct posture_facts *f)
{
	if (s->ns && s->host_ns) {
		compare_namespaces(s->ns, s->host_ns, f);
		return;
	}
	for (unsigned int i = 0; i < POSTURE_NS_MAX; i++) {
		char a[4096], b[4096];
		struct stat sa, sb;

		if (str__format(a, sizeof(a), "%s/proc/%d/ns/%s", s->host_root, (int)s->pid,
				ns_names[i]) < 0 ||
		    str__format(b, sizeof(b), "%s/proc/1/ns/%s", s->host_root, ns_names[i]) < 0 ||
		    stat(a, &sa) < 0 || stat(b, &sb) < 0)
			continue;
		f->ns_known |= 1u << i;
		if (sa.st_ino == sb.st_ino && sa.st_dev == sb.st_dev)
			f->ns_shared |= 1u << i;
	}
}

/*
 * The limit in `file` in dir or any parent of it that still belongs to the
 * container (its path names the container id): a limit set on the container's
 * cgroup applies to the cgroups made below it.
 */
static enum posture_tri limit_in_tree(const char *base, const char *cgpath, const char *id,
				      const char *file)
{
	char rel[4096], path[8192], text[128];
	enum posture_tri result = POSTURE_UNKNOWN;
	const char *top = id && id[0] ? strstr(cgpath, id) : NULL;
	size_t min_len;

	if (str__format(rel, sizeof(rel), "%s", cgpath) < 0)
		return POSTURE_UNKNOWN;
	/* Stop at the end of the component that names the container. */
	min_len = top ? (size_t)(top - cgpath) + strcspn(top, "/") : strlen(rel);
	for (;;) {
		int v;

		if (str__format(path, sizeof(path), "%s%s/%s", base, rel, file) == 0 &&
		    read_text(path, text, sizeof(text)) > 0 &&
		    (v = posture__parse_limit(text)) >= 0) {
			if (v == 1)
				return POSTURE_YES;
			result = POSTURE_NO;
		}
		char *slash = strrchr(rel, '/');

		if (!slash || (size_t)(slash - rel) < min_len || slash == rel)
			break;
		*slash = '\0';
	}
	return result;
}

static enum posture_tri tri_or(enum posture_tri a, enum posture_tri b)
{
	if (a == POSTURE_YES || b == POSTURE_YES)
		return POSTURE_YES;
	if (a == POSTURE_NO || b == POSTURE_NO)
		return POSTURE_NO;
	return POSTURE_UNKNOWN;
}

/* The host mount point of the v1 hierarchy with `controller` ("" when none). */
static void v1_mount(const char *host_mountinfo, const char *controller, char *out, size_t len)
{
	const char *line = host_mountinfo;

	out[0] = '\0';
	while (line && *line) {
		struct mountinfo_entry m;

		if (mountinfo__parse_line(line, &m) == 0 && strcmp(m.fstype, "cgroup") == 0 &&
		    strcmp(m.root, "/") == 0 &&
		    mountinfo__has_option(m.super_options, controller)) {
			snprintf(out, len, "%s", m.point);
			return;
		}
		line = mountinfo__next_line(line);
	}
}

/* The v1 path of `controller` in /proc/<pid>/cgroup ("N:memory:/docker/<id>"). */
static int v1_path(const char *proc_cgroup, const char *controller, char *out, size_t len)
{
	const char *line = proc_cgroup;

	while (line && *line) {
		const char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		const char *eol = strchr(line, '\n');
		char ctrls[128];
		size_t n;

		if (c2 && (!eol || c2 < eol) && (size_t)(c2 - c1 - 1) < sizeof(ctrls)) {
			memcpy(ctrls, c1 + 1, (size_t)(c2 - c1 - 1));
			ctrls[c2 - c1 - 1] = '\0';
			if (ctrls[0] && mountinfo__has_option(ctrls, controller)) {
				n = eol ? (size_t)(eol - c2 - 1) : strlen(c2 + 1);
				if (n >= len)
					return -ENAMETOOLONG;
				memcpy(out, c2 + 1, n);
				out[n] = '\0';
				return 0;
			}
		}
		line = eol ? eol + 1 : NULL;
	}
	return -ENOENT;
}

static enum posture_tri v1_limit(const struct posture_source *s, const char *host_mi,
				 const char *proc_cgroup, const char *controller, const char *file)
{
	char mnt[4096], rel[4096], base[8192];

	if (!host_mi || !proc_cgroup)
		return POSTURE_UNKNOWN;
	v1_mount(host_mi, controller, mnt, sizeof(mnt));
	if (!mnt[0] || v1_path(proc_cgroup, controller, rel, sizeof(rel)) < 0)
		return POSTURE_UNKNOWN;
	if (str__format(base, sizeof(base), "%s%s", s->host_root, strcmp(mnt, "/") ? mnt : "") < 0)
		return POSTURE_UNKNOWN;
	return limit_in_tree(base, rel, s->container_id, file);
}

/* v1: the devices controller's list for the task; UNKNOWN when it cannot be read. */
static enum posture_tri v1_devices(const struct posture_source *s, const char *mnt,
				   const char *proc_cgroup)
{
	char rel[4096], path[8192], text[4096];

	if (!proc_cgroup || v1_path(proc_cgroup, "devices", rel, sizeof(rel)) < 0 ||
	    str__format(path, sizeof(path), "%s%s%s/devices.list", s->host_root, mnt, rel) < 0 ||
	    read_text(path, text, sizeof(text)) < 0)
		return POSTURE_UNKNOWN;
	return posture__parse_devices_list(text) ? POSTURE_YES : POSTURE_NO;
}

/* v2: a BPF_CGROUP_DEVICE program on the cgroup or an ancestor restricts devices. */
static enum posture_tri v2_devices(const struct posture_source *s)
{
	char path[8192];
	__u32 prog_ids[4], cnt = ARRAY_SIZE(prog_ids), flags = 0;
	int fd, err;

	if (!s->cgroup2_root || !s->cgroup_path ||
	    str__format(path, sizeof(path), "%s%s", s->cgroup2_root, s->cgroup_path) < 0)
		return POSTURE_UNKNOWN;
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return POSTURE_UNKNOWN;
	err = bpf_prog_query(fd, BPF_CGROUP_DEVICE, BPF_F_QUERY_EFFECTIVE, &flags, prog_ids, &cnt);
	close(fd);
	if (err)
		return POSTURE_UNKNOWN;
	return cnt == 0 ? POSTURE_YES : POSTURE_NO;
}

/*
 * Both mechanisms apply where both exist (hybrid hosts), so either one
 * restricting is enough. Where a v1 devices controller is mounted it is the
 * runtime's tool: a v2 cgroup without a program then says nothing, and a v1
 * list that cannot be read (the container's cgroup already removed) leaves the
 * answer unknown rather than "every device".
 */
static void read_devices(const struct posture_source *s, const char *host_mi,
			 const char *proc_cgroup, struct posture_facts *f)
{
	char mnt[4096] = "";
	enum posture_tri v1, v2 = v2_devices(s);

	if (host_mi)
		v1_mount(host_mi, "devices", mnt, sizeof(mnt));
	if (!mnt[0]) {
		f->all_devices = v2;
		return;
	}
	v1 = v1_devices(s, mnt, proc_cgroup);
	if (v1 == POSTURE_NO || v2 == POSTURE_NO)
		f->all_devices = POSTURE_NO;
	else
		f->all_devices = v1;
}

/* The process still runs: facts read from an exiting task are not its container's. */
static bool still_running(const struct posture_source *s)
{
	char path[4096], text[4096];
	const char *state;

	if (str__format(path, sizeof(path), "%s/proc/%d/status", s->host_root, (int)s->pid) < 0 ||
	    read_text(path, text, sizeof(text)) < 0)
		return false;
	state = status_field(text, "State");
	if (!state)
		return true;
	state += strspn(state, " \t");
	return *state != 'Z' && *state != 'X';
}

int posture__read(const struct posture_source *s, struct posture_facts *f)
{
	char path[4096], text[4096];
	char *host_mi = NULL, *mi = NULL, *proc_cgroup = NULL;
	char v2[8192];

	posture_facts__init(f);
	if (str__format(path, sizeof(path), "%s/proc/%d/status", s->host_root, (int)s->pid) < 0)
		return -ENAMETOOLONG;
	if (read_text(path, text, sizeof(text)) < 0)
		return -ESRCH;
	posture__parse_status(text, f);
	if (str__format(path, sizeof(path), "%s/proc/1/status", s->host_root) == 0 &&
	    read_text(path, text, sizeof(text)) > 0) {
		struct posture_facts init;

		posture_facts__init(&init);
		if (posture__parse_status(text, &init) == 0)
			f->host_cap_bnd = init.cap_bnd;
	}
	if (str__format(path, sizeof(path), "%s/proc/sys/kernel/cap_last_cap", s->host_root) == 0 &&
	    read_text(path, text, sizeof(text)) > 0)
		f->cap_last_cap = atoi(text);

	/* The per-LSM file first: with LSM stacking attr/current belongs to the first LSM. */
	if (str__format(path, sizeof(path), "%s/proc/%d/attr/apparmor/current", s->host_root,
			(int)s->pid) == 0 &&
	    read_text(path, text, sizeof(text)) > 0) {
		posture__parse_lsm_label(text, f);
	} else if (str__format(path, sizeof(path), "%s/proc/%d/attr/current", s->host_root,
			       (int)s->pid) == 0) {
		int n = read_text(path, text, sizeof(text));

		if (n > 0)
			posture__parse_lsm_label(text, f);
		else if (n == -EINVAL)
			f->lsm = POSTURE_LSM_NONE; /* no LSM provides process labels */
	}

	if (str__format(path, sizeof(path), "%s/proc/%d/uid_map", s->host_root, (int)s->pid) == 0 &&
	    read_text(path, text, sizeof(text)) > 0) {
		int r = posture__parse_uid_map(text);

		if (r >= 0)
			f->root_is_host_root = r ? POSTURE_YES : POSTURE_NO;
	}
	read_namespaces(s, f);

	if (str__format(path, sizeof(path), "%s/proc/1/mountinfo", s->host_root) == 0)
		host_mi = read_all(path);
	if (str__format(path, sizeof(path), "%s/proc/%d/mountinfo", s->host_root, (int)s->pid) == 0)
		mi = read_all(path);
	if (mi)
		posture__parse_mounts(mi, host_mi, f);
	if (str__format(path, sizeof(path), "%s/proc/%d/cgroup", s->host_root, (int)s->pid) == 0)
		proc_cgroup = read_all(path);

	/* Limits: v2 files in the container's cgroup2 directory, or the v1 controllers'. */
	if (s->cgroup2_root && s->cgroup_path &&
	    str__format(v2, sizeof(v2), "%s", s->cgroup2_root) == 0) {
		f->memory_limited =
		    limit_in_tree(v2, s->cgroup_path, s->container_id, "memory.max");
		f->pids_limited = limit_in_tree(v2, s->cgroup_path, s->container_id, "pids.max");
		f->cpu_limited = limit_in_tree(v2, s->cgroup_path, s->container_id, "cpu.max");
	}
	f->memory_limited = tri_or(f->memory_limited, v1_limit(s, host_mi, proc_cgroup, "memory",
							       "memory.limit_in_bytes"));
	f->pids_limited =
	    tri_or(f->pids_limited, v1_limit(s, host_mi, proc_cgroup, "pids", "pids.max"));
	f->cpu_limited =
	    tri_or(f->cpu_limited, v1_limit(s, host_mi, proc_cgroup, "cpu", "cpu.cfs_quota_us"));
	read_devices(s, host_mi, proc_cgroup, f);

	free(proc_cgroup);
	free(mi);
	free(host_mi);
	return still_running(s) ? 0 : -ESRCH;
}
