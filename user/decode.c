// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The tables carry the kernel's UAPI values literally instead of including
 * <linux/mount.h>, <linux/bpf.h>, ...: the build host's headers (Debian's
 * linux-libc-dev) lag the kernels we watch, and these values are ABI that
 * never changes once released. Values that differ per architecture (open
 * flags, ptrace requests, syscall numbers) come from the C library's headers
 * or sit under #ifdef.
 */
#include <errno.h>
#include <stdio.h>
#include <sys/syscall.h>

#include "decode.h"
#include "util.h"
#include "../bpf/events.h"

struct flag_name {
	uint64_t bit;
	const char *name;
};

struct value_name {
	long long value;
	const char *name;
};

const char *decode__name_or_number(const char *name, const char *prefix, long long value, char *buf,
				   size_t len)
{
	if (name)
		return name;
	if (len == 0)
		return "";
	snprintf(buf, len, "%s%lld", prefix, value);
	return buf;
}

static size_t decode_flags(const struct flag_name *table, size_t n, uint64_t flags,
			   const char **names, size_t max, uint64_t *unknown)
{
	size_t count = 0;

	for (size_t i = 0; i < n; i++) {
		if ((flags & table[i].bit) != table[i].bit)
			continue;
		if (count < max)
			names[count] = table[i].name;
		count++;
		flags &= ~table[i].bit;
	}
	if (unknown)
		*unknown = flags;
	return count;
}

static const char *lookup(const struct value_name *table, size_t n, long long value)
{
	for (size_t i = 0; i < n; i++)
		if (table[i].value == value)
			return table[i].name;
	return NULL;
}

/* Dense tables indexed by value. */
#define INDEXED_NAME(table, v) ((v) < ARRAY_SIZE(table) ? (table)[v] : NULL)

/* ---- capabilities ---- */

/* ---- mount family ---- */

static const struct flag_name mount_flags[] = {
    {1u << 0, "MS_RDONLY"},
    {1u << 1, "MS_NOSUID"},
    {1u << 2, "MS_NODEV"},
    {1u << 3, "MS_NOEXEC"},
    {1u << 4, "MS_SYNCHRONOUS"},
    {1u << 5, "MS_REMOUNT"},
    {1u << 6, "MS_MANDLOCK"},
    {1u << 7, "MS_DIRSYNC"},
    {1u << 8, "MS_NOSYMFOLLOW"},
    {1u << 10, "MS_NOATIME"},
    {1u << 11, "MS_NODIRATIME"},
    {1u << 12, "MS_BIND"},
    {1u << 13, "MS_MOVE"},
    {1u << 14, "MS_REC"},
    {1u << 15, "MS_SILENT"},
    {1u << 16, "MS_POSIXACL"},
    {1u << 17, "MS_UNBINDABLE"},
    {1u << 18, "MS_PRIVATE"},
    {1u << 19, "MS_SLAVE"},
    {1u << 20, "MS_SHARED"},
    {1u << 21, "MS_RELATIME"},
    {1u << 22, "MS_KERNMOUNT"},
    {1u << 23, "MS_I_VERSION"},
    {1u << 24, "MS_STRICTATIME"},
    {1u << 25, "MS_LAZYTIME"},
    /* Kernel-internal; a caller passing them is worth seeing. */
    {1u << 26, "MS_SUBMOUNT"},
    {1u << 27, "MS_NOREMOTELOCK"},
    {1u << 28, "MS_NOSEC"},
    {1u << 29, "MS_BORN"},
    {1u << 30, "MS_ACTIVE"},
    {1u << 31, "MS_NOUSER"},
};

#define MS_MGC_VAL_ 0xC0ED0000ull
#define MS_MGC_MSK_ 0xffff0000ull

size_t decode__mount_flags(uint64_t flags, const char **names, size_t max, uint64_t *unknown)
{
	/* Old callers put a magic number in the top half; the kernel strips it the same way. */
	if ((flags & MS_MGC_MSK_) == MS_MGC_VAL_)
		flags &= ~MS_MGC_MSK_;
	return decode_flags(mount_flags, ARRAY_SIZE(mount_flags), flags, names, max, unknown);
}

static const struct flag_name umount_flags[] = {
    {1, "MNT_FORCE"},
    {2, "MNT_DETACH"},
    {4, "MNT_EXPIRE"},
    {8, "UMOUNT_NOFOLLOW"},
};

size_t decode__umount_flags(uint64_t flags, const char **names, size_t max, uint64_t *unknown)
{
	return decode_flags(umount_flags, ARRAY_SIZE(umount_flags), flags, names, max, unknown);
}

static const struct flag_name fsopen_flags[] = {{1, "FSOPEN_CLOEXEC"}};

size_t decode__fsopen_flags(uint64_t flags, const char **names, size_t max, uint64_t *unknown)
{
	return decode_flags(fsopen_flags, ARRAY_SIZE(fsopen_flags), flags, names, max, unknown);
}

