// SPDX-License-Identifier: BSD-3-Clause
// evpnctl commands of the EVPN VTEP (FRR-like text, and json):
//   show evpn vni [<VNI>]                  VNIs: RD, RTs, MAC counts, flood VTEPs
//   show evpn mac vni <VNI|all> [detail]   MACs: local/remote, port/VTEP, sequences, dup
//   show evpn arp-cache vni <VNI>          IP neighbours: local/remote, MAC, VTEP, seqs
//   show evpn rmac vni <VNI|all>           router MACs of remote VTEPs per L3VNI
//   show evpn next-hops vni <VNI|all>      remote VTEPs (L3 next hops) per L3VNI
//   show bgp l2vpn evpn [route-type <N>]   our routes and the received ones, by RD
//   clear evpn dup-addr [vni <VNI|all>]    thaw duplicate (frozen) MACs
#ifndef EVPND_SHOW_EVPN_H
#define EVPND_SHOW_EVPN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cp/evpn/evpn_vni.h"

int show_evpn_register(void);
// show evpn arp-cache (show_evpn_arp.c)
int show_evpn_arp_register(void);
// The IP neighbours of each VNI of in as the arp-cache lists them (FRR's numArpNd),
// counts[i] for in->vnis[i], from one walk of the EVPN RIB: 0 or -ENOMEM.
int show_evpn_arp_counts(const struct evpn_inst *in, size_t *counts);
// show evpn rmac / next-hops vni, the L3VNIs of show evpn vni (show_evpn_l3.c)
struct json_writer;
struct mgmt_out;
int show_evpn_l3_register(void);
bool show_evpn_l3_exists(uint32_t vni);
size_t show_evpn_l3_count(uint32_t vni); // L3VNIs (vni 0: all)
int show_evpn_l3_table(uint32_t vni, struct mgmt_out *out);
int show_evpn_l3_detail(uint32_t vni, struct mgmt_out *out); // show evpn vni <L3VNI>
void show_evpn_l3_json(struct json_writer *w, uint32_t vni);
// show bgp l2vpn evpn (show_evpn_bgp.c)
int show_evpn_bgp_register(void);

#endif
