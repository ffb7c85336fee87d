// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * stdout / append-to-file sink. Lines are gathered in a buffer and written
 * with as few write(2) calls as possible; the buffer only ever holds whole
 * lines, so a flush never splits one. A failed flush to a regular file is
 * rolled back with ftruncate so the file ends on a line boundary.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sink.h"

#define FILE_SINK_BUFFER (64 * 1024)

struct file_sink {
	struct sink base;
	char *path; /* NULL for stdout */
	int fd;
	size_t used;
	uint64_t lines_buffered;
	char buf[FILE_SINK_BUFFER];
};

static int write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Writes data; on failure undoes a partial write to a regular file. */
static int write_whole_lines(struct file_sink *fs, const char *data, size_t len)
{
	struct stat st;
	bool regular = fstat(fs->fd, &st) == 0 && S_ISREG(st.st_mode);
	int err = write_all(fs->fd, data, len);

	/* Best effort: if even the rollback fails there is nothing better to do. */
	if (err < 0 && regular && ftruncate(fs->fd, st.st_size) < 0)
		err = -EIO;
	return err;
}

static int file_sink_flush(struct sink *sink)
{
	struct file_sink *fs = (struct file_sink *)sink;
	int err;

	if (fs->used == 0)
		return 0;
	err = write_whole_lines(fs, fs->buf, fs->used);
	if (err < 0)
		sink->dropped += fs->lines_buffered;
	else
		sink->delivered += fs->lines_buffered;
	fs->used = 0;
	fs->lines_buffered = 0;
	return err;
}

static int file_sink_write(struct sink *sink, const char *line, size_t len)
{
	struct file_sink *fs = (struct file_sink *)sink;
	int err;

	if (len > sizeof(fs->buf) - fs->used) {
		err = file_sink_flush(sink);
		if (len > sizeof(fs->buf)) {
			/* Larger than the buffer: write it on its own. */
			err = write_whole_lines(fs, line, len);
			if (err < 0)
				sink->dropped++;
			else
				sink->delivered++;
			return err;
		}
		(void)err; /* the lines it concerned are already counted as dropped */
	}
	memcpy(fs->buf + fs->used, line, len);
	fs->used += len;
	fs->lines_buffered++;
	return 0;
}

/*
 * O_NOFOLLOW: the daemon opens its output as root, and a symlink planted at
 * the path (in a log directory others can write, or after a rotation) would
 * make it append to whatever file the link names. ELOOP refuses it.
 */
static int file_sink_open(const char *path)
{
	return open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW, 0640);
}

static int file_sink_reopen(struct sink *sink)
{
	struct file_sink *fs = (struct file_sink *)sink;
	int fd;

	if (!fs->path)
		return 0;
	file_sink_flush(sink);
	fd = file_sink_open(fs->path);
	if (fd < 0)
		return -errno;
	close(fs->fd);
	fs->fd = fd;
	return 0;
}

static void file_sink_free(struct sink *sink)
{
	struct file_sink *fs = (struct file_sink *)sink;

	file_sink_flush(sink);
	if (fs->path && fs->fd >= 0)
		close(fs->fd);
	free(fs->path);
	free(fs);
}

static const struct sink_ops file_sink_ops = {
    .write = file_sink_write,
    .flush = file_sink_flush,
    .reopen = file_sink_reopen,
    .free = file_sink_free,
};

struct sink *sink_file__new(const char *path)
{
	struct file_sink *fs = calloc(1, sizeof(*fs));

	if (!fs)
		return NULL;
	fs->base.ops = &file_sink_ops;
	fs->fd = STDOUT_FILENO;
	strcpy(fs->base.name, path ? "file" : "stdout");
	if (path) {
		fs->path = strdup(path);
		fs->fd = fs->path ? file_sink_open(path) : -1;
		if (fs->fd < 0) {
			int err = errno;

			free(fs->path);
			free(fs);
			errno = err;
			return NULL;
		}
	}
	return &fs->base;
}