static const struct flag_name fsmount_flags[] = {{1, "FSMOUNT_CLOEXEC"}};

size_t decode__fsmount_flags(uint64_t flags, const char **names, size_t max, uint64_t *unknown)
{
	return decode_flags(fsmount_flags, ARRAY_SIZE(fsmount_flags), flags, names, max, unknown);
}

/*
 * MOUNT_ATTR__ATIME (0x70) is a 3-bit field, not flags: 0 is RELATIME, which we do
 * not name because 0 also means "atime not given". NOATIME and STRICTATIME are the
 * only other values it takes, so matching them as bit patterns is exact.
 */
static const struct flag_name mount_attr_flags[] = {
    {0x00000001, "MOUNT_ATTR_RDONLY"},	    {0x00000002, "MOUNT_ATTR_NOSUID"},
    {0x00000004, "MOUNT_ATTR_NODEV"},	    {0x00000008, "MOUNT_ATTR_NOEXEC"},
    {0x00000010, "MOUNT_ATTR_NOATIME"},	    {0x00000020, "MOUNT_ATTR_STRICTATIME"},
    {0x00000080, "MOUNT_ATTR_NODIRATIME"},  {0x00100000, "MOUNT_ATTR_IDMAP"},
    {0x00200000, "MOUNT_ATTR_NOSYMFOLLOW"},
};

size_t decode__mount_attr_flags(uint64_t flags, const char **names, size_t max, uint64_t *unknown)
{
	return decode_flags(mount_attr_flags, ARRAY_SIZE(mount_attr_flags), flags, names, max,
			    unknown);
}

static const struct flag_name move_mount_flags[] = {
    {0x001, "MOVE_MOUNT_F_SYMLINKS"},	{0x002, "MOVE_MOUNT_F_AUTOMOUNTS"},
    {0x004, "MOVE_MOUNT_F_EMPTY_PATH"}, {0x010, "MOVE_MOUNT_T_SYMLINKS"},
    {0x020, "MOVE_MOUNT_T_AUTOMOUNTS"}, {0x040, "MOVE_MOUNT_T_EMPTY_PATH"},
    {0x100, "MOVE_MOUNT_SET_GROUP"},	{0x200, "MOVE_MOUNT_BENEATH"},
};

size_t decode__move_mount_flags(uint64_t flags, const char **names, size_t max, uint64_t *unknown)
{
	return decode_flags(move_mount_flags, ARRAY_SIZE(move_mount_flags), flags, names, max,
			    unknown);
}

/* AT_* values are the same on every architecture. */
static const struct flag_name at_flags[] = {
    {0x100, "AT_SYMLINK_NOFOLLOW"},
    {0x800, "AT_NO_AUTOMOUNT"},
    {0x1000, "AT_EMPTY_PATH"},
    {0x8000, "AT_RECURSIVE"},
};

size_t decode__at_flags(uint64_t flags, const char **names, size_t max, uint64_t *unknown)
{
	return decode_flags(at_flags, ARRAY_SIZE(at_flags), flags, names, max, unknown);
}

/* O_CLOEXEC is 02000000 on x86 and arm64 alike. */
static const struct flag_name open_tree_flags[] = {
    {1, "OPEN_TREE_CLONE"},	{02000000, "OPEN_TREE_CLOEXEC"}, {0x100, "AT_SYMLINK_NOFOLLOW"},
    {0x800, "AT_NO_AUTOMOUNT"}, {0x1000, "AT_EMPTY_PATH"},	 {0x8000, "AT_RECURSIVE"},
};

size_t decode__open_tree_flags(uint64_t flags, const char **names, size_t max, uint64_t *unknown)
{
	return decode_flags(open_tree_flags, ARRAY_SIZE(open_tree_flags), flags, names, max,
			    unknown);
}

static const char *const fsconfig_cmds[] = {
    "FSCONFIG_SET_FLAG",   "FSCONFIG_SET_STRING",      "FSCONFIG_SET_BINARY",
    "FSCONFIG_SET_PATH",   "FSCONFIG_SET_PATH_EMPTY",  "FSCONFIG_SET_FD",
    "FSCONFIG_CMD_CREATE", "FSCONFIG_CMD_RECONFIGURE", "FSCONFIG_CMD_CREATE_EXCL",
};

const char *decode__fsconfig_cmd_name(uint64_t cmd)
{
	return INDEXED_NAME(fsconfig_cmds, cmd);
}

static const char *const mount_ops[] = {
#define CTW_MOUNT_OP(ID, value, name, ...) [CTW_MOUNT_OP_##ID] = name,
#include "../bpf/events.def"
};

const char *decode__mount_op_name(unsigned int op)
{
	return INDEXED_NAME(mount_ops, op);
}

