// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The floor of `make bench`: programs that do nothing, attached by
 * floor_loader to exactly the tracepoints ctrwatch attaches. What a run with
 * these costs over no monitor is the price of having a program there at all;
 * what ctrwatch costs over this floor is the price of its work.
 *
 * One generic tracepoint program serves every syscalls/ and raw_syscalls/
 * tracepoint: the kernel runs an attached program the same way whichever
 * program it is, so one empty body attached N times costs what N empty
 * bodies would.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

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
