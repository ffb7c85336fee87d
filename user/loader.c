// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Opens the skeleton, decides per program whether this kernel runs it on its
 * own tracepoint, through the raw_syscalls fallback, or not at all, then
 * loads and attaches. One CO-RE object serves every kernel.
 */
#include <errno.h>
#include <ftw.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "ctrwatch.skel.h"
#include "error.h"
#include "events.h"
#include "fallback.h"
#include "loader.h"
#include "log.h"
#include "util.h"

/*
 * The monitored syscalls: the CTW_SYSCALL rows of events.def, as syscalls.bpf.c
 * has them. name is the tracepoint's (umount2's is "umount"); variant is what
 * its program passes, repeated in the fallback table.
 */
struct syscall_desc {
	const char *name;
	long nr;
	uint8_t type;
	uint8_t variant;
};

static const struct syscall_desc syscalls[] = {
#define CTW_SYSCALL(tracepoint, sys, nargs, type, variant)                                         \
	{#tracepoint, __NR_##sys, CTW_EVENT_##type, variant},
#include "events.def"
};

/*
 * The open family's exits, where file_write and file_open look at the opened file; open and
 * creat exist on x86_64 only, openat2 since 5.6.
 */
static const char *const file_write_syscalls[] = {"openat", "openat2", "open", "creat"};

/*
 * Two entries per syscall, plus sched_process_exec, module_load, the file_write
 * exits, cgroup_mkdir / cgroup_rmdir, the fork and exit programs, module_request
 * and the vfs_open fexit.
 */
#define MAX_ENTRIES (2 * ARRAY_SIZE(syscalls) + 2 + ARRAY_SIZE(file_write_syscalls) + 2 + 2 + 1 + 1)

/*
 * Internal types: they keep the collector's cgroup and process caches
 * current, whatever is reported. Every exec feeds the process cache; whether
 * an exec is also an event is the collector's decision (exec_events).
 */
#define INTERNAL_TYPES                                                                             \
	((1ULL << CTW_EVENT_CGROUP_MKDIR) | (1ULL << CTW_EVENT_CGROUP_RMDIR) |                     \
	 (1ULL << CTW_EVENT_EXEC) | (1ULL << CTW_EVENT_PROC_FORK) | (1ULL << CTW_EVENT_PROC_EXIT))

struct entry {
	char name[64];
	char tracepoint[64];
	const char *mechanism;
	struct bpf_program *prog; /* the program that runs it (raw_syscalls for the fallback) */
};

struct loader {
	struct ctrwatch_bpf *skel;
	struct bpf_link *links[MAX_ENTRIES];
	size_t n_links;
	struct entry entries[MAX_ENTRIES];
	struct loader_program programs[MAX_ENTRIES];
	size_t n_entries;
	bool modules_supported;
	/* Read-only views of the ring buffer's position pages, for occupancy. */
	void *consumer_page;
	void *producer_page;
	size_t page_size;
};

static const char *const events_dirs[] = {
    "/sys/kernel/tracing/events",
    "/sys/kernel/debug/tracing/events",
};

static const char *find_events_dir(void)
{
	struct stat st;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(events_dirs); i++)
		if (stat(events_dirs[i], &st) == 0 && S_ISDIR(st.st_mode))
			return events_dirs[i];
	/* A host without tracefs mounted (minimal init): mount it where it belongs. */
	if (mount("tracefs", "/sys/kernel/tracing", "tracefs", 0, NULL) == 0) {
		log_msg(LOG_LVL_INFO, "mounted tracefs at /sys/kernel/tracing");
		if (stat(events_dirs[0], &st) == 0)
			return events_dirs[0];
	}
	return NULL;
}

static bool tracepoint_exists(const char *events_dir, const char *category, const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s/%s", events_dir, category, name);
	return access(path, F_OK) == 0;
}

/*
 * libbpf speaks through our log level: its info and debug chatter only at
 * debug. Its warnings stay warnings, except while loading with programs off,
 * when it may complain about what we switched off on purpose.
 */
static bool libbpf_quiet;

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	enum log_level lvl = LOG_LVL_DEBUG;

	if (level == LIBBPF_WARN && !libbpf_quiet)
		lvl = LOG_LVL_WARN;
	char *text, *line, *save = NULL;

	if (lvl > log_get_level())
		return 0;
	/* A verifier log arrives as one message: split it so no line is cut short. */
	if (vasprintf(&text, fmt, ap) < 0)
		return 0;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		log_msg(lvl, "%s", line);
	free(text);
	return 0;
}

