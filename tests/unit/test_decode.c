// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <sys/syscall.h>

#include "check.h"
#include "decode.h"
#include "events.h"

#include "util.h" /* ARRAY_SIZE */

typedef size_t (*flags_decoder)(uint64_t flags, const char **names, size_t max, uint64_t *unknown);

/* Up to 6 expected names, joined with ',' for one readable comparison. */
struct flags_case {
	const char *what;
	flags_decoder decode;
	uint64_t flags;
	const char *want; /* names joined by ',' */
	uint64_t want_unknown;
};

static void join(const char **names, size_t n, char *out, size_t len)
{
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (i)
			strncat(out, ",", len - strlen(out) - 1);
		strncat(out, names[i], len - strlen(out) - 1);
	}
}

static void test_flags(void)
{
	static const struct flags_case cases[] = {
	    {"mount none", decode__mount_flags, 0, "", 0},
	    {"mount ro", decode__mount_flags, 1, "MS_RDONLY", 0},
	    {"mount rbind", decode__mount_flags, 4096 | 16384, "MS_BIND,MS_REC", 0},
	    {"mount remount ro nosuid", decode__mount_flags, 32 | 1 | 2,
	     "MS_RDONLY,MS_NOSUID,MS_REMOUNT", 0},
	    {"mount magic stripped", decode__mount_flags, 0xC0ED0000ull | 1 | 8,
	     "MS_RDONLY,MS_NOEXEC", 0},
	    /* Not the exact magic: bits 16..31 are real flags then. */
	    {"mount no magic", decode__mount_flags, (1u << 18) | (1u << 14), "MS_REC,MS_PRIVATE",
	     0},
	    {"mount rshared relatime", decode__mount_flags, (1u << 20) | (1u << 14) | (1u << 21),
	     "MS_REC,MS_SHARED,MS_RELATIME", 0},
	    {"mount nosymfollow lazytime", decode__mount_flags, 256 | (1u << 25),
	     "MS_NOSYMFOLLOW,MS_LAZYTIME", 0},
	    {"mount unknown bit 9", decode__mount_flags, 512 | 1, "MS_RDONLY", 512},
	    {"mount high bits unknown", decode__mount_flags, 1ull << 40, "", 1ull << 40},
	    {"umount detach", decode__umount_flags, 2, "MNT_DETACH", 0},
	    {"umount all", decode__umount_flags, 15,
	     "MNT_FORCE,MNT_DETACH,MNT_EXPIRE,UMOUNT_NOFOLLOW", 0},
	    {"umount unknown", decode__umount_flags, 0x10, "", 0x10},
	    {"fsopen cloexec", decode__fsopen_flags, 1, "FSOPEN_CLOEXEC", 0},
	    {"fsmount cloexec", decode__fsmount_flags, 1, "FSMOUNT_CLOEXEC", 0},
	    {"mount_attr ro nosuid idmap", decode__mount_attr_flags, 0x1 | 0x2 | 0x100000,
	     "MOUNT_ATTR_RDONLY,MOUNT_ATTR_NOSUID,MOUNT_ATTR_IDMAP", 0},
	    {"mount_attr noatime", decode__mount_attr_flags, 0x10, "MOUNT_ATTR_NOATIME", 0},
	    {"move_mount f_empty t_empty", decode__move_mount_flags, 0x4 | 0x40,
	     "MOVE_MOUNT_F_EMPTY_PATH,MOVE_MOUNT_T_EMPTY_PATH", 0},
	    {"open_tree clone recursive cloexec", decode__open_tree_flags, 1 | 0x8000 | 02000000,
	     "OPEN_TREE_CLONE,OPEN_TREE_CLOEXEC,AT_RECURSIVE", 0},
	    {"at flags", decode__at_flags, 0x1000 | 0x100, "AT_SYMLINK_NOFOLLOW,AT_EMPTY_PATH", 0},
	    {"clone newns|newuser", decode__clone_flags, 0x00020000 | 0x10000000,
	     "CLONE_NEWNS,CLONE_NEWUSER", 0},
	    {"clone files fs sysvsem", decode__clone_flags, 0x400 | 0x200 | 0x40000,
	     "CLONE_FS,CLONE_FILES,CLONE_SYSVSEM", 0},
	    {"clone newtime newcgroup", decode__clone_flags, 0x80 | 0x02000000,
	     "CLONE_NEWTIME,CLONE_NEWCGROUP", 0},
	    {"clone into_cgroup", decode__clone_flags, 0x200000000ull, "CLONE_INTO_CGROUP", 0},
	    {"clone unknown low bit", decode__clone_flags, 0x1, "", 0x1},
	    {"ns all", decode__ns_types,
	     0x00020000 | 0x20000000 | 0x40000000 | 0x10000000 | 0x04000000 | 0x08000000 |
		 0x02000000 | 0x80,
	     "cgroup,ipc,mnt,net,pid,time,user,uts", 0},
	    {"ns non-namespace bits", decode__ns_types, 0x400 | 0x40000000, "net", 0x400},
	    {"open wronly creat trunc", decode__open_flags, 01 | 0100 | 01000,
	     "O_WRONLY,O_CREAT,O_TRUNC", 0},
	    {"open rdonly", decode__open_flags, 0, "O_RDONLY", 0},
	    {"open rdwr cloexec", decode__open_flags, 02 | 02000000, "O_RDWR,O_CLOEXEC", 0},
	    {"open bad access mode", decode__open_flags, 03, "", 03},
	    {"module flags", decode__module_init_flags, 3,
	     "MODULE_INIT_IGNORE_MODVERSIONS,MODULE_INIT_IGNORE_VERMAGIC", 0},
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct flags_case *c = &cases[i];
		const char *names[DECODE_MAX_FLAGS];
		char got[512];
		uint64_t unknown = 0xdead;
		size_t n = c->decode(c->flags, names, DECODE_MAX_FLAGS, &unknown);

		join(names, n, got, sizeof(got));
		ASSERT_STR_EQ(got, c->want, c->what);
		ASSERT_EQ(unknown, c->want_unknown, c->what);
	}
}

