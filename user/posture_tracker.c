// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "posture_tracker.h"
#include "util.h"

#define RETRY_NS 20000000ll   /* between two tries of a container not ready yet */
#define SWEEP_NS NSEC_PER_SEC /* between two checks for containers that went away */
#define MAX_CANDIDATES 16     /* processes of cgroup.procs looked at per try */

enum entry_state {
	ENTRY_PENDING = 0,
	ENTRY_DONE,
};

struct entry {
	struct container_ref ref;
	char *cgroup_path;
	enum entry_state state;
	struct ctw_header hdr; /* the record that announced it: its process and namespaces */
	int64_t first_seen_ns; /* CLOCK_BOOTTIME */
	int64_t next_try_ns;
	uint32_t findings; /* bits (1 << enum posture_check_id), once DONE */
	enum severity worst;
	bool has_findings;
};

struct posture_tracker {
	char *host_root;
	char *cgroup2_root;
	struct ctw_namespaces host_ns;
	bool have_host_ns;
	int64_t give_up_ns;
	int64_t next_sweep_ns;
	size_t max;
	size_t n;
	struct entry *entries; /* dense array, n used; order does not matter */
	struct posture_tracker_stats stats;
};

struct posture_tracker *posture_tracker__new(const struct posture_tracker_options *o)
{
	struct posture_tracker *t;

	if (!o || !o->max_containers || !o->cgroup2_root) {
		errno = EINVAL;
		return NULL;
	}
	t = calloc(1, sizeof(*t));
	if (!t)
		goto nomem;
	t->host_root = strdup(o->host_root ? o->host_root : "");
	t->cgroup2_root = strdup(o->cgroup2_root);
	t->entries = calloc(o->max_containers, sizeof(*t->entries));
	if (!t->host_root || !t->cgroup2_root || !t->entries)
		goto nomem;
	if (o->host_ns) {
		t->host_ns = *o->host_ns;
		t->have_host_ns = true;
	}
	t->give_up_ns = (int64_t)o->give_up_ms * NSEC_PER_MSEC;
	t->max = o->max_containers;
	return t;
nomem:
	posture_tracker__free(t);
	errno = ENOMEM;
	return NULL;
}

void posture_tracker__free(struct posture_tracker *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		free(t->entries[i].cgroup_path);
	free(t->entries);
	free(t->cgroup2_root);
	free(t->host_root);
	free(t);
}

/*
 * A linear scan: max_containers is a few thousand at most and this runs per
 * record only for records from containers, comparing a 64-byte id that
 * differs early. Cheaper than keeping a second index in step with removals.
 */
static struct entry *find(const struct posture_tracker *t, const char *id)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->entries[i].ref.id[0] == id[0] && strcmp(t->entries[i].ref.id, id) == 0)
			return &t->entries[i];
	return NULL;
}

static void remove_entry(struct posture_tracker *t, struct entry *e)
{
	free(e->cgroup_path);
	*e = t->entries[--t->n];
	memset(&t->entries[t->n], 0, sizeof(t->entries[t->n]));
	t->stats.tracked = t->n;
}

static void start_tracking(struct entry *e, const struct ctw_header *rec, const char *cgroup_path)
{
	free(e->cgroup_path);
	e->cgroup_path = strdup(cgroup_path ? cgroup_path : "");
	e->state = ENTRY_PENDING;
	memcpy(&e->hdr, rec, sizeof(e->hdr));
	e->first_seen_ns = (int64_t)rec->ktime_ns;
	e->next_try_ns = 0;
	e->findings = 0;
	e->has_findings = false;
}

/* The finding behind a container's worst severity, once its posture is known. */
static void weakness_of(const struct entry *e, struct posture_weakness *w)
{
	if (!e || e->state != ENTRY_DONE)
		return;
	for (unsigned int i = 0; i < POSTURE_CHECK_MAX; i++) {
		const struct posture_check *c = posture__check(i);

		if ((e->findings & (1u << i)) && c->severity == e->worst) {
			w->worst = e->worst;
			w->check_id = c->id;
			w->title = c->title;
			return;
		}
	}
}

void posture_tracker__observe(struct posture_tracker *t, const struct ctw_header *rec,
			      const struct container_ref *c, const char *cgroup_path,
			      struct posture_weakness *weakness)
{
	struct posture_weakness none = {.worst = SEVERITY_INFO};
	struct entry *e;

