/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The one logging module: lines on stderr, either text
 * "<RFC 3339 time> ctrwatch: <level>: <message>" or one JSON object a line
 * {"time":..., "level":..., "msg":...} (--log-format json) for log shippers.
 * Library-like modules never log; main, the loader and the consumer do.
 */
#ifndef CTRWATCH_LOG_H
#define CTRWATCH_LOG_H

#include <stdarg.h>
#include <stddef.h>

enum log_level {
	LOG_LVL_ERROR = 0,
	LOG_LVL_WARN = 1,
	LOG_LVL_INFO = 2,
	LOG_LVL_DEBUG = 3,
};

enum log_format {
	LOG_FORMAT_TEXT = 0,
	LOG_FORMAT_JSON,
};

void log_set_level(enum log_level level);
enum log_level log_get_level(void);
void log_set_format(enum log_format format);
/* "error", "warn", "info", "debug" → level; -EINVAL for anything else. */
int log_parse_level(const char *name, enum log_level *out);
/* "text", "json" → format; -EINVAL for anything else. */
int log_parse_format(const char *name, enum log_format *out);

/*
 * One log line, '\n'-terminated, into line (len > 2): what log_msg writes,
 * with `when` as its time. Returns its length; a message too long for the
 * line is cut (JSON: shortened and "truncated": true, so the line still parses).
 */
size_t log_format_line(enum log_format format, enum log_level level, const char *when,
		       const char *msg, char *line, size_t len);

void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void log_vmsg(enum log_level level, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

#endif /* CTRWATCH_LOG_H */
