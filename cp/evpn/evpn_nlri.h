// SPDX-License-Identifier: BSD-3-Clause
// EVPN NLRI (AFI 25 / SAFI 70): the five route types of RFC 7432 section 7
// (1 Ethernet A-D, 2 MAC/IP, 3 inclusive multicast, 4 Ethernet segment) and
// RFC 9136 (5 IP prefix), as carried in MP_REACH/MP_UNREACH. Decoding copies
// the fields into a fixed struct and never allocates; every length is checked.
// Labels are kept as the raw 24 bits: for VXLAN (RFC 8365 5.1.3) the VNI is
// the whole field, as FRR sends it (VNI 100 = 00 00 64, which tshark shows as
// "MPLS Label 1: 6"); for MPLS the label is the top 20 bits.
// Printing follows FRR (lib/prefix.c prefixevpn2str, bgpd/bgp_rd.c).
#ifndef EVPND_EVPN_NLRI_H
#define EVPND_EVPN_NLRI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cp/cp_addr.h"

#define EVPN_RD_LEN 8
#define EVPN_ESI_LEN 10
#define EVPN_LABEL_LEN 3
#define EVPN_NLRI_MAX_VALUE 58 // type 5 over IPv6; the longest route type here

enum evpn_route_type {
	EVPN_RT_EAD = 1,    // Ethernet auto-discovery
	EVPN_RT_MACIP = 2,  // MAC/IP advertisement
	EVPN_RT_IMET = 3,   // inclusive multicast Ethernet tag
	EVPN_RT_ES = 4,	    // Ethernet segment
	EVPN_RT_PREFIX = 5, // IP prefix (RFC 9136)
};

// Route distinguisher as on the wire (RFC 4364 4.2): type 0 AS2:N32,
// type 1 IPv4:N16, type 2 AS4:N16.
struct evpn_rd {
	uint8_t b[EVPN_RD_LEN];
};

struct evpn_esi {
	uint8_t b[EVPN_ESI_LEN];
};

// One decoded route. Which fields mean something depends on the type:
//   1: rd esi eth_tag label[0]
//   2: rd esi eth_tag mac ip(optional) label[0] label[1](optional)
//   3: rd eth_tag ip(originator)
//   4: rd esi ip(originator)
//   5: rd esi eth_tag prefix_len ip(prefix) gw label[0]
struct evpn_route {
	uint8_t type;	      // enum evpn_route_type
	uint8_t n_labels;     // labels on the wire (0, 1 or 2)
	uint8_t prefix_len;   // type 5
	bool overlay_invalid; // type 5 with both ESI and gateway set (treat as withdraw)
	uint32_t path_id;     // add-path identifier, 0 without
	struct evpn_rd rd;
	struct evpn_esi esi;
	uint32_t eth_tag;
	uint8_t mac[6];
	struct cp_ip ip;
	struct cp_ip gw;
	uint32_t label[2]; // raw 24-bit fields
};

// Why a field of EVPN NLRI was refused (or skipped).
enum evpn_nlri_err {
	EVPN_NLRI_OK,
	EVPN_NLRI_TRUNCATED,   // type/length header or path id cut short, or length overruns
	EVPN_NLRI_BAD_LENGTH,  // the route length does not fit its type
	EVPN_NLRI_BAD_MAC_LEN, // type 2 MAC length other than 48
	EVPN_NLRI_BAD_IP_LEN,  // IP length other than 0 (type 2 only), 32 or 128, or not matching
	EVPN_NLRI_BAD_PREFIX_LEN, // type 5 prefix length past the address size
	EVPN_NLRI_UNKNOWN_TYPE,	  // skipped, RFC 7606 5.4
};

// What the iterator found wrong, and what RFC 7606 asks the session to do.
// A well framed NLRI of an unknown type is discarded and the walk goes on
// (RFC 7606 5.4). A known type that does not parse cannot be withdrawn either
// (its key is not known), so the whole UPDATE is refused as RFC 7606 5.3/3(j)
// say for malformed MP_REACH/MP_UNREACH NLRI: session reset (or AFI/SAFI
// disable), NOTIFICATION UPDATE error / optional attribute error, as FRR does
// (bgpd/bgp_packet.c, "Error parsing NLRI").
struct evpn_nlri_status {
	enum evpn_nlri_err err; // the last error seen (OK if none)
	uint8_t action;		// enum bgp_action (cp/bgp/bgp_msg.h): OK or SESSION_RESET
	uint8_t code;		// NOTIFICATION for a reset
	uint8_t subcode;
	uint8_t type;	  // route type at fault
	uint16_t offset;  // of the NLRI at fault within the field
	uint16_t skipped; // unknown route types discarded so far
};

