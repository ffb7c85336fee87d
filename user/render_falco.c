// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Field names follow Falco's (proc.*, user.*, container.*, k8s.*, evt.*) where
 * one means the same thing; what Falco has no field for is under ctw.*.
 * Change them only together with docs/falco-format.md.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "capability.h"
#include "decode.h"
#include "detections.h"
#include "event_type.h"
#include "jsonw.h"
#include "render_falco.h"
#include "render_summary.h"
#include "util.h"

#define SUMMARY_MAX 1024
#define ARGS_MAX 8192

const char *render_falco__priority(enum severity severity)
{
	switch (severity) {
	case SEVERITY_CRITICAL:
		return "Critical";
	case SEVERITY_WARNING:
		return "Warning";
	case SEVERITY_NOTICE:
		return "Notice";
	default:
		return "Informational";
	}
}

static void put_str(struct jsonw *w, const char *key, const char *val)
{
	jsonw__key(w, key);
	jsonw__string(w, val);
}

/* A kernel char array; null when empty, as Falco prints <NA> for what it does not know. */
static void put_field(struct jsonw *w, const char *key, const char *field, size_t size)
{
	jsonw__key(w, key);
	if (field[0])
		jsonw__string_n(w, field, size);
	else
		jsonw__null(w);
}

static void put_uint(struct jsonw *w, const char *key, uint64_t v)
{
	jsonw__key(w, key);
	jsonw__uint(w, v);
}

/* Falco's thread.cap_effective: capability names separated by spaces. */
static void put_caps(struct jsonw *w, const char *key, uint64_t mask)
{
	static const struct capability_list_style style = {.separator = " "};
	char text[CAPABILITY_BITS * 24]; /* every name fits */

	capability__join(mask, &style, text, sizeof(text));
	put_str(w, key, text);
}

/* The process cache's cwd, when it knows one; Falco has no word for a cut one. */
static void put_cwd(struct jsonw *w, const struct proc_entry *e)
{
	if (!e)
		return;
	if (e->cwd[0]) {
		jsonw__key(w, "proc.cwd");
		jsonw__string_n(w, e->cwd, sizeof(e->cwd));
	}
	if (e->cwd_truncated) {
		jsonw__key(w, "ctw.proc.cwd_truncated");
		jsonw__bool(w, true);
	}
}

/* The rule: the first detection's name, else one rule per event type. */
static const char *rule_name(const struct classification *cls, const char *type, char *buf,
			     size_t len)
{
	for (size_t i = 0; i < cls->n_detections && i < CLASSIFY_MAX_REASONS; i++) {
		int idx = cls->detections[i] ? detection__index(cls->detections[i]) : -1;

		if (idx >= 0) {
			snprintf(buf, len, "%s (%s)", detections[idx].name, detections[idx].id);
			return buf;
		}
	}
	snprintf(buf, len, "ctrwatch %s event", type);
	return buf;
}

/* The ATT&CK IDs of a detection ("T1611" or "T1611, T1068") as separate tags. */
static void put_attack_tags(struct jsonw *w, const char *attack)
{
	while (attack && *attack) {
		size_t n;

		attack += strspn(attack, " ,;/");
		n = strcspn(attack, " ,;/");
		if (n > 0)
			jsonw__string_n(w, attack, n);
		attack += n;
	}
}

static void put_tags(struct jsonw *w, const struct classification *cls)
{
	jsonw__key(w, "tags");
	jsonw__begin_array(w);
	jsonw__string(w, "ctrwatch");
	for (unsigned int i = 0; i < FLAG_COUNT; i++) {
		const char *name =
		    (cls->flags & (1u << i)) ? event_flag__name((enum event_flag)(1u << i)) : NULL;

		if (name)
			jsonw__string(w, name);
	}
	for (size_t i = 0; i < cls->n_detections && i < CLASSIFY_MAX_REASONS; i++) {
		int idx;

		if (!cls->detections[i])
			continue;
		jsonw__string(w, cls->detections[i]);
		idx = detection__index(cls->detections[i]);
		if (idx >= 0)
			put_attack_tags(w, detections[idx].attack);
	}
	jsonw__end_array(w);
}

static void put_container_fields(struct jsonw *w, const struct render_input *in)
{
	const struct container_ref *c = in->container;
	const struct container_meta *m = in->meta;

	/* Falco says "host" for processes outside any container. */
	if (!c) {
		put_str(w, "container.id", "host");
		put_str(w, "container.full_id", "host");
		put_str(w, "container.name", "host");
		put_str(w, "container.type", "host");
		return;
	}
	jsonw__key(w, "container.id");
	jsonw__string_n(w, c->id, 12); /* Falco's short id */
	put_str(w, "container.full_id", c->id);
	put_str(w, "container.type", container_runtime__name(c->runtime));
	if (m && m->name[0])
		put_field(w, "container.name", m->name, sizeof(m->name));
	if (m && m->image[0])
		put_field(w, "container.image", m->image, sizeof(m->image));
	if (m && m->pod[0])
		put_field(w, "k8s.pod.name", m->pod, sizeof(m->pod));
	if (m && m->namespace[0])
		put_field(w, "k8s.ns.name", m->namespace, sizeof(m->namespace));
	if (c->pod_uid[0])
		put_str(w, "k8s.pod.uid", c->pod_uid);
}

