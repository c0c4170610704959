// SPDX-License-Identifier: BSD-3-Clause
// The byte queues of a BGP connection (struct bgp_buf, bgp_peer.h): append at
// the back, consume from the front.
#ifndef EVPND_BGP_BUF_H
#define EVPND_BGP_BUF_H

#include <stddef.h>

#include "cp/bgp/bgp_peer.h"

int bgp_buf_append(struct bgp_buf *b, const void *data, size_t len);
static inline size_t bgp_buf_used(const struct bgp_buf *b)
{
	return b->len - b->off;
}
void bgp_buf_free(struct bgp_buf *b);

#endif
