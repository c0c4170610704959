// SPDX-License-Identifier: BSD-3-Clause
#ifndef EVPND_SHOW_VRF_H
#define EVPND_SHOW_VRF_H

// Registers show vrf, show ip route [vrf NAME], show ipv6 route [vrf NAME].
int show_vrf_register(void);
struct mgmt_out;
struct json_writer;
struct l3_vrf;
// The type-5 prefix routes of v's FIB of family (show_vrf_prefix.c): json into w, or
// text into out when w is NULL. 0 or -ENOMEM.
int show_vrf_prefixes(
	struct mgmt_out *out, struct json_writer *w, const struct l3_vrf *v, int family);
// show bgp vrf NAME ipv4|ipv6 unicast (show_bgp_vrf.c); called by show_vrf_register.
int show_bgp_vrf_register(void);

#endif
