// SPDX-License-Identifier: BSD-3-Clause
#ifndef EVPND_SHOW_VRF_H
#define EVPND_SHOW_VRF_H

// Registers show vrf, show ip route [vrf NAME], show ipv6 route [vrf NAME].
int show_vrf_register(void);
// show bgp vrf NAME ipv4|ipv6 unicast (show_bgp_vrf.c); called by show_vrf_register.
int show_bgp_vrf_register(void);

#endif
