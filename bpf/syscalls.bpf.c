// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The monitored syscalls: a sys_enter/sys_exit tracepoint pair per syscall
 * (the cost stays on these syscalls), and the raw_syscalls pair that the
 * loader attaches only for syscalls whose own tracepoint this kernel lacks.
 */
#include "capture.bpf.h"

/*
 * Constant offsets only (the verifier refuses a moved ctx pointer), and only
 * the arguments the syscall has: a per-syscall tracepoint refuses at attach
 * time (EACCES) a program that reads past its record.
 */
static __always_inline void ctw_copy_args(__u64 *dst, const struct trace_event_raw_sys_enter *ctx,
					  const int nargs)
{
	dst[0] = nargs > 0 ? ctx->args[0] : 0;
	dst[1] = nargs > 1 ? ctx->args[1] : 0;
	dst[2] = nargs > 2 ? ctx->args[2] : 0;
	dst[3] = nargs > 3 ? ctx->args[3] : 0;
	dst[4] = nargs > 4 ? ctx->args[4] : 0;
	dst[5] = nargs > 5 ? ctx->args[5] : 0;
}

/*
 * Per-syscall tracepoints store the number as an int where raw_syscalls has a
 * long: the low 32 bits are the same field on little-endian targets.
 */
#define CTW_SYSCALL(name, nargs, type, variant)                                                    \
	SEC("tracepoint/syscalls/sys_enter_" #name)                                                \
	int handle_sys_enter_##name(struct trace_event_raw_sys_enter *ctx)                         \
	{                                                                                          \
		__u64 args[6];                                                                     \
                                                                                                   \
		ctw_copy_args(args, ctx, nargs);                                                   \
		return ctw_on_enter(type, variant, (__u32)ctx->id, args, CTW_SOURCE_SYSCALL_TP);   \
	}                                                                                          \
	SEC("tracepoint/syscalls/sys_exit_" #name)                                                 \
	int handle_sys_exit_##name(struct trace_event_raw_sys_exit *ctx)                           \
	{                                                                                          \
		return ctw_on_exit(type, variant, (__u32)ctx->id, ctx->ret,                        \
				   CTW_SOURCE_SYSCALL_TP);                                         \
	}

CTW_SYSCALL(capset, 2, CTW_EVENT_CAPSET, 0)
CTW_SYSCALL(setuid, 1, CTW_EVENT_SETUID, 1)
CTW_SYSCALL(setgid, 1, CTW_EVENT_SETUID, 1)
CTW_SYSCALL(setreuid, 2, CTW_EVENT_SETUID, 2)
CTW_SYSCALL(setregid, 2, CTW_EVENT_SETUID, 2)
CTW_SYSCALL(setresuid, 3, CTW_EVENT_SETUID, 3)
CTW_SYSCALL(setresgid, 3, CTW_EVENT_SETUID, 3)
CTW_SYSCALL(setfsuid, 1, CTW_EVENT_SETUID, 1)
CTW_SYSCALL(setfsgid, 1, CTW_EVENT_SETUID, 1)
CTW_SYSCALL(mount, 5, CTW_EVENT_MOUNT, CTW_MOUNT_OP_MOUNT)
CTW_SYSCALL(umount, 2, CTW_EVENT_UMOUNT, CTW_MOUNT_OP_UMOUNT)
CTW_SYSCALL(fsopen, 2, CTW_EVENT_MOUNT, CTW_MOUNT_OP_FSOPEN)
CTW_SYSCALL(fsconfig, 5, CTW_EVENT_MOUNT, CTW_MOUNT_OP_FSCONFIG)
CTW_SYSCALL(fsmount, 3, CTW_EVENT_MOUNT, CTW_MOUNT_OP_FSMOUNT)
CTW_SYSCALL(move_mount, 5, CTW_EVENT_MOUNT, CTW_MOUNT_OP_MOVE_MOUNT)
CTW_SYSCALL(open_tree, 3, CTW_EVENT_MOUNT, CTW_MOUNT_OP_OPEN_TREE)
CTW_SYSCALL(mount_setattr, 5, CTW_EVENT_MOUNT, CTW_MOUNT_OP_MOUNT_SETATTR)
CTW_SYSCALL(init_module, 3, CTW_EVENT_MODULE_LOAD, CTW_MODULE_OP_INIT_MODULE)
CTW_SYSCALL(finit_module, 3, CTW_EVENT_MODULE_LOAD, CTW_MODULE_OP_FINIT_MODULE)
CTW_SYSCALL(setns, 2, CTW_EVENT_SETNS, 0)
CTW_SYSCALL(unshare, 1, CTW_EVENT_UNSHARE, 0)
CTW_SYSCALL(ptrace, 4, CTW_EVENT_PTRACE, 0)
CTW_SYSCALL(bpf, 3, CTW_EVENT_BPF, 0)
CTW_SYSCALL(open_by_handle_at, 3, CTW_EVENT_OPEN_BY_HANDLE_AT, 0)
CTW_SYSCALL(execve, 3, CTW_EVENT_SETUID_EXEC, 0)
CTW_SYSCALL(execveat, 5, CTW_EVENT_SETUID_EXEC, 0)

/* The fallback: every syscall on the host passes here, one array lookup each. */
static __always_inline __u32 ctw_fallback_lookup(long id)
{
	__u32 nr = (__u32)id, *v;

	if (id < 0 || id >= CTW_FALLBACK_MAX)
		return 0;
	v = bpf_map_lookup_elem(&fallback_syscalls, &nr);
	return v ? *v : 0;
}

SEC("tracepoint/raw_syscalls/sys_enter")
int handle_raw_sys_enter(struct trace_event_raw_sys_enter *ctx)
{
	__u32 v = ctw_fallback_lookup(ctx->id);
	__u64 args[6];

	if (!v)
		return 0;
	ctw_copy_args(args, ctx, 6);
	return ctw_on_enter(CTW_FALLBACK_TYPE(v), CTW_FALLBACK_VARIANT(v), (__u32)ctx->id, args,
			    CTW_SOURCE_RAW_SYSCALLS);
}

SEC("tracepoint/raw_syscalls/sys_exit")
int handle_raw_sys_exit(struct trace_event_raw_sys_exit *ctx)
{
	__u32 v = ctw_fallback_lookup(ctx->id);

	if (!v)
		return 0;
	return ctw_on_exit(CTW_FALLBACK_TYPE(v), CTW_FALLBACK_VARIANT(v), (__u32)ctx->id, ctx->ret,
			   CTW_SOURCE_RAW_SYSCALLS);
}
