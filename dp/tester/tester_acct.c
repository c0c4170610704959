// SPDX-License-Identifier: BSD-3-Clause
// Stream accounting (tester_acct.h). Per packet: a few compares, one bit in the
// window and one histogram bucket; no allocation.
#include <string.h>

#include "dp/tester/tester_acct.h"

void tester_acct_reset(struct tester_acct *a)
{
	memset(a, 0, sizeof(*a));
	a->lat_min = UINT64_MAX;
}

static inline uint64_t *seen_word(struct tester_acct *a, uint64_t seq, uint64_t *bit)
{
	*bit = UINT64_C(1) << (seq % 64);
	return &a->seen[(seq % TESTER_SEQ_WINDOW) / 64];
}

// The window moves up to seq + 1: the numbers skipped become not seen.
static void seq_advance(struct tester_acct *a, uint64_t seq)
{
	uint64_t bit;

	if (seq - a->next_seq >= TESTER_SEQ_WINDOW)
		memset(a->seen, 0, sizeof(a->seen));
	else
		for (uint64_t s = a->next_seq; s < seq; s++)
			*seen_word(a, s, &bit) &= ~bit;
	a->lost += seq - a->next_seq;
	a->next_seq = seq + 1;
}

void tester_acct_seq(struct tester_acct *a, uint64_t seq)
{
	uint64_t bit, *word;

	if (seq >= a->next_seq) {
		if (seq > a->next_seq)
			seq_advance(a, seq);
		else
			a->next_seq = seq + 1;
		*seen_word(a, seq, &bit) |= bit;
		return;
	}
	// Late: a duplicate, or one counted lost when a higher one came first.
	if (a->next_seq - seq > TESTER_SEQ_WINDOW) {
		a->reorder++;
		if (a->lost > 0)
			a->lost--;
		return;
	}
	word = seen_word(a, seq, &bit);
	if (*word & bit) {
		a->dup++;
		return;
	}
	*word |= bit;
	a->reorder++;
	a->lost--; // it was skipped, so counted
}

unsigned tester_hist_bucket(uint64_t v)
{
	unsigned e;

	if (v < TESTER_HIST_SUB)
		return (unsigned)v;
	e = 63u - (unsigned)__builtin_clzll(v);
	if (e > TESTER_HIST_MAX_EXP)
		return TESTER_HIST_BUCKETS - 1;
	return (e - 3) * TESTER_HIST_SUB + (unsigned)((v >> (e - 4)) & (TESTER_HIST_SUB - 1));
}

uint64_t tester_hist_low(unsigned b)
{
	unsigned e;

	if (b < TESTER_HIST_SUB)
		return b;
	e = b / TESTER_HIST_SUB + 3;
	return (uint64_t)(TESTER_HIST_SUB + b % TESTER_HIST_SUB) << (e - 4);
}

void tester_acct_latency(struct tester_acct *a, uint64_t lat)
{
	if (lat < a->lat_min)
		a->lat_min = lat;
	if (lat > a->lat_max)
		a->lat_max = lat;
	a->lat_sum += lat;
	a->lat_n++;
	a->hist[tester_hist_bucket(lat)]++;
}

void tester_acct_merge(struct tester_acct *dst, const struct tester_acct *src)
{
	dst->pkts += src->pkts;
	dst->bytes += src->bytes;
	dst->lost += src->lost;
	dst->dup += src->dup;
	dst->reorder += src->reorder;
	dst->wrong_vni += src->wrong_vni;
	dst->wrong_port += src->wrong_port;
	if (src->next_seq > dst->next_seq)
		dst->next_seq = src->next_seq;
	if (src->lat_min < dst->lat_min)
		dst->lat_min = src->lat_min;
	if (src->lat_max > dst->lat_max)
		dst->lat_max = src->lat_max;
	dst->lat_sum += src->lat_sum;
	dst->lat_n += src->lat_n;
	for (unsigned b = 0; b < TESTER_HIST_BUCKETS; b++)
		dst->hist[b] += src->hist[b];
}

uint64_t tester_acct_percentile(const struct tester_acct *a, double pct)
{
	uint64_t want, sum = 0, mid;

	if (a->lat_n == 0)
		return 0;
	if (pct <= 0)
		return a->lat_min;
	want = (uint64_t)((double)a->lat_n * pct / 100.0 + 0.999999);
	if (want == 0)
		want = 1;
	for (unsigned b = 0; b < TESTER_HIST_BUCKETS; b++) {
		sum += a->hist[b];
		if (sum < want)
			continue;
		if (sum == a->lat_n) // the highest bucket: max is in it, and exact
			return a->lat_max;
		mid = b + 1 < TESTER_HIST_BUCKETS ?
			(tester_hist_low(b) + tester_hist_low(b + 1) - 1) / 2 : tester_hist_low(b);
		if (mid < a->lat_min)
			return a->lat_min;
		return mid > a->lat_max ? a->lat_max : mid;
	}
	return a->lat_max;
}
