// SPDX-License-Identifier: BSD-3-Clause
// Names of message types, attributes, capabilities, NOTIFICATION codes and
// RFC 7606 approaches (IANA registry spellings), for log lines.
#include "bgp_print.h"

#include <stdio.h>

#define NAME(table, i, dflt)                                                                       \
	((size_t)(i) < sizeof(table) / sizeof((table)[0]) && (table)[i] ? (table)[i] : (dflt))

static const char *const msg_names[] = {
	[BGP_MSG_OPEN] = "OPEN",
	[BGP_MSG_UPDATE] = "UPDATE",
	[BGP_MSG_NOTIFICATION] = "NOTIFICATION",
	[BGP_MSG_KEEPALIVE] = "KEEPALIVE",
	[BGP_MSG_ROUTE_REFRESH] = "ROUTE-REFRESH",
};

static const char *const attr_names[] = {
	[BGP_ATTR_ORIGIN] = "ORIGIN",
	[BGP_ATTR_AS_PATH] = "AS_PATH",
	[BGP_ATTR_NEXT_HOP] = "NEXT_HOP",
	[BGP_ATTR_MED] = "MULTI_EXIT_DISC",
	[BGP_ATTR_LOCAL_PREF] = "LOCAL_PREF",
	[BGP_ATTR_ATOMIC_AGGREGATE] = "ATOMIC_AGGREGATE",
	[BGP_ATTR_AGGREGATOR] = "AGGREGATOR",
	[BGP_ATTR_COMMUNITIES] = "COMMUNITIES",
	[BGP_ATTR_ORIGINATOR_ID] = "ORIGINATOR_ID",
	[BGP_ATTR_CLUSTER_LIST] = "CLUSTER_LIST",
	[BGP_ATTR_MP_REACH_NLRI] = "MP_REACH_NLRI",
	[BGP_ATTR_MP_UNREACH_NLRI] = "MP_UNREACH_NLRI",
	[BGP_ATTR_EXT_COMMUNITIES] = "EXTENDED_COMMUNITIES",
	[BGP_ATTR_AS4_PATH] = "AS4_PATH",
	[BGP_ATTR_AS4_AGGREGATOR] = "AS4_AGGREGATOR",
	[BGP_ATTR_PMSI_TUNNEL] = "PMSI_TUNNEL",
	[BGP_ATTR_LARGE_COMMUNITY] = "LARGE_COMMUNITY",
};

static const char *const cap_names[] = {
	[BGP_CAP_MP] = "multiprotocol",
	[BGP_CAP_ROUTE_REFRESH] = "route-refresh",
	[BGP_CAP_EXT_NEXTHOP] = "extended-nexthop",
	[BGP_CAP_EXT_MESSAGE] = "extended-message",
	[BGP_CAP_GRACEFUL_RESTART] = "graceful-restart",
	[BGP_CAP_AS4] = "4-octet-as",
	[BGP_CAP_ADD_PATH] = "add-path",
	[BGP_CAP_ENHANCED_RR] = "enhanced-route-refresh",
};

static const char *const action_names[] = {
	[BGP_ACTION_OK] = "ok",
	[BGP_ACTION_ATTR_DISCARD] = "attribute-discard",
	[BGP_ACTION_TREAT_AS_WITHDRAW] = "treat-as-withdraw",
	[BGP_ACTION_AFI_SAFI_DISABLE] = "afi-safi-disable",
	[BGP_ACTION_SESSION_RESET] = "session-reset",
};

static const char *const code_names[] = {
	[BGP_ERR_HEADER] = "Message Header Error",
	[BGP_ERR_OPEN] = "OPEN Message Error",
	[BGP_ERR_UPDATE] = "UPDATE Message Error",
	[BGP_ERR_HOLD_TIMER] = "Hold Timer Expired",
	[BGP_ERR_FSM] = "Finite State Machine Error",
	[BGP_ERR_CEASE] = "Cease",
	[BGP_ERR_ROUTE_REFRESH] = "ROUTE-REFRESH Message Error",
};

static const char *const header_sub[] = {
	[1] = "Connection Not Synchronized",
	[2] = "Bad Message Length",
	[3] = "Bad Message Type",
};

static const char *const open_sub[] = {
	[1] = "Unsupported Version Number",
	[2] = "Bad Peer AS",
	[3] = "Bad BGP Identifier",
	[4] = "Unsupported Optional Parameter",
	[6] = "Unacceptable Hold Time",
	[7] = "Unsupported Capability",
	[8] = "Role Mismatch",
};