static struct entry *add_entry(struct loader *l, const char *name, const char *tracepoint,
			       const char *mechanism, struct bpf_program *prog)
{
	struct entry *e;

	if (l->n_entries >= MAX_ENTRIES)
		return NULL;
	e = &l->entries[l->n_entries++];
	snprintf(e->name, sizeof(e->name), "%s", name);
	snprintf(e->tracepoint, sizeof(e->tracepoint), "%s", tracepoint);
	e->mechanism = mechanism;
	e->prog = prog;
	return e;
}

static uint32_t ringbuf_size(uint32_t want, size_t page)
{
	uint32_t size = page;

	while (size < want && size < (1u << 30))
		size <<= 1;
	return size;
}

/*
 * Each CPU wakes the consumer after its share of the backlog, so all of them
 * together wake it by the total. 0 (wake for every record) stays 0.
 */
static uint32_t per_cpu_share(uint32_t total)
{
	int cpus = libbpf_num_possible_cpus();

	if (total == 0 || cpus <= 1)
		return total;
	return total / cpus ? total / cpus : 1;
}

static bool type_enabled(uint64_t mask, unsigned int type)
{
	return mask & (1ULL << type);
}

/*
 * Whether the kernel has CONFIG_MODULES. Both signs exist only with it:
 * /proc/modules (kernel/module/procfs.c) and the module/ trace events
 * (include/trace/events/module.h). /sys/module is no sign: built-in code
 * lists its parameters there without module support. Either sign is enough
 * to say "modules load", so a /proc with /proc/modules masked, or a tracefs
 * without the event, never costs the host its module-load reports.
 */
static bool kernel_loads_modules(const char *proc_root, const char *events_dir)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/modules", proc_root ? proc_root : "/proc");
	return access(path, F_OK) == 0 || tracepoint_exists(events_dir, "module", "module_load");
}

/*
 * A syscall without tracepoints of its own goes through raw_syscalls only when
 * that is worth taxing every syscall of the host for: not for module loads on a
 * kernel that cannot load modules (they can only fail with ENOSYS) unless asked.
 */
static bool fallback_wanted(const struct loader *l, enum loader_fallback mode, uint8_t type)
{
	switch (mode) {
	case LOADER_FALLBACK_NEVER:
		return false;
	case LOADER_FALLBACK_ALWAYS:
		return true;
	default:
		return type != CTW_EVENT_MODULE_LOAD || l->modules_supported;
	}
}

/*
 * Per syscall: its own tracepoints if both exist, else the raw_syscalls
 * fallback where wanted, else nothing. Returns how many syscalls need the
 * fallback.
 */
static int plan_syscalls(struct loader *l, const char *events_dir, uint64_t types, bool raw_ok,
			 enum loader_fallback mode, uint32_t *fallback)
{
	struct bpf_object *obj = l->skel->obj;
	int n_fallback = 0;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(syscalls); i++) {
		const struct syscall_desc *s = &syscalls[i];
		struct bpf_program *enter, *exit_prog;
		char enter_name[64], exit_name[64], enter_tp[64], exit_tp[64];

		if (!type_enabled(types, s->type))
			continue;
		snprintf(enter_name, sizeof(enter_name), "handle_sys_enter_%s", s->name);
		snprintf(exit_name, sizeof(exit_name), "handle_sys_exit_%s", s->name);
		snprintf(enter_tp, sizeof(enter_tp), "sys_enter_%s", s->name);
		snprintf(exit_tp, sizeof(exit_tp), "sys_exit_%s", s->name);
		enter = bpf_object__find_program_by_name(obj, enter_name);
		exit_prog = bpf_object__find_program_by_name(obj, exit_name);
		if (!enter || !exit_prog)
			return -ENOENT; /* the table and syscalls.bpf.c disagree */
		if (tracepoint_exists(events_dir, "syscalls", enter_tp) &&
		    tracepoint_exists(events_dir, "syscalls", exit_tp)) {
			bpf_program__set_autoload(enter, true);
			bpf_program__set_autoload(exit_prog, true);
			snprintf(enter_tp, sizeof(enter_tp), "syscalls/sys_enter_%s", s->name);
			snprintf(exit_tp, sizeof(exit_tp), "syscalls/sys_exit_%s", s->name);
			add_entry(l, enter_name, enter_tp, "tracepoint", enter);
			add_entry(l, exit_name, exit_tp, "tracepoint", exit_prog);
		} else if (!fallback_wanted(l, mode, s->type)) {
			/* Said once for module loads (loader__new); per syscall otherwise. */
			add_entry(l, enter_name, enter_tp, "unavailable", NULL);
			if (mode == LOADER_FALLBACK_NEVER)
				log_msg(LOG_LVL_WARN,
					"%s: no syscalls/%s tracepoint and --syscall-fallback off: "
					"not reported",
					s->name, enter_tp);
		} else if (raw_ok && s->nr >= 0 && s->nr < CTW_FALLBACK_MAX) {
			fallback[s->nr] = CTW_FALLBACK_VALUE(s->type, s->variant);
			n_fallback++;
			add_entry(l, enter_name, "raw_syscalls/sys_enter", "raw_syscalls_fallback",
				  l->skel->progs.handle_raw_sys_enter);
			add_entry(l, exit_name, "raw_syscalls/sys_exit", "raw_syscalls_fallback",
				  l->skel->progs.handle_raw_sys_exit);
			log_msg(LOG_LVL_INFO,
				"%s: no syscalls/%s tracepoint on this kernel, using the "
				"raw_syscalls fallback",
				s->name, enter_tp);
		} else {
			add_entry(l, enter_name, enter_tp, "unavailable", NULL);
			log_msg(LOG_LVL_WARN,
				"%s: neither its tracepoint nor raw_syscalls exists: not reported",
				s->name);
		}
	}
	return n_fallback;
}