/* Like snprintf: the count is the full one even when the array is too small. */
static void test_flags_truncated(void)
{
	const char *names[2] = {NULL, NULL};
	const char *sentinel[1] = {"untouched"};
	size_t n = decode__mount_flags(1 | 2 | 4 | 8, names, 2, NULL);

	ASSERT_EQ(n, 4, "mount flags count beyond max");
	ASSERT_STR_EQ(names[0], "MS_RDONLY", "first name kept");
	ASSERT_STR_EQ(names[1], "MS_NOSUID", "second name kept");
	n = decode__open_flags(01 | 0100, sentinel, 0, NULL);
	ASSERT_EQ(n, 2, "open flags count with max 0");
	ASSERT_STR_EQ(sentinel[0], "untouched", "max 0 writes nothing");
	n = decode__open_flags(01 | 0100 | 01000, names, 2, NULL);
	ASSERT_EQ(n, 3, "open flags count beyond max");
	ASSERT_STR_EQ(names[1], "O_CREAT", "open flags second name");
}

static void test_enums(void)
{
	static const struct {
		const char *what;
		const char *want; /* NULL: no name expected */
	} cases[] = {
	    {"ptrace traceme", "PTRACE_TRACEME"},
	    {"ptrace attach", "PTRACE_ATTACH"},
	    {"ptrace pokeuser", "PTRACE_POKEUSER"},
	    {"ptrace seize", "PTRACE_SEIZE"},
	    {"ptrace interrupt", "PTRACE_INTERRUPT"},
	    {"ptrace getregset", "PTRACE_GETREGSET"},
	    {"ptrace unknown", NULL},
	    {"bpf map create", "BPF_MAP_CREATE"},
	    {"bpf prog load", "BPF_PROG_LOAD"},
	    {"bpf token create", "BPF_TOKEN_CREATE"},
	    {"bpf unknown cmd", NULL},
	    {"bpf prog kprobe", "BPF_PROG_TYPE_KPROBE"},
	    {"bpf prog lsm", "BPF_PROG_TYPE_LSM"},
	    {"bpf map ringbuf", "BPF_MAP_TYPE_RINGBUF"},
	    {"bpf map hash", "BPF_MAP_TYPE_HASH"},
	    {"fsconfig create", "FSCONFIG_CMD_CREATE"},
	    {"fsconfig set string", "FSCONFIG_SET_STRING"},
	    {"fsconfig unknown", NULL},
	    {"mount op fsopen", "fsopen"},
	    {"mount op setattr", "mount_setattr"},
	    {"mount op umount", "umount2"},
	    {"mount op fspick", "fspick"},
	    {"mount op unknown", NULL},
	    {"module op finit", "finit_module"},
	    {"module op loaded", "loaded"},
	    {"module op unknown", NULL},
	    {"ns type user", "user"},
	    {"ns type two bits", NULL},
	    {"fs cgroup2", "cgroup2"},
	    {"fs proc", "proc"},
	    {"fs unknown", NULL},
	};
	/* The values, in the order of the cases above. */
	const char *got[] = {
	    decode__ptrace_request_name(0),
	    decode__ptrace_request_name(16),
	    decode__ptrace_request_name(6),
	    decode__ptrace_request_name(0x4206),
	    decode__ptrace_request_name(0x4207),
	    decode__ptrace_request_name(0x4204),
	    decode__ptrace_request_name(0x5000),
	    decode__bpf_cmd_name(0),
	    decode__bpf_cmd_name(5),
	    decode__bpf_cmd_name(36),
	    decode__bpf_cmd_name(1000),
	    decode__bpf_prog_type_name(2),
	    decode__bpf_prog_type_name(29),
	    decode__bpf_map_type_name(27),
	    decode__bpf_map_type_name(1),
	    decode__fsconfig_cmd_name(6),
	    decode__fsconfig_cmd_name(1),
	    decode__fsconfig_cmd_name(9),
	    decode__mount_op_name(CTW_MOUNT_OP_FSOPEN),
	    decode__mount_op_name(CTW_MOUNT_OP_MOUNT_SETATTR),
	    decode__mount_op_name(CTW_MOUNT_OP_UMOUNT),
	    decode__mount_op_name(CTW_MOUNT_OP_FSPICK),
	    decode__mount_op_name(9),
	    decode__module_op_name(CTW_MODULE_OP_FINIT_MODULE),
	    decode__module_op_name(CTW_MODULE_OP_LOADED),
	    decode__module_op_name(3),
	    decode__ns_type_name(0x10000000),
	    decode__ns_type_name(0x10000000 | 0x20000),
	    decode__fs_magic_name(0x63677270),
	    decode__fs_magic_name(0x9fa0),
	    decode__fs_magic_name(0x12345678),
	};

	_Static_assert(ARRAY_SIZE(got) == ARRAY_SIZE(cases), "one value per case");
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		if (cases[i].want)
			ASSERT_STR_EQ(got[i], cases[i].want, cases[i].what);
		else
			ASSERT_TRUE(got[i] == NULL, cases[i].what);
	}
}

