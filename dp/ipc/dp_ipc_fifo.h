// SPDX-License-Identifier: BSD-3-Clause
// A first-in first-out queue of fixed-size elements that grows as needed (the
// forwarding process's messages for the writer and notifications for the control
// process, which a restart's re-sync or replay may make large).
#ifndef EVPND_DP_IPC_FIFO_H
#define EVPND_DP_IPC_FIFO_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct dp_ipc_fifo {
	uint8_t *buf;
	size_t esize;		// bytes of an element
	size_t head, len, cap;	// in elements
};

static inline void *dp_ipc_fifo_at(const struct dp_ipc_fifo *f, size_t i)
{
	return f->buf + (f->head + i) * f->esize;
}

// Appends one element: 0 or -ENOMEM.
static inline int dp_ipc_fifo_push(struct dp_ipc_fifo *f, const void *e)
{
	if (f->head + f->len == f->cap) {
		if (f->head > 0) {
			memmove(f->buf, f->buf + f->head * f->esize, f->len * f->esize);
			f->head = 0;
		} else {
			size_t cap = f->cap ? f->cap * 2 : 4096;
			uint8_t *b = realloc(f->buf, cap * f->esize);
			if (b == NULL)
				return -ENOMEM;
			f->buf = b;
			f->cap = cap;
		}
	}
	memcpy(f->buf + (f->head + f->len++) * f->esize, e, f->esize);
	return 0;
}

// Drops the n oldest elements.
static inline void dp_ipc_fifo_pop(struct dp_ipc_fifo *f, size_t n)
{
	f->head += n;
	f->len -= n;
	if (f->len == 0)
		f->head = 0;
}

static inline void dp_ipc_fifo_clear(struct dp_ipc_fifo *f)
{
	f->head = f->len = 0;
}

static inline void dp_ipc_fifo_free(struct dp_ipc_fifo *f)
{
	free(f->buf);
	f->buf = NULL;
	f->head = f->len = f->cap = 0;
}

#endif