/* kernel_btf names this kind and name (NULL: the kernel's BTF could not be read). */
static bool kernel_btf_has(const struct btf *kernel_btf, const char *name, int kind)
{
	return kernel_btf && btf__find_by_name_kind(kernel_btf, name, kind) >= 0;
}

/* The value of enum cgroup_subsys_id's member `name` in the kernel: -ENOENT if absent. */
static int cgroup_subsys_id(const struct btf *kernel_btf, const char *name)
{
	const struct btf_enum *m;
	const struct btf_type *t;
	int id;

	id = btf__find_by_name_kind(kernel_btf, "cgroup_subsys_id", BTF_KIND_ENUM);
	if (id < 0)
		return -ENOENT;
	t = btf__type_by_id(kernel_btf, id);
	m = btf_enum(t);
	for (int i = 0; i < btf_vlen(t); i++, m++)
		if (strcmp(btf__name_by_offset(kernel_btf, m->name_off), name) == 0)
			return m->val;
	return -ENOENT;
}

static void plan_exec(struct loader *l, uint64_t types, const struct btf *kernel_btf)
{
	struct bpf_program *prog = l->skel->progs.handle_sched_process_exec;

	/* One program for all three: exec, setuid_exec and the first exec of a container. */
	if (!type_enabled(types, CTW_EVENT_SETUID_EXEC) &&
	    !type_enabled(types, CTW_EVENT_CONTAINER_START) && !type_enabled(types, CTW_EVENT_EXEC))
		return;
	/* A BTF-enabled tracepoint is described by its btf_trace_<name> typedef. */
	if (!kernel_btf_has(kernel_btf, "btf_trace_sched_process_exec", BTF_KIND_TYPEDEF)) {
		add_entry(l, "handle_sched_process_exec", "sched/sched_process_exec", "unavailable",
			  NULL);
		log_msg(LOG_LVL_WARN, "sched_process_exec has no BTF tracepoint: exec, setuid_exec "
				      "and container_start not reported");
		return;
	}
	bpf_program__set_autoload(prog, true);
	add_entry(l, "handle_sched_process_exec", "sched/sched_process_exec", "tp_btf", prog);
}

/* Process births and deaths for the process cache; without them it learns from /proc only. */
static void plan_proc(struct loader *l, uint64_t types, const struct btf *kernel_btf)
{
	struct {
		const char *name, *tp, *typedef_name;
		struct bpf_program *prog;
		enum ctw_event_type type;
	} progs[] = {
	    {"handle_sched_process_fork", "sched/sched_process_fork",
	     "btf_trace_sched_process_fork", l->skel->progs.handle_sched_process_fork,
	     CTW_EVENT_PROC_FORK},
	    {"handle_sched_process_exit", "sched/sched_process_exit",
	     "btf_trace_sched_process_exit", l->skel->progs.handle_sched_process_exit,
	     CTW_EVENT_PROC_EXIT},
	};

	for (size_t i = 0; i < ARRAY_SIZE(progs); i++) {
		if (!type_enabled(types, progs[i].type))
			continue;
		if (!kernel_btf_has(kernel_btf, progs[i].typedef_name, BTF_KIND_TYPEDEF)) {
			add_entry(l, progs[i].name, progs[i].tp, "unavailable", NULL);
			log_msg(
			    LOG_LVL_WARN,
			    "%s has no BTF tracepoint: the process cache learns from /proc only",
			    progs[i].tp);
			continue;
		}
		bpf_program__set_autoload(progs[i].prog, true);
		add_entry(l, progs[i].name, progs[i].tp, "tp_btf", progs[i].prog);
	}
}

