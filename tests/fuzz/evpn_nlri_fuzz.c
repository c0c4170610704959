// SPDX-License-Identifier: BSD-3-Clause
// libFuzzer target for cp/evpn: the EVPN NLRI walk (with and without add-path)
// and the extended community decoder. Oracles beyond the sanitizers: every
// route the walk yields re-encodes to exactly the octets it came from, and a
// decoded community re-encodes to one that decodes the same. Build and run
// with tests/fuzz/run_evpn.sh.
#include "cp/bgp/bgp_msg.h"
#include "cp/evpn/evpn_ecomm.h"
#include "cp/evpn/evpn_nlri.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile uint32_t sink;

static void walk(const uint8_t *f, size_t len, bool add_path)
{
	struct evpn_nlri_iter it;
	struct evpn_route r, back;
	uint8_t out[4 + 2 + EVPN_NLRI_MAX_VALUE];
	char s[EVPN_ROUTE_STRLEN + EVPN_RD_STRLEN];
	int rc;

	evpn_nlri_iter_init(&it, f, len, add_path);
	while ((rc = evpn_nlri_next(&it, &r)) > 0) {
		int n = evpn_route_encode(out, sizeof(out), &r, add_path);
		if (n <= 0 || (size_t)n > len)
			abort();
		// The route just read ends where the walk now stands.
		if (memcmp(out, it.p - n, (size_t)n) != 0)
			abort();
		if (evpn_route_decode(out[add_path ? 4 : 0], out + (add_path ? 6 : 2),
			    (size_t)n - (add_path ? 6 : 2), &back, NULL) != 0)
			abort();
		back.path_id = r.path_id; // decode sees the value only
		if (!evpn_route_same_key(&r, &back))
			abort();
		sink += (uint32_t)evpn_route_rd_str(s, sizeof(s), &r);
	}
	if (rc < 0 && it.status.action != BGP_ACTION_SESSION_RESET)
		abort();
	if (evpn_nlri_check(f, len, add_path, NULL) != rc)
		abort();
}

static void ecomms(const uint8_t *d, size_t len)
{
	char s[256];
	struct evpn_ecomm_info info;

	for (size_t off = 0; off + EVPN_ECOMM_LEN <= len; off += EVPN_ECOMM_LEN) {
		struct evpn_ecomm ec, back;
		uint8_t raw[EVPN_ECOMM_LEN];
		if (evpn_ecomm_decode(d + off, &ec) == EVPN_EC_UNKNOWN)
			continue;
		if (evpn_ecomm_encode(&ec, raw) != 0)
			abort();
		evpn_ecomm_decode(raw, &back);
		if (memcmp(&ec, &back, sizeof(ec)) != 0)
			abort();
	}
	sink += (uint32_t)evpn_ecomm_list_str(s, sizeof(s), d, len);
	evpn_ecomm_scan(d, len, &info);
	sink += info.mm_seq + info.n_rt;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	walk(data, size, false);
	walk(data, size, true);
	ecomms(data, size);
	return 0;
}
