// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * --metrics-addr through http_addr__parse. Checks: 0 or -EINVAL; an accepted
 * address has a family, the matching length and a port that is not 0.
 */
#include <errno.h>
#include <netinet/in.h>
#include <string.h>

#include "fuzz.h"
#include "http_server.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = {data, size};
	char *addr = fuzz_rest(&in, NULL);
	struct sockaddr_storage ss;
	socklen_t len = 0;
	int ret = http_addr__parse(addr, &ss, &len);

	FUZZ_CHECK(ret == 0 || ret == -EINVAL, "ret %d", ret);
	if (ret == 0) {
		if (ss.ss_family == AF_INET)
			FUZZ_CHECK(len == sizeof(struct sockaddr_in) &&
				       ((struct sockaddr_in *)&ss)->sin_port != 0,
				   "IPv4 answer");
		else
			FUZZ_CHECK(ss.ss_family == AF_INET6 && len == sizeof(struct sockaddr_in6) &&
				       ((struct sockaddr_in6 *)&ss)->sin6_port != 0,
				   "IPv6 answer (family %d)", ss.ss_family);
	}
	free(addr);
	return 0;
}
