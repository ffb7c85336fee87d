// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The node's name in events: --node-name, else $NODE_NAME, else gethostname(2). */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "node_name.h"

static void test_precedence(void)
{
	char out[NODE_NAME_MAX + 1], host[NODE_NAME_MAX + 2] = "";
	enum node_name_source src;

	ASSERT_EQ(node_name__resolve("node-a", "node-b", out, sizeof(out), &src), 0, "flag");
	ASSERT_STR_EQ(out, "node-a", "--node-name wins over NODE_NAME");
	ASSERT_EQ(src, NODE_NAME_FROM_FLAG, "source: the flag");

	ASSERT_EQ(node_name__resolve(NULL, "ip-10-0-1-7.ec2.internal", out, sizeof(out), &src), 0,
		  "env");
	ASSERT_STR_EQ(out, "ip-10-0-1-7.ec2.internal", "NODE_NAME without the flag");
	ASSERT_EQ(src, NODE_NAME_FROM_ENV, "source: the environment");
	ASSERT_STR_EQ(node_name_source__name(src), "NODE_NAME", "source name");

	gethostname(host, sizeof(host) - 1);
	ASSERT_EQ(node_name__resolve(NULL, "", out, sizeof(out), &src), 0, "empty env");
	ASSERT_STR_EQ(out, host, "empty NODE_NAME: the host name");
	ASSERT_EQ(src, NODE_NAME_FROM_HOSTNAME, "source: gethostname");
	ASSERT_EQ(node_name__resolve(NULL, NULL, out, sizeof(out), &src), 0, "no env");
	ASSERT_STR_EQ(out, host, "no NODE_NAME: the host name");
}

static void test_invalid(void)
{
	char out[NODE_NAME_MAX + 1], long_name[NODE_NAME_MAX + 2];
	enum node_name_source src;

	memset(long_name, 'a', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	ASSERT_EQ(node_name__resolve(long_name, NULL, out, sizeof(out), &src), -EINVAL,
		  "254 bytes refused");
	long_name[NODE_NAME_MAX] = '\0';
	ASSERT_EQ(node_name__resolve(long_name, NULL, out, sizeof(out), &src), 0,
		  "253 bytes accepted");
	ASSERT_EQ(node_name__resolve("", NULL, out, sizeof(out), &src), -EINVAL, "empty flag");
	ASSERT_EQ(node_name__resolve(NULL, "node 1", out, sizeof(out), &src), -EINVAL,
		  "a space refused (syslog HOSTNAME)");
	ASSERT_EQ(src, NODE_NAME_FROM_ENV, "the refused name's source is reported");
	ASSERT_EQ(node_name__resolve("n\n1", NULL, out, sizeof(out), &src), -EINVAL,
		  "a newline refused");
	ASSERT_EQ(node_name__resolve("n\xc3\xa9", NULL, out, sizeof(out), &src), -EINVAL,
		  "non-ASCII refused");
	ASSERT_EQ(node_name__resolve("n", NULL, out, 8, &src), -EINVAL, "short buffer refused");
}

int main(void)
{
	test_precedence();
	test_invalid();
	return check_summary("node_name");
}
