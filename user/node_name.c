// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "node_name.h"

/* Printable ASCII without spaces: what syslog's HOSTNAME allows (RFC 5424, PRINTUSASCII). */
static int validate(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > NODE_NAME_MAX)
		return -EINVAL;
	for (size_t i = 0; i < n; i++)
		if (name[i] <= ' ' || name[i] > '~')
			return -EINVAL;
	return 0;
}

int node_name__resolve(const char *flag, const char *env, char *out, size_t len,
		       enum node_name_source *source)
{
	const char *name = flag;
	char host[NODE_NAME_MAX + 2];

	if (len < NODE_NAME_MAX + 1)
		return -EINVAL;
	*source = NODE_NAME_FROM_FLAG;
	if (!name && env && env[0]) {
		name = env;
		*source = NODE_NAME_FROM_ENV;
	}
	if (!name) {
		*source = NODE_NAME_FROM_HOSTNAME;
		if (gethostname(host, sizeof(host) - 1) < 0)
			return -errno;
		host[sizeof(host) - 1] = '\0';
		name = host;
	}
	if (validate(name) < 0)
		return -EINVAL;
	strcpy(out, name);
	return 0;
}

const char *node_name_source__name(enum node_name_source source)
{
	switch (source) {
	case NODE_NAME_FROM_FLAG:
		return "--node-name";
	case NODE_NAME_FROM_ENV:
		return NODE_NAME_ENV;
	default:
		return "gethostname";
	}
}
