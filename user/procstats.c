// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "procstats.h"

/* Field numbers of proc(5)'s /proc/PID/stat, counting from 1 at pid. */
#define STAT_UTIME 14
#define STAT_STIME 15
#define STAT_STARTTIME 22
#define STAT_VSIZE 23
#define STAT_RSS 24

int procstats__parse_stat(const char *text, long clk_tck, long page_size, uint64_t boot_time,
			  struct procstats *out)
{
	unsigned long long field[STAT_RSS + 1] = {0};
	const char *p;
	int n;

	if (clk_tck <= 0 || page_size <= 0)
		return -EINVAL;
	/* comm may hold spaces and ')': the fields start after the last ')'. */
	p = strrchr(text, ')');
	if (!p || p[1] != ' ')
		return -EINVAL;
	p += 2;
	/* Field 3 is the state letter; numbers follow. */
	if (!p[0] || p[1] != ' ')
		return -EINVAL;
	p += 2;
	for (n = 4; n <= STAT_RSS; n++) {
		char *end;

		errno = 0;
		/* Some fields (tty_nr, priority, nice) may be negative: keep the bits. */
		field[n] = strtoull(p, &end, 10);
		if (end == p || errno == ERANGE || (*end != ' ' && *end != '\n' && *end != '\0'))
			return -EINVAL;
		p = end;
		if (*p == ' ')
			p++;
		else if (n != STAT_RSS)
			return -EINVAL;
	}
	out->cpu_seconds = (double)(field[STAT_UTIME] + field[STAT_STIME]) / (double)clk_tck;
	out->virtual_bytes = field[STAT_VSIZE];
	out->resident_bytes = field[STAT_RSS] * (uint64_t)page_size;
	out->start_time_seconds =
	    (double)boot_time + (double)field[STAT_STARTTIME] / (double)clk_tck;
	return 0;
}

int procstats__parse_btime(const char *text, uint64_t *out)
{
	const char *p = text;

	while (p && *p) {
		if (strncmp(p, "btime ", 6) == 0) {
			char *end;

			errno = 0;
			*out = strtoull(p + 6, &end, 10);
			if (end == p + 6 || errno == ERANGE || (*end != '\n' && *end != '\0'))
				return -EINVAL;
			return 0;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return -EINVAL;
}

/* Reads a whole small /proc file into buf, NUL-terminated. */
static int read_file(const char *path, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t n;
	int fd, err = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (len < size - 1) {
		n = read(fd, buf + len, size - 1 - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			break;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	return err;
}

static int count_fds(uint64_t *out)
{
	struct dirent *de;
	uint64_t n = 0;
	DIR *dir;

	dir = opendir("/proc/self/fd");
	if (!dir)
		return -errno;
	while ((de = readdir(dir)))
		if (de->d_name[0] != '.')
			n++;
	closedir(dir);
	/* Not counting the directory's own descriptor. */
	*out = n ? n - 1 : 0;
	return 0;
}

int procstats__read(struct procstats *out)
{
	/* /proc/stat grows with CPUs and interrupts; btime comes after the cpu lines. */
	const size_t stat_size = 256 * 1024;
	char buf[1024], *stat_buf;
	struct rlimit rl;
	uint64_t btime;
	int err;

	stat_buf = malloc(stat_size);
	if (!stat_buf)
		return -ENOMEM;
	err = read_file("/proc/stat", stat_buf, stat_size);
	if (!err)
		err = procstats__parse_btime(stat_buf, &btime);
	free(stat_buf);
	if (err)
		return err;
	err = read_file("/proc/self/stat", buf, sizeof(buf));
	if (err)
		return err;
	err = procstats__parse_stat(buf, sysconf(_SC_CLK_TCK), sysconf(_SC_PAGESIZE), btime, out);
	if (err)
		return err;
	err = count_fds(&out->open_fds);
	if (err)
		return err;
	if (getrlimit(RLIMIT_NOFILE, &rl))
		return -errno;
	out->max_fds = rl.rlim_cur == RLIM_INFINITY ? UINT64_MAX : (uint64_t)rl.rlim_cur;
	return 0;
}
