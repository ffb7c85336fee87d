// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* RFC 5424 headers byte for byte, RFC 6587 octet counting, facilities, PRI. */
#include <errno.h>
#include <stdlib.h>

#include "check.h"
#include "journal_format.h"
#include "syslog_format.h"

#include "util.h"		     /* ARRAY_SIZE */
#define T_2026 1795511169123456789LL /* 2026-11-24T09:06:09.123456789Z */

static const struct {
	const char *name;
	struct syslog_header h;
	const char *msg;
	bool octet;
	const char *want;
} cases[] = {
    {"daemon.crit, every field",
     {3, 2, T_2026, "node-1", "ctrwatch", 4242, "mount"},
     "{\"a\":1}\n",
     false,
     "<26>1 2026-11-24T09:06:09.123456Z node-1 ctrwatch 4242 mount - {\"a\":1}"},
    {"local0.info",
     {16, 6, T_2026, "n", "ctrwatch", 1, "setuid"},
     "{}",
     false,
     "<134>1 2026-11-24T09:06:09.123456Z n ctrwatch 1 setuid - {}"},
    {"nil values",
     {3, 5, T_2026, NULL, "", 0, NULL},
     "{}",
     false,
     "<29>1 2026-11-24T09:06:09.123456Z - - - - - {}"},
    {"spaces and non-ASCII in header fields become _",
     {3, 4, T_2026, "my host\xc3\xa9", "ctrwatch", 7, "a b"},
     "x",
     false,
     "<28>1 2026-11-24T09:06:09.123456Z my_host__ ctrwatch 7 a_b - x"},
    {"MSGID cut at 32",
     {3, 6, T_2026, "h", "a", 1, "0123456789012345678901234567890123456789"},
     "x",
     false,
     "<30>1 2026-11-24T09:06:09.123456Z h a 1 01234567890123456789012345678901 - x"},
    /* octet count = bytes after "LEN ": a 63-byte header + 7 bytes of MSG */
    {"octet counting",
     {3, 2, T_2026, "node-1", "ctrwatch", 4242, "mount"},
     "{\"a\":1}\n",
     true,
     "70 <26>1 2026-11-24T09:06:09.123456Z node-1 ctrwatch 4242 mount - {\"a\":1}"},
};

static void test_format(void)
{
	char buf[512];
	size_t len;

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		int err = syslog__format(&cases[i].h, cases[i].msg, strlen(cases[i].msg),
					 cases[i].octet, buf, sizeof(buf), &len);

		ASSERT_EQ(err, 0, cases[i].name);
		ASSERT_STR_EQ(buf, cases[i].want, cases[i].name);
		ASSERT_EQ(len, strlen(cases[i].want), cases[i].name);
	}
}

static void test_octet_count_matches(void)
{
	struct syslog_header h = {3, 2, T_2026, "node-1", "ctrwatch", 4242, "mount"};
	char msg[3000], buf[4096], *end;
	size_t len;
	long count;

	memset(msg, 'j', sizeof(msg) - 1);
	msg[sizeof(msg) - 1] = '\0';
	ASSERT_EQ(syslog__format(&h, msg, strlen(msg), true, buf, sizeof(buf), &len), 0, "long");
	count = strtol(buf, &end, 10);
	ASSERT_TRUE(*end == ' ', "count then a space");
	ASSERT_EQ(count, len - (size_t)(end + 1 - buf), "count = bytes after the space");
}

static void test_errors(void)
{
	struct syslog_header h = {3, 2, T_2026, "h", "a", 1, "m"};
	char buf[64];
	size_t len;

	ASSERT_EQ(syslog__format(&h, "0123456789012345678901234567890123456789", 40, false, buf,
				 sizeof(buf), &len),
		  -ENOSPC, "too small");
	h.facility = 24;
	ASSERT_EQ(syslog__format(&h, "x", 1, false, buf, sizeof(buf), &len), -EINVAL, "facility");
	h.facility = 3;
	h.severity = 8;
	ASSERT_EQ(syslog__format(&h, "x", 1, false, buf, sizeof(buf), &len), -EINVAL, "severity");
}

static void test_names(void)
{
	static const struct {
		const char *name;
		int want;
	} fac[] = {{"kern", 0},	   {"daemon", 3},	{"authpriv", 10}, {"local0", 16},
		   {"local7", 23}, {"LOCAL0", -EINVAL}, {"", -EINVAL}};
	int got;

	for (size_t i = 0; i < ARRAY_SIZE(fac); i++) {
		int err = syslog__facility_parse(fac[i].name, &got);

		ASSERT_EQ(err < 0 ? err : got, fac[i].want, fac[i].name);
	}
	ASSERT_EQ(syslog__severity(SEVERITY_CRITICAL), 2, "critical → crit");
	ASSERT_EQ(syslog__severity(SEVERITY_WARNING), 4, "warning → warning");
	ASSERT_EQ(syslog__severity(SEVERITY_NOTICE), 5, "notice → notice");
	ASSERT_EQ(syslog__severity(SEVERITY_INFO), 6, "info → info");
}

static void test_journal(void)
{
	char buf[128];
	size_t pos = 0;
	static const char want_bin[] = "A\n\x03\0\0\0\0\0\0\0x\ny\n";

	ASSERT_EQ(journal__field(buf, sizeof(buf), &pos, "MESSAGE", "hi there", 8), 0, "simple");
	ASSERT_EQ(pos, 17, "KEY=VALUE\\n length");
	ASSERT_TRUE(memcmp(buf, "MESSAGE=hi there\n", 17) == 0, "KEY=VALUE\\n bytes");
	pos = 0;
	ASSERT_EQ(journal__field(buf, sizeof(buf), &pos, "A", "x\ny", 3), 0, "binary");
	ASSERT_EQ(pos, sizeof(want_bin) - 1, "binary length");
	ASSERT_TRUE(memcmp(buf, want_bin, pos) == 0, "KEY\\n le64 VALUE\\n");
	pos = 0;
	ASSERT_EQ(journal__field(buf, sizeof(buf), &pos, "_PID", "1", 1), -EINVAL, "no '_' first");
	ASSERT_EQ(journal__field(buf, sizeof(buf), &pos, "message", "1", 1), -EINVAL, "uppercase");
	ASSERT_EQ(journal__field(buf, sizeof(buf), &pos, "1X", "1", 1), -EINVAL, "no digit first");
	ASSERT_EQ(journal__field(buf, 10, &pos, "MESSAGE", "0123456789", 10), -ENOSPC, "full");
	ASSERT_EQ(pos, 0, "full leaves pos");
	ASSERT_EQ(journal__priority(SEVERITY_CRITICAL), 2, "PRIORITY crit");
	ASSERT_EQ(journal__priority(SEVERITY_INFO), 6, "PRIORITY info");
}

int main(void)
{
	test_format();
	test_octet_count_matches();
	test_errors();
	test_names();
	test_journal();
	return check_summary("syslog_format");
}
