// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The detection table's shape: what the classifier and the docs rely on of every row. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "detections.h"
#include "event_type.h"

static void test_rows(void)
{
	int prev = 0;

	/*
	 * IDs are handed out in blocks to work done in parallel, so an unused one
	 * may leave a gap; never a repeat or a row out of order.
	 */
	for (int i = 0; i < DETECTION_COUNT; i++) {
		const struct detection *d = &detections[i];
		int num = -1, end = 0;

		sscanf(d->id, "CTW-%3d%n", &num, &end);
		ASSERT_TRUE(end == 7 && d->id[7] == 0 && num > prev, "rows in ascending ID order");
		prev = num;
		ASSERT_TRUE(d->name && d->name[0] && d->attack && d->attack[0], d->id);
		ASSERT_TRUE(d->match != NULL, "every row has a predicate");
		ASSERT_TRUE(d->flags != 0 && d->severity < SEVERITY_MAX, d->id);
		ASSERT_TRUE(d->type == DETECTION_ANY_TYPE || event_type__name(d->type) != NULL,
			    "the type is a named event type, or any");
		ASSERT_EQ(detection__index(d->id), i, "detection__index finds the row");
	}
	ASSERT_EQ(detection__index("CTW-999"), -ENOENT, "unknown ID");
}

static void test_types(void)
{
	static const struct {
		const char *id;
		unsigned int type;
	} cases[] = {
	    {"CTW-001", CTW_EVENT_SETNS},	{"CTW-002", CTW_EVENT_MOUNT},
	    {"CTW-003", DETECTION_ANY_TYPE},	{"CTW-007", CTW_EVENT_OPEN_BY_HANDLE_AT},
	    {"CTW-008", CTW_EVENT_PTRACE},	{"CTW-009", CTW_EVENT_FILE_WRITE},
	    {"CTW-012", CTW_EVENT_MODULE_LOAD}, {"CTW-014", CTW_EVENT_BPF},
	    {"CTW-016", CTW_EVENT_CAPSET},	{"CTW-017", CTW_EVENT_SETUID},
	    {"CTW-018", CTW_EVENT_SETUID_EXEC}, {"CTW-019", CTW_EVENT_UNSHARE},
	    {"CTW-027", CTW_EVENT_CLONE},	{"CTW-028", CTW_EVENT_CONNECT},
	    {"CTW-032", CTW_EVENT_FILE_OPEN},	{"CTW-033", CTW_EVENT_MKNOD},
	    {"CTW-034", CTW_EVENT_FILE_WRITE},	{"CTW-035", CTW_EVENT_FILE_WRITE},
	    {"CTW-036", CTW_EVENT_FILE_OPEN},	{"CTW-026", CTW_EVENT_FILE_OPEN},
	    {"CTW-037", CTW_EVENT_FILE_WRITE},	{"CTW-038", CTW_EVENT_FILE_WRITE},
	    {"CTW-039", CTW_EVENT_LINK},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int idx = detection__index(cases[i].id);
		const struct detection *d;

		ASSERT_TRUE(idx >= 0, cases[i].id);
		if (idx < 0)
			continue;
		d = &detections[idx];
		ASSERT_EQ(d->type, cases[i].type, cases[i].id);
		if (cases[i].type == DETECTION_ANY_TYPE) {
			ASSERT_TRUE(detection__applies_to(d, CTW_EVENT_MOUNT) &&
					detection__applies_to(d, CTW_EVENT_CAPSET),
				    "any type: every record");
			continue;
		}
		ASSERT_TRUE(detection__applies_to(d, cases[i].type), "its own type");
		/* umount records share the mount layout: a mount detection must not read one. */
		ASSERT_TRUE(!detection__applies_to(d, cases[i].type == CTW_EVENT_MOUNT
							  ? CTW_EVENT_UMOUNT
							  : CTW_EVENT_MOUNT),
			    "no other type");
	}
}

int main(void)
{
	test_rows();
	test_types();
	return check_summary("detections");
}