static void test_errno(void)
{
	static const struct {
		long long err;
		const char *want;
	} cases[] = {
	    {EPERM, "EPERM"},
	    {-EPERM, "EPERM"},
	    {-ENOENT, "ENOENT"},
	    {-ENOSYS, "ENOSYS"},
	    {-EACCES, "EACCES"},
	    {-EINVAL, "EINVAL"},
	    {-EBADF, "EBADF"},
	    {-EFAULT, "EFAULT"},
	    {-EBUSY, "EBUSY"},
	    {-ENODEV, "ENODEV"},
	    {-ENOTDIR, "ENOTDIR"},
	    {-ENOMEM, "ENOMEM"},
	    {-EOPNOTSUPP, "EOPNOTSUPP"},
	    {-ENOEXEC, "ENOEXEC"},
	    {-EAGAIN, "EAGAIN"},
	    {-EHWPOISON, "EHWPOISON"},
	    {-512, "ERESTARTSYS"},
	    {-524, "ENOTSUPP"},
	};
	char buf[DECODE_NUM_NAME_LEN];

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		ASSERT_STR_EQ(decode__errno_name(cases[i].err), cases[i].want, cases[i].want);
	ASSERT_TRUE(decode__errno_name(0) == NULL, "0 is no error");
	ASSERT_TRUE(decode__errno_name(-520) == NULL, "520 is a hole");
	ASSERT_TRUE(decode__errno_name(-4000) == NULL, "4000 unknown");
	ASSERT_TRUE(decode__errno_name(-9223372036854775807LL - 1) == NULL, "LLONG_MIN");
	ASSERT_STR_EQ(
	    decode__name_or_number(decode__errno_name(-4000), "E", 4000, buf, sizeof(buf)), "E4000",
	    "unknown errno formatted");
	ASSERT_STR_EQ(decode__name_or_number("EPERM", "E", 1, buf, sizeof(buf)), "EPERM",
		      "known name passes through");
}

static void test_syscalls(void)
{
	static const struct {
		unsigned int nr;
		const char *want;
	} cases[] = {
		{__NR_mount, "mount"},
		{__NR_umount2, "umount2"},
		{__NR_setresuid, "setresuid"},
		{__NR_setfsgid, "setfsgid"},
		{__NR_capset, "capset"},
		{__NR_unshare, "unshare"},
		{__NR_setns, "setns"},
		{__NR_ptrace, "ptrace"},
		{__NR_bpf, "bpf"},
		{__NR_finit_module, "finit_module"},
		{__NR_init_module, "init_module"},
		{__NR_fsopen, "fsopen"},
		{__NR_mount_setattr, "mount_setattr"},
		{__NR_open_by_handle_at, "open_by_handle_at"},
#if defined(__x86_64__)
		/* The literal numbers, so that a wrong header would be caught too. */
		{165, "mount"},
		{166, "umount2"},
		{117, "setresuid"},
		{126, "capset"},
		{175, "init_module"},
		{313, "finit_module"},
		{321, "bpf"},
		{101, "ptrace"},
		{308, "setns"},
		{272, "unshare"},
		{430, "fsopen"},
		{442, "mount_setattr"},
		{433, "fspick"},
#elif defined(__aarch64__)
		{40, "mount"},
		{39, "umount2"},
		{147, "setresuid"},
		{91, "capset"},
		{105, "init_module"},
		{273, "finit_module"},
		{280, "bpf"},
		{117, "ptrace"},
		{433, "fspick"},
#endif
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		ASSERT_STR_EQ(decode__syscall_name(cases[i].nr), cases[i].want, cases[i].want);
	ASSERT_TRUE(decode__syscall_name(CTW_NO_SYSCALL) == NULL, "no-syscall marker");
	ASSERT_TRUE(decode__syscall_name(__NR_getpid) == NULL, "unmonitored syscall");
}

int main(void)
{
	test_flags();
	test_flags_truncated();
	test_enums();
	test_errno();
	test_syscalls();
	return check_summary("decode");
}