	if (!weakness)
		weakness = &none;
	*weakness = none;
	if (!t || !c || c->runtime == RUNTIME_NONE)
		return;
	e = find(t, c->id);
	if (rec->type == CTW_EVENT_CONTAINER_STOP) {
		if (e)
			remove_entry(t, e);
		return;
	}
	if (e) {
		/* A start after a first ordinary record: the entrypoint is the better process. */
		if (rec->type == CTW_EVENT_CONTAINER_START && e->state == ENTRY_PENDING)
			start_tracking(e, rec, cgroup_path);
		weakness_of(e, weakness);
		return;
	}
	if (t->n >= t->max) {
		t->stats.full++;
		return;
	}
	e = &t->entries[t->n++];
	memset(e, 0, sizeof(*e));
	e->ref = *c;
	start_tracking(e, rec, cgroup_path);
	t->stats.tracked = t->n;
}

/* Is pid in the container's cgroup? Its /proc/<pid>/cgroup names the container id. */
static bool pid_in_container(const struct posture_tracker *t, pid_t pid, const char *id)
{
	char path[4096], text[4096];
	ssize_t n;
	int fd;

	if (snprintf(path, sizeof(path), "%s/proc/%d/cgroup", t->host_root, (int)pid) >=
	    (int)sizeof(path))
		return false;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n <= 0)
		return false;
	text[n] = '\0';
	return strstr(text, id) != NULL;
}

/* Up to max pids of the container's cgroup.procs. */
static size_t cgroup_pids(const struct posture_tracker *t, const struct entry *e, pid_t *out,
			  size_t max)
{
	char path[8192], text[4096], *p;
	size_t n = 0;
	ssize_t len;
	int fd;

	if (snprintf(path, sizeof(path), "%s%s/cgroup.procs", t->cgroup2_root, e->cgroup_path) >=
	    (int)sizeof(path))
		return 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	len = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (len <= 0)
		return 0;
	text[len] = '\0';
	for (p = text; *p && n < max;) {
		char *end;
		long v = strtol(p, &end, 10);

		if (end == p)
			break;
		if (v > 0)
			out[n++] = (pid_t)v;
		p = end + strspn(end, "\n");
	}
	return n;
}

/*
 * A process that runs the container's program: the record's, while it lives
 * and is still in the container, else the first ready one of cgroup.procs.
 * 1 found, 0 none ready yet.
 */
static int pick_process(const struct posture_tracker *t, const struct entry *e, pid_t *pid,
			bool *is_record_pid)
{
	pid_t pids[MAX_CANDIDATES];
	size_t n;

	if (e->hdr.pid && pid_in_container(t, (pid_t)e->hdr.pid, e->ref.id) &&
	    posture__process_ready(t->host_root, (pid_t)e->hdr.pid) == 1) {
		*pid = (pid_t)e->hdr.pid;
		*is_record_pid = true;
		return 1;
	}
	n = cgroup_pids(t, e, pids, ARRAY_SIZE(pids));
	for (size_t i = 0; i < n; i++) {
		if (posture__process_ready(t->host_root, pids[i]) == 1) {
			*pid = pids[i];
			*is_record_pid = false;
			return 1;
		}
	}
	return 0;
}

void posture__classify(const struct posture_finding *f, size_t n, struct classification *cls)
{
	memset(cls, 0, sizeof(*cls));
	cls->severity = SEVERITY_INFO;
	for (size_t i = 0; i < n; i++) {
		const struct posture_check *c = posture__check(f[i].check);

		if (!c)
			continue;
		if (c->severity > cls->severity)
			cls->severity = c->severity;
		if (cls->n_reasons < CLASSIFY_MAX_REASONS)
			snprintf(cls->reasons[cls->n_reasons++], CLASSIFY_REASON_LEN, "%s: %s",
				 c->id, c->title);
	}
}

/* The posture event's makings: the announcing record's header, retyped, stamped now. */
static void report(const struct posture_tracker *t, const struct entry *e, pid_t pid,
		   bool is_record_pid, const struct posture_facts *facts,
		   const struct posture_finding *findings, size_t n, int64_t now_boot_ns,
		   struct posture_report *out)
{
	struct ctw_header hdr = e->hdr;

	hdr.type = CTW_EVENT_POSTURE;
	hdr.size = sizeof(hdr);
	hdr.syscall_nr = CTW_NO_SYSCALL;
	hdr.flags = 0;
	hdr.ret = 0;
	hdr.ktime_ns = (uint64_t)now_boot_ns;
	if (!is_record_pid) {
		/* Another process of the container was read: say which, drop what was not read. */
		char path[4096];

		hdr.pid = hdr.tid = (uint32_t)pid;
		hdr.ppid = 0;
		hdr.euid = facts->euid;
		hdr.cap_effective = facts->cap_eff;
		memset(hdr.comm, 0, sizeof(hdr.comm));
		memset(hdr.exe, 0, sizeof(hdr.exe));
		memset(&hdr.ns, 0, sizeof(hdr.ns));
		if (snprintf(path, sizeof(path), "%s/proc/%d/comm", t->host_root, (int)pid) <
		    (int)sizeof(path)) {
			int fd = open(path, O_RDONLY | O_CLOEXEC);

			if (fd >= 0) {
				ssize_t r = read(fd, hdr.comm, sizeof(hdr.comm) - 1);

				if (r > 0 && hdr.comm[r - 1] == '\n')
					hdr.comm[r - 1] = '\0';
				close(fd);
			}
		}
	}
	out->hdr = hdr;
	out->container = e->ref;
	str__copy(out->cgroup_path, sizeof(out->cgroup_path), e->cgroup_path, SIZE_MAX);
	out->n_findings = n;
	memcpy(out->findings, findings, n * sizeof(*findings));
}

