// SPDX-License-Identifier: BSD-3-Clause
// RFC 2544 throughput (26.1): a binary search for the highest rate at which a trial
// loses no more than a tolerance of its frames, between 0 and a ceiling (the first
// trial), to a resolution. Pure logic: show_rfc2544.c runs the trials.
#ifndef EVPND_RFC2544_H
#define EVPND_RFC2544_H

#include <stdbool.h>
#include <stdint.h>

struct rfc2544 {
	uint64_t ceiling;  // pps, the first rate tried
	uint64_t lo, hi;   // the highest rate that passed (0: none), the lowest that failed
	uint64_t step;	   // the search ends when hi - lo is no more than this
	uint64_t rate;	   // the rate of the trial to run
	double tolerance;  // percent of a trial's frames it may lose and pass
};

// ceiling pps; tolerance and resolution in percent (of the frames; of the ceiling).
void rfc2544_init(struct rfc2544 *r, uint64_t ceiling, double tolerance, double resolution);
// Whether a trial that sent tx frames and got rx back (duplicates removed) passes.
bool rfc2544_pass(const struct rfc2544 *r, uint64_t tx, uint64_t rx);
// Records the trial at r->rate; the next rate to try (r->rate), or 0 when the search is
// over: r->lo is the throughput.
uint64_t rfc2544_next(struct rfc2544 *r, bool pass);

#endif
