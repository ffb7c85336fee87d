// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The event ABI as the BPF compiler laid it out (the BTF of the built object)
 * must be the layout the collector's compiler chose: same size, same offset
 * and size for every field, no field missing on either side.
 *
 * The object: argv[1], else $CTW_BPF_OBJ, else build/ctrwatch.bpf.o.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>

#include <bpf/btf.h>

#include "check.h"
#include "events.h"

struct field_spec {
	const char *name;
	size_t offset;
	size_t size;
};

struct struct_spec {
	const char *name;
	size_t size;
	const struct field_spec *fields;
	size_t n_fields;
};

#define FIELD(type, f)                                                                             \
	{                                                                                          \
#f, offsetof(struct type, f), sizeof(((struct type *)0)->f)                        \
	}
#define STRUCT(type, ...)                                                                          \
	{                                                                                          \
#type, sizeof(struct type),                                                        \
		    (const struct field_spec[]){__VA_ARGS__ },                                     \
						sizeof((const struct field_spec[]){__VA_ARGS__}) / \
						    sizeof(struct field_spec)                      \
	}

static const struct struct_spec structs[] = {
    STRUCT(ctw_namespaces, FIELD(ctw_namespaces, mnt), FIELD(ctw_namespaces, pid),
	   FIELD(ctw_namespaces, net), FIELD(ctw_namespaces, user), FIELD(ctw_namespaces, uts),
	   FIELD(ctw_namespaces, ipc), FIELD(ctw_namespaces, cgroup), FIELD(ctw_namespaces, _pad)),
    STRUCT(ctw_header, FIELD(ctw_header, type), FIELD(ctw_header, size),
	   FIELD(ctw_header, syscall_nr), FIELD(ctw_header, source), FIELD(ctw_header, flags),
	   FIELD(ctw_header, ktime_ns), FIELD(ctw_header, cgroup_id), FIELD(ctw_header, ret),
	   FIELD(ctw_header, pid), FIELD(ctw_header, tid), FIELD(ctw_header, ppid),
	   FIELD(ctw_header, uid), FIELD(ctw_header, euid), FIELD(ctw_header, gid),
	   FIELD(ctw_header, egid), FIELD(ctw_header, loginuid_pad),
	   FIELD(ctw_header, cap_effective), FIELD(ctw_header, ns), FIELD(ctw_header, comm),
	   FIELD(ctw_header, exe)),
    STRUCT(ctw_capset_event, FIELD(ctw_capset_event, hdr), FIELD(ctw_capset_event, old_effective),
	   FIELD(ctw_capset_event, old_permitted), FIELD(ctw_capset_event, old_inheritable),
	   FIELD(ctw_capset_event, new_effective), FIELD(ctw_capset_event, new_permitted),
	   FIELD(ctw_capset_event, new_inheritable), FIELD(ctw_capset_event, target_pid),
	   FIELD(ctw_capset_event, _pad)),
    STRUCT(ctw_setuid_event, FIELD(ctw_setuid_event, hdr), FIELD(ctw_setuid_event, arg),
	   FIELD(ctw_setuid_event, old_suid), FIELD(ctw_setuid_event, old_sgid),
	   FIELD(ctw_setuid_event, old_fsuid), FIELD(ctw_setuid_event, old_fsgid),
	   FIELD(ctw_setuid_event, nargs)),
    STRUCT(ctw_setuid_exec_event, FIELD(ctw_setuid_exec_event, hdr),
	   FIELD(ctw_setuid_exec_event, old_uid), FIELD(ctw_setuid_exec_event, old_euid),
	   FIELD(ctw_setuid_exec_event, old_gid), FIELD(ctw_setuid_exec_event, old_egid),
	   FIELD(ctw_setuid_exec_event, old_cap_effective),
	   FIELD(ctw_setuid_exec_event, old_cap_permitted),
	   FIELD(ctw_setuid_exec_event, new_cap_permitted), FIELD(ctw_setuid_exec_event, file_uid),
	   FIELD(ctw_setuid_exec_event, file_gid), FIELD(ctw_setuid_exec_event, file_mode),
	   FIELD(ctw_setuid_exec_event, _pad), FIELD(ctw_setuid_exec_event, filename)),
    STRUCT(ctw_mount_event, FIELD(ctw_mount_event, hdr), FIELD(ctw_mount_event, flags),
	   FIELD(ctw_mount_event, attr_flags), FIELD(ctw_mount_event, fd),
	   FIELD(ctw_mount_event, fd2), FIELD(ctw_mount_event, op), FIELD(ctw_mount_event, _pad),
	   FIELD(ctw_mount_event, source), FIELD(ctw_mount_event, target),
	   FIELD(ctw_mount_event, fstype)),
    STRUCT(ctw_module_event, FIELD(ctw_module_event, hdr), FIELD(ctw_module_event, op),
	   FIELD(ctw_module_event, fd), FIELD(ctw_module_event, len),
	   FIELD(ctw_module_event, flags), FIELD(ctw_module_event, _pad),
	   FIELD(ctw_module_event, name), FIELD(ctw_module_event, params)),
    STRUCT(ctw_setns_event, FIELD(ctw_setns_event, hdr), FIELD(ctw_setns_event, fd),
	   FIELD(ctw_setns_event, nstype), FIELD(ctw_setns_event, target_ns_inum),
	   FIELD(ctw_setns_event, target_ns_type), FIELD(ctw_setns_event, new_ns)),
    STRUCT(ctw_unshare_event, FIELD(ctw_unshare_event, hdr), FIELD(ctw_unshare_event, flags),
	   FIELD(ctw_unshare_event, new_ns)),
    STRUCT(ctw_ptrace_event, FIELD(ctw_ptrace_event, hdr), FIELD(ctw_ptrace_event, request),
	   FIELD(ctw_ptrace_event, target_pid), FIELD(ctw_ptrace_event, target_host_pid),
	   FIELD(ctw_ptrace_event, addr), FIELD(ctw_ptrace_event, target_cgroup_id),
	   FIELD(ctw_ptrace_event, target_ns)),
    STRUCT(ctw_bpf_event, FIELD(ctw_bpf_event, hdr), FIELD(ctw_bpf_event, cmd),
	   FIELD(ctw_bpf_event, prog_type), FIELD(ctw_bpf_event, map_type),
	   FIELD(ctw_bpf_event, attach_type), FIELD(ctw_bpf_event, obj_name)),
    STRUCT(ctw_open_by_handle_event, FIELD(ctw_open_by_handle_event, hdr),
	   FIELD(ctw_open_by_handle_event, mount_fd), FIELD(ctw_open_by_handle_event, flags),
	   FIELD(ctw_open_by_handle_event, handle_type),
	   FIELD(ctw_open_by_handle_event, handle_bytes),
	   FIELD(ctw_open_by_handle_event, handle_head)),
    STRUCT(ctw_file_write_event, FIELD(ctw_file_write_event, hdr),
	   FIELD(ctw_file_write_event, sb_magic), FIELD(ctw_file_write_event, open_flags),
	   FIELD(ctw_file_write_event, _pad), FIELD(ctw_file_write_event, name),
	   FIELD(ctw_file_write_event, parent)),
    STRUCT(ctw_cgroup_event, FIELD(ctw_cgroup_event, hdr), FIELD(ctw_cgroup_event, level),
	   FIELD(ctw_cgroup_event, _pad), FIELD(ctw_cgroup_event, path)),
    STRUCT(ctw_type_counters, FIELD(ctw_type_counters, emitted), FIELD(ctw_type_counters, lost)),
    STRUCT(ctw_counters, FIELD(ctw_counters, by_type), FIELD(ctw_counters, inflight_full),
	   FIELD(ctw_counters, exec_filtered), FIELD(ctw_counters, cgroup_seen_full)),
};

