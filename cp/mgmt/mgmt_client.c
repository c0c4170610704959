// SPDX-License-Identifier: BSD-3-Clause
// Client side of the management protocol: connect, send a line, read one frame.
#include "cp/mgmt/mgmt_client.h"
#include "cp/mgmt/mgmt_cmd.h"

#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define HDR_MAX 32

int mgmt_client_connect(const char *path)
{
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	int fd;

	if (strlen(path) >= sizeof(sun.sun_path))
		return -ENAMETOOLONG;
	strcpy(sun.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		int rc = -errno;

		close(fd);
		return rc;
	}
	return fd;
}

// Parses a decimal number ending at stop; NULL if malformed.
static const char *parse_num(
	const char *p, const char *end, char stop, bool neg_ok, unsigned long long *v, bool *neg)
{
	const char *digits;

	*neg = neg_ok && p < end && *p == '-';
	p += *neg;
	digits = p;
	for (*v = 0; p < end && isdigit((unsigned char)*p) && p - digits < 19; p++)
		*v = *v * 10 + (unsigned long long)(*p - '0');
	if (p == digits || p == end || *p != stop)
		return NULL;
	return p + 1;
}

int mgmt_frame_header(const char *buf, size_t len, int *status, size_t *body_len, size_t *hdr_len)
{
	const char *nl = memchr(buf, '\n', len), *p;
	unsigned long long st, blen;
	bool neg, neg_len;

	if (nl == NULL)
		return len < HDR_MAX ? -EAGAIN : -EPROTO;
	p = parse_num(buf, nl + 1, ' ', true, &st, &neg);
	if (p == NULL || st > 4095)
		return -EPROTO;
	p = parse_num(p, nl + 1, '\n', false, &blen, &neg_len);
	if (p == NULL || blen > MGMT_OUT_MAX)
		return -EPROTO;
	*status = neg ? -(int)st : (int)st;
	*body_len = (size_t)blen;
	*hdr_len = (size_t)(p - buf);
	return 0;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

// Waits until fd is ready for events or the deadline passes.
static int wait_fd(int fd, short events, int64_t deadline)
{
	struct pollfd pfd = {.fd = fd, .events = events};
	int64_t left;
	int n;

	do {
		left = deadline - now_ms();
		if (left <= 0)
			return -ETIMEDOUT;
		n = poll(&pfd, 1, (int)left);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return n == 0 ? -ETIMEDOUT : 0;
}

static int send_all(int fd, const char *buf, size_t len, int64_t deadline)
{
	ssize_t n;
	int rc;

	while (len > 0) {
		if ((rc = wait_fd(fd, POLLOUT, deadline)) < 0)
			return rc;
		n = send(fd, buf, len, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			return -errno;
		if (n > 0) {
			buf += n;
			len -= (size_t)n;
		}
	}
	return 0;
}

// Reads into raw until it holds a whole frame; returns its header's fields.
static int recv_frame(int fd, struct mgmt_out *raw, int64_t deadline, int *status, size_t *body_len,
	size_t *hdr_len)
{
	char buf[65536];
	ssize_t n;
	int rc;

	for (;;) {
		rc = mgmt_frame_header(mgmt_out_str(raw), raw->len, status, body_len, hdr_len);
		if (rc == 0 && raw->len >= *hdr_len + *body_len)
			return raw->len == *hdr_len + *body_len ? 0 : -EPROTO;
		if (rc < 0 && rc != -EAGAIN)
			return rc;
		if ((rc = wait_fd(fd, POLLIN, deadline)) < 0)
			return rc;
		n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n == 0)
			return -ECONNRESET;
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			return -errno;
		if (n > 0 && mgmt_write(raw, buf, (size_t)n) < 0)
			return mgmt_out_error(raw);
	}
}

int mgmt_client_request(
	int fd, const char *line, int timeout_ms, int *status, struct mgmt_out *body)
{
	int64_t deadline = now_ms() + timeout_ms;
	struct mgmt_out raw = MGMT_OUT_INIT;
	size_t len = strlen(line), blen, hlen;
	int rc;

	if (len >= MGMT_LINE_MAX || strchr(line, '\n') != NULL)
		return -EINVAL;
	rc = mgmt_write(&raw, line, len);
	if (rc == 0)
		rc = mgmt_write(&raw, "\n", 1);
	if (rc == 0)
		rc = send_all(fd, raw.buf, raw.len, deadline);
	mgmt_out_reset(&raw);
	if (rc == 0)
		rc = recv_frame(fd, &raw, deadline, status, &blen, &hlen);
	if (rc == 0) {
		mgmt_out_reset(body);
		rc = mgmt_write(body, raw.buf + hlen, blen);
	}
	mgmt_out_free(&raw);
	return rc;
}
