// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The event ABI as the BPF compiler laid it out (the BTF of the built object)
 * must be the layout the collector's compiler chose: same size, same offset
 * and size for every field, no field missing on either side, all the way down.
 *
 * Both layouts are read as BTF. The collector's comes from this binary: the
 * Makefile compiles this file with -gbtf, so the compiler that builds the
 * collector records its own layout of every struct here. Which structs: every
 * CTW_RECORD row of bpf/events.def and the counters, with whatever they
 * contain; a new record is checked without touching this file.
 *
 * The object: argv[1], else $CTW_BPF_OBJ, else build/ctrwatch.bpf.o.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>

#include <bpf/btf.h>

#include "check.h"
#include "events.h"

/* The roots, with the size this compiler gives them. */
static const struct {
	const char *name;
	size_t size;
} roots[] = {
#define CTW_RECORD(member, tag, size) {#tag, sizeof(struct tag)},
#include "events.def"
    {"ctw_counters", sizeof(struct ctw_counters)},
};

/*
 * Referenced so that the compiler describes every record (and the counters)
 * in this binary's BTF, as it only describes types that are used.
 */
union ctw_any_event *ctw_abi_any;
struct ctw_counters *ctw_abi_counters;

/* Past typedefs and qualifiers: the type that has the layout. */
static const struct btf_type *layout_type(const struct btf *btf, __u32 *id)
{
	const struct btf_type *t = btf__type_by_id(btf, *id);

	while (t && (btf_is_typedef(t) || btf_is_mod(t))) {
		*id = t->type;
		t = btf__type_by_id(btf, *id);
	}
	return t;
}

static void describe(char *buf, size_t len, const char *path, const char *what)
{
	snprintf(buf, len, "%s: %s", path, what);
}

/*
 * Compare type `a` of the BPF object with type `b` of this binary. Integer and
 * enum names differ between compilers ("unsigned long long" and "long long
 * unsigned int"): for those the size is the layout. Structs and unions must
 * have the same members, in the same order, at the same offsets.
 */
static void compare(const struct btf *ba, __u32 a, const struct btf *bb, __u32 b, const char *path,
		    int depth)
{
	const struct btf_type *ta = layout_type(ba, &a), *tb = layout_type(bb, &b);
	char what[320], sub[256];

	describe(what, sizeof(what), path, "both sides describe the type");
	ASSERT_TRUE(ta && tb, what);
	if (!ta || !tb || depth > 8)
		return;
	describe(what, sizeof(what), path, "same kind");
	ASSERT_EQ(btf_kind(ta), btf_kind(tb), what);
	if (btf_kind(ta) != btf_kind(tb))
		return;
	describe(what, sizeof(what), path, "same size");
	ASSERT_EQ(btf__resolve_size(ba, a), btf__resolve_size(bb, b), what);
	if (btf_is_array(ta)) {
		describe(what, sizeof(what), path, "same number of elements");
		ASSERT_EQ(btf_array(ta)->nelems, btf_array(tb)->nelems, what);
		snprintf(sub, sizeof(sub), "%s[]", path);
		compare(ba, btf_array(ta)->type, bb, btf_array(tb)->type, sub, depth + 1);
		return;
	}
	if (!btf_is_composite(ta))
		return;
	describe(what, sizeof(what), path, "BPF and userspace have the same field count");
	ASSERT_EQ(btf_vlen(ta), btf_vlen(tb), what);
	for (int i = 0; i < btf_vlen(ta) && i < btf_vlen(tb); i++) {
		const struct btf_member *ma = btf_members(ta) + i, *mb = btf_members(tb) + i;
		const char *name = btf__name_by_offset(ba, ma->name_off);

		snprintf(sub, sizeof(sub), "%s.%s", path, name);
		describe(what, sizeof(what), sub, "same field at this position");
		ASSERT_STR_EQ(btf__name_by_offset(bb, mb->name_off), name, what);
		describe(what, sizeof(what), sub, "same offset");
		ASSERT_EQ(btf_member_bit_offset(ta, i), btf_member_bit_offset(tb, i), what);
		compare(ba, ma->type, bb, mb->type, sub, depth + 1);
	}
}

static void check_root(const struct btf *bpf, const struct btf *host, const char *name, size_t size)
{
	int a = btf__find_by_name_kind(bpf, name, BTF_KIND_STRUCT);
	int b = btf__find_by_name_kind(host, name, BTF_KIND_STRUCT);
	char what[160];

	snprintf(what, sizeof(what), "struct %s is in the BPF object's BTF", name);
	ASSERT_TRUE(a > 0, what);
	snprintf(what, sizeof(what), "struct %s is in this binary's BTF", name);
	ASSERT_TRUE(b > 0, what);
	if (a <= 0 || b <= 0)
		return;
	snprintf(what, sizeof(what), "sizeof(struct %s)", name);
	ASSERT_EQ(btf__type_by_id(bpf, a)->size, size, what);
	compare(bpf, a, host, b, name, 0);
}

/* The per-type counter array is sized by the enum both sides compile against. */
static void check_counter_bound(const struct btf *btf)
{
	const struct btf_type *t, *arr;
	const struct btf_member *m = NULL;
	int id;

	id = btf__find_by_name_kind(btf, "ctw_counters", BTF_KIND_STRUCT);
	if (id <= 0)
		return;
	t = btf__type_by_id(btf, id);
	for (int i = 0; i < btf_vlen(t); i++)
		if (strcmp(btf__name_by_offset(btf, btf_members(t)[i].name_off), "by_type") == 0)
			m = btf_members(t) + i;
	ASSERT_TRUE(m != NULL, "ctw_counters.by_type exists in BPF");
	if (!m)
		return;
	arr = btf__type_by_id(btf, m->type);
	ASSERT_TRUE(btf_is_array(arr), "ctw_counters.by_type is an array");
	if (btf_is_array(arr))
		ASSERT_EQ(btf_array(arr)->nelems, CTW_EVENT_TYPE_MAX,
			  "ctw_counters.by_type has CTW_EVENT_TYPE_MAX entries");
}

/* Every record of the registry is a member of the union the BPF side sizes its buffers by. */
static void check_union(const struct btf *btf)
{
	int id = btf__find_by_name_kind(btf, "ctw_any_event", BTF_KIND_UNION);

	ASSERT_TRUE(id > 0, "union ctw_any_event is in the BPF object's BTF");
	if (id > 0)
		ASSERT_EQ(btf__type_by_id(btf, id)->size, sizeof(union ctw_any_event),
			  "sizeof(union ctw_any_event)");
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : getenv("CTW_BPF_OBJ");
	struct btf *bpf, *host;
	size_t i;

	if (!path)
		path = "build/ctrwatch.bpf.o";
	bpf = btf__parse(path, NULL);
	ASSERT_TRUE(bpf != NULL, "the BPF object's BTF parses (is the object built?)");
	if (!bpf) {
		fprintf(stderr, "test_abi: %s: %s\n", path, strerror(errno));
		return check_summary("abi");
	}
	host = btf__parse("/proc/self/exe", NULL);
	ASSERT_TRUE(host != NULL, "this binary carries its compiler's BTF (built with -gbtf?)");
	if (!host) {
		btf__free(bpf);
		return check_summary("abi");
	}
	for (i = 0; i < sizeof(roots) / sizeof(roots[0]); i++)
		check_root(bpf, host, roots[i].name, roots[i].size);
	check_union(bpf);
	check_counter_bound(bpf);
	btf__free(host);
	btf__free(bpf);
	return check_summary("abi");
}
