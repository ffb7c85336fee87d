// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "jsonw.h"
#include "log.h"
#include "text_clean.h"
#include "util.h"

#define LOG_LINE_MAX 1024
#define LOG_TIME_LEN 32 /* "2026-11-24T09:06:09.123456Z" */

/* Written once by main before threads start; read by every thread. */
static enum log_level current_level = LOG_LVL_INFO;
static enum log_format current_format = LOG_FORMAT_TEXT;

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

void log_set_format(enum log_format format)
{
	current_format = format;
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

int log_parse_format(const char *name, enum log_format *out)
{
	if (strcmp(name, "text") == 0)
		*out = LOG_FORMAT_TEXT;
	else if (strcmp(name, "json") == 0)
		*out = LOG_FORMAT_JSON;
	else
		return -EINVAL;
	return 0;
}

/* RFC 3339 UTC with microseconds: sorts as text, and jq's sub/strptime read it. */
static void format_time(char *buf, size_t len)
{
	struct timespec ts;
	struct tm tm;
	size_t n;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, len - n, ".%06uZ", (unsigned int)(ts.tv_nsec / 1000) % 1000000u);
}

size_t log_format_line(enum log_format format, enum log_level level, const char *when,
		       const char *msg, char *line, size_t len)
{
	size_t n = 0;

	if (format == LOG_FORMAT_JSON) {
		struct jsonw w;

		jsonw__init(&w, line, len - 1);
		jsonw__begin_object(&w);
		jsonw__key(&w, "time");
		jsonw__string(&w, when);
		jsonw__key(&w, "level");
		jsonw__string(&w, level_names[level]);
		jsonw__key(&w, "msg");
		jsonw__string(&w, msg);
		jsonw__end_object(&w);
		if (jsonw__finish(&w, &n) < 0) {
			/* Too long: a shorter message that still parses. */
			jsonw__init(&w, line, len - 1);
			jsonw__begin_object(&w);
			jsonw__key(&w, "time");
			jsonw__string(&w, when);
			jsonw__key(&w, "level");
			jsonw__string(&w, level_names[level]);
			jsonw__key(&w, "msg");
			jsonw__string_n(&w, msg, len / 4);
			jsonw__key(&w, "truncated");
			jsonw__bool(&w, true);
			jsonw__end_object(&w);
			if (jsonw__finish(&w, &n) < 0)
				return 0;
		}
	} else {
		int k = snprintf(line, len - 1, "%s ctrwatch: %s: ", when, level_names[level]);

		if (k < 0)
			return 0;
		n = (size_t)k < len - 1 ? (size_t)k : len - 2;
		/* Messages quote what workloads name (paths, containers): one line, no controls. */
		n += text__clean(line + n, len - 1 - n, msg, strlen(msg), NULL);
	}
	line[n++] = '\n';
	line[n] = '\0';
	return n;
}

void log_vmsg(enum log_level level, const char *fmt, va_list ap)
{
	char msg[LOG_LINE_MAX], line[LOG_LINE_MAX + 256], when[LOG_TIME_LEN];
	size_t len;

	if (level > current_level)
		return;
	if (vsnprintf(msg, sizeof(msg), fmt, ap) < 0)
		return;
	len = strlen(msg);
	if (len > 0 && msg[len - 1] == '\n')
		msg[len - 1] = '\0';
	format_time(when, sizeof(when));
	len = log_format_line(current_format, level, when, msg, line, sizeof(line));
	/* One write per line so lines from several threads never interleave. */
	if (len == 0 || write(STDERR_FILENO, line, len) < 0)
		return;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(level, fmt, ap);
	va_end(ap);
}
