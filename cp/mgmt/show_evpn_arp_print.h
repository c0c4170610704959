// SPDX-License-Identifier: BSD-3-Clause
// The printer behind `show evpn arp-cache vni <VNI> [json]` (show_evpn_arp.c),
// as FRR 8.4's zebra prints it (zebra_vxlan_print_neigh_vni): the IP
// neighbours EVPN knows for a VNI, one per IP. Local ones are the IPs of our
// MAC+IP routes (snooped ARP/ND/DHCP for local MACs, evpn_local); remote ones
// the best MAC+IP paths of the EVPN RIB that the VNI imports. The table and its
// printing are kept apart from the walks so that unit tests can feed rows in.
//
// FRR keeps one neighbour per IP, either local or remote, with the sequence
// numbers of both sides; so do we: a local route wins over remote paths for the
// same IP (it is what we advertise), and among remote paths the highest MAC
// mobility sequence wins. The other side's highest sequence is kept beside it.
#ifndef EVPND_SHOW_EVPN_ARP_PRINT_H
#define EVPND_SHOW_EVPN_ARP_PRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cp/evpn/evpn_nlri.h"
#include "cp/mgmt/mgmt_out.h"
#include "dp/dp_api.h"

struct evpn_arp_row {
	struct cp_ip ip;
	uint8_t mac[6];
	bool local;
	bool active;	   // local; remote: its VTEP is reachable in the underlay
	bool duplicate;	   // its MAC is a detected duplicate (FRR's IPs inherit it)
	bool proxied;	   // the dataplane answers ARP/ND for it (RFC 9161 suppression)
	struct dp_ip vtep; // remote: the next hop of the path
	uint32_t local_seq, remote_seq;
};

struct evpn_arp_table {
	struct evpn_arp_row *v;
	size_t n, cap;
};

// Appends a copy of r: 0 or -ENOMEM.
int evpn_arp_add(struct evpn_arp_table *t, const struct evpn_arp_row *r);
// Sorts by IP (IPv4 first) and keeps one row per IP, as said above.
void evpn_arp_merge(struct evpn_arp_table *t);
void evpn_arp_free(struct evpn_arp_table *t);

void evpn_arp_print_text(struct mgmt_out *out, const struct evpn_arp_table *t);
// 0 or -errno (the JSON writer's status).
int evpn_arp_print_json(struct mgmt_out *out, const struct evpn_arp_table *t);

#endif
