// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"

int ctw_error__set(struct ctw_error *err, int errnum, const char *fmt, ...)
{
	va_list ap;

	if (err) {
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return -errnum;
}

const char *ctw_error__text(const struct ctw_error *err, int errnum)
{
	if (err && err->msg[0])
		return err->msg;
	return strerror(errnum < 0 ? -errnum : errnum);
}
