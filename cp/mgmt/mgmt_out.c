// SPDX-License-Identifier: BSD-3-Clause
// The growable output buffer of management commands.
#include "cp/mgmt/mgmt_out.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void mgmt_out_init(struct mgmt_out *out)
{
	*out = (struct mgmt_out)MGMT_OUT_INIT;
}

void mgmt_out_free(struct mgmt_out *out)
{
	free(out->buf);
	mgmt_out_init(out);
}

void mgmt_out_reset(struct mgmt_out *out)
{
	out->len = 0;
	out->err = 0;
	if (out->buf != NULL)
		out->buf[0] = '\0';
}

void mgmt_out_truncate(struct mgmt_out *out, size_t len)
{
	if (len < out->len) {
		out->len = len;
		out->buf[len] = '\0';
	}
	out->err = 0;
}

const char *mgmt_out_str(const struct mgmt_out *out)
{
	return out->buf != NULL ? out->buf : "";
}

int mgmt_out_error(const struct mgmt_out *out)
{
	return out->err;
}

// Makes room for len more bytes plus the NUL, doubling the capacity.
static int out_reserve(struct mgmt_out *out, size_t len)
{
	size_t need, cap;
	char *buf;

	if (out->err != 0)
		return out->err;
	if (len > MGMT_OUT_MAX - out->len)
		return out->err = -EFBIG;
	need = out->len + len + 1;
	if (need <= out->cap)
		return 0;
	cap = out->cap != 0 ? out->cap : 256;
	while (cap < need)
		cap *= 2;
	buf = realloc(out->buf, cap);
	if (buf == NULL)
		return out->err = -ENOMEM;
	out->buf = buf;
	out->cap = cap;
	return 0;
}

int mgmt_write(struct mgmt_out *out, const void *data, size_t len)
{
	int rc = out_reserve(out, len);

	if (rc < 0)
		return rc;
	if (len > 0)
		memcpy(out->buf + out->len, data, len);
	out->len += len;
	out->buf[out->len] = '\0';
	return 0;
}

int mgmt_puts(struct mgmt_out *out, const char *s)
{
	return mgmt_write(out, s, strlen(s));
}

int mgmt_vprintf(struct mgmt_out *out, const char *fmt, va_list ap)
{
	va_list ap2;
	int n, rc;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return out->err = -EINVAL;
	rc = out_reserve(out, (size_t)n);
	if (rc < 0)
		return rc;
	vsnprintf(out->buf + out->len, (size_t)n + 1, fmt, ap);
	out->len += (size_t)n;
	return 0;
}

int mgmt_printf(struct mgmt_out *out, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = mgmt_vprintf(out, fmt, ap);
	va_end(ap);
	return rc;
}
