// SPDX-License-Identifier: BSD-3-Clause
// RFC 2544 throughput search (rfc2544.h).
#include "cp/mgmt/rfc2544.h"

void rfc2544_init(struct rfc2544 *r, uint64_t ceiling, double tolerance, double resolution)
{
	r->ceiling = ceiling;
	r->lo = 0;
	r->hi = ceiling + 1;
	r->step = (uint64_t)((double)ceiling * resolution / 100.0);
	if (r->step == 0)
		r->step = 1;
	r->rate = ceiling;
	r->tolerance = tolerance;
}

bool rfc2544_pass(const struct rfc2544 *r, uint64_t tx, uint64_t rx)
{
	uint64_t lost = tx > rx ? tx - rx : 0;

	return tx > 0 && (double)lost * 100.0 <= r->tolerance * (double)tx;
}

uint64_t rfc2544_next(struct rfc2544 *r, bool pass)
{
	if (pass)
		r->lo = r->rate;
	else
		r->hi = r->rate;
	if (r->lo == r->ceiling || r->hi - r->lo <= r->step)
		return r->rate = 0;
	return r->rate = r->lo + (r->hi - r->lo) / 2;
}