/* The flag tables of the CTW_FLAGS rows of events.def (decode.h declares them). */
#define CTW_FLAG(bit, name) {bit, #name},
#define CTW_FLAGS(table, ...)                                                                      \
	static const struct flag_name table##_names[] = {__VA_ARGS__};                             \
	size_t decode__##table(uint64_t flags, const char **names, size_t max, uint64_t *unknown)  \
	{                                                                                          \
		return decode_flags(table##_names, ARRAY_SIZE(table##_names), flags, names, max,   \
				    unknown);                                                      \
	}
#include "../bpf/events.def"
#undef CTW_FLAG

/* ---- kernel_api ---- */

static const char *const keyctl_ops[] = {
    "KEYCTL_GET_KEYRING_ID",
    "KEYCTL_JOIN_SESSION_KEYRING",
    "KEYCTL_UPDATE",
    "KEYCTL_REVOKE",
    "KEYCTL_CHOWN",
    "KEYCTL_SETPERM",
    "KEYCTL_DESCRIBE",
    "KEYCTL_CLEAR",
    "KEYCTL_LINK",
    "KEYCTL_UNLINK",
    "KEYCTL_SEARCH",
    "KEYCTL_READ",
    "KEYCTL_INSTANTIATE",
    "KEYCTL_NEGATE",
    "KEYCTL_SET_REQKEY_KEYRING",
    "KEYCTL_SET_TIMEOUT",
    "KEYCTL_ASSUME_AUTHORITY",
    "KEYCTL_GET_SECURITY",
    "KEYCTL_SESSION_TO_PARENT",
    "KEYCTL_REJECT",
    "KEYCTL_INSTANTIATE_IOV",
    "KEYCTL_INVALIDATE",
    "KEYCTL_GET_PERSISTENT",
    "KEYCTL_DH_COMPUTE",
    "KEYCTL_PKEY_QUERY",
    "KEYCTL_PKEY_ENCRYPT",
    "KEYCTL_PKEY_DECRYPT",
    "KEYCTL_PKEY_SIGN",
    "KEYCTL_PKEY_VERIFY",
    "KEYCTL_RESTRICT_KEYRING",
    "KEYCTL_MOVE",
    "KEYCTL_CAPABILITIES",
    "KEYCTL_WATCH_KEY",
};

const char *decode__keyctl_op_name(uint64_t op)
{
	return INDEXED_NAME(keyctl_ops, op);
}

static const char *const perf_types[] = {
    "PERF_TYPE_HARDWARE", "PERF_TYPE_SOFTWARE", "PERF_TYPE_TRACEPOINT",
    "PERF_TYPE_HW_CACHE", "PERF_TYPE_RAW",	"PERF_TYPE_BREAKPOINT",
};

const char *decode__perf_type_name(uint64_t type)
{
	return INDEXED_NAME(perf_types, type);
}

static const char *const kernel_apis[] = {
    [CTW_KERNEL_API_IO_URING_SETUP] = "io_uring_setup",
    [CTW_KERNEL_API_USERFAULTFD] = "userfaultfd",
    [CTW_KERNEL_API_KEYCTL] = "keyctl",
    [CTW_KERNEL_API_ADD_KEY] = "add_key",
    [CTW_KERNEL_API_REQUEST_KEY] = "request_key",
    [CTW_KERNEL_API_PERF_EVENT_OPEN] = "perf_event_open",
};

const char *decode__kernel_api_name(unsigned int api)
{
	return INDEXED_NAME(kernel_apis, api);
}

/* ---- modules ---- */

static const char *const module_ops[] = {
    [CTW_MODULE_OP_INIT_MODULE] = "init_module",
    [CTW_MODULE_OP_FINIT_MODULE] = "finit_module",
    [CTW_MODULE_OP_LOADED] = "loaded",
};

const char *decode__module_op_name(unsigned int op)
{
	return INDEXED_NAME(module_ops, op);
}

static const struct flag_name module_init_flags[] = {
    {1, "MODULE_INIT_IGNORE_MODVERSIONS"},
    {2, "MODULE_INIT_IGNORE_VERMAGIC"},
    {4, "MODULE_INIT_COMPRESSED_FILE"},
};

size_t decode__module_init_flags(uint64_t flags, const char **names, size_t max, uint64_t *unknown)
{
	return decode_flags(module_init_flags, ARRAY_SIZE(module_init_flags), flags, names, max,
			    unknown);
}

/* ---- namespaces and clone flags ---- */

#define CLONE_NEWTIME_ 0x00000080ull
#define CLONE_NEWNS_ 0x00020000ull
#define CLONE_NEWCGROUP_ 0x02000000ull
#define CLONE_NEWUTS_ 0x04000000ull
#define CLONE_NEWIPC_ 0x08000000ull
#define CLONE_NEWUSER_ 0x10000000ull
#define CLONE_NEWPID_ 0x20000000ull
#define CLONE_NEWNET_ 0x40000000ull

