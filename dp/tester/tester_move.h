// SPDX-License-Identifier: BSD-3-Clause
// MAC-move convergence as one receiver (a worker) sees a stream toward a moved host:
// the frames that came back by the old path (the host's previous emulated VTEP) and by
// the new one since the move, the last of the old and the first of the new (receive
// and send TSC, sequence number), and the frames sent after the move that still took
// the old path (misdelivered). Pure C, no DPDK: tester_rx calls it per frame of a stream
// with a move armed, the report merges the workers' copies.
#ifndef EVPND_TESTER_MOVE_H
#define EVPND_TESTER_MOVE_H

#include <stdbool.h>
#include <stdint.h>

struct tester_move_acct {
	uint64_t old_pkts, new_pkts;
	uint64_t misdelivered; // by the old path, sent at or after the move
	bool has_old; // a frame by the old path since the move, or the last before it
	uint64_t old_last_rx, old_last_tx, old_last_seq; // maxima (has_old)
	uint64_t new_first_rx, new_first_tx, new_first_seq; // minima (new_pkts > 0)
};

// The figures of a move (TSC cycles and frames).
struct tester_move_result {
	bool converged;	     // a frame came by the new path
	uint64_t outage_rx;  // first received by the new path - last by the old (or the move)
	uint64_t outage_tx;  // the same frames' send times: no receive-side jitter
	uint64_t lost;	     // sequence numbers between the last old and the first new frame
	uint64_t misdelivered, old_pkts, new_pkts;
};

void tester_move_reset(struct tester_move_acct *a);
// The frame before the move, when it came by the old path: the last old one until
// another comes (not counted: old_pkts are the frames since the move).
void tester_move_seed(struct tester_move_acct *a, uint64_t seq, uint64_t tx, uint64_t rx);
// One frame of the stream by the old or the new path (rx: its receive TSC, tx: its
// send TSC from the payload, move: the move's TSC).
void tester_move_frame(struct tester_move_acct *a, bool new_path, uint64_t seq, uint64_t tx,
	uint64_t rx, uint64_t move);
void tester_move_merge(struct tester_move_acct *dst, const struct tester_move_acct *src);
// The outage counts from the last frame by the old path, or from the move when none
// came after it; a negative one (both paths at once) is 0.
void tester_move_result(const struct tester_move_acct *a, uint64_t move,
	struct tester_move_result *r);

#endif
