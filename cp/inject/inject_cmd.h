// SPDX-License-Identifier: BSD-3-Clause
// The text commands of the route-injection API (a helper process's stdout, or
// `evpnctl inject ...`), one per line, parsed into a typed request. Pure: no I/O,
// no state; a line that does not parse changes nothing and gets a message naming
// its fault. The spelling follows ExaBGP's text API where it has one:
//
//   announce|withdraw route PREFIX [next-hop self|ADDR] [community A:B | [A:B ...]]
//                                  [large-community A:B:C | [A:B:C ...]] [med N]
//                                  [local-preference N] [origin igp|egp|incomplete]
//   announce|withdraw evpn macip rd RD mac MAC [ip ADDR] vni N|label N rt A:B [rt ...]
//                                  [next-hop self|ADDR] [seq N] [sticky] [l3vni N router-mac MAC]
//   announce|withdraw evpn multicast rd RD vni N|label N rt A:B [next-hop self|ADDR]
//   announce|withdraw evpn prefix rd RD prefix P vni N|label N rt A:B [gateway G]
//                                  [router-mac MAC] [next-hop self|ADDR]
//   flush
//
// A withdraw needs the route's key only (PREFIX; rd, mac, ip; rd and next hop;
// rd and prefix): the other words are accepted and ignored, so an announce line
// with its first word changed withdraws what it announced.
#ifndef EVPND_INJECT_CMD_H
#define EVPND_INJECT_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cp/cp_addr.h"
#include "cp/evpn/evpn_inject.h"

#define INJECT_LINE_MAX 1024 // longer lines are refused
#define INJECT_MAX_COMM 16
#define INJECT_MAX_LARGE 8

enum inject_op {
	INJECT_ANNOUNCE,
	INJECT_WITHDRAW,
	INJECT_FLUSH,
};

enum inject_kind {
	INJECT_UNICAST, // announce route: IPv4 or IPv6 unicast
	INJECT_EVPN,	// announce evpn ...: the route in evpn (evpn_inject.h)
};

struct inject_cmd {
	uint8_t op;   // enum inject_op
	uint8_t kind; // enum inject_kind
	// unicast
	struct cp_ip prefix;
	uint8_t len;
	struct cp_ip nexthop; // family 0: next-hop self (EVPN too)
	uint32_t comm[INJECT_MAX_COMM];
	uint8_t n_comm;
	uint32_t large[INJECT_MAX_LARGE][3];
	uint8_t n_large;
	uint8_t origin; // BGP_ORIGIN_* (IGP unless given)
	bool has_med, has_local_pref;
	uint32_t med, local_pref;
	// evpn
	struct evpn_inject evpn;
};

#define INJECT_ERR_MAX 128

// Parses one line (without its '\n'). 0, or -EINVAL with the fault in err
// ("unknown keyword 'foo'", "rd: bad route distinguisher '1.2.3'").
int inject_cmd_parse(const char *line, struct inject_cmd *c, char *err, size_t err_len);

#endif
