/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Small helpers every module needs: array length, the clocks, sizes as people
 * write them, bounded string copies. Uses no other module of the collector.
 */
#ifndef CTRWATCH_UTIL_H
#define CTRWATCH_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define NSEC_PER_SEC 1000000000ll
#define NSEC_PER_MSEC 1000000ll

/*
 * `clock` now, in nanoseconds. CLOCK_MONOTONIC for intervals, CLOCK_BOOTTIME
 * for the records' clock (bpf_ktime_get_boot_ns), CLOCK_REALTIME for wall time.
 */
int64_t clock__now_ns(clockid_t clock);

/*
 * "65536", "4K", "16M", "1G" (suffixes in either case, powers of 1024) →
 * bytes. -EINVAL for anything else, a minus sign or a value that does not fit
 * in 64 bits; the caller checks its own range.
 */
int size__parse(const char *text, uint64_t *out);

/*
 * Copies the string in src, reading at most src_max bytes (records carry
 * fixed-size fields the kernel need not terminate), into dst cut to
 * dst_len - 1 bytes and always terminated. dst_len must be at least 1.
 */
void str__copy(char *dst, size_t dst_len, const char *src, size_t src_max);

/*
 * snprintf into buf; -ENAMETOOLONG when the result does not fit (a path cut
 * short names another file), else 0.
 */
int str__format(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* strdup(s), or NULL for NULL; sets *failed when the copy could not be made. */
char *str__dup_or_null(const char *s, bool *failed);

#endif /* CTRWATCH_UTIL_H */