/*
 * Bits 0..7 are the exit signal for clone(2) but CLONE_NEWTIME for unshare(2)
 * and clone3(2); the events that carry clone flags (unshare, setns, and clone,
 * whose exit signal the BPF side keeps apart) mean the latter.
 */
static const struct flag_name clone_flags[] = {
    {CLONE_NEWTIME_, "CLONE_NEWTIME"},
    {0x00000100, "CLONE_VM"},
    {0x00000200, "CLONE_FS"},
    {0x00000400, "CLONE_FILES"},
    {0x00000800, "CLONE_SIGHAND"},
    {0x00001000, "CLONE_PIDFD"},
    {0x00002000, "CLONE_PTRACE"},
    {0x00004000, "CLONE_VFORK"},
    {0x00008000, "CLONE_PARENT"},
    {0x00010000, "CLONE_THREAD"},
    {CLONE_NEWNS_, "CLONE_NEWNS"},
    {0x00040000, "CLONE_SYSVSEM"},
    {0x00080000, "CLONE_SETTLS"},
    {0x00100000, "CLONE_PARENT_SETTID"},
    {0x00200000, "CLONE_CHILD_CLEARTID"},
    {0x00400000, "CLONE_DETACHED"},
    {0x00800000, "CLONE_UNTRACED"},
    {0x01000000, "CLONE_CHILD_SETTID"},
    {CLONE_NEWCGROUP_, "CLONE_NEWCGROUP"},
    {CLONE_NEWUTS_, "CLONE_NEWUTS"},
    {CLONE_NEWIPC_, "CLONE_NEWIPC"},
    {CLONE_NEWUSER_, "CLONE_NEWUSER"},
    {CLONE_NEWPID_, "CLONE_NEWPID"},
    {CLONE_NEWNET_, "CLONE_NEWNET"},
    {0x80000000ull, "CLONE_IO"},
    {0x100000000ull, "CLONE_CLEAR_SIGHAND"},
    {0x200000000ull, "CLONE_INTO_CGROUP"},
};

size_t decode__clone_flags(uint64_t flags, const char **names, size_t max, uint64_t *unknown)
{
	return decode_flags(clone_flags, ARRAY_SIZE(clone_flags), flags, names, max, unknown);
}

/* In the order /proc/PID/ns lists them, which is the order people expect. */
static const struct flag_name ns_types[] = {
    {CLONE_NEWCGROUP_, "cgroup"}, {CLONE_NEWIPC_, "ipc"}, {CLONE_NEWNS_, "mnt"},
    {CLONE_NEWNET_, "net"},	  {CLONE_NEWPID_, "pid"}, {CLONE_NEWTIME_, "time"},
    {CLONE_NEWUSER_, "user"},	  {CLONE_NEWUTS_, "uts"},
};

size_t decode__ns_types(uint64_t flags, const char **names, size_t max, uint64_t *unknown)
{
	return decode_flags(ns_types, ARRAY_SIZE(ns_types), flags, names, max, unknown);
}

const char *decode__ns_type_name(uint64_t clone_newflag)
{
	for (size_t i = 0; i < ARRAY_SIZE(ns_types); i++)
		if (ns_types[i].bit == clone_newflag)
			return ns_types[i].name;
	return NULL;
}

/* ---- open flags ---- */

static const struct flag_name open_flags[] = {
    {0100, "O_CREAT"},
    {0200, "O_EXCL"},
    {0400, "O_NOCTTY"},
    {01000, "O_TRUNC"},
    {02000, "O_APPEND"},
    {04000, "O_NONBLOCK"},
    {010000, "O_DSYNC"},
    {020000, "O_ASYNC"},
#if defined(__aarch64__)
    {040000, "O_DIRECTORY"},
    {0100000, "O_NOFOLLOW"},
    {0200000, "O_DIRECT"},
    {0400000, "O_LARGEFILE"},
#else
    {040000, "O_DIRECT"},
    {0100000, "O_LARGEFILE"},
    {0200000, "O_DIRECTORY"},
    {0400000, "O_NOFOLLOW"},
#endif
    {01000000, "O_NOATIME"},
    {02000000, "O_CLOEXEC"},
    /* O_SYNC and O_TMPFILE are these bits plus O_DSYNC / O_DIRECTORY. */
    {04000000, "O_SYNC"},
    {010000000, "O_PATH"},
    {020000000, "O_TMPFILE"},
};

size_t decode__open_flags(uint64_t flags, const char **names, size_t max, uint64_t *unknown)
{
	static const char *const modes[4] = {"O_RDONLY", "O_WRONLY", "O_RDWR", NULL};
	const char *mode = modes[flags & 3];
	size_t count = 0;

	if (mode) {
		if (max > 0)
			names[0] = mode;
		count = 1;
		flags &= ~3ull;
	}
	count += decode_flags(open_flags, ARRAY_SIZE(open_flags), flags,
			      max > count ? names + count : names, max > count ? max - count : 0,
			      unknown);
	return count;
}

/* ---- ptrace ---- */

