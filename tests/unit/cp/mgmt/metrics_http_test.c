// SPDX-License-Identifier: BSD-3-Clause
// Tests of cp/mgmt/metrics_http.c in this process, over loopback TCP: GET and HEAD
// /metrics, the error answers (404, 405, 400, 431), and that a client that sends
// nothing neither blocks another nor stays past its timeout.
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "cp/mgmt/metrics_http.h"

#define BODY "# HELP evpnd_t T.\n# TYPE evpnd_t gauge\nevpnd_t 1\n"

static uint64_t fake_now; // the server's clock, moved by the tests

static int body(struct mgmt_out *out)
{
	return mgmt_puts(out, BODY);
}

static int setup(void **state)
{
	(void)state;
	fake_now = 1000;
	return metrics_http_open("127.0.0.1", 0, body);
}

static int teardown(void **state)
{
	(void)state;
	metrics_http_close();
	return 0;
}

static int client(void)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(metrics_http_port())};
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	return fd;
}

// Serves until the client fd has the whole answer (the server closes after it);
// returns it, NUL-terminated.
static char *read_answer(int fd)
{
	static char buf[65536];
	size_t len = 0;

	for (int i = 0; i < 2000; i++) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		metrics_http_poll(fake_now);
		if (poll(&p, 1, 1) > 0) {
			ssize_t n = recv(fd, buf + len, sizeof(buf) - 1 - len, 0);
			if (n <= 0)
				break;
			len += (size_t)n;
		}
	}
	buf[len] = '\0';
	return buf;
}

static char *request(const char *req)
{
	int fd = client();
	char *a;

	assert_int_equal(send(fd, req, strlen(req), 0), (ssize_t)strlen(req));
	a = read_answer(fd);
	close(fd);
	return a;
}

static void test_get(void **state)
{
	char *a;

	(void)state;
	a = request("GET /metrics HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n");
	assert_non_null(strstr(a, "HTTP/1.1 200 OK\r\n"));
	assert_non_null(strstr(a, "Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n"));
	assert_non_null(strstr(a, "Connection: close\r\n"));
	char want[64];
	snprintf(want, sizeof(want), "Content-Length: %zu\r\n", strlen(BODY));
	assert_non_null(strstr(a, want));
	assert_string_equal(strstr(a, "\r\n\r\n") + 4, BODY);
	// HEAD: the same head, no body; a query string is ignored
	a = request("HEAD /metrics?x=1 HTTP/1.0\n\n");
	assert_non_null(strstr(a, want));
	assert_string_equal(strstr(a, "\r\n\r\n") + 4, "");
}

static void test_errors(void **state)
{
	char big[METRICS_HTTP_REQ_MAX + 100];

	(void)state;
	assert_non_null(strstr(request("GET / HTTP/1.1\r\n\r\n"), "HTTP/1.1 404 "));
	assert_non_null(strstr(request("GET /metricsx HTTP/1.1\r\n\r\n"), "HTTP/1.1 404 "));
	char *a = request("POST /metrics HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
	assert_non_null(strstr(a, "HTTP/1.1 405 "));
	assert_non_null(strstr(a, "Allow: GET, HEAD\r\n"));
	assert_non_null(strstr(request("hello\r\n\r\n"), "HTTP/1.1 400 "));
	assert_non_null(strstr(request("GET /metrics SPDY/3\r\n\r\n"), "HTTP/1.1 400 "));
	// headers that never end within the bound
	memcpy(big, "GET /metrics HTTP/1.1\r\n", 23);
	memset(big + 23, 'a', sizeof(big) - 24);
	big[sizeof(big) - 1] = '\0';
	assert_non_null(strstr(request(big), "HTTP/1.1 431 "));
}

// A silent client holds a slot, not the server: another is answered meanwhile, and
// the silent one is closed once its time is up.
static void test_slow_client(void **state)
{
	int idle[METRICS_HTTP_CONNS], fd;
	char c;

	(void)state;
	for (unsigned i = 0; i < METRICS_HTTP_CONNS; i++)
		idle[i] = client();
	fd = client(); // one more than the slots: waits in the backlog
	send(fd, "GET /metrics HTTP/1.1\r\n\r\n", 25, 0);
	for (int i = 0; i < 50; i++)
		metrics_http_poll(fake_now);
	assert_int_equal(recv(fd, &c, 1, MSG_DONTWAIT), -1); // not served yet
	fake_now += METRICS_HTTP_TIMEOUT_MS;		     // the silent ones time out
	assert_non_null(strstr(read_answer(fd), "HTTP/1.1 200 OK"));
	close(fd);
	for (unsigned i = 0; i < METRICS_HTTP_CONNS; i++) {
		assert_int_equal(recv(idle[i], &c, 1, 0), 0); // closed by the server
		close(idle[i]);
	}
	// a partial request is also dropped at its deadline
	fd = client();
	send(fd, "GET /met", 8, 0);
	for (int i = 0; i < 50; i++)
		metrics_http_poll(fake_now);
	fake_now += METRICS_HTTP_TIMEOUT_MS;
	assert_string_equal(read_answer(fd), "");
	close(fd);
}

static void test_open(void **state)
{
	(void)state;
	assert_int_equal(metrics_http_open("127.0.0.1", 0, body), -EBUSY);
	assert_true(metrics_http_fd() >= 0);
	assert_true(metrics_http_port() > 0);
	metrics_http_close();
	assert_int_equal(metrics_http_fd(), -1);
	assert_int_equal(metrics_http_open("not-an-address", 0, body), -EINVAL);
	int ret = metrics_http_open("::1", 0, body); // IPv6, unless this host has none
	assert_true(ret == 0 || ret == -EADDRNOTAVAIL || ret == -EAFNOSUPPORT);
	if (ret == 0)
		assert_true(metrics_http_port() > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_get, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_slow_client, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
