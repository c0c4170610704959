// SPDX-License-Identifier: BSD-3-Clause
// Names and one-line descriptions of BGP codec values, for logs and debug
// output. Names never return NULL.
#ifndef EVPND_BGP_PRINT_H
#define EVPND_BGP_PRINT_H

#include "bgp_msg.h"

const char *bgp_msg_type_name(uint8_t type);
const char *bgp_attr_name(uint8_t type);
const char *bgp_cap_name(uint8_t code);
const char *bgp_action_name(enum bgp_action action);
const char *bgp_err_code_name(uint8_t code);
const char *bgp_err_subcode_name(uint8_t code, uint8_t subcode);
// "ipv4 unicast", "l2vpn evpn", ... as FRR spells them; "afi 3 safi 9" else.
const char *bgp_afi_safi_name(uint16_t afi, uint8_t safi, char *buf, size_t len);

// "UPDATE Message Error/Malformed AS_PATH (3/11), 4 octets of data".
int bgp_notification_format(char *buf, size_t len, uint8_t code, uint8_t subcode, size_t data_len);
// The reason of an "%ADJCHANGE: neighbor X Down" line: "NOTIFICATION sent
// Cease/Administrative Shutdown (6/2)", "NOTIFICATION received Hold Timer Expired
// (4/0)" (no subcode name for 0). snprintf's return.
int bgp_notification_reason(char *buf, size_t len, bool sent, uint8_t code, uint8_t subcode);
// "treat-as-withdraw: ORIGIN value undefined (ORIGIN; UPDATE Message Error/Invalid
// ORIGIN Attribute)", or "ok". snprintf's return.
int bgp_fault_format(char *buf, size_t len, const struct bgp_fault *fault);

#endif
