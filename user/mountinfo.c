// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mountinfo.h"

void mountinfo__unescape(char *s)
{
	char *out = s;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*out++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 4;
		} else {
			*out++ = *s++;
		}
	}
	*out = '\0';
}

/* The next space-separated field before eol: its start in *tok, its length returned; 0 at eol. */
static size_t next_field(const char **p, const char *eol, const char **tok)
{
	const char *s = *p;

	while (s < eol && *s == ' ')
		s++;
	*tok = s;
	while (s < eol && *s != ' ')
		s++;
	*p = s;
	return (size_t)(s - *tok);
}

/*
 * The next field, which must be there (-EINVAL), copied into out: cut to fit
 * when `cut` allows, else -ENAMETOOLONG.
 */
static int copy_field(const char **p, const char *eol, char *out, size_t len, bool cut)
{
	const char *tok;
	size_t n = next_field(p, eol, &tok);

	if (!n)
		return -EINVAL;
	if (n >= len) {
		if (!cut)
			return -ENAMETOOLONG;
		n = len - 1;
	}
	memcpy(out, tok, n);
	out[n] = '\0';
	return 0;
}

static bool is_number(const char *tok, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (tok[i] < '0' || tok[i] > '9')
			return false;
	return true;
}

int mountinfo__parse_line(const char *line, struct mountinfo_entry *m)
{
	const char *eol = strchrnul(line, '\n'), *p = line, *tok;
	char devno[32];
	size_t n;
	int err;

	/* mount id, parent id */
	for (int i = 0; i < 2; i++) {
		n = next_field(&p, eol, &tok);
		if (!is_number(tok, n))
			return -EINVAL;
	}
	if (copy_field(&p, eol, devno, sizeof(devno), false) < 0 ||
	    sscanf(devno, "%u:%u", &m->major, &m->minor) != 2)
		return -EINVAL;
	err = copy_field(&p, eol, m->root, sizeof(m->root), false);
	if (!err)
		err = copy_field(&p, eol, m->point, sizeof(m->point), false);
	if (!err)
		err = copy_field(&p, eol, m->options, sizeof(m->options), true);
	if (err)
		return err;
	/* Optional fields ("shared:1", "master:2") up to the lone "-". */
	do {
		n = next_field(&p, eol, &tok);
		if (!n)
			return -EINVAL;
	} while (!(n == 1 && tok[0] == '-'));
	if (copy_field(&p, eol, m->fstype, sizeof(m->fstype), true) < 0)
		return -EINVAL;
	next_field(&p, eol, &tok); /* the source */
	if (copy_field(&p, eol, m->super_options, sizeof(m->super_options), true) < 0)
		m->super_options[0] = '\0';
	mountinfo__unescape(m->root);
	mountinfo__unescape(m->point);
	return 0;
}

const char *mountinfo__next_line(const char *line)
{
	const char *eol = strchr(line, '\n');

	return eol && eol[1] ? eol + 1 : NULL;
}

bool mountinfo__has_option(const char *options, const char *opt)
{
	size_t len = strlen(opt);

	for (const char *p = options; p; p = strchr(p, ',')) {
		if (*p == ',')
			p++;
		if (strncmp(p, opt, len) == 0 && (p[len] == ',' || p[len] == '\0'))
			return true;
	}
	return false;
}
