// SPDX-License-Identifier: BSD-3-Clause
// MAC-move accounting (tester_move.h): per frame a few compares; no allocation.
#include <string.h>

#include "dp/tester/tester_move.h"

void tester_move_reset(struct tester_move_acct *a)
{
	memset(a, 0, sizeof(*a));
	a->new_first_rx = a->new_first_tx = a->new_first_seq = UINT64_MAX;
}

void tester_move_seed(struct tester_move_acct *a, uint64_t seq, uint64_t tx, uint64_t rx)
{
	a->has_old = true;
	a->old_last_rx = rx;
	a->old_last_tx = tx;
	a->old_last_seq = seq;
}

static inline void max_to(uint64_t *dst, uint64_t v)
{
	if (v > *dst)
		*dst = v;
}

static inline void min_to(uint64_t *dst, uint64_t v)
{
	if (v < *dst)
		*dst = v;
}

void tester_move_frame(struct tester_move_acct *a, bool new_path, uint64_t seq, uint64_t tx,
	uint64_t rx, uint64_t move)
{
	if (new_path) {
		a->new_pkts++;
		min_to(&a->new_first_rx, rx);
		min_to(&a->new_first_tx, tx);
		min_to(&a->new_first_seq, seq);
		return;
	}
	a->old_pkts++;
	a->has_old = true;
	if (tx >= move)
		a->misdelivered++;
	max_to(&a->old_last_rx, rx);
	max_to(&a->old_last_tx, tx);
	max_to(&a->old_last_seq, seq);
}

void tester_move_merge(struct tester_move_acct *dst, const struct tester_move_acct *src)
{
	dst->old_pkts += src->old_pkts;
	dst->new_pkts += src->new_pkts;
	dst->misdelivered += src->misdelivered;
	dst->has_old = dst->has_old || src->has_old;
	max_to(&dst->old_last_rx, src->old_last_rx);
	max_to(&dst->old_last_tx, src->old_last_tx);
	max_to(&dst->old_last_seq, src->old_last_seq);
	min_to(&dst->new_first_rx, src->new_first_rx);
	min_to(&dst->new_first_tx, src->new_first_tx);
	min_to(&dst->new_first_seq, src->new_first_seq);
}

static uint64_t after(uint64_t later, uint64_t earlier)
{
	return later > earlier ? later - earlier : 0;
}

void tester_move_result(const struct tester_move_acct *a, uint64_t move,
	struct tester_move_result *r)
{
	bool old = a->has_old;

	memset(r, 0, sizeof(*r));
	r->misdelivered = a->misdelivered;
	r->old_pkts = a->old_pkts;
	r->new_pkts = a->new_pkts;
	r->converged = a->new_pkts > 0;
	if (!r->converged)
		return;
	r->outage_rx = after(a->new_first_rx, old ? a->old_last_rx : move);
	r->outage_tx = after(a->new_first_tx, old ? a->old_last_tx : move);
	// without an old frame, where the gap starts is not known here (the stream's own
	// sequence accounting counts it)
	if (old && a->new_first_seq > a->old_last_seq + 1)
		r->lost = a->new_first_seq - a->old_last_seq - 1;
}
