// SPDX-License-Identifier: BSD-3-Clause
// BGP-4 wire constants and the decoded forms of its messages (RFC 4271, 4760,
// 5492, 6793, 2918/7313, 4724, 8950, 7911, 7606). Decoded messages are views:
// every bgp_bytes points into the caller's message buffer (or static data) and
// is valid as long as that buffer is. Arrays are fixed and small; nothing is
// allocated. Plain C, no DPDK.
#ifndef EVPND_BGP_MSG_H
#define EVPND_BGP_MSG_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BGP_MARKER_LEN 16
#define BGP_HDR_LEN 19
#define BGP_MAX_MSG_LEN 4096	  // RFC 4271
#define BGP_EXT_MAX_MSG_LEN 65535 // RFC 8654, only if both sides said so
#define BGP_OPEN_MIN_LEN 29
#define BGP_UPDATE_MIN_LEN 23
#define BGP_NOTIFICATION_MIN_LEN 21
#define BGP_ROUTE_REFRESH_LEN 23
#define BGP_VERSION 4
#define BGP_AS_TRANS 23456 // RFC 6793

enum bgp_msg_type {
	BGP_MSG_OPEN = 1,
	BGP_MSG_UPDATE = 2,
	BGP_MSG_NOTIFICATION = 3,
	BGP_MSG_KEEPALIVE = 4,
	BGP_MSG_ROUTE_REFRESH = 5,
};

// Address families the codec knows by name; anything else is carried as is.
#define BGP_AFI_IPV4 1
#define BGP_AFI_IPV6 2
#define BGP_AFI_L2VPN 25
#define BGP_SAFI_UNICAST 1
#define BGP_SAFI_MULTICAST 2
#define BGP_SAFI_EVPN 70
#define BGP_SAFI_MPLS_VPN 128 // RFC 4364 (IPv4), RFC 4659 (IPv6)

// The families that have per-family switches in the decoding context, and an
// index in every per-family array (counts, subscribers, the family table of
// bgp_family.h). VPNv4/VPNv6 have their slots before any codec: the module that
// will own them registers a table, nothing here is copied for them.
enum bgp_af {
	BGP_AF_IPV4_UNICAST,
	BGP_AF_IPV6_UNICAST,
	BGP_AF_L2VPN_EVPN,
	BGP_AF_IPV4_VPN, // SAFI 128
	BGP_AF_IPV6_VPN,
	BGP_AF_MAX,
};

// NOTIFICATION error codes and the subcodes the codec produces.
enum bgp_err_code {
	BGP_ERR_HEADER = 1,
	BGP_ERR_OPEN = 2,
	BGP_ERR_UPDATE = 3,
	BGP_ERR_HOLD_TIMER = 4,
	BGP_ERR_FSM = 5,
	BGP_ERR_CEASE = 6,
	BGP_ERR_ROUTE_REFRESH = 7, // RFC 7313
};
#define BGP_ERR_SUB_UNSPECIFIC 0
#define BGP_HDR_ERR_NOT_SYNC 1
#define BGP_HDR_ERR_BAD_LENGTH 2
#define BGP_HDR_ERR_BAD_TYPE 3
#define BGP_OPEN_ERR_VERSION 1
#define BGP_OPEN_ERR_PEER_AS 2
#define BGP_OPEN_ERR_BGP_ID 3
#define BGP_OPEN_ERR_OPT_PARAM 4
#define BGP_OPEN_ERR_HOLD_TIME 6
#define BGP_OPEN_ERR_CAPABILITY 7
#define BGP_UPD_ERR_ATTR_LIST 1
#define BGP_UPD_ERR_UNKNOWN_WELLKNOWN 2
#define BGP_UPD_ERR_MISSING_WELLKNOWN 3
#define BGP_UPD_ERR_ATTR_FLAGS 4
#define BGP_UPD_ERR_ATTR_LENGTH 5
#define BGP_UPD_ERR_ORIGIN 6
#define BGP_UPD_ERR_NEXT_HOP 8
#define BGP_UPD_ERR_OPTIONAL_ATTR 9
#define BGP_UPD_ERR_NETWORK_FIELD 10
#define BGP_UPD_ERR_AS_PATH 11
#define BGP_RR_ERR_LENGTH 1

// Path attribute flags and type codes.
#define BGP_ATTR_F_OPTIONAL 0x80
#define BGP_ATTR_F_TRANSITIVE 0x40
#define BGP_ATTR_F_PARTIAL 0x20
#define BGP_ATTR_F_EXT_LEN 0x10

