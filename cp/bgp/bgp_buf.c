// SPDX-License-Identifier: BSD-3-Clause
// The byte queues of a BGP connection. Apart from bgp_io.c so that the FSM's
// unit test can link a fake socket layer with the real buffers.
#include "cp/bgp/bgp_buf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int bgp_buf_append(struct bgp_buf *b, const void *data, size_t len)
{
	if (b->len + len > b->cap) {
		if (b->off > 0) {
			memmove(b->data, b->data + b->off, b->len - b->off);
			b->len -= b->off;
			b->off = 0;
		}
		size_t cap = b->cap ? b->cap : 16384;
		while (cap < b->len + len)
			cap *= 2;
		uint8_t *d = cap != b->cap ? realloc(b->data, cap) : b->data;
		if (d == NULL)
			return -ENOMEM;
		b->data = d;
		b->cap = cap;
	}
	memcpy(b->data + b->len, data, len);
	b->len += len;
	return 0;
}

void bgp_buf_free(struct bgp_buf *b)
{
	free(b->data);
	memset(b, 0, sizeof(*b));
}
