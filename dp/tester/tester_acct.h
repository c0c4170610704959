// SPDX-License-Identifier: BSD-3-Clause
// The tester's accounting of one stream as one receiver (a worker) sees it: packets,
// bytes, sequence tracking (loss from gaps, duplicates, reordering) and latency (min,
// mean, max and a log-linear histogram for percentiles). Pure C, no DPDK: the receiver
// node calls it per packet, the report merges the workers' copies.
#ifndef EVPND_TESTER_ACCT_H
#define EVPND_TESTER_ACCT_H

#include <stdint.h>

// Sequence numbers remembered behind the highest one seen: a late packet inside the
// window is told apart as a duplicate or a reordered one; an older one counts as
// reordered (too late to tell).
#define TESTER_SEQ_WINDOW 1024
// Latency histogram: values below 16 exactly, then 16 buckets per power of two (the
// bucket's width is 1/16 of its lower bound: a percentile is within 6.25%), up to 2^48.
#define TESTER_HIST_SUB 16
#define TESTER_HIST_MAX_EXP 47
#define TESTER_HIST_BUCKETS ((TESTER_HIST_MAX_EXP - 3) * TESTER_HIST_SUB + TESTER_HIST_SUB)

struct tester_acct {
	uint64_t pkts, bytes;
	uint64_t lost;	  // sequence numbers skipped and not (yet) seen late
	uint64_t dup;	  // seen twice
	uint64_t reorder; // arrived after a higher one
	uint64_t wrong_vni, wrong_port;
	uint64_t next_seq; // the highest seen + 1 (0: none yet)
	uint64_t lat_min, lat_max, lat_sum, lat_n; // in the caller's unit (TSC cycles)
	uint64_t seen[TESTER_SEQ_WINDOW / 64];	   // bit s % WINDOW: s in [next - WINDOW, next) seen
	uint32_t hist[TESTER_HIST_BUCKETS];
};

void tester_acct_reset(struct tester_acct *a);
// A packet's sequence number: in order, after a gap (the numbers skipped are lost until
// they come), late (reordered: no longer lost) or again (a duplicate). The caller counts
// packets and bytes.
void tester_acct_seq(struct tester_acct *a, uint64_t seq);
// A packet's latency: min, max, sum and its histogram bucket.
void tester_acct_latency(struct tester_acct *a, uint64_t lat);
// Adds src's counts and histogram into dst (the report: every worker's view).
void tester_acct_merge(struct tester_acct *dst, const struct tester_acct *src);
// The latency below which a fraction pct (0..100) of the packets fell, from the
// histogram (the bucket's middle, kept within min..max); 0 without packets.
uint64_t tester_acct_percentile(const struct tester_acct *a, double pct);
// The histogram's bucket of a latency, and the lowest value of a bucket.
unsigned tester_hist_bucket(uint64_t v);
uint64_t tester_hist_low(unsigned bucket);

#endif
