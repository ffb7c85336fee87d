/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The raw_syscalls fallback table, shared by the loader (writes it) and the
 * BPF side (reads it): index = syscall number, value = CTW_FALLBACK_VALUE().
 * Not part of the event ABI: it never leaves the collector.
 */
#ifndef CTRWATCH_FALLBACK_H
#define CTRWATCH_FALLBACK_H

/* Above every syscall number of x86_64 and arm64. */
#define CTW_FALLBACK_MAX 1024

/*
 * type: enum ctw_event_type. variant: what the per-syscall program would pass,
 * the enum ctw_mount_op / ctw_module_op, or the argument count of a setuid call.
 */
#define CTW_FALLBACK_VALUE(type, variant) ((__u32)(type) | ((__u32)(variant) << 8))
#define CTW_FALLBACK_TYPE(v) ((v)&0xff)
#define CTW_FALLBACK_VARIANT(v) (((v) >> 8) & 0xff)

#endif /* CTRWATCH_FALLBACK_H */
