// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The reference column of `make bench`: the least a ring-buffer monitor does
 * per monitored call, on exactly the tracepoints ctrwatch attaches (attached
 * by floor_loader from the same list as the floor). Each syscalls/sys_exit_*
 * tracepoint writes one 200-byte record; every other tracepoint runs an empty
 * program, as in the floor. What ctrwatch adds over this is the price of what
 * it carries beyond a minimal header.
 *
 * Wake-ups are batched as ctrwatch batches them (ctw_wakeup_flag in
 * bpf/common.bpf.h): each CPU counts the bytes it queued since it last woke
 * the consumer and wakes it past its share of an eighth of the ring; the
 * consumer also polls every 100 ms.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#define REF_RECORD_SIZE 200

/*
 * What any monitor must carry: when, who (ids, credentials, name), which
 * call and how it ended. The rest of the 200 bytes stands for the fields a
 * real record adds; it is zeroed so every byte of the record is written.
 */
struct ref_record {
	__u64 ktime_ns;
	__u64 pid_tgid;
	__u64 uid_gid;
	__s64 ret;
	__u32 syscall_nr;
	char comm[16];
	__u8 rest[REF_RECORD_SIZE - 52];
};
_Static_assert(sizeof(struct ref_record) == REF_RECORD_SIZE, "record size");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 24); /* ctrwatch's default --ringbuf-size */
} records SEC(".maps");

struct ref_cpu_state {
	__u64 unwoken_bytes; /* queued on this CPU since it last woke the consumer */
	__u64 lost;	     /* records the ring had no room for */
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ref_cpu_state);
} cpu_state SEC(".maps");

/* Set by floor_loader before load: this CPU's share of an eighth of the ring. */
const volatile __u32 wakeup_bytes = 0;

SEC("tracepoint")
int record_sys_exit(struct trace_event_raw_sys_exit *ctx)
{
	struct ref_cpu_state *s;
	struct ref_record *rec;
	__u32 zero = 0;
	__u64 flags;

	s = bpf_map_lookup_elem(&cpu_state, &zero);
	if (!s)
		return 0;
	rec = bpf_ringbuf_reserve(&records, sizeof(*rec), 0);
	if (!rec) {
		s->lost++;
		return 0;
	}
	rec->ktime_ns = bpf_ktime_get_boot_ns();
	rec->pid_tgid = bpf_get_current_pid_tgid();
	rec->uid_gid = bpf_get_current_uid_gid();
	rec->ret = ctx->ret;
	rec->syscall_nr = ctx->id;
	bpf_get_current_comm(rec->comm, sizeof(rec->comm));
	__builtin_memset(rec->rest, 0, sizeof(rec->rest));
	s->unwoken_bytes += sizeof(*rec);
	if (s->unwoken_bytes < wakeup_bytes) {
		flags = BPF_RB_NO_WAKEUP;
	} else {
		s->unwoken_bytes = 0;
		flags = BPF_RB_FORCE_WAKEUP;
	}
	bpf_ringbuf_submit(rec, flags);
	return 0;
}

SEC("tracepoint")
int empty_tracepoint(void *ctx)
{
	return 0;
}

SEC("tp_btf/sched_process_exec")
int empty_sched_process_exec(void *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