static const struct value_name ptrace_requests[] = {
    {0, "PTRACE_TRACEME"},
    {1, "PTRACE_PEEKTEXT"},
    {2, "PTRACE_PEEKDATA"},
    {3, "PTRACE_PEEKUSER"},
    {4, "PTRACE_POKETEXT"},
    {5, "PTRACE_POKEDATA"},
    {6, "PTRACE_POKEUSER"},
    {7, "PTRACE_CONT"},
    {8, "PTRACE_KILL"},
    {9, "PTRACE_SINGLESTEP"},
#if defined(__x86_64__)
    {12, "PTRACE_GETREGS"},
    {13, "PTRACE_SETREGS"},
    {14, "PTRACE_GETFPREGS"},
    {15, "PTRACE_SETFPREGS"},
#endif
    {16, "PTRACE_ATTACH"},
    {17, "PTRACE_DETACH"},
#if defined(__x86_64__)
    {18, "PTRACE_GETFPXREGS"},
    {19, "PTRACE_SETFPXREGS"},
#endif
    {24, "PTRACE_SYSCALL"},
#if defined(__x86_64__)
    {25, "PTRACE_GET_THREAD_AREA"},
    {26, "PTRACE_SET_THREAD_AREA"},
    {30, "PTRACE_ARCH_PRCTL"},
    {31, "PTRACE_SYSEMU"},
    {32, "PTRACE_SYSEMU_SINGLESTEP"},
    {33, "PTRACE_SINGLEBLOCK"},
#elif defined(__aarch64__)
    {33, "PTRACE_PEEKMTETAGS"},
    {34, "PTRACE_POKEMTETAGS"},
#endif
    {0x4200, "PTRACE_SETOPTIONS"},
    {0x4201, "PTRACE_GETEVENTMSG"},
    {0x4202, "PTRACE_GETSIGINFO"},
    {0x4203, "PTRACE_SETSIGINFO"},
    {0x4204, "PTRACE_GETREGSET"},
    {0x4205, "PTRACE_SETREGSET"},
    {0x4206, "PTRACE_SEIZE"},
    {0x4207, "PTRACE_INTERRUPT"},
    {0x4208, "PTRACE_LISTEN"},
    {0x4209, "PTRACE_PEEKSIGINFO"},
    {0x420a, "PTRACE_GETSIGMASK"},
    {0x420b, "PTRACE_SETSIGMASK"},
    {0x420c, "PTRACE_SECCOMP_GET_FILTER"},
    {0x420d, "PTRACE_SECCOMP_GET_METADATA"},
    {0x420e, "PTRACE_GET_SYSCALL_INFO"},
    {0x420f, "PTRACE_GET_RSEQ_CONFIGURATION"},
    {0x4210, "PTRACE_SET_SYSCALL_USER_DISPATCH_CONFIG"},
    {0x4211, "PTRACE_GET_SYSCALL_USER_DISPATCH_CONFIG"},
    {0x4212, "PTRACE_SET_SYSCALL_INFO"},
};

const char *decode__ptrace_request_name(long long request)
{
	return lookup(ptrace_requests, ARRAY_SIZE(ptrace_requests), request);
}

/* ---- bpf ---- */

static const char *const bpf_cmds[] = {
    "BPF_MAP_CREATE",	     "BPF_MAP_LOOKUP_ELEM",
    "BPF_MAP_UPDATE_ELEM",   "BPF_MAP_DELETE_ELEM",
    "BPF_MAP_GET_NEXT_KEY",  "BPF_PROG_LOAD",
    "BPF_OBJ_PIN",	     "BPF_OBJ_GET",
    "BPF_PROG_ATTACH",	     "BPF_PROG_DETACH",
    "BPF_PROG_TEST_RUN",     "BPF_PROG_GET_NEXT_ID",
    "BPF_MAP_GET_NEXT_ID",   "BPF_PROG_GET_FD_BY_ID",
    "BPF_MAP_GET_FD_BY_ID",  "BPF_OBJ_GET_INFO_BY_FD",
    "BPF_PROG_QUERY",	     "BPF_RAW_TRACEPOINT_OPEN",
    "BPF_BTF_LOAD",	     "BPF_BTF_GET_FD_BY_ID",
    "BPF_TASK_FD_QUERY",     "BPF_MAP_LOOKUP_AND_DELETE_ELEM",
    "BPF_MAP_FREEZE",	     "BPF_BTF_GET_NEXT_ID",
    "BPF_MAP_LOOKUP_BATCH",  "BPF_MAP_LOOKUP_AND_DELETE_BATCH",
    "BPF_MAP_UPDATE_BATCH",  "BPF_MAP_DELETE_BATCH",
    "BPF_LINK_CREATE",	     "BPF_LINK_UPDATE",
    "BPF_LINK_GET_FD_BY_ID", "BPF_LINK_GET_NEXT_ID",
    "BPF_ENABLE_STATS",	     "BPF_ITER_CREATE",
    "BPF_LINK_DETACH",	     "BPF_PROG_BIND_MAP",
    "BPF_TOKEN_CREATE",	     "BPF_PROG_STREAM_READ_BY_FD",
};

