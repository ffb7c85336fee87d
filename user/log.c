// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "util.h"

/* Written once by main before threads start; read by every thread. */
static enum log_level current_level = LOG_LVL_INFO;

static const char *const level_names[] = {
    [LOG_LVL_ERROR] = "error",
    [LOG_LVL_WARN] = "warn",
    [LOG_LVL_INFO] = "info",
    [LOG_LVL_DEBUG] = "debug",
};

void log_set_level(enum log_level level)
{
	current_level = level;
}

enum log_level log_get_level(void)
{
	return current_level;
}

int log_parse_level(const char *name, enum log_level *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(level_names); i++) {
		if (strcmp(name, level_names[i]) == 0) {
			*out = (enum log_level)i;
			return 0;
		}
	}
	return -EINVAL;
}

void log_vmsg(enum log_level level, const char *fmt, va_list ap)
{
	char line[1024];
	int prefix, n;
	size_t len;

	if (level > current_level)
		return;
	prefix = snprintf(line, sizeof(line), "ctrwatch: %s: ", level_names[level]);
	n = vsnprintf(line + prefix, sizeof(line) - (size_t)prefix - 1, fmt, ap);
	if (n < 0)
		return;
	len = strnlen(line, sizeof(line) - 1);
	if (len > 0 && line[len - 1] == '\n')
		len--;
	line[len++] = '\n';
	/* One write per line so lines from several threads never interleave. */
	if (write(STDERR_FILENO, line, len) < 0)
		return;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(level, fmt, ap);
	va_end(ap);
}
