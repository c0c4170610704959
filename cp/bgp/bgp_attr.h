// SPDX-License-Identifier: BSD-3-Clause
// Path attribute values in wire form: AS_PATH segments (RFC 4271, 6793),
// communities (RFC 1997), extended communities (RFC 4360, 7153, 7432, 9012)
// and large communities (RFC 8092).
#ifndef EVPND_BGP_ATTR_H
#define EVPND_BGP_ATTR_H

#include "bgp_msg.h"

struct bgp_aspath_iter {
	const uint8_t *p;
	const uint8_t *end;
	uint8_t asn_size; // 2 or 4
};

struct bgp_aspath_seg {
	uint8_t type; // BGP_ASPATH_*
	uint8_t count;
	uint8_t asn_size;
	const uint8_t *asns;
};

// Why an AS_PATH is refused by bgp_aspath_check.
enum bgp_aspath_err {
	BGP_ASPATH_OK,
	BGP_ASPATH_MALFORMED, // overrun, lone octet, zero count, unknown type (RFC 7606 7.2)
	BGP_ASPATH_CONFED,    // confederation segment where none may be
	BGP_ASPATH_AS0,	      // AS 0 (RFC 7607)
};

void bgp_aspath_iter_init(struct bgp_aspath_iter *it, struct bgp_bytes path, bool four_octet);
// Next segment: 1, 0 at the end, -EBADMSG when the rest does not parse.
int bgp_aspath_next(struct bgp_aspath_iter *it, struct bgp_aspath_seg *seg);
uint32_t bgp_aspath_seg_asn(const struct bgp_aspath_seg *seg, unsigned i);
enum bgp_aspath_err bgp_aspath_check(struct bgp_bytes path, bool four_octet, bool allow_confed);
// Path length for the decision process: a set counts 1, confed segments 0.
unsigned bgp_aspath_hops(struct bgp_bytes path, bool four_octet);

// Extended community: 8 octets as on the wire.
struct bgp_ext_comm {
	uint8_t b[8];
};

#define BGP_EXT_COMM_T_AS2 0x00 // transitive two-octet AS specific
#define BGP_EXT_COMM_T_IPV4 0x01
#define BGP_EXT_COMM_T_AS4 0x02
#define BGP_EXT_COMM_T_OPAQUE 0x03
#define BGP_EXT_COMM_T_EVPN 0x06
#define BGP_EXT_COMM_ST_RT 0x02	   // route target, for AS2/IPV4/AS4
#define BGP_EXT_COMM_ST_ENCAP 0x0c // opaque: tunnel encapsulation (RFC 9012)
#define BGP_EXT_COMM_ST_MAC_MOBILITY 0x00
#define BGP_EXT_COMM_ST_ESI_LABEL 0x01
#define BGP_EXT_COMM_ST_ES_IMPORT 0x02
#define BGP_EXT_COMM_ST_ROUTER_MAC 0x03
#define BGP_ENCAP_VXLAN 8
#define BGP_ENCAP_MPLS 10

struct bgp_large_comm {
	uint32_t global;
	uint32_t local1;
	uint32_t local2;
};

// Element i of a list attribute; the caller keeps i below len / size.
uint32_t bgp_community_at(struct bgp_bytes list, unsigned i);
struct bgp_ext_comm bgp_ext_comm_at(struct bgp_bytes list, unsigned i);
struct bgp_large_comm bgp_large_comm_at(struct bgp_bytes list, unsigned i);
struct in_addr bgp_cluster_at(struct bgp_bytes list, unsigned i);

// Route target of either form: true and global/local set (global is the AS or
// the IPv4 address in host order).
bool bgp_ext_comm_rt(const struct bgp_ext_comm *ec, uint32_t *global, uint32_t *local);
struct bgp_ext_comm bgp_ext_comm_rt_as2(uint16_t as, uint32_t local);
// Tunnel type of an encapsulation community (RFC 9012), or -1.
int bgp_ext_comm_encap(const struct bgp_ext_comm *ec);
struct bgp_ext_comm bgp_ext_comm_encap_make(uint16_t tunnel_type);

#endif
