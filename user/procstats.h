/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The standard process_* metrics of the collector itself, read from /proc/self
 * at scrape time (the same set every Prometheus client library exports).
 */
#ifndef CTRWATCH_PROCSTATS_H
#define CTRWATCH_PROCSTATS_H

#include <stdint.h>

struct procstats {
	double cpu_seconds; /* user + system */
	uint64_t resident_bytes;
	uint64_t virtual_bytes;
	double start_time_seconds; /* since the Unix epoch */
	uint64_t open_fds;
	uint64_t max_fds; /* soft RLIMIT_NOFILE */
};

/*
 * Parses the text of /proc/PID/stat into the cpu, memory and start-time fields
 * of *out. clk_tck and page_size as sysconf() gives them, boot_time is /proc/stat's
 * btime. 0, or -EINVAL when the text is not a stat line.
 */
int procstats__parse_stat(const char *text, long clk_tck, long page_size, uint64_t boot_time,
			  struct procstats *out);
/* /proc/stat's "btime" line: 0, or -errno / -EINVAL. */
int procstats__parse_btime(const char *text, uint64_t *out);
/* Every field, for this process. 0 or a negative errno. */
int procstats__read(struct procstats *out);

#endif /* CTRWATCH_PROCSTATS_H */
