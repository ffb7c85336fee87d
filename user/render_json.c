// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Field names and their meaning are the public contract (docs/event-format.md,
 * docs/event.schema.json): change them only together with both.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>

#include "capability.h"
#include "decode.h"
#include "event_type.h"
#include "jsonw.h"
#include "render_json.h"
#include "util.h"

typedef size_t (*flags_decoder)(uint64_t flags, const char **names, size_t max, uint64_t *unknown);

int render_json__time(int64_t realtime_ns, char *buf, size_t len)
{
	/*
	 * Events come in bursts within the same second: gmtime_r() and the date's
	 * snprintf() run once per second, the nanoseconds are written by hand.
	 * Two seconds are kept, the least recently used replaced: an event's time
	 * and its process's start_time alternate, and with one they missed each
	 * other every time.
	 */
	static __thread struct {
		int64_t sec;
		char prefix[40];
		size_t len;
	} cache[2] = {{.sec = INT64_MIN}, {.sec = INT64_MIN}};
	static __thread unsigned int last_used;
	int64_t sec = realtime_ns / NSEC_PER_SEC;
	int64_t nsec = realtime_ns % NSEC_PER_SEC;
	unsigned int slot;

	if (nsec < 0) { /* floor, so that times before 1970 still count forward */
		nsec += NSEC_PER_SEC;
		sec--;
	}
	if (cache[0].sec == sec) {
		slot = 0;
	} else if (cache[1].sec == sec) {
		slot = 1;
	} else {
		time_t t = (time_t)sec;
		struct tm tm;
		int n;

		slot = !last_used;
		if (!gmtime_r(&t, &tm))
			return -EOVERFLOW;
		n = snprintf(cache[slot].prefix, sizeof(cache[slot].prefix),
			     "%04d-%02d-%02dT%02d:%02d:%02d.", tm.tm_year + 1900, tm.tm_mon + 1,
			     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
		if (n < 0 || (size_t)n >= sizeof(cache[slot].prefix)) {
			cache[slot].sec = INT64_MIN;
			return -EOVERFLOW;
		}
		cache[slot].len = (size_t)n;
		cache[slot].sec = sec;
	}
	last_used = slot;
	/* prefix, 9 digits, 'Z', NUL */
	if (cache[slot].len + 11 > len)
		return -ENOSPC;
	memcpy(buf, cache[slot].prefix, cache[slot].len);
	for (int i = 8; i >= 0; i--, nsec /= 10)
		buf[cache[slot].len + i] = (char)('0' + nsec % 10);
	buf[cache[slot].len + 9] = 'Z';
	buf[cache[slot].len + 10] = '\0';
	return 0;
}

/* ---- helpers shared by the args of several types ---- */

/*
 * Every key is a string literal, quoted with its ':' at compile time (KEY):
 * written with one copy, no strlen and no escaping scan. The put_* macros
 * below take the literal and pass its quoted form; a key that is not a
 * literal does not compile.
 */
struct qkey {
	const char *s;
	size_t n;
};

#define KEY(lit) ((struct qkey){JSONW_QUOTED_KEY(lit), sizeof(JSONW_QUOTED_KEY(lit)) - 1})

static void put_key(struct jsonw *w, struct qkey k)
{
	jsonw__key_quoted(w, k.s, k.n);
}

static void put_kv_str_q(struct jsonw *w, struct qkey key, const char *val)
{
	put_key(w, key);
	jsonw__string(w, val);
}

#define put_kv_str(w, key, val) put_kv_str_q((w), KEY(key), (val))

/* A fixed-size kernel char array; omitted when empty, as we cannot tell "" from unknown. */
static void put_kv_field_q(struct jsonw *w, struct qkey key, const char *field, size_t size)
{
	if (size == 0 || field[0] == '\0')
		return;
	put_key(w, key);
	jsonw__string_n(w, field, size);
}

#define put_kv_field(w, key, field, size) put_kv_field_q((w), KEY(key), (field), (size))
#define PUT_FIELD(w, key, arr) put_kv_field((w), key, (arr), sizeof(arr))

/*
 * A field the BPF side reads with ctw_read_*_str: when the record says a string was cut, the
 * full ones were, and each gets "<key>_truncated": true after it. Absent when not cut.
 */
static void put_kv_cut_field(struct jsonw *w, const struct ctw_header *h, struct qkey key,
			     struct qkey cut_key, const char *field, size_t size)
{
	put_kv_field_q(w, key, field, size);
	if (!(h->flags & CTW_HDR_STR_CUT) || strnlen(field, size) != size - 1)
		return;
	put_key(w, cut_key);
	jsonw__bool(w, true);
}

#define PUT_CUT_FIELD(w, h, key, arr)                                                              \
	put_kv_cut_field((w), (h), KEY(key), KEY(key "_truncated"), (arr), sizeof(arr))

static void put_kv_uint_q(struct jsonw *w, struct qkey key, uint64_t v)
{
	put_key(w, key);
	jsonw__uint(w, v);
}

#define put_kv_uint(w, key, v) put_kv_uint_q((w), KEY(key), (v))

static void put_kv_int_q(struct jsonw *w, struct qkey key, int64_t v)
{
	put_key(w, key);
	jsonw__int(w, v);
}

#define put_kv_int(w, key, v) put_kv_int_q((w), KEY(key), (v))

static void put_kv_hex_q(struct jsonw *w, struct qkey key, uint64_t v)
{
	put_key(w, key);
	jsonw__hex64(w, v);
}

#define put_kv_hex(w, key, v) put_kv_hex_q((w), KEY(key), (v))

/* "<key>": [names], "<key>_raw": number — the raw value keeps what names cannot. */
static void put_flags_q(struct jsonw *w, struct qkey key, struct qkey raw_key, flags_decoder decode,
			uint64_t flags)
{
	const char *names[DECODE_MAX_FLAGS];
	size_t n = decode(flags, names, DECODE_MAX_FLAGS, NULL);

	put_key(w, key);
	jsonw__string_array(w, names, n < DECODE_MAX_FLAGS ? n : DECODE_MAX_FLAGS);
	put_kv_uint_q(w, raw_key, flags);
}

#define put_flags(w, key, decode, flags)                                                           \
	put_flags_q((w), KEY(key), KEY(key "_raw"), (decode), (flags))

/* "<key>": "NAME" (or "<prefix><n>" when unnamed), "<key>_raw": number. */
static void put_enum_q(struct jsonw *w, struct qkey key, struct qkey raw_key, const char *name,
		       const char *prefix, long long raw)
{
	char num[DECODE_NUM_NAME_LEN];

	put_kv_str_q(w, key, decode__name_or_number(name, prefix, raw, num, sizeof(num)));
	put_kv_int_q(w, raw_key, raw);
}

#define put_enum(w, key, name, prefix, raw)                                                        \
	put_enum_q((w), KEY(key), KEY(key "_raw"), (name), (prefix), (raw))

static void put_cap_names_q(struct jsonw *w, struct qkey key, uint64_t mask)
{
	const char *names[64];
	size_t n = capability__names(mask, names, ARRAY_SIZE(names));

	put_key(w, key);
	jsonw__string_array(w, names, n);
}

#define put_cap_names(w, key, mask) put_cap_names_q((w), KEY(key), (mask))

/* Inode numbers; 0 means the BPF side could not read it, so it is omitted. */
static void put_namespaces_q(struct jsonw *w, struct qkey key, const struct ctw_namespaces *ns)
{
	const struct {
		struct qkey name;
		uint32_t inum;
	} f[] = {
	    {KEY("mnt"), ns->mnt},	 {KEY("pid"), ns->pid}, {KEY("net"), ns->net},
	    {KEY("user"), ns->user},	 {KEY("uts"), ns->uts}, {KEY("ipc"), ns->ipc},
	    {KEY("cgroup"), ns->cgroup},
	};

	put_key(w, key);
	jsonw__begin_object(w);
	for (size_t i = 0; i < ARRAY_SIZE(f); i++)
		if (f[i].inum)
			put_kv_uint_q(w, f[i].name, f[i].inum);
	jsonw__end_object(w);
}

#define put_namespaces(w, key, ns) put_namespaces_q((w), KEY(key), (ns))

static bool namespaces_known(const struct ctw_namespaces *ns)
{
	return ns->mnt || ns->pid || ns->net || ns->user || ns->uts || ns->ipc || ns->cgroup;
}

/* ---- args, one function per record layout ---- */

static void put_cap_set_q(struct jsonw *w, struct qkey key, uint64_t old, uint64_t new)
{
	put_key(w, key);
	jsonw__begin_object(w);
	put_kv_hex(w, "old", old);
	put_kv_hex(w, "new", new);
	put_cap_names(w, "added", new & ~old);
	put_cap_names(w, "dropped", old & ~new);
	jsonw__end_object(w);
}

#define put_cap_set(w, key, old, new) put_cap_set_q((w), KEY(key), (old), (new))

static void args_capset(struct jsonw *w, const struct ctw_header *h)
{
	const struct ctw_capset_event *e = (const void *)h;

	put_kv_uint(w, "target_pid", e->target_pid);
	put_cap_set(w, "effective", e->old_effective, e->new_effective);
	put_cap_set(w, "permitted", e->old_permitted, e->new_permitted);
	put_cap_set(w, "inheritable", e->old_inheritable, e->new_inheritable);
}

/* The names of the setuid-family arguments, in syscall order. */
static const struct {
	const char *syscall;
	struct qkey args[3];
} setid_args[] = {
    {"setuid", {KEY("uid")}},
    {"setgid", {KEY("gid")}},
    {"setreuid", {KEY("ruid"), KEY("euid")}},
    {"setregid", {KEY("rgid"), KEY("egid")}},
    {"setresuid", {KEY("ruid"), KEY("euid"), KEY("suid")}},
    {"setresgid", {KEY("rgid"), KEY("egid"), KEY("sgid")}},
    {"setfsuid", {KEY("fsuid")}},
    {"setfsgid", {KEY("fsgid")}},
};

static void args_setuid(struct jsonw *w, const struct ctw_header *h)
{
	static const struct qkey generic[3] = {KEY("id0"), KEY("id1"), KEY("id2")};
	const struct ctw_setuid_event *e = (const void *)h;
	const char *syscall = decode__syscall_name(h->syscall_nr);
	const struct qkey *names = generic;
	uint32_t nargs = e->nargs <= 3 ? e->nargs : 3;

	for (size_t i = 0; syscall && i < ARRAY_SIZE(setid_args); i++) {
		if (strcmp(syscall, setid_args[i].syscall) == 0) {
			names = setid_args[i].args;
			break;
		}
	}
	if (syscall)
		put_kv_str(w, "syscall", syscall);
	for (uint32_t i = 0; i < nargs; i++) {
		put_key(w, names[i].s ? names[i] : generic[i]);
		/* (uid_t)-1 asks the kernel to leave that id unchanged. */
		if (e->arg[i] == (uint32_t)-1)
			jsonw__null(w);
		else
			jsonw__uint(w, e->arg[i]);
	}
	put_kv_uint(w, "old_suid", e->old_suid);
	put_kv_uint(w, "old_sgid", e->old_sgid);
	put_kv_uint(w, "old_fsuid", e->old_fsuid);
	put_kv_uint(w, "old_fsgid", e->old_fsgid);
}

static void put_kv_bool_q(struct jsonw *w, struct qkey key, bool v)
{
	put_key(w, key);
	jsonw__bool(w, v);
}

#define put_kv_bool(w, key, v) put_kv_bool_q((w), KEY(key), (v))

static void args_exec(struct jsonw *w, const struct ctw_header *h)
{
	const struct ctw_exec_event *e = (const void *)h;
	char mode[16], dev[24];

	PUT_CUT_FIELD(w, h, "filename", e->filename);
	snprintf(dev, sizeof(dev), "%u:%u", e->exe_dev >> 20, e->exe_dev & 0xfffff);
	put_kv_str(w, "file_dev", dev);
	put_kv_uint(w, "file_inode", e->exe_ino);
	put_kv_uint(w, "file_nlink", e->exe_nlink);
	snprintf(mode, sizeof(mode), "%05o", e->exe_mode & 07777);
	put_kv_str(w, "file_mode", mode);
	put_kv_bool(w, "overlay", e->flags & CTW_EXEC_OVERLAY);
	put_kv_bool(w, "upper_layer", e->flags & CTW_EXEC_UPPER_LAYER);
	put_kv_bool(w, "memfd", e->flags & CTW_EXEC_MEMFD);
	put_kv_bool(w, "secureexec", e->flags & CTW_EXEC_SECUREEXEC);
	put_kv_bool(w, "parent_kernel_thread", e->flags & CTW_EXEC_PARENT_KTHREAD);
	put_kv_bool(w, "cwd_outside_mnt_ns", e->flags & CTW_EXEC_CWD_OUTSIDE);
	put_kv_bool(w, "root_outside_mnt_ns", e->flags & CTW_EXEC_ROOT_OUTSIDE);
}

static void args_setuid_exec(struct jsonw *w, const struct ctw_header *h)
{
	const struct ctw_setuid_exec_event *e = (const void *)h;
	char mode[16];
	uint64_t old_caps = e->old_cap_effective | e->old_cap_permitted;
	uint64_t new_caps = h->cap_effective | e->new_cap_permitted;

	PUT_CUT_FIELD(w, h, "filename", e->filename);
	put_kv_uint(w, "file_uid", e->file_uid);
	put_kv_uint(w, "file_gid", e->file_gid);
	snprintf(mode, sizeof(mode), "%05o", e->file_mode & 07777);
	put_kv_str(w, "file_mode", mode);
	jsonw__key_lit(w, "setuid");
	jsonw__bool(w, e->file_mode & 04000);
	jsonw__key_lit(w, "setgid");
	jsonw__bool(w, e->file_mode & 02000);

	jsonw__key_lit(w, "old");
	jsonw__begin_object(w);
	put_kv_uint(w, "uid", e->old_uid);
	put_kv_uint(w, "euid", e->old_euid);
	put_kv_uint(w, "gid", e->old_gid);
	put_kv_uint(w, "egid", e->old_egid);
	put_kv_hex(w, "cap_effective", e->old_cap_effective);
	put_kv_hex(w, "cap_permitted", e->old_cap_permitted);
	jsonw__end_object(w);

	jsonw__key_lit(w, "new");
	jsonw__begin_object(w);
	put_kv_uint(w, "uid", h->uid);
	put_kv_uint(w, "euid", h->euid);
	put_kv_uint(w, "gid", h->gid);
	put_kv_uint(w, "egid", h->egid);
	put_kv_hex(w, "cap_effective", h->cap_effective);
	put_kv_hex(w, "cap_permitted", e->new_cap_permitted);
	jsonw__end_object(w);

	put_cap_names(w, "caps_gained", new_caps & ~old_caps);
}

/* Which record field makes which JSON key: the CTW_MOUNT_OP rows of bpf/events.def. */
#define CTW_ARG_INT(key, field) put_kv_int(w, #key, e->field);
#define CTW_ARG_STR(key, field) PUT_CUT_FIELD(w, h, #key, e->field);
#define CTW_ARG_FLAGS(key, field, decoder) put_flags(w, #key, decoder, e->field);
#define CTW_ARG_ENUM(key, field, name_of, prefix)                                                  \
	put_enum(w, #key, name_of(e->field), prefix, (long long)e->field);

static void args_mount(struct jsonw *w, const struct ctw_header *h)
{
	const struct ctw_mount_event *e = (const void *)h;

	put_enum(w, "op", decode__mount_op_name(e->op), "op_", e->op);
	switch (e->op) {
#define CTW_MOUNT_OP(ID, value, name, ...)                                                         \
	case CTW_MOUNT_OP_##ID:                                                                    \
		__VA_ARGS__ break;
#include "../bpf/events.def"
	default:
		/* An op this collector does not know: everything, raw. */
		put_kv_int(w, "fd", e->fd);
		put_kv_int(w, "fd2", e->fd2);
		PUT_CUT_FIELD(w, h, "source", e->source);
		PUT_CUT_FIELD(w, h, "target", e->target);
		PUT_CUT_FIELD(w, h, "fstype", e->fstype);
		put_kv_uint(w, "flags_raw", e->flags);
		put_kv_uint(w, "attr_flags_raw", e->attr_flags);
		break;
	}
}

#undef CTW_ARG_INT
#undef CTW_ARG_STR
#undef CTW_ARG_FLAGS
#undef CTW_ARG_ENUM

static void args_umount(struct jsonw *w, const struct ctw_header *h)
{
	const struct ctw_mount_event *e = (const void *)h;

	PUT_CUT_FIELD(w, h, "target", e->target);
	put_flags(w, "flags", decode__umount_flags, e->flags);
}

static void args_module(struct jsonw *w, const struct ctw_header *h)
{
	const struct ctw_module_event *e = (const void *)h;

	put_enum(w, "op", decode__module_op_name(e->op), "op_", e->op);
	PUT_FIELD(w, "name", e->name);
	switch (e->op) {
	case CTW_MODULE_OP_INIT_MODULE:
		put_kv_uint(w, "len", e->len);
		PUT_CUT_FIELD(w, h, "params", e->params);
		break;
	case CTW_MODULE_OP_FINIT_MODULE:
		put_kv_int(w, "fd", e->fd);
		put_flags(w, "flags", decode__module_init_flags, e->flags);
		PUT_CUT_FIELD(w, h, "params", e->params);
		break;
	case CTW_MODULE_OP_LOADED:
		put_kv_uint(w, "taints", e->flags);
		break;
	default:
		put_kv_int(w, "fd", e->fd);
		put_kv_uint(w, "len", e->len);
		put_kv_uint(w, "flags_raw", e->flags);
		PUT_CUT_FIELD(w, h, "params", e->params);
		break;
	}
}

static void args_setns(struct jsonw *w, const struct ctw_header *h)
{
	const struct ctw_setns_event *e = (const void *)h;
	const char *type = decode__ns_type_name(e->target_ns_type);

	put_kv_int(w, "fd", e->fd);
	put_flags(w, "nstype", decode__ns_types, e->nstype);
	jsonw__key_lit(w, "target_ns");
	jsonw__begin_object(w);
	if (e->target_ns_inum)
		put_kv_uint(w, "inode", e->target_ns_inum);
	if (type)
		put_kv_str(w, "type", type);
	if (e->target_ns_type)
		put_kv_uint(w, "type_raw", e->target_ns_type);
	jsonw__end_object(w);
	put_namespaces(w, "new_namespaces", &e->new_ns);
}

static void args_unshare(struct jsonw *w, const struct ctw_header *h)
{
	const struct ctw_unshare_event *e = (const void *)h;
	const char *names[DECODE_MAX_FLAGS];
	size_t n = decode__ns_types(e->flags, names, DECODE_MAX_FLAGS, NULL);

	put_flags(w, "flags", decode__clone_flags, e->flags);
	jsonw__key_lit(w, "namespaces");
	jsonw__string_array(w, names, n < DECODE_MAX_FLAGS ? n : DECODE_MAX_FLAGS);
	put_namespaces(w, "new_namespaces", &e->new_ns);
}

static void args_clone(struct jsonw *w, const struct ctw_header *h)
{
	const struct ctw_clone_event *e = (const void *)h;
	const char *names[DECODE_MAX_FLAGS];
	size_t n = decode__ns_types(e->flags, names, DECODE_MAX_FLAGS, NULL);

	put_flags(w, "flags", decode__clone_flags, e->flags);
	jsonw__key_lit(w, "namespaces");
	jsonw__string_array(w, names, n < DECODE_MAX_FLAGS ? n : DECODE_MAX_FLAGS);
	put_kv_uint(w, "exit_signal", e->exit_signal);
}

static void args_connect(struct jsonw *w, const struct ctw_header *h)
{
	const struct ctw_connect_event *e = (const void *)h;

	put_kv_int(w, "fd", e->fd);
	put_kv_str(w, "family", e->family == AF_UNIX ? "AF_UNIX" : "unknown");
	put_kv_uint(w, "family_raw", e->family);
	jsonw__key_lit(w, "path");
	jsonw__string_n(w, e->path, sizeof(e->path));
	jsonw__key_lit(w, "abstract");
	jsonw__bool(w, e->abstract);
}

static void args_process_vm(struct jsonw *w, const struct ctw_header *h)
{
	const struct ctw_process_vm_event *e = (const void *)h;

	put_kv_str(w, "direction", e->write ? "write" : "read");
	put_kv_uint(w, "target_pid", e->target_pid);
	if (e->target_host_pid)
		put_kv_uint(w, "target_host_pid", e->target_host_pid);
	put_kv_bool(w, "target_self", e->target_self);
	if (e->target_cgroup_id)
		put_kv_uint(w, "target_cgroup_id", e->target_cgroup_id);
	if (e->target_mnt_ns)
		put_kv_uint(w, "target_mnt_ns", e->target_mnt_ns);
	put_kv_uint(w, "local_iovcnt", e->local_iovcnt);
	put_kv_uint(w, "remote_iovcnt", e->remote_iovcnt);
	put_kv_uint(w, "remote_bytes", e->remote_bytes);
}

static void put_key_names(struct jsonw *w, const struct ctw_kernel_api_event *e)
{
	PUT_FIELD(w, "key_type", e->key_type);
	PUT_FIELD(w, "description", e->description);
}

static void args_kernel_api(struct jsonw *w, const struct ctw_header *h)
{
	const struct ctw_kernel_api_event *e = (const void *)h;
	const char *call = decode__kernel_api_name(e->api);

	put_kv_str(w, "call", call ? call : "unknown");
	switch (e->api) {
	case CTW_KERNEL_API_IO_URING_SETUP:
		put_kv_uint(w, "entries", e->op);
		put_flags(w, "flags", decode__io_uring_setup_flags, e->arg);
		break;
	case CTW_KERNEL_API_USERFAULTFD:
		put_flags(w, "flags", decode__userfaultfd_flags, e->op);
		break;
	case CTW_KERNEL_API_KEYCTL:
		put_enum(w, "op", decode__keyctl_op_name(e->op), "KEYCTL_", (long long)e->op);
		if (e->op == 1) { /* KEYCTL_JOIN_SESSION_KEYRING: a name, not a key */
			PUT_FIELD(w, "name", e->description);
			break;
		}
		put_kv_int(w, "key", (int64_t)e->arg);
		put_key_names(w, e);
		break;
	case CTW_KERNEL_API_ADD_KEY:
	case CTW_KERNEL_API_REQUEST_KEY:
		put_key_names(w, e);
		put_kv_int(w, "keyring", (int64_t)e->arg);
		if (e->api == CTW_KERNEL_API_ADD_KEY)
			put_kv_uint(w, "payload_len", (uint64_t)e->pid);
		break;
	case CTW_KERNEL_API_PERF_EVENT_OPEN:
		put_enum(w, "perf_type", decode__perf_type_name(e->op), "PERF_TYPE_",
			 (long long)e->op);
		put_kv_uint(w, "config", e->arg);
		put_kv_int(w, "pid", e->pid);
		put_kv_int(w, "cpu", e->cpu);
		put_flags(w, "flags", decode__perf_event_open_flags, e->flags);
		break;
	}
}

static void args_module_request(struct jsonw *w, const struct ctw_header *h)
{
	const struct ctw_module_request_event *e = (const void *)h;

	jsonw__key_lit(w, "name");
	jsonw__string_n(w, e->name, sizeof(e->name));
	put_kv_bool(w, "wait", e->wait);
}

static void args_ptrace(struct jsonw *w, const struct ctw_header *h)
{
	const struct ctw_ptrace_event *e = (const void *)h;

	put_enum(w, "request", decode__ptrace_request_name(e->request), "PTRACE_", e->request);
	put_kv_uint(w, "target_pid", e->target_pid);
	if (e->target_host_pid)
		put_kv_uint(w, "target_host_pid", e->target_host_pid);
	put_kv_hex(w, "addr", e->addr);
	if (e->target_cgroup_id)
		put_kv_uint(w, "target_cgroup_id", e->target_cgroup_id);
	if (namespaces_known(&e->target_ns))
		put_namespaces(w, "target_namespaces", &e->target_ns);
}

static void args_bpf(struct jsonw *w, const struct ctw_header *h)
{
	const struct ctw_bpf_event *e = (const void *)h;

	put_enum(w, "cmd", decode__bpf_cmd_name(e->cmd), "BPF_CMD_", e->cmd);
	/* The BPF side fills each field only for the commands that take it. */
	switch (e->cmd) {
	case 0: /* BPF_MAP_CREATE */
		put_enum(w, "map_type", decode__bpf_map_type_name(e->map_type), "BPF_MAP_TYPE_",
			 e->map_type);
		break;
	case 5: /* BPF_PROG_LOAD */
		put_enum(w, "prog_type", decode__bpf_prog_type_name(e->prog_type), "BPF_PROG_TYPE_",
			 e->prog_type);
		put_kv_uint(w, "attach_type", e->attach_type);
		break;
	case 8:	 /* BPF_PROG_ATTACH */
	case 9:	 /* BPF_PROG_DETACH */
	case 28: /* BPF_LINK_CREATE */
		put_kv_uint(w, "attach_type", e->attach_type);
		break;
	}
	PUT_FIELD(w, "name", e->obj_name);
}

static void args_open_by_handle(struct jsonw *w, const struct ctw_header *h)
{
	const struct ctw_open_by_handle_event *e = (const void *)h;

	put_kv_int(w, "mount_fd", e->mount_fd);
	put_flags(w, "flags", decode__open_flags, e->flags);
	put_kv_uint(w, "handle_type", e->handle_type);
	put_kv_uint(w, "handle_bytes", e->handle_bytes);
	put_kv_hex(w, "handle_head", e->handle_head);
}

static void args_file_write(struct jsonw *w, const struct ctw_header *h)
{
	const struct ctw_file_write_event *e = (const void *)h;
	const char *fs = decode__fs_magic_name(e->sb_magic);

	/* Kernel interface files (kind 0) keep the args they always had. */
	if (e->kind == CTW_FILE_WRITE_SENSITIVE)
		put_kv_str(w, "kind", "sensitive_file");
	if (e->kind)
		put_kv_uint(w, "kind_raw", e->kind);
	PUT_CUT_FIELD(w, h, "name", e->name);
	PUT_CUT_FIELD(w, h, "parent", e->parent);
	if (fs)
		put_kv_str(w, "fs", fs);
	put_kv_hex(w, "fs_magic", e->sb_magic);
	put_flags(w, "open_flags", decode__open_flags, e->open_flags);
}

/* i_mode's file type as a word; NULL for the types no record carries. */
static const char *file_type_name(uint32_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFBLK:
		return "block_device";
	case S_IFCHR:
		return "char_device";
	case S_IFREG:
		return "regular";
	case S_IFDIR:
		return "directory";
	case S_IFIFO:
		return "fifo";
	case S_IFSOCK:
		return "socket";
	case S_IFLNK:
		return "symlink";
	}
	return NULL;
}

static void put_file_mode_q(struct jsonw *w, struct qkey key, uint32_t mode)
{
	const char *type = file_type_name(mode);
	char perm[16];

	if (type)
		put_kv_str(w, "file_type", type);
	snprintf(perm, sizeof(perm), "%05o", mode & 07777);
	put_kv_str_q(w, key, perm);
}

#define put_file_mode(w, key, mode) put_file_mode_q((w), KEY(key), (mode))

static const char *file_open_kind_name(uint32_t kind)
{
	switch (kind) {
	case CTW_FILE_OPEN_BLOCK_DEVICE:
		return "block_device";
	case CTW_FILE_OPEN_MEM_DEVICE:
		return "mem_device";
	case CTW_FILE_OPEN_PROC_MEM:
		return "proc_mem";
	case CTW_FILE_OPEN_RUNTIME_BINARY:
		return "runtime_binary";
	}
	return NULL;
}

static void args_file_open(struct jsonw *w, const struct ctw_header *h)
{
	const struct ctw_file_open_event *e = (const void *)h;
	const char *fs = decode__fs_magic_name(e->sb_magic);
	const char *kind = file_open_kind_name(e->kind);
	uint32_t type = e->mode & S_IFMT;

	if (kind)
		put_kv_str(w, "kind", kind);
	put_kv_uint(w, "kind_raw", e->kind);
	PUT_CUT_FIELD(w, h, "name", e->name);
	PUT_CUT_FIELD(w, h, "parent", e->parent);
	put_file_mode(w, "mode", e->mode);
	if (type == S_IFBLK || type == S_IFCHR) {
		put_kv_uint(w, "major", e->rdev_major);
		put_kv_uint(w, "minor", e->rdev_minor);
	}
	if (e->target_pid)
		put_kv_uint(w, "target_pid", e->target_pid);
	if (e->kind == CTW_FILE_OPEN_RUNTIME_BINARY) {
		char dev[24];

		snprintf(dev, sizeof(dev), "%u:%u", e->file.dev >> 20, e->file.dev & 0xfffff);
		put_kv_str(w, "file_dev", dev);
		put_kv_uint(w, "file_inode", e->file.ino);
	}
	if (fs)
		put_kv_str(w, "fs", fs);
	put_kv_hex(w, "fs_magic", e->sb_magic);
	put_flags(w, "open_flags", decode__open_flags, e->open_flags);
}

/* "matched" names which of the two paths' last components the kernel's list matched. */
static void args_link(struct jsonw *w, const struct ctw_header *h)
{
	const struct ctw_link_event *e = (const void *)h;
	const char *matched[2];
	size_t n = 0;

	put_kv_str(w, "link_type",
		   e->op == CTW_LINK_SYMLINK || e->op == CTW_LINK_SYMLINKAT ? "symbolic" : "hard");
	PUT_FIELD(w, "target", e->target);
	PUT_FIELD(w, "path", e->path);
	if (e->matched & CTW_LINK_MATCH_TARGET)
		matched[n++] = "target";
	if (e->matched & CTW_LINK_MATCH_PATH)
		matched[n++] = "path";
	jsonw__key_lit(w, "matched");
	jsonw__string_array(w, matched, n);
	if (e->op == CTW_LINK_LINKAT)
		put_kv_int(w, "olddirfd", e->olddirfd);
	if (e->op == CTW_LINK_LINKAT || e->op == CTW_LINK_SYMLINKAT)
		put_kv_int(w, "newdirfd", e->newdirfd);
	if (e->op == CTW_LINK_LINKAT)
		put_flags(w, "flags", decode__linkat_flags, e->flags);
}

/* The syscall's dev argument is the kernel's "new" encoding (new_decode_dev). */
static void args_mknod(struct jsonw *w, const struct ctw_header *h)
{
	const struct ctw_mknod_event *e = (const void *)h;
	uint32_t dev = (uint32_t)e->dev;

	PUT_FIELD(w, "path", e->path);
	if (e->at)
		put_kv_int(w, "dirfd", e->dirfd);
	put_file_mode(w, "mode", e->mode);
	put_kv_uint(w, "major", (dev & 0xfff00) >> 8);
	put_kv_uint(w, "minor", (dev & 0xff) | ((dev >> 12) & 0xfff00));
	put_kv_uint(w, "dev_raw", dev);
}

static void args_cgroup(struct jsonw *w, const struct ctw_header *h)
{
	const struct ctw_cgroup_event *e = (const void *)h;

	PUT_FIELD(w, "path", e->path);
	put_kv_uint(w, "level", e->level);
}

/* A posture event has no arguments: its findings are a top-level field. */
static void args_posture(struct jsonw *w, const struct ctw_header *h)
{
	(void)w;
	(void)h;
}

static void put_findings(struct jsonw *w, const struct posture_finding *f, size_t n)
{
	jsonw__key_lit(w, "findings");
	jsonw__begin_array(w);
	for (size_t i = 0; f && i < n; i++) {
		const struct posture_check *c = posture__check(f[i].check);

		if (!c)
			continue;
		jsonw__begin_object(w);
		put_kv_str(w, "id", c->id);
		put_kv_str(w, "severity", severity__name(c->severity));
		put_kv_str(w, "title", c->title);
		put_kv_str(w, "advice", c->advice);
		jsonw__key_lit(w, "cis");
		if (f[i].cis)
			jsonw__string(w, f[i].cis);
		else
			jsonw__null(w);
		if (f[i].detail[0])
			put_kv_str(w, "detail", f[i].detail);
		jsonw__end_object(w);
	}
	jsonw__end_array(w);
}

/*
 * Per type (the CTW_TYPE rows of bpf/events.def): the record layout's size (the
 * least a valid record has) and its args.
 */
static const struct {
	size_t size;
	void (*args)(struct jsonw *w, const struct ctw_header *h);
} types[CTW_EVENT_TYPE_MAX] = {
#define CTW_TYPE(ID, value, name, record, args_fn)                                                 \
	[CTW_EVENT_##ID] = {sizeof(((union ctw_any_event *)0)->record), args_fn},
#define CTW_COLLECTOR_TYPE(ID, value, name, args_fn)                                               \
	[CTW_EVENT_##ID] = {sizeof(struct ctw_header), args_fn},
#include "../bpf/events.def"
};

/* ---- the common part ---- */

static void put_classification(struct jsonw *w, const struct classification *cls)
{
	size_t n;

	put_kv_str(w, "severity", severity__name(cls->severity));

	jsonw__key_lit(w, "flags");
	jsonw__begin_array(w);
	for (unsigned int i = 0; i < FLAG_COUNT; i++) {
		const char *name;

		if (!(cls->flags & (1u << i)))
			continue;
		name = event_flag__name((enum event_flag)(1u << i));
		if (name)
			jsonw__string(w, name);
	}
	jsonw__end_array(w);

	jsonw__key_lit(w, "detections");
	jsonw__begin_array(w);
	n = cls->n_detections < CLASSIFY_MAX_REASONS ? cls->n_detections : CLASSIFY_MAX_REASONS;
	for (size_t i = 0; i < n; i++)
		if (cls->detections[i])
			jsonw__string(w, cls->detections[i]);
	jsonw__end_array(w);

	jsonw__key_lit(w, "reasons");
	jsonw__begin_array(w);
	n = cls->n_reasons < CLASSIFY_MAX_REASONS ? cls->n_reasons : CLASSIFY_MAX_REASONS;
	for (size_t i = 0; i < n; i++)
		jsonw__string_n(w, cls->reasons[i], CLASSIFY_REASON_LEN);
	jsonw__end_array(w);
}

static void put_outcome(struct jsonw *w, const struct ctw_header *h)
{
	/* Records that are not a syscall's result (exec, tracepoints) count as succeeded. */
	int64_t ret = (h->flags & CTW_HDR_HAS_RET) ? h->ret : 0;

	put_kv_str(w, "outcome", ret < 0 ? "denied" : "succeeded");
	put_kv_int(w, "ret", ret);
	if (ret < 0) {
		char num[DECODE_NUM_NAME_LEN];

		put_kv_str(w, "error",
			   decode__name_or_number(decode__errno_name(ret), "E",
						  (long long)(0 - (uint64_t)ret), num,
						  sizeof(num)));
	}
	if (h->syscall_nr != CTW_NO_SYSCALL) {
		char num[DECODE_NUM_NAME_LEN];

		put_kv_str(w, "syscall",
			   decode__name_or_number(decode__syscall_name(h->syscall_nr), "syscall_",
						  h->syscall_nr, num, sizeof(num)));
	}
}

/* argv held NUL-separated: a JSON array of its arguments. */
static void put_args_array(struct jsonw *w, const char *args, size_t len)
{
	size_t start = 0;

	jsonw__begin_array(w);
	for (size_t i = 0; i < len; i++) {
		if (args[i])
			continue;
		jsonw__string_n(w, args + start, i - start);
		start = i + 1;
	}
	/* A last argument without its NUL (the cache keeps whole ones, but be safe). */
	if (start < len)
		jsonw__string_n(w, args + start, len - start);
	jsonw__end_array(w);
}

/*
 * proc_entry__exec_id()'s "<pid>-<exec_ns>" without its snprintf: two per
 * event (the process and its parent). The digits never need escaping.
 */
static void put_exec_id(struct jsonw *w, const struct proc_entry *e)
{
	char id[PROC_CACHE_EXEC_ID_LEN + 2];
	char *end = id + sizeof(id);
	size_t n;

	*--end = '"';
	n = jsonw__fmt_u64(end, e->exec_ns);
	end -= n;
	*--end = '-';
	n = jsonw__fmt_u64(end, e->pid);
	end -= n;
	*--end = '"';
	jsonw__key_lit(w, "exec_id");
	jsonw__raw_value(w, end, (size_t)(id + sizeof(id) - end));
}

/* The fields the process cache adds to "process". */
static void put_identity(struct jsonw *w, const struct proc_entry *e, int64_t boot_to_realtime)
{
	char when[RENDER_JSON_TIME_LEN];

	put_exec_id(w, e);
	if (e->start_ns &&
	    render_json__time((int64_t)e->start_ns + boot_to_realtime, when, sizeof(when)) == 0)
		put_kv_str(w, "start_time", when);
	if (e->args || e->args_truncated) {
		jsonw__key_lit(w, "args");
		put_args_array(w, e->args, e->args_len);
		jsonw__key_lit(w, "args_truncated");
		jsonw__bool(w, e->args_truncated);
	}
	PUT_FIELD(w, "cwd", e->cwd);
	if (e->cwd_truncated) {
		jsonw__key(w, "cwd_truncated");
		jsonw__bool(w, true);
	}
}

/* A parent or ancestor: who it is and what it runs. */
static void put_relative(struct jsonw *w, const struct proc_entry *e, bool with_id)
{
	jsonw__begin_object(w);
	put_kv_uint(w, "pid", e->pid);
	if (with_id)
		put_exec_id(w, e);
	PUT_FIELD(w, "comm", e->comm);
	PUT_FIELD(w, "exe", e->exe);
	jsonw__end_object(w);
}

static void put_lineage(struct jsonw *w, const struct proc_lineage *l)
{
	if (!l || !l->parent)
		return;
	jsonw__key_lit(w, "parent");
	put_relative(w, l->parent, true);
	jsonw__key_lit(w, "ancestors");
	jsonw__begin_array(w);
	for (size_t i = 0; i < l->n_ancestors && i < PROC_CACHE_MAX_ANCESTORS; i++)
		put_relative(w, l->ancestors[i], false);
	jsonw__end_array(w);
}

static void put_process(struct jsonw *w, const struct ctw_header *h, const struct render_input *in)
{
	jsonw__key_lit(w, "process");
	jsonw__begin_object(w);
	put_kv_uint(w, "pid", h->pid);
	put_kv_uint(w, "tid", h->tid);
	put_kv_uint(w, "ppid", h->ppid);
	put_kv_uint(w, "uid", h->uid);
	put_kv_uint(w, "euid", h->euid);
	put_kv_uint(w, "gid", h->gid);
	put_kv_uint(w, "egid", h->egid);
	PUT_FIELD(w, "comm", h->comm);
	PUT_FIELD(w, "exe", h->exe);
	put_kv_hex(w, "cap_effective", h->cap_effective);
	put_namespaces(w, "namespaces", &h->ns);
	if (in->lineage && in->lineage->self)
		put_identity(w, in->lineage->self, in->boot_to_realtime_ns);
	jsonw__end_object(w);
}

static void put_container(struct jsonw *w, const struct container_ref *c,
			  const struct container_meta *m)
{
	jsonw__key_lit(w, "container");
	if (!c) {
		jsonw__null(w);
		return;
	}
	jsonw__begin_object(w);
	PUT_FIELD(w, "id", c->id);
	put_kv_str(w, "runtime", container_runtime__name(c->runtime));
	if (m) {
		PUT_FIELD(w, "name", m->name);
		PUT_FIELD(w, "image", m->image);
		PUT_FIELD(w, "pod", m->pod);
		PUT_FIELD(w, "namespace", m->namespace);
	}
	PUT_FIELD(w, "pod_uid", c->pod_uid);
	jsonw__end_object(w);
}

int render_json__event(const struct render_input *in, char *buf, size_t len, size_t *out_len)
{
	const struct ctw_header *h = in->rec;
	char when[RENDER_JSON_TIME_LEN];
	const char *type_name;
	struct jsonw w;
	int err;

	if (!h || !in->cls || h->type >= CTW_EVENT_TYPE_MAX || !types[h->type].args ||
	    h->size < types[h->type].size)
		return -EINVAL;
	type_name = event_type__name(h->type);
	if (!type_name)
		return -EINVAL;
	/* Added as unsigned: a corrupt ktime wraps instead of overflowing. */
	err = render_json__time((int64_t)(h->ktime_ns + (uint64_t)in->boot_to_realtime_ns), when,
				sizeof(when));
	if (err)
		return err;

	jsonw__init(&w, buf, len);
	jsonw__begin_object(&w);
	put_kv_str(&w, "time", when);
	if (in->hostname)
		put_kv_str(&w, "host", in->hostname);
	put_kv_str(&w, "type", type_name);
	put_classification(&w, in->cls);
	put_outcome(&w, h);
	put_process(&w, h, in);
	put_lineage(&w, in->lineage);
	put_container(&w, in->container, in->meta);

	jsonw__key_lit(&w, "cgroup");
	jsonw__begin_object(&w);
	put_kv_uint(&w, "id", h->cgroup_id);
	if (in->cgroup_path) {
		size_t path_len = strnlen(in->cgroup_path, RENDER_CGROUP_PATH_MAX + 1);

		put_kv_field(&w, "path", in->cgroup_path,
			     path_len < RENDER_CGROUP_PATH_MAX ? path_len : RENDER_CGROUP_PATH_MAX);
		if (path_len > RENDER_CGROUP_PATH_MAX) {
			jsonw__key_lit(&w, "path_truncated");
			jsonw__bool(&w, true);
		}
	}
	jsonw__end_object(&w);

	jsonw__key_lit(&w, "args");
	if (h->flags & CTW_HDR_ARGS_UNKNOWN) {
		/* Only sys_exit was seen (e.g. seccomp refused the call): say so, invent nothing.
		 */
		jsonw__null(&w);
		jsonw__key_lit(&w, "args_unknown");
		jsonw__bool(&w, true);
	} else {
		jsonw__begin_object(&w);
		types[h->type].args(&w, h);
		jsonw__end_object(&w);
	}
	if (h->type == CTW_EVENT_POSTURE)
		put_findings(&w, in->findings, in->n_findings);
	/* Last: the keys before it keep the order consumers knew before it existed. */
	put_kv_str(&w, "schema_version", RENDER_JSON_SCHEMA_VERSION);
	jsonw__end_object(&w);
	jsonw__raw(&w, "\n", 1);
	return jsonw__finish(&w, out_len);
}

int render_json__args(const struct ctw_header *h, char *buf, size_t len, size_t *out_len)
{
	struct jsonw w;

	if (!h || h->type >= CTW_EVENT_TYPE_MAX || !types[h->type].args ||
	    h->size < types[h->type].size)
		return -EINVAL;
	jsonw__init(&w, buf, len);
	if (h->flags & CTW_HDR_ARGS_UNKNOWN) {
		jsonw__null(&w);
	} else {
		jsonw__begin_object(&w);
		types[h->type].args(&w, h);
		jsonw__end_object(&w);
	}
	return jsonw__finish(&w, out_len);
}