static void put_output_fields(struct jsonw *w, const struct render_input *in, int64_t real_ns,
			      const char *type)
{
	const struct ctw_header *h = in->rec;
	int64_t ret = (h->flags & CTW_HDR_HAS_RET) ? h->ret : 0;
	const char *syscall =
	    h->syscall_nr != CTW_NO_SYSCALL ? decode__syscall_name(h->syscall_nr) : NULL;
	char args[ARGS_MAX];
	size_t args_len;

	jsonw__key(w, "output_fields");
	jsonw__begin_object(w);
	put_uint(w, "evt.time", (uint64_t)real_ns);
	put_str(w, "evt.type", syscall ? syscall : type);
	if (ret < 0) {
		const char *e = decode__errno_name(ret);
		char num[DECODE_NUM_NAME_LEN];

		/* The magnitude without negating INT64_MIN (a corrupt record's). */
		put_str(w, "evt.res",
			decode__name_or_number(e, "E", (long long)(0 - (uint64_t)ret), num,
					       sizeof(num)));
	} else {
		put_str(w, "evt.res", "SUCCESS");
	}
	jsonw__key(w, "evt.rawres");
	jsonw__int(w, ret);
	if (render_json__args(h, args, sizeof(args), &args_len) == 0)
		put_str(w, "evt.args", args);
	put_uint(w, "proc.pid", h->pid);
	put_uint(w, "proc.ppid", h->ppid);
	put_uint(w, "thread.tid", h->tid);
	put_field(w, "proc.name", h->comm, sizeof(h->comm));
	put_field(w, "proc.exepath", h->exe, sizeof(h->exe));
	put_cwd(w, in->lineage ? in->lineage->self : NULL);
	put_uint(w, "user.uid", h->uid);
	put_uint(w, "group.gid", h->gid);
	put_caps(w, "thread.cap_effective", h->cap_effective);
	put_container_fields(w, in);
	put_str(w, "ctw.type", type);
	put_str(w, "ctw.severity", severity__name(in->cls->severity));
	put_uint(w, "ctw.euid", h->euid);
	put_uint(w, "ctw.egid", h->egid);
	put_uint(w, "ctw.cgroup.id", h->cgroup_id);
	if (in->cgroup_path) {
		size_t len = strnlen(in->cgroup_path, RENDER_CGROUP_PATH_MAX + 1);

		jsonw__key(w, "ctw.cgroup.path");
		jsonw__string_n(w, in->cgroup_path,
				len < RENDER_CGROUP_PATH_MAX ? len : RENDER_CGROUP_PATH_MAX);
		if (len > RENDER_CGROUP_PATH_MAX) {
			jsonw__key(w, "ctw.cgroup.path_truncated");
			jsonw__bool(w, true);
		}
	}
	jsonw__end_object(w);
}

/* Falco's "output" begins with the event's local-independent time and the priority. */
static int output_prefix(int64_t real_ns, const char *priority, char *buf, size_t len)
{
	time_t t = (time_t)(real_ns / NSEC_PER_SEC);
	struct tm tm;
	int n;

	if (!gmtime_r(&t, &tm))
		return -EOVERFLOW;
	n = snprintf(buf, len, "%02d:%02d:%02d.%09lld: %s ", tm.tm_hour, tm.tm_min, tm.tm_sec,
		     (long long)(real_ns % NSEC_PER_SEC), priority);
	return n < 0 || (size_t)n >= len ? -ENOSPC : n;
}

bool render_falco__is_rule_match(const struct render_input *in)
{
	const struct ctw_header *h = in ? in->rec : NULL;

	if (!h || !in->cls)
		return false;
	/* A posture event carries its findings as reasons: each is a rule that matched. */
	if (h->type == CTW_EVENT_POSTURE)
		return in->cls->n_reasons > 0;
	return in->cls->n_detections > 0;
}

int render_falco__event(const struct render_input *in, char *buf, size_t len, size_t *out_len)
{
	const struct ctw_header *h = in ? in->rec : NULL;
	char when[RENDER_JSON_TIME_LEN], output[64 + SUMMARY_MAX], rule[160];
	const char *type, *priority;
	int64_t real_ns;
	struct jsonw w;
	int n, err;

	if (!h || !in->cls)
		return -EINVAL;
	type = event_type__name(h->type);
	if (!type)
		return -EINVAL;
	/* Wraps, never overflows, on a corrupt ktime. */
	real_ns = (int64_t)(h->ktime_ns + (uint64_t)in->boot_to_realtime_ns);
	err = render_json__time(real_ns, when, sizeof(when));
	if (err)
		return err;
	priority = render_falco__priority(in->cls->severity);
	n = output_prefix(real_ns, priority, output, sizeof(output));
	if (n < 0)
		return n;
	if (render_summary__event(in, output + n, sizeof(output) - (size_t)n) < 0)
		return -EINVAL;

	jsonw__init(&w, buf, len);
	jsonw__begin_object(&w);
	put_str(&w, "time", when);
	put_str(&w, "rule", rule_name(in->cls, type, rule, sizeof(rule)));
	put_str(&w, "priority", priority);
	put_str(&w, "output", output);
	put_output_fields(&w, in, real_ns, type);
	put_str(&w, "source", "syscall");
	/* Falco always sets it; main always knows one (node_name.h). */
	put_str(&w, "hostname", in->hostname ? in->hostname : "");
	put_tags(&w, in->cls);
	jsonw__end_object(&w);
	jsonw__raw(&w, "\n", 1);
	return jsonw__finish(&w, out_len);
}