static const char *const update_sub[] = {
	[1] = "Malformed Attribute List",
	[2] = "Unrecognized Well-known Attribute",
	[3] = "Missing Well-known Attribute",
	[4] = "Attribute Flags Error",
	[5] = "Attribute Length Error",
	[6] = "Invalid ORIGIN Attribute",
	[8] = "Invalid NEXT_HOP Attribute",
	[9] = "Optional Attribute Error",
	[10] = "Invalid Network Field",
	[11] = "Malformed AS_PATH",
};

static const char *const fsm_sub[] = {
	[1] = "Unexpected Message in OpenSent State",
	[2] = "Unexpected Message in OpenConfirm State",
	[3] = "Unexpected Message in Established State",
};

static const char *const cease_sub[] = {
	[1] = "Maximum Number of Prefixes Reached",
	[2] = "Administrative Shutdown",
	[3] = "Peer De-configured",
	[4] = "Administrative Reset",
	[5] = "Connection Rejected",
	[6] = "Other Configuration Change",
	[7] = "Connection Collision Resolution",
	[8] = "Out of Resources",
	[9] = "Hard Reset",
	[10] = "BFD Down",
};

const char *bgp_msg_type_name(uint8_t type)
{
	return NAME(msg_names, type, "unknown");
}

const char *bgp_attr_name(uint8_t type)
{
	return NAME(attr_names, type, "unknown attribute");
}

const char *bgp_cap_name(uint8_t code)
{
	return NAME(cap_names, code, "unknown capability");
}

const char *bgp_action_name(enum bgp_action action)
{
	return NAME(action_names, action, "unknown");
}

const char *bgp_err_code_name(uint8_t code)
{
	return NAME(code_names, code, "Unknown Error");
}

const char *bgp_err_subcode_name(uint8_t code, uint8_t subcode)
{
	if (subcode == 0)
		return "Unspecific";
	switch (code) {
	case BGP_ERR_HEADER:
		return NAME(header_sub, subcode, "Unknown");
	case BGP_ERR_OPEN:
		return NAME(open_sub, subcode, "Unknown");
	case BGP_ERR_UPDATE:
		return NAME(update_sub, subcode, "Unknown");
	case BGP_ERR_FSM:
		return NAME(fsm_sub, subcode, "Unknown");
	case BGP_ERR_CEASE:
		return NAME(cease_sub, subcode, "Unknown");
	case BGP_ERR_ROUTE_REFRESH:
		return subcode == BGP_RR_ERR_LENGTH ? "Invalid Message Length" : "Unknown";
	default:
		return "Unknown";
	}
}

const char *bgp_afi_safi_name(uint16_t afi, uint8_t safi, char *buf, size_t len)
{
	if (afi == BGP_AFI_IPV4 && safi == BGP_SAFI_UNICAST)
		return "ipv4 unicast";
	if (afi == BGP_AFI_IPV6 && safi == BGP_SAFI_UNICAST)
		return "ipv6 unicast";
	if (afi == BGP_AFI_IPV4 && safi == BGP_SAFI_MULTICAST)
		return "ipv4 multicast";
	if (afi == BGP_AFI_IPV6 && safi == BGP_SAFI_MULTICAST)
		return "ipv6 multicast";
	if (afi == BGP_AFI_L2VPN && safi == BGP_SAFI_EVPN)
		return "l2vpn evpn";
	snprintf(buf, len, "afi %u safi %u", afi, safi);
	return buf;
}

int bgp_notification_format(char *buf, size_t len, uint8_t code, uint8_t subcode, size_t data_len)
{
	return snprintf(buf, len, "%s/%s (%u/%u), %zu octets of data", bgp_err_code_name(code),
		bgp_err_subcode_name(code, subcode), code, subcode, data_len);
}

int bgp_notification_reason(char *buf, size_t len, bool sent, uint8_t code, uint8_t subcode)
{
	const char *dir = sent ? "sent" : "received";

	if (subcode == BGP_ERR_SUB_UNSPECIFIC)
		return snprintf(buf, len, "NOTIFICATION %s %s (%u/0)", dir, bgp_err_code_name(code),
			code);
	return snprintf(buf, len, "NOTIFICATION %s %s/%s (%u/%u)", dir, bgp_err_code_name(code),
		bgp_err_subcode_name(code, subcode), code, subcode);
}

int bgp_fault_format(char *buf, size_t len, const struct bgp_fault *f)
{
	if (f->action == BGP_ACTION_OK)
		return snprintf(buf, len, "ok");
	const char *attr = f->attr_type ? bgp_attr_name(f->attr_type) : "message";
	if (f->code == 0)
		return snprintf(buf, len, "%s: %s (%s)", bgp_action_name(f->action),
			f->reason ? f->reason : "?", attr);
	return snprintf(buf, len, "%s: %s (%s; %s/%s)", bgp_action_name(f->action),
		f->reason ? f->reason : "?", attr, bgp_err_code_name(f->code),
		bgp_err_subcode_name(f->code, f->subcode));
}
