// SPDX-License-Identifier: BSD-3-Clause
// evpnctl commands of the BGP speaker: show bgp summary / neighbors / ipv4
// unicast (text and FRR-shaped json), clear bgp.
#ifndef EVPND_SHOW_BGP_H
#define EVPND_SHOW_BGP_H

int show_bgp_register(void);
// show bgp l2vpn evpn (show_bgp_evpn.c); called by show_bgp_register.
int show_bgp_evpn_register(void);

#endif