static void plan_module_load(struct loader *l, const char *events_dir, uint64_t types)
{
	struct bpf_program *prog = l->skel->progs.handle_module_load;

	if (!type_enabled(types, CTW_EVENT_MODULE_LOAD))
		return;
	if (!tracepoint_exists(events_dir, "module", "module_load")) {
		add_entry(l, "handle_module_load", "module/module_load", "unavailable", NULL);
		log_msg(LOG_LVL_INFO, "module/module_load tracepoint absent: modules that come "
				      "in are not reported");
		return;
	}
	bpf_program__set_autoload(prog, true);
	add_entry(l, "handle_module_load", "module/module_load", "tracepoint", prog);
}

/*
 * A kernel without module support has no module/module_request either: the
 * program stays out, said once here and as ctrwatch_program_attached 0.
 */
static void plan_module_request(struct loader *l, const char *events_dir, uint64_t types)
{
	struct bpf_program *prog = l->skel->progs.handle_module_request;

	if (!type_enabled(types, CTW_EVENT_MODULE_REQUEST))
		return;
	if (!tracepoint_exists(events_dir, "module", "module_request")) {
		add_entry(l, "handle_module_request", "module/module_request", "unavailable", NULL);
		log_msg(LOG_LVL_INFO, "module/module_request tracepoint absent: module auto-loads "
				      "are not attributed");
		return;
	}
	bpf_program__set_autoload(prog, true);
	add_entry(l, "handle_module_request", "module/module_request", "tracepoint", prog);
}

static void plan_file_write(struct loader *l, const char *events_dir, uint64_t types)
{
	char name[64], tp[64];
	size_t i;

	/* One program per exit makes both types. */
	if (!type_enabled(types, CTW_EVENT_FILE_WRITE) && !type_enabled(types, CTW_EVENT_FILE_OPEN))
		return;
	for (i = 0; i < ARRAY_SIZE(file_write_syscalls); i++) {
		struct bpf_program *prog;

		snprintf(name, sizeof(name), "handle_sys_exit_%s", file_write_syscalls[i]);
		snprintf(tp, sizeof(tp), "sys_exit_%s", file_write_syscalls[i]);
		prog = bpf_object__find_program_by_name(l->skel->obj, name);
		if (!prog)
			continue;
		if (!tracepoint_exists(events_dir, "syscalls", tp)) {
			/* Absent on this architecture or kernel: nothing to watch there. */
			log_msg(LOG_LVL_DEBUG, "file_write: no syscalls/%s tracepoint", tp);
			continue;
		}
		bpf_program__set_autoload(prog, true);
		snprintf(tp, sizeof(tp), "syscalls/sys_exit_%s", file_write_syscalls[i]);
		add_entry(l, name, tp, "tracepoint", prog);
	}
}

/*
 * A write-open of a runtime binary that the kernel refuses (ETXTBSY while it
 * runs) never reaches the open exits with a file: the fexit of vfs_open sees
 * it. Only when there are runtime binaries to watch, since every open on the
 * host then passes the trampoline.
 */
/*
 * Whether an fexit program attaches to func here: loads and attaches one that
 * does nothing. A kernel without BPF trampolines, or one that refuses tracing
 * programs (some locked-down kernels answer EPERM to root), says no; a failed
 * program would fail the whole object's load.
 */
static bool fexit_attaches(const struct btf *kernel_btf, const char *func)
{
	const struct bpf_insn insns[] = {
	    {.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0},
	    {.code = BPF_JMP | BPF_EXIT},
	};
	int id = kernel_btf ? btf__find_by_name_kind(kernel_btf, func, BTF_KIND_FUNC) : -1;
	int fd, link;

	if (id < 0)
		return false;
	LIBBPF_OPTS(bpf_prog_load_opts, o, .expected_attach_type = BPF_TRACE_FEXIT,
		    .attach_btf_id = id);
	libbpf_quiet = true;
	fd = bpf_prog_load(BPF_PROG_TYPE_TRACING, "ctw_probe", "Dual BSD/GPL", insns,
			   ARRAY_SIZE(insns), &o);
	libbpf_quiet = false;
	if (fd < 0)
		return false;
	link = bpf_link_create(fd, 0, BPF_TRACE_FEXIT, NULL);
	if (link >= 0)
		close(link);
	close(fd);
	return link >= 0;
}

static void plan_runtime_bins(struct loader *l, uint64_t types, const struct btf *kernel_btf,
			      size_t n_bins, bool no_fexit)
{
	struct bpf_program *prog = l->skel->progs.handle_vfs_open_exit;

	if (!n_bins || !type_enabled(types, CTW_EVENT_FILE_OPEN))
		return;
	l->skel->rodata->cfg_runtime_bins = true;
	if (no_fexit || !fexit_attaches(kernel_btf, "vfs_open")) {
		add_entry(l, "handle_vfs_open_exit", "fexit/vfs_open", "unavailable", NULL);
		log_msg(LOG_LVL_INFO, "no fexit program attaches to vfs_open on this kernel: a "
				      "refused write-open of a runtime binary (ETXTBSY) is not "
				      "reported, a successful one is");
		return;
	}
	bpf_program__set_autoload(prog, true);
	add_entry(l, "handle_vfs_open_exit", "fexit/vfs_open", "fexit", prog);
}

