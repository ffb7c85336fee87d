// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * --metrics-addr through http_addr__parse. Checks: 0, -EINVAL, or -ENXIO for
 * a well-formed name the resolver does not know (which names resolve depends
 * on the machine's /etc/hosts and DNS); an accepted address has a family, the
 * matching length and a port that is not 0.
 */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <string.h>

#include "fuzz.h"
#include "http_server.h"

/*
 * The machine's resolver replaced for this binary (its definitions take
 * precedence over libc's): a DNS query per input made runs slow and their
 * result depend on the network. "localhost" is the one known name.
 */
static struct sockaddr_in fake_loopback = {.sin_family = AF_INET};
static struct addrinfo fake_answer = {
    .ai_family = AF_INET,
    .ai_socktype = SOCK_STREAM,
    .ai_addrlen = sizeof(fake_loopback),
    .ai_addr = (struct sockaddr *)&fake_loopback,
};

int getaddrinfo(const char *node, const char *service, const struct addrinfo *hints,
		struct addrinfo **res)
{
	(void)service;
	(void)hints;
	if (!node || strcmp(node, "localhost") != 0)
		return EAI_NONAME;
	fake_loopback.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	*res = &fake_answer;
	return 0;
}

void freeaddrinfo(struct addrinfo *res)
{
	(void)res;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = {data, size};
	char *addr = fuzz_rest(&in, NULL);
	struct sockaddr_storage ss;
	socklen_t len = 0;
	int ret = http_addr__parse(addr, &ss, &len);

	FUZZ_CHECK(ret == 0 || ret == -EINVAL || ret == -ENXIO, "ret %d", ret);
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