const char *decode__bpf_cmd_name(unsigned int cmd)
{
	return INDEXED_NAME(bpf_cmds, cmd);
}

static const char *const bpf_prog_types[] = {
    "BPF_PROG_TYPE_UNSPEC",
    "BPF_PROG_TYPE_SOCKET_FILTER",
    "BPF_PROG_TYPE_KPROBE",
    "BPF_PROG_TYPE_SCHED_CLS",
    "BPF_PROG_TYPE_SCHED_ACT",
    "BPF_PROG_TYPE_TRACEPOINT",
    "BPF_PROG_TYPE_XDP",
    "BPF_PROG_TYPE_PERF_EVENT",
    "BPF_PROG_TYPE_CGROUP_SKB",
    "BPF_PROG_TYPE_CGROUP_SOCK",
    "BPF_PROG_TYPE_LWT_IN",
    "BPF_PROG_TYPE_LWT_OUT",
    "BPF_PROG_TYPE_LWT_XMIT",
    "BPF_PROG_TYPE_SOCK_OPS",
    "BPF_PROG_TYPE_SK_SKB",
    "BPF_PROG_TYPE_CGROUP_DEVICE",
    "BPF_PROG_TYPE_SK_MSG",
    "BPF_PROG_TYPE_RAW_TRACEPOINT",
    "BPF_PROG_TYPE_CGROUP_SOCK_ADDR",
    "BPF_PROG_TYPE_LWT_SEG6LOCAL",
    "BPF_PROG_TYPE_LIRC_MODE2",
    "BPF_PROG_TYPE_SK_REUSEPORT",
    "BPF_PROG_TYPE_FLOW_DISSECTOR",
    "BPF_PROG_TYPE_CGROUP_SYSCTL",
    "BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE",
    "BPF_PROG_TYPE_CGROUP_SOCKOPT",
    "BPF_PROG_TYPE_TRACING",
    "BPF_PROG_TYPE_STRUCT_OPS",
    "BPF_PROG_TYPE_EXT",
    "BPF_PROG_TYPE_LSM",
    "BPF_PROG_TYPE_SK_LOOKUP",
    "BPF_PROG_TYPE_SYSCALL",
    "BPF_PROG_TYPE_NETFILTER",
};

const char *decode__bpf_prog_type_name(unsigned int type)
{
	return INDEXED_NAME(bpf_prog_types, type);
}

static const char *const bpf_map_types[] = {
    "BPF_MAP_TYPE_UNSPEC",
    "BPF_MAP_TYPE_HASH",
    "BPF_MAP_TYPE_ARRAY",
    "BPF_MAP_TYPE_PROG_ARRAY",
    "BPF_MAP_TYPE_PERF_EVENT_ARRAY",
    "BPF_MAP_TYPE_PERCPU_HASH",
    "BPF_MAP_TYPE_PERCPU_ARRAY",
    "BPF_MAP_TYPE_STACK_TRACE",
    "BPF_MAP_TYPE_CGROUP_ARRAY",
    "BPF_MAP_TYPE_LRU_HASH",
    "BPF_MAP_TYPE_LRU_PERCPU_HASH",
    "BPF_MAP_TYPE_LPM_TRIE",
    "BPF_MAP_TYPE_ARRAY_OF_MAPS",
    "BPF_MAP_TYPE_HASH_OF_MAPS",
    "BPF_MAP_TYPE_DEVMAP",
    "BPF_MAP_TYPE_SOCKMAP",
    "BPF_MAP_TYPE_CPUMAP",
    "BPF_MAP_TYPE_XSKMAP",
    "BPF_MAP_TYPE_SOCKHASH",
    "BPF_MAP_TYPE_CGROUP_STORAGE",
    "BPF_MAP_TYPE_REUSEPORT_SOCKARRAY",
    "BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE",
    "BPF_MAP_TYPE_QUEUE",
    "BPF_MAP_TYPE_STACK",
    "BPF_MAP_TYPE_SK_STORAGE",
    "BPF_MAP_TYPE_DEVMAP_HASH",
    "BPF_MAP_TYPE_STRUCT_OPS",
    "BPF_MAP_TYPE_RINGBUF",
    "BPF_MAP_TYPE_INODE_STORAGE",
    "BPF_MAP_TYPE_TASK_STORAGE",
    "BPF_MAP_TYPE_BLOOM_FILTER",
    "BPF_MAP_TYPE_USER_RINGBUF",
    "BPF_MAP_TYPE_CGRP_STORAGE",
    "BPF_MAP_TYPE_ARENA",
};

const char *decode__bpf_map_type_name(unsigned int type)
{
	return INDEXED_NAME(bpf_map_types, type);
}

/* ---- errno ---- */

