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
#define CTW_SYSCALL_PROGRAMS(name, nargs, type, variant)                                           \
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

/* One pair per CTW_SYSCALL row of events.def. */
#define CTW_SYSCALL(tracepoint, sys, nargs, type, variant)                                         \
	CTW_SYSCALL_PROGRAMS(tracepoint, nargs, CTW_EVENT_##type, variant)
#include "events.def"

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