static int fill_runtime_bins(struct loader *l, const struct ctw_file_id *bins, size_t n)
{
	__u8 one = 1;
	int err;

	for (size_t i = 0; i < n; i++) {
		err = bpf_map__update_elem(l->skel->maps.runtime_bins, &bins[i], sizeof(bins[i]),
					   &one, sizeof(one), BPF_ANY);
		if (err)
			return err;
	}
	return 0;
}

/* cgroup_mkdir feeds the cache; cgroup_rmdir evicts it, ends container_start's map entries. */
static void plan_lifecycle(struct loader *l, const char *events_dir, uint64_t types)
{
	struct {
		const char *name, *tp;
		struct bpf_program *prog;
		bool wanted;
	} progs[] = {
	    {"handle_cgroup_mkdir", "cgroup_mkdir", l->skel->progs.handle_cgroup_mkdir,
	     type_enabled(types, CTW_EVENT_CGROUP_MKDIR)},
	    {"handle_cgroup_rmdir", "cgroup_rmdir", l->skel->progs.handle_cgroup_rmdir,
	     type_enabled(types, CTW_EVENT_CGROUP_RMDIR) ||
		 type_enabled(types, CTW_EVENT_CONTAINER_START) ||
		 type_enabled(types, CTW_EVENT_CONTAINER_STOP)},
	};
	char tp[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(progs); i++) {
		if (!progs[i].wanted)
			continue;
		snprintf(tp, sizeof(tp), "cgroup/%s", progs[i].tp);
		if (!tracepoint_exists(events_dir, "cgroup", progs[i].tp)) {
			add_entry(l, progs[i].name, tp, "unavailable", NULL);
			log_msg(LOG_LVL_WARN,
				"%s tracepoint absent: the cgroup cache is kept by walks only, "
				"container_stop is not reported",
				tp);
			continue;
		}
		bpf_program__set_autoload(progs[i].prog, true);
		add_entry(l, progs[i].name, tp, "tracepoint", progs[i].prog);
	}
}

/* The host's mount namespace: PID 1's, as the collector sees it (0 = unknown). */
static uint32_t host_mnt_ns(void)
{
	struct stat st;

	if (stat("/proc/1/ns/mnt", &st) != 0)
		return 0;
	return (uint32_t)st.st_ino;
}

static int fill_fallback(struct loader *l, const uint32_t *fallback)
{
	struct bpf_map *map = l->skel->maps.fallback_syscalls;
	uint32_t nr;
	int err;

	for (nr = 0; nr < CTW_FALLBACK_MAX; nr++) {
		if (!fallback[nr])
			continue;
		err = bpf_map__update_elem(map, &nr, sizeof(nr), &fallback[nr],
					   sizeof(fallback[nr]), BPF_ANY);
		if (err)
			return err;
	}
	return 0;
}

/* bit n: some sensitive name is n bytes long (bpf/file_write.bpf.c's first filter). */
static uint64_t sensitive_name_lens(const struct loader_options *opts)
{
	uint64_t lens = 0;

	for (size_t i = 0; i < opts->n_sensitive_names; i++)
		lens |= 1ULL << strnlen(opts->sensitive_names[i], CTW_NAME_LEN - 1);
	return lens;
}

static int fill_sensitive_names(struct loader *l, const struct loader_options *opts)
{
	const uint8_t one = 1;
	int err;

	for (size_t i = 0; i < opts->n_sensitive_names; i++) {
		err = bpf_map__update_elem(l->skel->maps.sensitive_names, opts->sensitive_names[i],
					   CTW_NAME_LEN, &one, sizeof(one), BPF_ANY);
		if (err)
			return err;
	}
	return 0;
}

/* Attach each program once (the fallback pair serves several entries). */
static int attach_programs(struct loader *l, struct ctw_error *err)
{
	struct bpf_program *prog;
	size_t i;

	bpf_object__for_each_program(prog, l->skel->obj)
	{
		struct bpf_link *link;

		if (!bpf_program__autoload(prog))
			continue;
		link = bpf_program__attach(prog);
		if (!link)
			return ctw_error__set(err, errno, "attaching %s failed: %s",
					      bpf_program__name(prog), strerror(errno));
		l->links[l->n_links++] = link;
	}
	for (i = 0; i < l->n_entries; i++) {
		l->programs[i].name = l->entries[i].name;
		l->programs[i].tracepoint = l->entries[i].tracepoint;
		l->programs[i].mechanism = l->entries[i].mechanism;
		l->programs[i].attached = l->entries[i].prog != NULL;
	}
	return 0;
}