/* The C library's values are the kernel's for this architecture. */
static const char *const errno_names[] = {
    [EPERM] = "EPERM",
    [ENOENT] = "ENOENT",
    [ESRCH] = "ESRCH",
    [EINTR] = "EINTR",
    [EIO] = "EIO",
    [ENXIO] = "ENXIO",
    [E2BIG] = "E2BIG",
    [ENOEXEC] = "ENOEXEC",
    [EBADF] = "EBADF",
    [ECHILD] = "ECHILD",
    [EAGAIN] = "EAGAIN",
    [ENOMEM] = "ENOMEM",
    [EACCES] = "EACCES",
    [EFAULT] = "EFAULT",
    [ENOTBLK] = "ENOTBLK",
    [EBUSY] = "EBUSY",
    [EEXIST] = "EEXIST",
    [EXDEV] = "EXDEV",
    [ENODEV] = "ENODEV",
    [ENOTDIR] = "ENOTDIR",
    [EISDIR] = "EISDIR",
    [EINVAL] = "EINVAL",
    [ENFILE] = "ENFILE",
    [EMFILE] = "EMFILE",
    [ENOTTY] = "ENOTTY",
    [ETXTBSY] = "ETXTBSY",
    [EFBIG] = "EFBIG",
    [ENOSPC] = "ENOSPC",
    [ESPIPE] = "ESPIPE",
    [EROFS] = "EROFS",
    [EMLINK] = "EMLINK",
    [EPIPE] = "EPIPE",
    [EDOM] = "EDOM",
    [ERANGE] = "ERANGE",
    [EDEADLK] = "EDEADLK",
    [ENAMETOOLONG] = "ENAMETOOLONG",
    [ENOLCK] = "ENOLCK",
    [ENOSYS] = "ENOSYS",
    [ENOTEMPTY] = "ENOTEMPTY",
    [ELOOP] = "ELOOP",
    [ENOMSG] = "ENOMSG",
    [EIDRM] = "EIDRM",
    [ECHRNG] = "ECHRNG",
    [EL2NSYNC] = "EL2NSYNC",
    [EL3HLT] = "EL3HLT",
    [EL3RST] = "EL3RST",
    [ELNRNG] = "ELNRNG",
    [EUNATCH] = "EUNATCH",
    [ENOCSI] = "ENOCSI",
    [EL2HLT] = "EL2HLT",
    [EBADE] = "EBADE",
    [EBADR] = "EBADR",
    [EXFULL] = "EXFULL",
    [ENOANO] = "ENOANO",
    [EBADRQC] = "EBADRQC",
    [EBADSLT] = "EBADSLT",
    [EBFONT] = "EBFONT",
    [ENOSTR] = "ENOSTR",
    [ENODATA] = "ENODATA",
    [ETIME] = "ETIME",
    [ENOSR] = "ENOSR",
    [ENONET] = "ENONET",
    [ENOPKG] = "ENOPKG",
    [EREMOTE] = "EREMOTE",
    [ENOLINK] = "ENOLINK",
    [EADV] = "EADV",
    [ESRMNT] = "ESRMNT",
    [ECOMM] = "ECOMM",
    [EPROTO] = "EPROTO",
    [EMULTIHOP] = "EMULTIHOP",
    [EDOTDOT] = "EDOTDOT",
    [EBADMSG] = "EBADMSG",
    [EOVERFLOW] = "EOVERFLOW",
    [ENOTUNIQ] = "ENOTUNIQ",
    [EBADFD] = "EBADFD",
    [EREMCHG] = "EREMCHG",
    [ELIBACC] = "ELIBACC",
    [ELIBBAD] = "ELIBBAD",
    [ELIBSCN] = "ELIBSCN",
    [ELIBMAX] = "ELIBMAX",
    [ELIBEXEC] = "ELIBEXEC",
    [EILSEQ] = "EILSEQ",
    [ERESTART] = "ERESTART",
    [ESTRPIPE] = "ESTRPIPE",
    [EUSERS] = "EUSERS",
    [ENOTSOCK] = "ENOTSOCK",
    [EDESTADDRREQ] = "EDESTADDRREQ",
    [EMSGSIZE] = "EMSGSIZE",
    [EPROTOTYPE] = "EPROTOTYPE",
    [ENOPROTOOPT] = "ENOPROTOOPT",
    [EPROTONOSUPPORT] = "EPROTONOSUPPORT",
    [ESOCKTNOSUPPORT] = "ESOCKTNOSUPPORT",
    [EOPNOTSUPP] = "EOPNOTSUPP",
    [EPFNOSUPPORT] = "EPFNOSUPPORT",
    [EAFNOSUPPORT] = "EAFNOSUPPORT",
    [EADDRINUSE] = "EADDRINUSE",
    [EADDRNOTAVAIL] = "EADDRNOTAVAIL",
    [ENETDOWN] = "ENETDOWN",
    [ENETUNREACH] = "ENETUNREACH",
    [ENETRESET] = "ENETRESET",
    [ECONNABORTED] = "ECONNABORTED",
    [ECONNRESET] = "ECONNRESET",
    [ENOBUFS] = "ENOBUFS",
    [EISCONN] = "EISCONN",
    [ENOTCONN] = "ENOTCONN",
    [ESHUTDOWN] = "ESHUTDOWN",
    [ETOOMANYREFS] = "ETOOMANYREFS",
    [ETIMEDOUT] = "ETIMEDOUT",
    [ECONNREFUSED] = "ECONNREFUSED",
    [EHOSTDOWN] = "EHOSTDOWN",
    [EHOSTUNREACH] = "EHOSTUNREACH",
    [EALREADY] = "EALREADY",
    [EINPROGRESS] = "EINPROGRESS",
    [ESTALE] = "ESTALE",
    [EUCLEAN] = "EUCLEAN",
    [ENOTNAM] = "ENOTNAM",
    [ENAVAIL] = "ENAVAIL",
    [EISNAM] = "EISNAM",
    [EREMOTEIO] = "EREMOTEIO",
    [EDQUOT] = "EDQUOT",
    [ENOMEDIUM] = "ENOMEDIUM",
    [EMEDIUMTYPE] = "EMEDIUMTYPE",
    [ECANCELED] = "ECANCELED",
    [ENOKEY] = "ENOKEY",
    [EKEYEXPIRED] = "EKEYEXPIRED",
    [EKEYREVOKED] = "EKEYREVOKED",
    [EKEYREJECTED] = "EKEYREJECTED",
    [EOWNERDEAD] = "EOWNERDEAD",
    [ENOTRECOVERABLE] = "ENOTRECOVERABLE",
    [ERFKILL] = "ERFKILL",
    [EHWPOISON] = "EHWPOISON",
};