static const struct btf_member *find_member(const struct btf *btf, const struct btf_type *t,
					    const char *name, int *index)
{
	const struct btf_member *m = btf_members(t);
	int i;

	for (i = 0; i < btf_vlen(t); i++, m++) {
		if (strcmp(btf__name_by_offset(btf, m->name_off), name) == 0) {
			*index = i;
			return m;
		}
	}
	return NULL;
}

static void check_struct(const struct btf *btf, const struct struct_spec *s)
{
	char what[160];
	const struct btf_type *t;
	size_t i;
	int id;

	id = btf__find_by_name_kind(btf, s->name, BTF_KIND_STRUCT);
	snprintf(what, sizeof(what), "struct %s is in the BPF object's BTF", s->name);
	ASSERT_TRUE(id > 0, what);
	if (id <= 0)
		return;
	t = btf__type_by_id(btf, id);
	snprintf(what, sizeof(what), "sizeof(struct %s)", s->name);
	ASSERT_EQ(t->size, s->size, what);
	snprintf(what, sizeof(what), "struct %s: BPF and userspace have the same field count",
		 s->name);
	ASSERT_EQ(btf_vlen(t), s->n_fields, what);
	for (i = 0; i < s->n_fields; i++) {
		const struct field_spec *f = &s->fields[i];
		const struct btf_member *m;
		int index = -1;

		m = find_member(btf, t, f->name, &index);
		snprintf(what, sizeof(what), "%s.%s exists in BPF", s->name, f->name);
		ASSERT_TRUE(m != NULL, what);
		if (!m)
			continue;
		snprintf(what, sizeof(what), "offsetof(%s, %s)", s->name, f->name);
		ASSERT_EQ(btf_member_bit_offset(t, index) / 8, f->offset, what);
		snprintf(what, sizeof(what), "sizeof(%s.%s)", s->name, f->name);
		ASSERT_EQ(btf__resolve_size(btf, m->type), f->size, what);
	}
}

/* The per-type counter array is sized by the enum both sides compile against. */
static void check_counter_bound(const struct btf *btf)
{
	const struct btf_type *t, *arr;
	const struct btf_member *m;
	int id, index = -1;

	id = btf__find_by_name_kind(btf, "ctw_counters", BTF_KIND_STRUCT);
	if (id <= 0)
		return;
	t = btf__type_by_id(btf, id);
	m = find_member(btf, t, "by_type", &index);
	if (!m)
		return;
	arr = btf__type_by_id(btf, m->type);
	ASSERT_TRUE(btf_is_array(arr), "ctw_counters.by_type is an array");
	if (btf_is_array(arr))
		ASSERT_EQ(btf_array(arr)->nelems, CTW_EVENT_TYPE_MAX,
			  "ctw_counters.by_type has CTW_EVENT_TYPE_MAX entries");
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : getenv("CTW_BPF_OBJ");
	struct btf *btf;
	size_t i;

	if (!path)
		path = "build/ctrwatch.bpf.o";
	btf = btf__parse(path, NULL);
	ASSERT_TRUE(btf != NULL, "the BPF object's BTF parses (is the object built?)");
	if (!btf) {
		fprintf(stderr, "test_abi: %s: %s\n", path, strerror(errno));
		return check_summary("abi");
	}
	for (i = 0; i < sizeof(structs) / sizeof(structs[0]); i++)
		check_struct(btf, &structs[i]);
	check_counter_bound(btf);
	btf__free(btf);
	return check_summary("abi");
}