static int map_positions(struct loader *l)
{
	int fd = bpf_map__fd(l->skel->maps.events);

	l->page_size = sysconf(_SC_PAGESIZE);
	/* Page 0 holds consumer_pos, page 1 producer_pos; both may be mapped read-only. */
	l->consumer_page = mmap(NULL, l->page_size, PROT_READ, MAP_SHARED, fd, 0);
	if (l->consumer_page == MAP_FAILED) {
		l->consumer_page = NULL;
		return -errno;
	}
	l->producer_page = mmap(NULL, l->page_size, PROT_READ, MAP_SHARED, fd, l->page_size);
	if (l->producer_page == MAP_FAILED) {
		l->producer_page = NULL;
		return -errno;
	}
	return 0;
}

static void log_summary(const struct loader *l, int n_fallback)
{
	size_t i, native = 0, fallback = 0, missing = 0;

	for (i = 0; i < l->n_entries; i++) {
		const struct entry *e = &l->entries[i];

		if (strcmp(e->mechanism, "raw_syscalls_fallback") == 0)
			fallback++;
		else if (strcmp(e->mechanism, "unavailable") == 0)
			missing++;
		else
			native++;
		log_msg(LOG_LVL_DEBUG, "program %s on %s (%s)", e->name, e->tracepoint,
			e->mechanism);
	}
	log_msg(LOG_LVL_INFO,
		"attached %zu programs natively, %zu through the raw_syscalls fallback (%d "
		"syscalls), %zu unavailable",
		native, fallback, n_fallback, missing);
}

/*
 * Create a ring buffer once by hand: libbpf's own probe answers "unsupported"
 * for an unprivileged caller too, and main must tell those apart.
 */
static int probe_ringbuf(void)
{
	int fd =
	    bpf_map_create(BPF_MAP_TYPE_RINGBUF, "ctw_probe", 0, 0, sysconf(_SC_PAGESIZE), NULL);

	if (fd >= 0) {
		close(fd);
		return 0;
	}
	if (errno == EPERM || errno == EACCES)
		return -EPERM;
	/* An unknown map type is EINVAL: a kernel before 5.8. */
	if (errno == EINVAL)
		return -EOPNOTSUPP;
	return -errno;
}

/* Task-local storage for tracing programs (the in-flight records): Linux 5.11. */
static int probe_task_storage(void)
{
	return libbpf_probe_bpf_map_type(BPF_MAP_TYPE_TASK_STORAGE, NULL) == 1 ? 0 : -EOPNOTSUPP;
}

/* The errno main turns into one line: see loader.h. */
static int classify_load_error(int err)
{
	if (err == -EPERM || (err == -EACCES && geteuid() != 0))
		return -EPERM;
	return err;
}

struct loader *loader__new(const struct loader_options *opts, struct ctw_error *error)
{
	uint32_t fallback[CTW_FALLBACK_MAX] = {0};
	struct btf *kernel_btf = NULL;
	const char *events_dir;
	struct loader *l;
	uint64_t types;
	bool raw_ok;
	int err, n_fallback;

	libbpf_set_print(libbpf_print);
	if (access("/sys/kernel/btf/vmlinux", R_OK) != 0) {
		errno = ENOENT;
		return NULL;
	}
	/*
	 * Parsed here, not only found: an empty or damaged file is no BTF either, and
	 * libbpf would otherwise fail at load with an errno that names something else.
	 * Read once for every planning question below: each read parses megabytes.
	 */
	libbpf_quiet = true;
	kernel_btf = btf__load_vmlinux_btf();
	libbpf_quiet = false;
	if (!kernel_btf) {
		errno = ENOENT;
		return NULL;
	}
	err = probe_ringbuf();
	if (!err)
		err = probe_task_storage();
	if (err)
		goto fail_early;
	events_dir = find_events_dir();
	if (!events_dir) {
		err = geteuid() != 0 ? -EPERM : -ENODEV;
		goto fail_early;
	}

	l = calloc(1, sizeof(*l));
	if (!l) {
		err = -ENOMEM;
		goto fail_early;
	}
	l->skel = ctrwatch_bpf__open();
	if (!l->skel) {
		err = -errno;
		goto fail;
	}

