// SPDX-License-Identifier: BSD-3-Clause
// libFuzzer target for the route-injection command parser (cp/inject/inject_cmd.c):
// one input is one line (up to its first NUL). Oracles beyond the sanitizers: a
// refused line has a message; an accepted EVPN announce encodes (evpn_inject_build,
// next hop self = 198.51.100.1) to NLRI that decodes to the route type it said, so the
// parser never lets through what the RIB would refuse. Build and run with
// tests/fuzz/run_cp.sh N inject_cmd.
#include <stdlib.h>
#include <string.h>

#include "cp/inject/inject_cmd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_evpn(const struct inject_cmd *c)
{
	static struct evpn_route_out out;
	struct cp_ip self;
	struct evpn_route r;
	enum evpn_nlri_err e;

	if (cp_ip_parse("198.51.100.1", &self) < 0)
		abort();
	if (evpn_inject_build(&c->evpn, c->nexthop.family ? &c->nexthop : &self, &out) < 0)
		abort();
	if (out.nlri_len < 2 || out.nlri[0] != c->evpn.type ||
		evpn_route_decode(out.nlri[0], out.nlri + 2, out.nlri_len - 2u, &r, &e) < 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char line[2 * INJECT_LINE_MAX];
	char err[INJECT_ERR_MAX] = "";
	struct inject_cmd c;

	if (size >= sizeof(line))
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';
	if (inject_cmd_parse(line, &c, err, sizeof(err)) < 0) {
		if (err[0] == '\0')
			abort();
		return 0;
	}
	if (c.op == INJECT_ANNOUNCE && c.kind == INJECT_EVPN)
		check_evpn(&c);
	return 0;
}
