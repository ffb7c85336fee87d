/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * --web-config FILE: TLS and basic authentication for the /metrics endpoint,
 * in the file format of the Prometheus exporter toolkit, so the file an
 * operator already writes for node_exporter works here:
 *
 *   tls_server_config:
 *     cert_file: server.crt
 *     key_file: server.key
 *   basic_auth_users:
 *     prometheus: $2y$10$...   # bcrypt (htpasswd -nB), checked with crypt(3)
 *
 * Relative paths are relative to the file's directory. Keys of that format
 * ctrwatch does not implement (client_auth_type, cipher_suites, ...) are
 * refused by name rather than ignored.
 */
#ifndef CTRWATCH_WEB_CONFIG_H
#define CTRWATCH_WEB_CONFIG_H

#include <stddef.h>

#include "error.h"

#define WEB_CONFIG_MAX_USERS 64
#define WEB_CONFIG_MAX_FILE (1 << 20) /* the config, a certificate chain or a key */

struct web_config_user {
	char *name;
	char *hash; /* bcrypt: $2a$, $2b$ or $2y$ */
};

struct web_config {
	char *cert_pem; /* tls_server_config: file contents, NULL without TLS */
	char *key_pem;
	struct web_config_user users[WEB_CONFIG_MAX_USERS];
	size_t n_users; /* 0: no authentication */
};

/*
 * Reads and checks path and the files it names. 0, or a negative errno with a
 * one-line message (file, key, what is wrong) in err.
 */
int web_config__load(const char *path, struct web_config *out, struct ctw_error *err);
void web_config__release(struct web_config *wc);

/*
 * Whether GnuTLS takes the certificate and key (PEM that parses, a key that
 * matches the certificate): 0 without TLS or when it does, else -EINVAL with
 * a message, so that --check-config refuses what the server could not load.
 */
int web_config__check_tls(const struct web_config *wc, struct ctw_error *err);

/*
 * 0 when user and password match one of basic_auth_users, else -EACCES. An
 * unknown user costs a bcrypt run too, so the time does not tell which users
 * exist.
 */
int web_config__check_user(const struct web_config *wc, const char *user, const char *password);

#endif /* CTRWATCH_WEB_CONFIG_H */