	types = opts->enabled_types;
	if (!types)
		types = ((1ULL << CTW_EVENT_TYPE_MAX) - 1) & ~1ULL;
	types |= INTERNAL_TYPES;
	l->skel->rodata->cfg_enabled_types = types;
	/* The programs count per CPU (bpf/common.bpf.h: ctw_wakeup_flag). */
	l->skel->rodata->cfg_wakeup_bytes = per_cpu_share(opts->wakeup_bytes);
	l->skel->rodata->cfg_self_tgid = getpid();
	l->skel->rodata->cfg_host_mnt_ns = host_mnt_ns();
	if (opts->n_sensitive_names > CTW_SENSITIVE_NAMES_MAX) {
		err = -E2BIG;
		goto fail;
	}
	l->skel->rodata->cfg_sensitive_name_lens = sensitive_name_lens(opts);
	l->skel->rodata->cfg_have_rdonly_cast =
	    kernel_btf_has(kernel_btf, "bpf_rdonly_cast", BTF_KIND_FUNC);
	if (opts->cgroup_v1_subsys_enum) {
		int ss = cgroup_subsys_id(kernel_btf, opts->cgroup_v1_subsys_enum);

		if (ss < 0) {
			err = -ENOMSG;
			ctw_error__set(error, ENOMSG,
				       "cgroup v1 attribution: %s is not in this kernel's "
				       "enum cgroup_subsys_id",
				       opts->cgroup_v1_subsys_enum);
			goto fail;
		}
		l->skel->rodata->cfg_cgroup_v1_subsys = ss;
		l->skel->rodata->cfg_cgroup_hierarchy = opts->cgroup_v1_hierarchy;
	}
	err = bpf_map__set_max_entries(l->skel->maps.events,
				       ringbuf_size(opts->ringbuf_bytes, sysconf(_SC_PAGESIZE)));
	if (err)
		goto fail;

	/* Everything off, then on one by one as the kernel allows. */
	{
		struct bpf_program *prog;

		bpf_object__for_each_program(prog, l->skel->obj)
		    bpf_program__set_autoload(prog, false);
	}
	raw_ok = tracepoint_exists(events_dir, "raw_syscalls", "sys_enter") &&
		 tracepoint_exists(events_dir, "raw_syscalls", "sys_exit");
	l->modules_supported = kernel_loads_modules(opts->proc_root, events_dir);
	if (!l->modules_supported && type_enabled(types, CTW_EVENT_MODULE_LOAD))
		log_msg(
		    LOG_LVL_INFO,
		    "this kernel cannot load modules (no /proc/modules, no module/module_load "
		    "tracepoint): init_module/finit_module attempts, which can only fail with "
		    "ENOSYS, %s",
		    opts->fallback == LOADER_FALLBACK_ALWAYS
			? "are reported through the raw_syscalls fallback (--syscall-fallback on)"
			: "are not reported, so that no syscall pays for raw_syscalls "
			  "(--syscall-fallback on reports them)");
	else if (!l->modules_supported)
		log_msg(LOG_LVL_INFO, "this kernel cannot load modules (no /proc/modules, no "
				      "module/module_load tracepoint)");
	n_fallback = plan_syscalls(l, events_dir, types, raw_ok, opts->fallback, fallback);
	if (n_fallback < 0) {
		err = n_fallback;
		goto fail;
	}
	plan_exec(l, types, kernel_btf);
	plan_proc(l, types, kernel_btf);
	plan_runtime_bins(l, types, kernel_btf, opts->n_runtime_bins, opts->no_fexit);
	btf__free(kernel_btf);
	kernel_btf = NULL;
	plan_module_load(l, events_dir, types);
	plan_module_request(l, events_dir, types);
	plan_file_write(l, events_dir, types);
	plan_lifecycle(l, events_dir, types);
	/* raw_syscalls costs every syscall on the host: only when something needs it. */
	if (n_fallback > 0) {
		bpf_program__set_autoload(l->skel->progs.handle_raw_sys_enter, true);
		bpf_program__set_autoload(l->skel->progs.handle_raw_sys_exit, true);
	}

	libbpf_quiet = true;
	err = ctrwatch_bpf__load(l->skel);
	libbpf_quiet = false;
	if (err) {
		err = classify_load_error(err);
		ctw_error__set(error, -err,
			       "loading the BPF programs failed: %s (run with --log-level debug "
			       "for the verifier log)",
			       strerror(-err));
		goto fail;
	}
	err = fill_fallback(l, fallback);
	if (!err)
		err = fill_runtime_bins(l, opts->runtime_bins, opts->n_runtime_bins);
	if (!err)
		err = fill_sensitive_names(l, opts);
	if (err)
		goto fail;
	err = attach_programs(l, error);
	if (err) {
		err = classify_load_error(err);
		goto fail;
	}
	err = map_positions(l);
	if (err)
		goto fail;
	log_summary(l, n_fallback);
	return l;

fail:
	loader__free(l);
fail_early:
	btf__free(kernel_btf);
	errno = -err;
	return NULL;
}

#define DETACH_THREADS 16

struct detach_work {
	struct loader *l;
	_Atomic size_t next; /* the next link to destroy */
};

