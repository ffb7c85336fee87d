// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* --web-config files: what is taken, what is refused and why, and bcrypt users. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "util.h"
#include "web_config.h"

/* bcrypt of "s3cret" (cost 5, so the test stays fast), as htpasswd -nB makes them. */
#define HASH_S3CRET "$2y$05$GEL3d/DP9qxRlgjQyOkDB.wDQhFYdG/VyzsxL76j3HsKgOHcrMFsG"

static char dir[64];

static const char *write_file(const char *name, const char *text)
{
	static char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	return path;
}

static void test_refused(void)
{
	static const struct {
		const char *text, *msg_has;
		int want;
	} cases[] = {
	    {"tls_server_config:\n  cert_file: cert.pem\n", "needs both", -EINVAL},
	    {"tls_server_config:\n  cert_file: nope.crt\n  key_file: key.pem\n", "nope.crt",
	     -ENOENT},
	    {"tls_server_config:\n  cert_file: cert.pem\n  key_file: key.pem\n"
	     "  client_auth_type: RequireAndVerifyClientCert\n",
	     "client_auth_type is not supported", -EINVAL},
	    {"basic_auth_users:\n  alice: plaintext\n", "not a bcrypt hash", -EINVAL},
	    {"basic_auth_users:\n  - alice\n", "USER: BCRYPT_HASH", -EINVAL},
	    {"http_server_config:\n  http2: false\n", "http_server_config is not supported",
	     -EINVAL},
	    {"tls_server_config: [\n", "line", -EINVAL},
	    {"- a\n", "mapping", -EINVAL},
	};

	write_file("cert.pem", "-----BEGIN CERTIFICATE-----\n");
	write_file("key.pem", "-----BEGIN PRIVATE KEY-----\n");
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct ctw_error err = {""};
		struct web_config wc;
		const char *path = write_file("web.yml", cases[i].text);

		ASSERT_EQ(web_config__load(path, &wc, &err), cases[i].want, cases[i].text);
		ASSERT_TRUE(strstr(err.msg, cases[i].msg_has) != NULL, cases[i].msg_has);
		ASSERT_TRUE(wc.cert_pem == NULL && wc.n_users == 0, "nothing kept on failure");
	}
}

static void test_loaded(void)
{
	struct ctw_error err = {""};
	struct web_config wc;
	const char *path;

	write_file("cert.pem", "CERT\n");
	write_file("key.pem", "KEY\n");
	/* Relative names are relative to the config file's directory. */
	path = write_file("web.yml", "tls_server_config:\n  cert_file: cert.pem\n"
				     "  key_file: key.pem\n"
				     "basic_auth_users:\n  alice: " HASH_S3CRET "\n");
	ASSERT_EQ(web_config__load(path, &wc, &err), 0, err.msg);
	ASSERT_STR_EQ(wc.cert_pem, "CERT\n", "certificate read");
	ASSERT_STR_EQ(wc.key_pem, "KEY\n", "key read");
	ASSERT_EQ(wc.n_users, 1, "one user");
	ASSERT_EQ(web_config__check_user(&wc, "alice", "s3cret"), 0, "right password");
	ASSERT_EQ(web_config__check_user(&wc, "alice", "wrong"), -EACCES, "wrong password");
	ASSERT_EQ(web_config__check_user(&wc, "bob", "s3cret"), -EACCES, "unknown user");
	ASSERT_EQ(web_config__check_user(&wc, "alice", NULL), -EACCES, "no password");
	web_config__release(&wc);
	web_config__release(&wc); /* released twice is fine */

	path = write_file("web.yml", "");
	ASSERT_EQ(web_config__load(path, &wc, &err), 0, "an empty file: plain, open");
	ASSERT_TRUE(wc.cert_pem == NULL && wc.n_users == 0, "nothing configured");
}

int main(void)
{
	snprintf(dir, sizeof(dir), "/tmp/ctw-webcfg.XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_refused();
	test_loaded();
	unlink(write_file("web.yml", ""));
	unlink(write_file("cert.pem", ""));
	unlink(write_file("key.pem", ""));
	rmdir(dir);
	return check_summary("web_config");
}
