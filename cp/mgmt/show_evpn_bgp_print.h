// SPDX-License-Identifier: BSD-3-Clause
// The printer behind `show bgp l2vpn evpn [route-type N]` and
// `show bgp l2vpn evpn route [type N]`: rows (one per path, already decoded)
// in, FRR 8's text or JSON out. Kept apart from the RIB walk so that unit
// tests can compare its output with FRR's byte for byte.
//
// FRR has two shapes and so do we:
//   table view (`show bgp l2vpn evpn`, bgpd bgp_show_ethernet_vpn): header
//     keys in the JSON, each path a JSON object in "paths", totals
//     "numPrefix"/"totalPrefix", text ending "Displayed N out of M total prefixes";
//   route view (`... route [type T]`, bgpd evpn_show_all_routes): no header
//     keys, each path wrapped in an array of its own, "numPrefix"/"numPaths",
//     an "Extended Community" header line and "Displayed N prefixes (M paths)".
// Both group paths by RD, then prefix, best path first.
#ifndef EVPND_SHOW_EVPN_BGP_PRINT_H
#define EVPND_SHOW_EVPN_BGP_PRINT_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cp/bgp/bgp_msg.h"
#include "cp/evpn/evpn_nlri.h"
#include "cp/mgmt/mgmt_out.h"
#include "dp/dp_api.h"

// One path as shown.
struct evpn_bgp_row {
	struct evpn_route route;
	char prefix[EVPN_ROUTE_STRLEN]; // [2]:[0]:[48]:[aa:bb:cc:dd:ee:ff]
	char rd[EVPN_RD_STRLEN];
	char nexthop[INET6_ADDRSTRLEN];
	char peer[INET6_ADDRSTRLEN]; // "(unspec)" for our own routes, as FRR
	char path[128];		     // AS path, "" when empty
	char ecomm[512];	     // "ET:8 RT:65000:100"
	struct bgp_bytes comms;	     // standard communities in wire form (in the path's
	struct bgp_bytes large;	     // attributes, alive while printing), and large ones
	bool local, best, stale, ebgp, has_lp, has_med;
	bool invalid;	// next hop inaccessible (the underlay does not reach it)
	uint8_t origin; // 0 IGP, 1 EGP, 2 incomplete
	uint32_t lp, med, weight;
};

struct evpn_bgp_table {
	struct evpn_bgp_row *v;
	size_t n;
	size_t n_total; // paths in the table before the type filter
	struct in_addr router_id;
	uint32_t asn;
	uint8_t type;	 // route type filter, 0 = all
	bool route_view; // `route [type T]` shape, else the table view
	bool adj_view;	 // a neighbor's routes: FRR's "Total number of prefixes N" at the end
	bool detail;	 // `route detail`: each path as FRR's route_vty_out_detail (text)
};

// Fills the route, prefix, RD, next hop and communities of a row.
void evpn_bgp_row_fill(struct evpn_bgp_row *r, const struct evpn_route *route,
	const struct dp_ip *nexthop, const uint8_t *ecomm, size_t ecomm_len);
// Sorts by RD octets, then prefix, best path first.
void evpn_bgp_table_sort(struct evpn_bgp_table *t);
void evpn_bgp_print_text(struct mgmt_out *out, const struct evpn_bgp_table *t);
// 0 or -errno (the JSON writer's status).
int evpn_bgp_print_json(struct mgmt_out *out, const struct evpn_bgp_table *t);

// FRR's names of the route types (ead, macip, multicast, es, prefix) or their
// numbers 1-5. 0 and *type set, or -EINVAL.
int evpn_bgp_route_type(const char *s, uint8_t *type);

#endif