static void *detach_worker(void *arg)
{
	struct detach_work *w = arg;
	size_t i;

	while ((i = w->next++) < w->l->n_links)
		bpf_link__destroy(w->l->links[i]);
	return NULL;
}

/*
 * Each tracepoint detach waits for an RCU grace period (~50 ms measured on a
 * loaded 2-CPU machine: 60 links took 3 s one after the other). Detaches
 * running at the same time share grace periods, so a few threads make the
 * whole detach about as long as one; without threads it is done in order.
 */
void loader__detach(struct loader *l)
{
	struct detach_work w = {.l = l};
	pthread_t threads[DETACH_THREADS];
	size_t n = 0;

	if (!l)
		return;
	while (n < DETACH_THREADS && n < l->n_links &&
	       pthread_create(&threads[n], NULL, detach_worker, &w) == 0)
		n++;
	detach_worker(&w);
	for (size_t i = 0; i < n; i++)
		pthread_join(threads[i], NULL);
	l->n_links = 0;
}

void loader__free(struct loader *l)
{
	size_t i;

	if (!l)
		return;
	if (l->producer_page)
		munmap(l->producer_page, l->page_size);
	if (l->consumer_page)
		munmap(l->consumer_page, l->page_size);
	for (i = 0; i < l->n_links; i++)
		bpf_link__destroy(l->links[i]);
	ctrwatch_bpf__destroy(l->skel);
	free(l);
}

int loader__ringbuf_fd(const struct loader *l)
{
	return bpf_map__fd(l->skel->maps.events);
}

struct bpf_map *loader__ringbuf_map(const struct loader *l)
{
	return l->skel->maps.events;
}

int loader__read_counters(const struct loader *l, struct ctw_counters *sum)
{
	int n_cpus = libbpf_num_possible_cpus();
	struct ctw_counters *per_cpu;
	uint32_t key = 0;
	int err, cpu;
	unsigned int t;

	if (n_cpus <= 0)
		return n_cpus ? n_cpus : -EINVAL;
	per_cpu = calloc(n_cpus, sizeof(*per_cpu));
	if (!per_cpu)
		return -ENOMEM;
	/* sizeof(struct ctw_counters) is a multiple of 8, as per-CPU values are laid out. */
	err = bpf_map__lookup_elem(l->skel->maps.counters, &key, sizeof(key), per_cpu,
				   n_cpus * sizeof(*per_cpu), 0);
	if (err)
		goto out;
	memset(sum, 0, sizeof(*sum));
	for (cpu = 0; cpu < n_cpus; cpu++) {
		for (t = 0; t < CTW_EVENT_TYPE_MAX; t++) {
			sum->by_type[t].emitted += per_cpu[cpu].by_type[t].emitted;
			sum->by_type[t].lost += per_cpu[cpu].by_type[t].lost;
		}
		sum->inflight_full += per_cpu[cpu].inflight_full;
		sum->exec_filtered += per_cpu[cpu].exec_filtered;
		sum->cgroup_seen_full += per_cpu[cpu].cgroup_seen_full;
	}
out:
	free(per_cpu);
	return err;
}

long loader__ringbuf_bytes_in_use(const struct loader *l)
{
	unsigned long cons, prod;

	if (!l->consumer_page || !l->producer_page)
		return -ENODEV;
	cons = __atomic_load_n((unsigned long *)l->consumer_page, __ATOMIC_ACQUIRE);
	prod = __atomic_load_n((unsigned long *)l->producer_page, __ATOMIC_ACQUIRE);
	return (long)(prod - cons);
}

/* nftw() takes no context argument: the map fd for the walk in progress. */
static int seed_map_fd = -1;

static int seed_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	__u64 id = st->st_ino; /* a cgroup2 directory's inode number is its id */
	__u8 one = 1;

	(void)path;
	(void)ftw;
	if (flag != FTW_D || id <= 1)
		return 0;
	/* EEXIST: an exec got there first. E2BIG: the map is full; stop. */
	if (bpf_map_update_elem(seed_map_fd, &id, &one, BPF_NOEXIST) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}

int loader__seed_cgroups(struct loader *l, const char *cgroup2_mount)
{
	int ret;

	seed_map_fd = bpf_map__fd(l->skel->maps.cgroup_seen);
	ret = nftw(cgroup2_mount, seed_one, 32, FTW_PHYS | FTW_MOUNT);
	seed_map_fd = -1;
	if (ret < 0)
		return -errno;
	return ret; /* 0, or the negative errno seed_one stopped with */
}

bool loader__modules_supported(const struct loader *l)
{
	return l->modules_supported;
}

size_t loader__n_programs(const struct loader *l)
{
	return l->n_entries;
}

const struct loader_program *loader__program(const struct loader *l, size_t i)
{
	return i < l->n_entries ? &l->programs[i] : NULL;
}
