// SPDX-License-Identifier: BSD-3-Clause
// Standard (RFC 1997) and large (RFC 8092) communities as FRR 8 prints them:
// text "65000:100 no-export" (bgpd community_com2str, lcommunity_str), and in
// JSON {"string": "65000:100 no-export", "list": ["65000:100", "noExport"]}
// under "community" and "largeCommunity" of a path.
#ifndef EVPND_SHOW_COMM_H
#define EVPND_SHOW_COMM_H

#include <stddef.h>

#include "cp/bgp/bgp_msg.h"
#include "cp/mgmt/mgmt_out.h"

// The list in wire form (4 or 12 octets each) as text, malloc'd (the caller
// frees it); "" when empty, NULL on ENOMEM.
char *show_comm_str(struct bgp_bytes list);
char *show_large_str(struct bgp_bytes list);
// "community": {...} and "largeCommunity": {...}; nothing for an empty list.
void show_comm_json(struct json_writer *w, struct bgp_bytes list);
void show_large_json(struct json_writer *w, struct bgp_bytes list);

#endif
