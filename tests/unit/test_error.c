// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <string.h>

#include "check.h"
#include "error.h"

static void test_set_and_text(void)
{
	struct ctw_error err = {""};
	char long_text[2 * CTW_ERROR_LEN];

	ASSERT_STR_EQ(ctw_error__text(&err, -ENOENT), strerror(ENOENT),
		      "no message: strerror of the return value");
	ASSERT_STR_EQ(ctw_error__text(NULL, ENOENT), strerror(ENOENT), "no error struct at all");
	ASSERT_EQ(ctw_error__set(&err, EINVAL, "--format: '%s' is not json or falco", "xml"),
		  -EINVAL, "returns the negative errno");
	ASSERT_STR_EQ(err.msg, "--format: 'xml' is not json or falco", "the message");
	ASSERT_STR_EQ(ctw_error__text(&err, -EINVAL), err.msg, "the message wins over strerror");
	ASSERT_EQ(ctw_error__set(NULL, ENOMEM, "%s", "nowhere"), -ENOMEM, "NULL: only the return");

	memset(long_text, 'x', sizeof(long_text) - 1);
	long_text[sizeof(long_text) - 1] = '\0';
	ctw_error__set(&err, E2BIG, "%s", long_text);
	ASSERT_EQ(strlen(err.msg), CTW_ERROR_LEN - 1, "a long message is cut, terminated");
}

int main(void)
{
	test_set_and_text();
	return check_summary("error");
}