enum bgp_attr_type {
	BGP_ATTR_ORIGIN = 1,
	BGP_ATTR_AS_PATH = 2,
	BGP_ATTR_NEXT_HOP = 3,
	BGP_ATTR_MED = 4,
	BGP_ATTR_LOCAL_PREF = 5,
	BGP_ATTR_ATOMIC_AGGREGATE = 6,
	BGP_ATTR_AGGREGATOR = 7,
	BGP_ATTR_COMMUNITIES = 8,
	BGP_ATTR_ORIGINATOR_ID = 9,
	BGP_ATTR_CLUSTER_LIST = 10,
	BGP_ATTR_MP_REACH_NLRI = 14,
	BGP_ATTR_MP_UNREACH_NLRI = 15,
	BGP_ATTR_EXT_COMMUNITIES = 16,
	BGP_ATTR_AS4_PATH = 17,
	BGP_ATTR_AS4_AGGREGATOR = 18,
	BGP_ATTR_PMSI_TUNNEL = 22,
	BGP_ATTR_LARGE_COMMUNITY = 32,
};

#define BGP_ORIGIN_IGP 0
#define BGP_ORIGIN_EGP 1
#define BGP_ORIGIN_INCOMPLETE 2

#define BGP_ASPATH_SET 1
#define BGP_ASPATH_SEQUENCE 2
#define BGP_ASPATH_CONFED_SEQUENCE 3
#define BGP_ASPATH_CONFED_SET 4

#define BGP_PMSI_INGRESS_REPLICATION 6 // RFC 6514 tunnel type

// Capability codes.
enum bgp_cap_code {
	BGP_CAP_MP = 1,
	BGP_CAP_ROUTE_REFRESH = 2,
	BGP_CAP_EXT_NEXTHOP = 5,
	BGP_CAP_EXT_MESSAGE = 6,
	BGP_CAP_GRACEFUL_RESTART = 64,
	BGP_CAP_AS4 = 65,
	BGP_CAP_ADD_PATH = 69,
	BGP_CAP_ENHANCED_RR = 70,
};
#define BGP_OPT_PARAM_CAPABILITIES 2

#define BGP_GR_F_RESTART 0x8	  // restart flags (high nibble of the 16 bits)
#define BGP_GR_F_NOTIFICATION 0x4 // RFC 8538
#define BGP_GR_AF_F_FORWARDING 0x80

#define BGP_ADD_PATH_RECEIVE 1
#define BGP_ADD_PATH_SEND 2

#define BGP_RR_REQUEST 0 // ROUTE-REFRESH subtypes (RFC 7313)
#define BGP_RR_BORR 1
#define BGP_RR_EORR 2

// Fixed bounds of the decoded forms (a peer that sends more is truncated,
// see the *_dropped counters; none of these hold routes).
#define BGP_MAX_CAP_AFS 16
#define BGP_MAX_CAP_UNKNOWN 16
#define BGP_MAX_UNKNOWN_ATTRS 16

// A view of bytes owned by someone else.
struct bgp_bytes {
	const uint8_t *ptr;
	uint16_t len;
};

struct bgp_afi_safi {
	uint16_t afi;
	uint8_t safi;
};

struct bgp_cap_gr_af {
	uint16_t afi;
	uint8_t safi;
	uint8_t flags; // BGP_GR_AF_F_FORWARDING
};

struct bgp_cap_ext_nh {
	uint16_t nlri_afi;
	uint16_t nlri_safi;
	uint16_t nh_afi;
};

struct bgp_cap_add_path {
	uint16_t afi;
	uint8_t safi;
	uint8_t send_receive; // BGP_ADD_PATH_RECEIVE | BGP_ADD_PATH_SEND
};

struct bgp_cap_raw {
	uint8_t code;
	uint8_t len;
	const uint8_t *value;
};

// Everything the codec understands of an OPEN's capabilities. The same struct
// drives the encoder.
struct bgp_caps {
	bool route_refresh;
	bool enhanced_rr;
	bool ext_message;
	bool has_as4;
	bool has_gr;
	uint32_t as4;
	uint8_t n_mp;
	struct bgp_afi_safi mp[BGP_MAX_CAP_AFS];
	uint8_t gr_flags; // BGP_GR_F_*
	uint16_t gr_time; // seconds, 12 bits
	uint8_t n_gr;
	struct bgp_cap_gr_af gr[BGP_MAX_CAP_AFS];
	uint8_t n_ext_nh;
	struct bgp_cap_ext_nh ext_nh[BGP_MAX_CAP_AFS];
	uint8_t n_add_path;
	struct bgp_cap_add_path add_path[BGP_MAX_CAP_AFS];
	uint8_t n_unknown; // kept, ignored; the encoder writes them back
	struct bgp_cap_raw unknown[BGP_MAX_CAP_UNKNOWN];
	uint16_t dropped; // entries past the bounds above
};

struct bgp_open {
	uint8_t version;
	uint16_t my_as; // the 2-octet field: AS_TRANS when the AS needs 4 octets
	uint16_t hold_time;
	struct in_addr bgp_id;
	bool ext_params; // RFC 9072 extended optional parameters length was used
	struct bgp_caps caps;
};

