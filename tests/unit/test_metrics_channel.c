// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The socketpair protocol between the HTTP process and the collector: both
 * answers, the go byte, and replies the HTTP process must refuse.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check.h"
#include "metrics.h"
#include "metrics_channel.h"

static int not_ready(void *ctx, struct ctw_error *why)
{
	int *calls = ctx;

	(*calls)++;
	return ctw_error__set(why, EAGAIN, "program handle_x not attached");
}

static void test_answers(void)
{
	struct metrics *m = metrics__new();
	struct metrics_channel_server *srv;
	int sv[2], calls = 0;
	int32_t status = 1;
	char *body = NULL;
	size_t len = 0;

	ASSERT_TRUE(m != NULL, "metrics");
	ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0, "socketpair");
	srv = metrics_channel_server__start(sv[0], m, not_ready, &calls);
	ASSERT_TRUE(srv != NULL, "server starts");
	ASSERT_EQ(metrics_channel__wait_go(sv[1]), 0, "the go byte comes first");

	ASSERT_EQ(metrics_channel__ask(sv[1], METRICS_CHANNEL_OP_HEALTH, &status, &body, &len), 0,
		  "health asked");
	ASSERT_EQ(status, -EAGAIN, "health: the provider's errno");
	ASSERT_STR_EQ(body, "program handle_x not attached", "health: the reason as body");
	ASSERT_EQ(len, strlen("program handle_x not attached"), "health: length");
	ASSERT_EQ(calls, 1, "the provider decided");
	free(body);

	ASSERT_EQ(metrics_channel__ask(sv[1], METRICS_CHANNEL_OP_METRICS, &status, &body, &len), 0,
		  "metrics asked");
	ASSERT_EQ(status, 0, "metrics: status 0");
	ASSERT_TRUE(len > 100 && strstr(body, "# TYPE ctrwatch_") != NULL,
		    "metrics: the exposition text");
	ASSERT_EQ(strlen(body), len, "metrics: NUL-terminated at its length");
	free(body);

	ASSERT_EQ(metrics_channel__ask(sv[1], 9, &status, &body, &len), 0, "unknown op asked");
	ASSERT_EQ(status, -EINVAL, "unknown op: -EINVAL");
	ASSERT_EQ(len, 0, "unknown op: no body");
	free(body);

	metrics_channel_server__free(srv);
	ASSERT_EQ(metrics_channel__ask(sv[1], METRICS_CHANNEL_OP_HEALTH, &status, &body, &len),
		  -EPIPE, "the collector gone: -EPIPE");
	close(sv[1]);
	metrics__free(m);
}

/* A peer that answers every request with hdr (and nothing more). */
static int ask_with_reply(const struct metrics_channel_reply *hdr, uint8_t op)
{
	int sv[2], err;
	int32_t status;
	char *body = NULL;
	size_t len;
	uint8_t got;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		return -errno;
	/* The request fits the socket buffer: the reply can be queued before it is read. */
	if (send(sv[0], hdr, sizeof(*hdr), 0) != sizeof(*hdr))
		return -EIO;
	shutdown(sv[0], SHUT_WR);
	err = metrics_channel__ask(sv[1], op, &status, &body, &len);
	ASSERT_EQ(recv(sv[0], &got, 1, 0), 1, "the request is one byte");
	ASSERT_EQ(got, op, "the request is the opcode");
	free(body);
	close(sv[0]);
	close(sv[1]);
	return err;
}

static void test_refused(void)
{
	struct metrics_channel_reply big = {.op = METRICS_CHANNEL_OP_METRICS,
					    .length = METRICS_CHANNEL_MAX_BODY + 1};
	struct metrics_channel_reply other = {.op = METRICS_CHANNEL_OP_HEALTH};
	struct metrics_channel_reply positive = {.op = METRICS_CHANNEL_OP_HEALTH, .status = 5};
	struct metrics_channel_reply short_body = {.op = METRICS_CHANNEL_OP_METRICS, .length = 10};

	ASSERT_EQ(ask_with_reply(&big, METRICS_CHANNEL_OP_METRICS), -EPROTO,
		  "a body over METRICS_CHANNEL_MAX_BODY is refused before any allocation");
	ASSERT_EQ(ask_with_reply(&other, METRICS_CHANNEL_OP_METRICS), -EPROTO,
		  "a reply to another op is refused");
	ASSERT_EQ(ask_with_reply(&positive, METRICS_CHANNEL_OP_HEALTH), -EPROTO,
		  "a positive status is refused");
	ASSERT_EQ(ask_with_reply(&short_body, METRICS_CHANNEL_OP_METRICS), -EPIPE,
		  "a body cut short is -EPIPE");
}

int main(void)
{
	test_answers();
	test_refused();
	return check_summary("metrics_channel");
}
