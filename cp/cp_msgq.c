// SPDX-License-Identifier: BSD-3-Clause
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cp/cp_log.h"
#include "cp/cp_msgq.h"

// A FIFO of messages that did not fit in the ring: [head, tail) of a growable array.
static struct {
	struct dp_msg *q;
	size_t head, tail, cap;
} backlog;

static int backlog_push(const struct dp_msg *m)
{
	if (backlog.tail == backlog.cap) {
		size_t live = backlog.tail - backlog.head;
		if (backlog.head > 0 && live < backlog.cap / 2) {
			memmove(backlog.q, backlog.q + backlog.head, live * sizeof(*m));
		} else {
			size_t cap = backlog.cap ? backlog.cap * 2 : 4096;
			struct dp_msg *q = realloc(backlog.q, cap * sizeof(*q));
			if (q == NULL) {
				CP_ERR("dp", "cannot queue a dataplane message: out of memory");
				return -ENOMEM;
			}
			backlog.q = q;
			backlog.cap = cap;
		}
		backlog.tail -= backlog.head;
		backlog.head = 0;
	}
	backlog.q[backlog.tail++] = *m;
	return 0;
}

unsigned cp_send_flush(void)
{
	unsigned sent = 0;
	while (backlog.head < backlog.tail && dp_msg_send(&backlog.q[backlog.head]) == 0) {
		backlog.head++;
		sent++;
	}
	if (backlog.head == backlog.tail)
		backlog.head = backlog.tail = 0;
	return sent;
}

int cp_send(const struct dp_msg *m)
{
	// Order matters (a MAC after its bridge domain): never overtake the backlog.
	if (backlog.head == backlog.tail && dp_msg_send(m) == 0)
		return 0;
	return backlog_push(m);
}

size_t cp_send_backlog(void)
{
	return backlog.tail - backlog.head;
}

void cp_send_fini(void)
{
	free(backlog.q);
	memset(&backlog, 0, sizeof(backlog));
}
