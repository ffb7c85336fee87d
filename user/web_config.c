// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <crypt.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include <gnutls/gnutls.h>

#include "error.h"
#include "web_config.h"

/* A valid bcrypt hash of a random password: what an unknown user is checked against. */
#define DUMMY_HASH "$2y$10$bPWjZ7/9DMlphLbQ.Kl3Su3Z41BH2jDxeQJgCcv0sb85GORn7k6B6"

struct load {
	const char *path;
	char dir[PATH_MAX];
	yaml_document_t doc;
	struct ctw_error *err;
};

__attribute__((format(printf, 3, 4))) static int fail(struct load *l, int code, const char *fmt,
						      ...)
{
	va_list ap;
	int n;

	if (!l->err)
		return code;
	n = snprintf(l->err->msg, sizeof(l->err->msg), "%s: ", l->path);
	if (n < 0 || (size_t)n >= sizeof(l->err->msg))
		return code;
	va_start(ap, fmt);
	vsnprintf(l->err->msg + n, sizeof(l->err->msg) - (size_t)n, fmt, ap);
	va_end(ap);
	return code;
}

/* The whole of a (small) file, NUL-terminated. */
static int read_all(const char *path, char **out)
{
	FILE *f = fopen(path, "re");
	size_t len = 0, n;
	char *buf;

	if (!f)
		return -errno;
	buf = malloc(WEB_CONFIG_MAX_FILE + 1);
	if (!buf) {
		fclose(f);
		return -ENOMEM;
	}
	while ((n = fread(buf + len, 1, WEB_CONFIG_MAX_FILE + 1 - len, f)) > 0)
		len += n;
	fclose(f);
	if (len > WEB_CONFIG_MAX_FILE) {
		free(buf);
		return -EFBIG;
	}
	buf[len] = '\0';
	*out = buf;
	return 0;
}

static const char *scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* Reads the file a tls_server_config key names, relative to the config's directory. */
static int load_pem(struct load *l, const char *key, const yaml_node_t *v, char **out)
{
	const char *name = scalar(v);
	char path[PATH_MAX];
	int ret;

	if (!name || !name[0])
		return fail(l, -EINVAL, "tls_server_config.%s: expected a file name", key);
	if (*out)
		return fail(l, -EINVAL, "tls_server_config.%s given twice", key);
	if (name[0] == '/')
		snprintf(path, sizeof(path), "%s", name);
	else if ((size_t)snprintf(path, sizeof(path), "%s/%s", l->dir, name) >= sizeof(path))
		return fail(l, -ENAMETOOLONG, "tls_server_config.%s: path too long", key);
	ret = read_all(path, out);
	if (ret < 0)
		return fail(l, ret, "tls_server_config.%s: %s: %s", key, path, strerror(-ret));
	return 0;
}

static int load_tls(struct load *l, const yaml_node_t *map, struct web_config *wc)
{
	int ret = 0;

	if (map->type != YAML_MAPPING_NODE)
		return fail(l, -EINVAL, "tls_server_config: expected a mapping");
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
	     p < map->data.mapping.pairs.top && ret == 0; p++) {
		const char *key = scalar(yaml_document_get_node(&l->doc, p->key));
		const yaml_node_t *v = yaml_document_get_node(&l->doc, p->value);

		if (!key)
			ret = fail(l, -EINVAL, "tls_server_config: keys are names");
		else if (strcmp(key, "cert_file") == 0)
			ret = load_pem(l, key, v, &wc->cert_pem);
		else if (strcmp(key, "key_file") == 0)
			ret = load_pem(l, key, v, &wc->key_pem);
		else
			ret = fail(l, -EINVAL,
				   "tls_server_config.%s is not supported (cert_file and key_file "
				   "are)",
				   key);
	}
	if (ret == 0 && (!wc->cert_pem || !wc->key_pem))
		ret = fail(l, -EINVAL, "tls_server_config needs both cert_file and key_file");
	return ret;
}

static bool is_bcrypt(const char *h)
{
	/* $2?$NN$ then 53 characters of salt and hash. */
	return strlen(h) == 60 && h[0] == '$' && h[1] == '2' && strchr("aby", h[2]) &&
	       h[3] == '$' && h[6] == '$';
}

static int load_users(struct load *l, const yaml_node_t *map, struct web_config *wc)
{
	if (map->type != YAML_MAPPING_NODE)
		return fail(l, -EINVAL, "basic_auth_users: expected USER: BCRYPT_HASH pairs");
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
	     p++) {
		const char *user = scalar(yaml_document_get_node(&l->doc, p->key));
		const char *hash = scalar(yaml_document_get_node(&l->doc, p->value));

		if (!user || !user[0] || strchr(user, ':'))
			return fail(l, -EINVAL,
				    "basic_auth_users: a user name is empty or has ':'");
		if (!hash || !is_bcrypt(hash))
			return fail(l, -EINVAL,
				    "basic_auth_users.%s: not a bcrypt hash ($2y$..., as htpasswd "
				    "-nB makes)",
				    user);
		if (wc->n_users == WEB_CONFIG_MAX_USERS)
			return fail(l, -E2BIG, "basic_auth_users: more than %d users",
				    WEB_CONFIG_MAX_USERS);
		wc->users[wc->n_users].name = strdup(user);
		wc->users[wc->n_users].hash = strdup(hash);
		if (!wc->users[wc->n_users].name || !wc->users[wc->n_users].hash) {
			free(wc->users[wc->n_users].name);
			free(wc->users[wc->n_users].hash);
			return -ENOMEM;
		}
		wc->n_users++;
	}
	return 0;
}

