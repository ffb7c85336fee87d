// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Attaches a bench object's programs to a list of tracepoints, one
 * "category/name" per line on stdin (the list ctrwatch logs at debug level),
 * says "ready" on stderr and holds them until SIGTERM/SIGINT.
 *
 *   floor_loader BENCH_BPF_OBJ < tracepoints.txt
 *
 * floor.bpf.o: empty_tracepoint everywhere ("sched/sched_process_exec" goes
 * to the tp_btf program, as in ctrwatch). reference.bpf.o also has
 * record_sys_exit, which takes every syscalls/sys_exit_* tracepoint, and a
 * ring buffer "records": the loader then consumes it in batches as ctrwatch
 * does (a wake-up past an eighth of the ring, a poll timeout for the rest),
 * discards the records and, on exit, says how many it read and how many the
 * ring had no room for.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#define MAX_LINKS 256
#define POLL_TIMEOUT_MS 100 /* ctrwatch's */
#define SYS_EXIT_PREFIX "syscalls/sys_exit_"

struct bench_object {
	struct bpf_object *obj;
	struct bpf_program *empty, *exec, *record; /* record: NULL in the floor */
	struct bpf_link *links[MAX_LINKS];
	size_t n_links;
	struct ring_buffer *ring; /* NULL in the floor */
	unsigned long long consumed;
};

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

static int count_record(void *ctx, void *data, size_t size)
{
	struct bench_object *b = ctx;

	(void)data;
	(void)size;
	b->consumed++;
	return 0;
}

/* ctrwatch's policy: each CPU wakes the consumer past its share of an eighth of the ring. */
static int set_wakeup_bytes(struct bpf_object *obj, __u32 ring_bytes)
{
	struct bpf_map *rodata = bpf_object__find_map_by_name(obj, ".rodata");
	int cpus = libbpf_num_possible_cpus();
	__u32 share;

	if (!rodata || cpus <= 0)
		return rodata ? cpus : -ENOENT;
	share = ring_bytes / 8 / cpus;
	return bpf_map__set_initial_value(rodata, &share, sizeof(share));
}

static int bench_object__load(struct bench_object *b, const char *path)
{
	struct bpf_map *records;
	int err;

	b->obj = bpf_object__open_file(path, NULL);
	if (!b->obj)
		return -errno;
	b->empty = bpf_object__find_program_by_name(b->obj, "empty_tracepoint");
	b->exec = bpf_object__find_program_by_name(b->obj, "empty_sched_process_exec");
	b->record = bpf_object__find_program_by_name(b->obj, "record_sys_exit");
	records = bpf_object__find_map_by_name(b->obj, "records");
	if (!b->empty || !b->exec || !b->record != !records)
		return -ENOENT;
	if (records) {
		err = set_wakeup_bytes(b->obj, bpf_map__max_entries(records));
		if (err)
			return err;
	}
	err = bpf_object__load(b->obj);
	if (err)
		return err;
	if (records) {
		b->ring = ring_buffer__new(bpf_map__fd(records), count_record, b, NULL);
		if (!b->ring)
			return -errno;
	}
	return 0;
}

static struct bpf_link *bench_object__attach_one(struct bench_object *b, char *tracepoint)
{
	struct bpf_program *prog = b->empty;
	struct bpf_link *link;
	char *slash;

	if (strcmp(tracepoint, "sched/sched_process_exec") == 0)
		return bpf_program__attach(b->exec);
	if (b->record && strncmp(tracepoint, SYS_EXIT_PREFIX, strlen(SYS_EXIT_PREFIX)) == 0)
		prog = b->record;
	slash = strchr(tracepoint, '/');
	if (!slash) {
		errno = EINVAL;
		return NULL;
	}
	*slash = '\0';
	link = bpf_program__attach_tracepoint(prog, tracepoint, slash + 1);
	*slash = '/';
	return link;
}

/* Every tracepoint of the list on stdin; on failure names it in @failed. */
static int bench_object__attach(struct bench_object *b, char *failed, size_t failed_size)
{
	char line[256];

	while (fgets(line, sizeof(line), stdin)) {
		struct bpf_link *link;

		line[strcspn(line, " \t\r\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		if (b->n_links == MAX_LINKS)
			return -E2BIG;
		link = bench_object__attach_one(b, line);
		if (!link) {
			snprintf(failed, failed_size, "%s", line);
			return -errno;
		}
		b->links[b->n_links++] = link;
	}
	return 0;
}

static int bench_object__hold(struct bench_object *b)
{
	int n;

	while (!stop) {
		if (!b->ring) {
			pause();
			continue;
		}
		n = ring_buffer__poll(b->ring, POLL_TIMEOUT_MS);
		if (n < 0 && n != -EINTR)
			return n;
	}
	if (b->ring) {
		n = ring_buffer__consume(b->ring);
		if (n < 0)
			return n;
	}
	return 0;
}

static unsigned long long bench_object__lost(struct bench_object *b)
{
	struct bpf_map *state = bpf_object__find_map_by_name(b->obj, "cpu_state");
	int cpus = libbpf_num_possible_cpus(), i;
	unsigned long long lost = 0;
	__u32 zero = 0;
	__u64 *v;

	if (!state || cpus <= 0)
		return 0;
	v = calloc(cpus, 2 * sizeof(*v)); /* struct ref_cpu_state: unwoken_bytes, lost */
	if (v && bpf_map_lookup_elem(bpf_map__fd(state), &zero, v) == 0)
		for (i = 0; i < cpus; i++)
			lost += v[2 * i + 1];
	free(v);
	return lost;
}

static void bench_object__free(struct bench_object *b)
{
	size_t i;

	ring_buffer__free(b->ring);
	for (i = 0; i < b->n_links; i++)
		bpf_link__destroy(b->links[i]);
	bpf_object__close(b->obj);
}

int main(int argc, char **argv)
{
	struct sigaction sa = {.sa_handler = on_signal};
	struct bench_object b = {0};
	char failed[256] = "";
	int err;

	if (argc != 2) {
		fprintf(stderr, "usage: floor_loader BENCH_BPF_OBJ < tracepoints\n");
		return 2;
	}
	libbpf_set_print(quiet_print);
	err = bench_object__load(&b, argv[1]);
	if (err) {
		fprintf(stderr, "floor_loader: loading %s: %s\n", argv[1], strerror(-err));
		bench_object__free(&b);
		return 1;
	}
	err = bench_object__attach(&b, failed, sizeof(failed));
	if (err) {
		fprintf(stderr, "floor_loader: attaching %s: %s\n", failed[0] ? failed : "(list)",
			strerror(-err));
		bench_object__free(&b);
		return 1;
	}
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	fprintf(stderr, "floor_loader: ready: %zu programs attached (%s)\n", b.n_links,
		b.ring ? "records on sys_exit" : "empty");
	err = bench_object__hold(&b);
	if (b.ring)
		fprintf(stderr, "floor_loader: %llu records consumed, %llu lost\n", b.consumed,
			bench_object__lost(&b));
	bench_object__free(&b);
	if (err) {
		fprintf(stderr, "floor_loader: consuming: %s\n", strerror(-err));
		return 1;
	}
	return 0;
}