struct bgp_notification {
	uint8_t code;
	uint8_t subcode;
	struct bgp_bytes data;
};

struct bgp_route_refresh {
	uint16_t afi;
	uint8_t subtype; // BGP_RR_*; others are to be ignored (RFC 7313)
	uint8_t safi;
	struct bgp_bytes orf; // anything after the 4 bytes (ORF entries, RFC 5291)
};

// RFC 7606 approaches, weakest first: when several faults are found the
// strongest wins.
enum bgp_action {
	BGP_ACTION_OK,
	BGP_ACTION_ATTR_DISCARD,      // the attributes in update.discarded are gone
	BGP_ACTION_TREAT_AS_WITHDRAW, // every NLRI of the message (MP ones too) withdrawn
	BGP_ACTION_AFI_SAFI_DISABLE,  // stop using fault.afi/safi on this session (or reset)
	BGP_ACTION_SESSION_RESET,     // send the NOTIFICATION in fault, close
};

// The verdict on a message, with what a NOTIFICATION would carry and a short
// static string naming the fault for the log line (NULL when OK).
struct bgp_fault {
	enum bgp_action action;
	const char *reason;
	uint8_t attr_type; // attribute at fault, 0 if none
	uint8_t code;	   // NOTIFICATION code/subcode/data (RFC 4271 section 6)
	uint8_t subcode;
	struct bgp_bytes data;
	uint16_t afi; // for BGP_ACTION_AFI_SAFI_DISABLE
	uint8_t safi;
};

struct bgp_mp_reach {
	uint16_t afi;
	uint8_t safi;
	struct bgp_bytes nexthop; // 4, 16 or 32 bytes for the families we know
	struct bgp_bytes nlri;	  // checked for the families we know, opaque otherwise
};

struct bgp_mp_unreach {
	uint16_t afi;
	uint8_t safi;
	struct bgp_bytes nlri;
};

struct bgp_aggregator {
	uint32_t asn;
	struct in_addr addr;
};

struct bgp_pmsi {
	uint8_t flags;
	uint8_t tunnel_type;
	uint32_t label; // the raw 3 octets (label << 4 | bos for MPLS, VNI for VXLAN)
	struct bgp_bytes tunnel_id;
};

struct bgp_raw_attr {
	uint8_t flags;
	uint8_t type;
	struct bgp_bytes value;
};

// A decoded UPDATE. Fields are valid only when the attribute's bit is set in
// 'present' (bgp_update_has). Lists stay in wire form: walk them with the
// iterators of bgp_nlri.h and bgp_attr.h.
struct bgp_update {
	struct bgp_bytes withdrawn; // IPv4 unicast prefixes, checked
	struct bgp_bytes attrs;	    // the whole path attribute block
	struct bgp_bytes nlri;	    // IPv4 unicast prefixes, checked
	uint64_t present[4];	    // attribute types decoded and kept
	uint64_t discarded[4];	    // attribute types dropped (RFC 7606 discard, AS4_* ...)
	bool as4_path_width;	    // AS_PATH carries 4-octet ASNs
	uint8_t origin;
	struct bgp_bytes as_path;
	struct in_addr next_hop;
	uint32_t med;
	uint32_t local_pref;
	struct bgp_aggregator aggregator;
	struct bgp_bytes communities; // n * 4
	struct in_addr originator_id;
	struct bgp_bytes cluster_list; // n * 4
	struct bgp_mp_reach mp_reach;
	struct bgp_mp_unreach mp_unreach;
	struct bgp_bytes ext_communities; // n * 8
	struct bgp_bytes as4_path;	  // always 4-octet ASNs
	struct bgp_aggregator as4_aggregator;
	struct bgp_pmsi pmsi;
	struct bgp_bytes large_communities; // n * 12
	uint8_t n_unknown;		    // optional transitive we do not know: pass on
	struct bgp_raw_attr unknown[BGP_MAX_UNKNOWN_ATTRS];
};

// What the codec needs to know of the session (decoding and encoding).
struct bgp_codec_ctx {
	bool four_octet_as;	   // both sides sent capability 65
	bool ebgp;		   // external peer
	bool confed;		   // external peer inside our confederation
	bool add_path[BGP_AF_MAX]; // we receive path identifiers for that family
	uint16_t max_len;	   // 0 = BGP_MAX_MSG_LEN
};

// Any message.
struct bgp_msg {
	uint8_t type;
	uint16_t len;
	union {
		struct bgp_open open;
		struct bgp_update update;
		struct bgp_notification notification;
		struct bgp_route_refresh route_refresh;
	};
	struct bgp_fault fault; // the verdict, for every type
};

#endif
