// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "journal_format.h"
#include "syslog_format.h"

int journal__priority(enum severity severity)
{
	return syslog__severity(severity);
}

static bool key_valid(const char *key)
{
	size_t n = strlen(key);

	if (n == 0 || n > 64 || key[0] == '_' || (key[0] >= '0' && key[0] <= '9'))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((key[i] >= 'A' && key[i] <= 'Z') || (key[i] >= '0' && key[i] <= '9') ||
		      key[i] == '_'))
			return false;
	return true;
}

int journal__field(char *buf, size_t len, size_t *pos, const char *key, const char *value,
		   size_t value_len)
{
	size_t key_len = strlen(key), p = *pos;
	bool binary = memchr(value, '\n', value_len) != NULL;
	size_t need = key_len + 1 + (binary ? 8 : 0) + value_len + 1;

	if (!key_valid(key))
		return -EINVAL;
	if (p > len || need > len - p)
		return -ENOSPC;
	memcpy(buf + p, key, key_len);
	p += key_len;
	if (binary) {
		uint64_t v = value_len;

		buf[p++] = '\n';
		for (int i = 0; i < 8; i++) /* little-endian whatever the host */
			buf[p++] = (char)((v >> (8 * i)) & 0xff);
	} else {
		buf[p++] = '=';
	}
	memcpy(buf + p, value, value_len);
	p += value_len;
	buf[p++] = '\n';
	*pos = p;
	return 0;
}
