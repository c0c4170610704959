// SPDX-License-Identifier: BSD-3-Clause
#ifndef EVPND_SHOW_VRF_H
#define EVPND_SHOW_VRF_H

// Registers show vrf, show ip route [vrf NAME], show ipv6 route [vrf NAME].
int show_vrf_register(void);

#endif
