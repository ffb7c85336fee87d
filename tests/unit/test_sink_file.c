// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The file sink never writes through a symbolic link planted at its path: not
 * at start, not on the reopen SIGHUP asks for after a rotation.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "error.h"
#include "sink.h"
#include "sink_uri.h"

static char dir[] = "/tmp/ctw-sink-file-XXXXXX";
static char out_path[PATH_MAX], victim_path[PATH_MAX];

static off_t size_of(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? st.st_size : -1;
}

static void write_victim(void)
{
	FILE *f = fopen(victim_path, "w");

	fputs("precious\n", f);
	fclose(f);
}

static void test_symlink_at_start(void)
{
	struct ctw_error err = {""};
	struct sink *s;

	write_victim();
	ASSERT_EQ(symlink(victim_path, out_path), 0, "plant the link");
	errno = 0;
	s = sink_file__new(out_path);
	ASSERT_TRUE(s == NULL, "a link at the output path is refused");
	ASSERT_EQ(errno, ELOOP, "with ELOOP");
	ASSERT_EQ(sink__check_uri(out_path, &err), -ELOOP, "the preflight check refuses it too");
	ASSERT_TRUE(strstr(err.msg, "symbolic link") != NULL, "and says why");
	ASSERT_EQ(size_of(victim_path), 9, "the link's target is untouched");
	unlink(out_path);
}

static void test_symlink_on_reopen(void)
{
	struct sink *s;
	const char line[] = "{\"a\":1}\n";

	write_victim();
	s = sink_file__new(out_path);
	ASSERT_TRUE(s != NULL, "a plain path opens");
	if (!s)
		return;
	ASSERT_EQ(sink__write(s, line, sizeof(line) - 1), 0, "write");
	ASSERT_EQ(sink__flush(s), 0, "flush");
	/* A rotation moved the file away and someone put a link in its place. */
	ASSERT_EQ(unlink(out_path), 0, "rotate away");
	ASSERT_EQ(symlink(victim_path, out_path), 0, "plant the link");
	ASSERT_EQ(sink__reopen(s), -ELOOP, "reopen refuses the link");
	ASSERT_EQ(sink__write(s, line, sizeof(line) - 1), 0, "write after the refused reopen");
	sink__flush(s);
	ASSERT_EQ(size_of(victim_path), 9, "nothing reached the link's target");
	sink__free(s);
	unlink(out_path);
}

static void test_plain_reopen(void)
{
	struct sink *s = sink_file__new(out_path);
	const char line[] = "{\"b\":2}\n";

	ASSERT_TRUE(s != NULL, "open");
	if (!s)
		return;
	ASSERT_EQ(unlink(out_path), 0, "rotate away");
	ASSERT_EQ(sink__reopen(s), 0, "reopen creates a new file");
	ASSERT_EQ(sink__write(s, line, sizeof(line) - 1), 0, "write");
	sink__flush(s);
	ASSERT_EQ(size_of(out_path), (off_t)(sizeof(line) - 1), "the line is in the new file");
	sink__free(s);
	unlink(out_path);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(out_path, sizeof(out_path), "%s/events.jsonl", dir);
	snprintf(victim_path, sizeof(victim_path), "%s/victim", dir);
	test_symlink_at_start();
	test_symlink_on_reopen();
	test_plain_reopen();
	unlink(victim_path);
	rmdir(dir);
	return check_summary("sink_file");
}
