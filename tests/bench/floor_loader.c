// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Attaches floor.bpf.o's empty programs to a list of tracepoints, one
 * "category/name" per line on stdin (the list ctrwatch logs at debug level),
 * says "ready" on stderr and holds them until SIGTERM/SIGINT.
 * "sched/sched_process_exec" goes to the tp_btf program, as in ctrwatch.
 *
 *   floor_loader FLOOR_BPF_OBJ < tracepoints.txt
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#define MAX_LINKS 256

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int quiet_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return level == LIBBPF_WARN ? vfprintf(stderr, fmt, ap) : 0;
}

int main(int argc, char **argv)
{
	struct bpf_link *links[MAX_LINKS];
	struct bpf_program *tp, *exec_prog;
	struct sigaction sa = { .sa_handler = on_signal };
	struct bpf_object *obj;
	char line[256];
	size_t n = 0, i;
	int err;

	if (argc != 2) {
		fprintf(stderr, "usage: floor_loader FLOOR_BPF_OBJ < tracepoints\n");
		return 2;
	}
	libbpf_set_print(quiet_print);
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj) {
		fprintf(stderr, "floor_loader: opening %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	err = bpf_object__load(obj);
	if (err) {
		fprintf(stderr, "floor_loader: loading: %s\n", strerror(-err));
		return 1;
	}
	tp = bpf_object__find_program_by_name(obj, "floor_tracepoint");
	exec_prog = bpf_object__find_program_by_name(obj, "floor_sched_process_exec");
	while (fgets(line, sizeof(line), stdin) && n < MAX_LINKS) {
		char *slash, *end = line + strcspn(line, " \t\r\n");
		struct bpf_link *link;

		*end = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		if (strcmp(line, "sched/sched_process_exec") == 0) {
			link = bpf_program__attach(exec_prog);
		} else {
			slash = strchr(line, '/');
			if (!slash) {
				fprintf(stderr, "floor_loader: '%s' is not category/name\n", line);
				return 1;
			}
			*slash = '\0';
			link = bpf_program__attach_tracepoint(tp, line, slash + 1);
			*slash = '/';
		}
		if (!link) {
			fprintf(stderr, "floor_loader: attaching to %s: %s\n", line, strerror(errno));
			return 1;
		}
		links[n++] = link;
	}
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	fprintf(stderr, "floor_loader: ready: %zu empty programs attached\n", n);
	while (!stop)
		pause();
	for (i = 0; i < n; i++)
		bpf_link__destroy(links[i]);
	bpf_object__close(obj);
	return 0;
}