/*
 * Kernel-internal codes (include/linux/errno.h). A syscall exit tracepoint fires
 * before signal delivery turns ERESTARTSYS and friends into EINTR or a restart,
 * so they do reach us.
 */
static const char *const kernel_errno_names[] = {
    "ERESTARTSYS",  "ERESTARTNOINTR", "ERESTARTNOHAND", "ENOIOCTLCMD", "ERESTART_RESTARTBLOCK",
    "EPROBE_DEFER", "EOPENSTALE",     "ENOPARAM",	NULL, /* 520 is unused */
    "EBADHANDLE",   "ENOTSYNC",	      "EBADCOOKIE",	"ENOTSUPP",    "ETOOSMALL",
    "ESERVERFAULT", "EBADTYPE",	      "EJUKEBOX",	"EIOCBQUEUED", "ERECALLCONFLICT",
    "ENOGRACE",
};

#define KERNEL_ERRNO_BASE 512

const char *decode__errno_name(long long err)
{
	unsigned long long e = err < 0 ? -(unsigned long long)err : (unsigned long long)err;

	if (e >= KERNEL_ERRNO_BASE)
		return INDEXED_NAME(kernel_errno_names, e - KERNEL_ERRNO_BASE);
	return INDEXED_NAME(errno_names, e);
}

/* ---- syscalls ---- */

/*
 * The CTW_SYSCALL and CTW_SYSCALL_NAME rows of events.def, numbered from
 * <sys/syscall.h>: this architecture's numbers (x86_64 and arm64 differ
 * completely).
 */
static const struct value_name syscalls[] = {
#define CTW_SYSCALL(tracepoint, sys, nargs, type, variant) {__NR_##sys, #sys},
#define CTW_SYSCALL_NAME(sys) {__NR_##sys, #sys},
#include "../bpf/events.def"
};

const char *decode__syscall_name(unsigned int nr)
{
	return lookup(syscalls, ARRAY_SIZE(syscalls), nr);
}

/* ---- filesystems ---- */

static const struct value_name fs_magics[] = {
    {0x0027e0eb, "cgroup"},	 {0x63677270, "cgroup2"},   {0x00009fa0, "proc"},
    {0x62656572, "sysfs"},	 {0x64626720, "debugfs"},   {0x74726163, "tracefs"},
    {0x73636673, "securityfs"},	 {0xcafe4a11, "bpf"},	    {0x01021994, "tmpfs"},
    {0x00001cd1, "devpts"},	 {0x794c7630, "overlay"},   {0x0000ef53, "ext4"},
    {0x58465342, "xfs"},	 {0x9123683e, "btrfs"},	    {0x6e736673, "nsfs"},
    {0x42494e4d, "binfmt_misc"}, {0xf97cff8c, "selinuxfs"}, {0x6165676c, "pstore"},
    {0xde5e81e4, "efivarfs"},	 {0x73717368, "squashfs"},
};

const char *decode__fs_magic_name(uint64_t magic)
{
	return lookup(fs_magics, ARRAY_SIZE(fs_magics), (long long)magic);
}