/* Reads one container's posture; true when it was read (and described in *out, when given). */
static bool evaluate(struct posture_tracker *t, struct entry *e, int64_t now_boot_ns,
		     struct posture_report *out)
{
	struct posture_finding findings[POSTURE_CHECK_MAX];
	struct posture_facts facts;
	struct posture_source src;
	bool is_record_pid = false;
	pid_t pid = 0;
	size_t n;

	if (!pick_process(t, e, &pid, &is_record_pid)) {
		if (now_boot_ns - e->first_seen_ns > t->give_up_ns) {
			t->stats.gave_up++;
			remove_entry(t, e);
		} else {
			e->next_try_ns = now_boot_ns + RETRY_NS;
		}
		return false;
	}
	src = (struct posture_source){
	    .host_root = t->host_root,
	    .cgroup2_root = t->cgroup2_root,
	    .cgroup_path = e->cgroup_path,
	    .container_id = e->ref.id,
	    .pid = pid,
	    /* The record's namespaces are the kernel's word for its own process only. */
	    .ns = is_record_pid && t->have_host_ns ? &e->hdr.ns : NULL,
	    .host_ns = t->have_host_ns ? &t->host_ns : NULL,
	};
	if (posture__read(&src, &facts) < 0) {
		e->next_try_ns =
		    now_boot_ns + RETRY_NS; /* it exited between the two: another one */
		return false;
	}
	n = posture__evaluate(&facts, findings, ARRAY_SIZE(findings));
	e->state = ENTRY_DONE;
	e->findings = 0;
	e->worst = SEVERITY_INFO;
	for (size_t i = 0; i < n; i++) {
		e->findings |= 1u << findings[i].check;
		if (posture__check(findings[i].check)->severity > e->worst)
			e->worst = posture__check(findings[i].check)->severity;
	}
	e->has_findings = n > 0;
	t->stats.evaluated++;
	t->stats.last_latency_ns = (uint64_t)(now_boot_ns - e->first_seen_ns);
	if (t->stats.last_latency_ns > t->stats.max_latency_ns)
		t->stats.max_latency_ns = t->stats.last_latency_ns;
	if (out)
		report(t, e, pid, is_record_pid, &facts, findings, n, now_boot_ns, out);
	return true;
}

/* Containers whose cgroup is gone stopped without a container_stop we saw. */
static void sweep(struct posture_tracker *t)
{
	for (size_t i = 0; i < t->n;) {
		struct entry *e = &t->entries[i];
		char path[8192];
		struct stat st;

		if (snprintf(path, sizeof(path), "%s%s", t->cgroup2_root, e->cgroup_path) <
			(int)sizeof(path) &&
		    stat(path, &st) < 0 && errno == ENOENT) {
			remove_entry(t, e); /* the last entry moved into slot i: look at it next */
			continue;
		}
		i++;
	}
}

size_t posture_tracker__tick(struct posture_tracker *t, int64_t now_boot_ns,
			     struct posture_report *out, size_t max)
{
	size_t evaluated = 0;

	if (!t)
		return 0;
	for (size_t i = 0; i < t->n && (!out || evaluated < max);) {
		struct entry *e = &t->entries[i];
		size_t before = t->n;

		if (e->state == ENTRY_PENDING && now_boot_ns >= e->next_try_ns) {
			if (evaluate(t, e, now_boot_ns, out ? &out[evaluated] : NULL))
				evaluated++;
			if (t->n < before)
				continue; /* given up: slot i now holds another entry */
		}
		i++;
	}
	if (now_boot_ns >= t->next_sweep_ns) {
		t->next_sweep_ns = now_boot_ns + SWEEP_NS;
		sweep(t);
	}
	return evaluated;
}

void posture_tracker__counts(const struct posture_tracker *t, uint64_t counts[POSTURE_CHECK_MAX])
{
	memset(counts, 0, sizeof(uint64_t) * POSTURE_CHECK_MAX);
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		for (unsigned int c = 0; c < POSTURE_CHECK_MAX; c++)
			if (t->entries[i].state == ENTRY_DONE &&
			    (t->entries[i].findings & (1u << c)))
				counts[c]++;
}

void posture_tracker__stats(const struct posture_tracker *t, struct posture_tracker_stats *out)
{
	*out = t->stats;
}