struct evpn_nlri_iter {
	const uint8_t *start;
	const uint8_t *p;
	const uint8_t *end;
	bool add_path;
	struct evpn_nlri_status status;
};

// Decodes one route value (what follows type and length). Returns 0,
// -ENOTSUP for an unknown type, or -EBADMSG (err says which field).
int evpn_route_decode(
	uint8_t type, const uint8_t *v, size_t len, struct evpn_route *r, enum evpn_nlri_err *err);

// A walk over an MP_REACH/MP_UNREACH NLRI field of AFI 25/SAFI 70.
void evpn_nlri_iter_init(
	struct evpn_nlri_iter *it, const uint8_t *field, size_t len, bool add_path);
// Next route: 1 and *r filled, 0 at the end, -EBADMSG once the field is found
// malformed (it->status says where and why; the walk stays at its end).
int evpn_nlri_next(struct evpn_nlri_iter *it, struct evpn_route *r);
// Walks a whole field: 0 if every NLRI parses (unknown types are fine),
// else -EBADMSG with *st filled. st may be NULL.
int evpn_nlri_check(const uint8_t *field, size_t len, bool add_path, struct evpn_nlri_status *st);

// Writes one route (path id if add_path, type, length, value). Returns the
// bytes written, -ENOSPC, or -EINVAL for a route that cannot be encoded.
int evpn_route_encode(uint8_t *buf, size_t cap, const struct evpn_route *r, bool add_path);
// Value length of a route, or -EINVAL.
int evpn_route_value_len(const struct evpn_route *r);

// True when two routes are the same BGP route (RD and key fields; labels,
// type 5 gateway and ESI of type 2/5 are not part of the key).
bool evpn_route_same_key(const struct evpn_route *a, const struct evpn_route *b);

// Label helpers: the VNI of a VXLAN route is the whole 24-bit field.
static inline uint32_t evpn_label_to_vni(uint32_t raw)
{
	return raw & 0xffffff;
}
static inline uint32_t evpn_label_to_mpls(uint32_t raw)
{
	return (raw >> 4) & 0xfffff;
}
static inline uint32_t evpn_vni_to_label(uint32_t vni)
{
	return vni & 0xffffff;
}

// Route distinguishers.
void evpn_rd_make_ip(struct evpn_rd *rd, const uint8_t ip[4], uint16_t n);
void evpn_rd_make_as(struct evpn_rd *rd, uint32_t as, uint32_t n); // type 0 or 2 by AS size
// Parses "A.B.C.D:N", "AS:N" or "AS4:N" as FRR's str2prefix_rd does. 0 or -EINVAL.
int evpn_rd_parse(const char *s, struct evpn_rd *rd);

// Printers: snprintf semantics (return the length that the full text needs;
// the output is always terminated when size > 0).
// "198.51.100.1:2", "65000:100", "4200000000:5" (FRR prefix_rd2str).
int evpn_rd_str(char *buf, size_t size, const struct evpn_rd *rd);
// "00:11:22:33:44:55:66:77:88:99"
int evpn_esi_str(char *buf, size_t size, const struct evpn_esi *esi);
// FRR's prefix form: [2]:[0]:[48]:[aa:bb:cc:dd:ee:ff]:[32]:[10.0.0.1],
// [3]:[0]:[32]:[198.51.100.1], [5]:[0]:[24]:[10.1.0.0], [4]:[esi]:[32]:[ip],
// [1]:[tag]:[esi]:[32]:[0.0.0.0]:[0].
int evpn_route_str(char *buf, size_t size, const struct evpn_route *r);
// With the RD as FRR's "BGP routing table entry for": 198.51.100.2:2:[2]:[0]:...
int evpn_route_rd_str(char *buf, size_t size, const struct evpn_route *r);

#define EVPN_RD_STRLEN 32
#define EVPN_ESI_STRLEN 32
#define EVPN_ROUTE_STRLEN 160

#endif