static int load_doc(struct load *l, struct web_config *wc)
{
	const yaml_node_t *root = yaml_document_get_root_node(&l->doc);
	int ret = 0;

	if (!root)
		return 0; /* an empty file: plain HTTP, no authentication */
	if (root->type != YAML_MAPPING_NODE)
		return fail(l, -EINVAL, "expected a mapping at the top");
	for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
	     p < root->data.mapping.pairs.top && ret == 0; p++) {
		const char *key = scalar(yaml_document_get_node(&l->doc, p->key));
		const yaml_node_t *v = yaml_document_get_node(&l->doc, p->value);

		if (key && strcmp(key, "tls_server_config") == 0)
			ret = load_tls(l, v, wc);
		else if (key && strcmp(key, "basic_auth_users") == 0)
			ret = load_users(l, v, wc);
		else
			ret = fail(l, -EINVAL,
				   "%s is not supported (tls_server_config and basic_auth_users "
				   "are)",
				   key ? key : "a non-scalar key");
	}
	return ret;
}

int web_config__load(const char *path, struct web_config *wc, struct ctw_error *err)
{
	struct load l = {.path = path, .err = err};
	yaml_parser_t parser;
	char *text = NULL, copy[PATH_MAX];
	int ret;

	memset(wc, 0, sizeof(*wc));
	snprintf(copy, sizeof(copy), "%s", path);
	snprintf(l.dir, sizeof(l.dir), "%s", dirname(copy));
	ret = read_all(path, &text);
	if (ret < 0)
		return fail(&l, ret, "%s", strerror(-ret));
	if (!yaml_parser_initialize(&parser)) {
		free(text);
		return -ENOMEM;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, strlen(text));
	if (!yaml_parser_load(&parser, &l.doc)) {
		ret = fail(&l, -EINVAL, "line %zu: %s", parser.problem_mark.line + 1,
			   parser.problem ? parser.problem : "not YAML");
		yaml_parser_delete(&parser);
		free(text);
		return ret;
	}
	ret = load_doc(&l, wc);
	yaml_document_delete(&l.doc);
	yaml_parser_delete(&parser);
	free(text);
	if (ret < 0)
		web_config__release(wc);
	return ret;
}

void web_config__release(struct web_config *wc)
{
	if (!wc)
		return;
	free(wc->cert_pem);
	free(wc->key_pem);
	for (size_t i = 0; i < wc->n_users; i++) {
		free(wc->users[i].name);
		free(wc->users[i].hash);
	}
	memset(wc, 0, sizeof(*wc));
}

int web_config__check_tls(const struct web_config *wc, struct ctw_error *err)
{
	gnutls_certificate_credentials_t creds;
	gnutls_datum_t cert, key;
	int ret;

	if (!wc->cert_pem)
		return 0;
	if (gnutls_certificate_allocate_credentials(&creds) < 0)
		return -ENOMEM;
	cert = (gnutls_datum_t){(unsigned char *)wc->cert_pem, (unsigned int)strlen(wc->cert_pem)};
	key = (gnutls_datum_t){(unsigned char *)wc->key_pem, (unsigned int)strlen(wc->key_pem)};
	ret = gnutls_certificate_set_x509_key_mem(creds, &cert, &key, GNUTLS_X509_FMT_PEM);
	gnutls_certificate_free_credentials(creds);
	if (ret < 0) {
		if (err)
			snprintf(err->msg, sizeof(err->msg),
				 "tls_server_config: cert_file and key_file: %s",
				 gnutls_strerror(ret));
		return -EINVAL;
	}
	return 0;
}

/* Compares all of both, whatever differs first. */
static bool same(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned char diff = la != lb;

	for (size_t i = 0; i < la && i < lb; i++)
		diff |= (unsigned char)(a[i] ^ b[i]);
	return diff == 0;
}

int web_config__check_user(const struct web_config *wc, const char *user, const char *password)
{
	const char *hash = DUMMY_HASH;
	struct crypt_data data;
	bool known = false;
	const char *got;

	for (size_t i = 0; user && i < wc->n_users; i++) {
		if (strcmp(wc->users[i].name, user) == 0) {
			hash = wc->users[i].hash;
			known = true;
			break;
		}
	}
	memset(&data, 0, sizeof(data));
	got = crypt_r(password ? password : "", hash, &data);
	/* A failed crypt returns NULL or a string starting with '*', never the hash. */
	return known && got && same(got, hash) ? 0 : -EACCES;
}
