// SPDX-License-Identifier: BSD-3-Clause
// The extended communities EVPN uses, from and to their 8-octet wire form:
// route target (RFC 4360, 5668: types 0x00/0x01/0x02, subtype 0x02),
// encapsulation (RFC 9012: 0x03/0x0c, tunnel type 8 VXLAN, 10 MPLS), MAC
// mobility (RFC 7432 7.7: 0x06/0x00, sticky flag, sequence), ESI label
// (0x06/0x01), ES-import RT (0x06/0x02), router MAC (RFC 9135: 0x06/0x03) and
// default gateway (RFC 7432 7.8: 0x03/0x0d). Printed as FRR prints them
// (bgpd/bgp_ecommunity.c ecommunity_ecom2str): "RT:65000:100 ET:8 MM:3, sticky MAC".
#ifndef EVPND_EVPN_ECOMM_H
#define EVPND_EVPN_ECOMM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EVPN_ECOMM_LEN 8

#define EVPN_EC_T_AS2 0x00
#define EVPN_EC_T_IPV4 0x01
#define EVPN_EC_T_AS4 0x02
#define EVPN_EC_T_OPAQUE 0x03
#define EVPN_EC_T_EVPN 0x06
#define EVPN_EC_ST_RT 0x02
#define EVPN_EC_ST_ENCAP 0x0c
#define EVPN_EC_ST_DEF_GW 0x0d
#define EVPN_EC_ST_MAC_MOBILITY 0x00
#define EVPN_EC_ST_ESI_LABEL 0x01
#define EVPN_EC_ST_ES_IMPORT 0x02
#define EVPN_EC_ST_ROUTER_MAC 0x03
#define EVPN_EC_ST_ARP_ND 0x08 // RFC 9161 3.2: the ARP/ND extended community
#define EVPN_MM_F_STICKY 0x01
#define EVPN_ND_F_ROUTER 0x01 // ARP/ND: R, the IP is a router's (the NA's Router flag)
#define EVPN_ND_F_OVERRIDE 0x02 // ARP/ND: O (FRR: "Proxy")
#define EVPN_ESI_LABEL_F_SA 0x01 // single-active
#define EVPN_TUNNEL_VXLAN 8
#define EVPN_TUNNEL_MPLS 10
#define EVPN_TUNNEL_MPLS_UDP 13 // RFC 9012 MPLS-in-UDP (RFC 7510)

enum evpn_ecomm_kind {
	EVPN_EC_UNKNOWN,
	EVPN_EC_RT,
	EVPN_EC_ENCAP,
	EVPN_EC_MAC_MOBILITY,
	EVPN_EC_DEF_GW,
	EVPN_EC_ROUTER_MAC,
	EVPN_EC_ESI_LABEL,
	EVPN_EC_ES_IMPORT,
	EVPN_EC_ARP_ND,
};

// A route target in wire form (compared as 8 octets).
struct evpn_rt {
	uint8_t b[EVPN_ECOMM_LEN];
};

struct evpn_ecomm {
	uint8_t kind; // enum evpn_ecomm_kind
	uint8_t type; // the wire type and subtype, kept for unknown ones
	uint8_t subtype;
	union {
		struct {
			uint8_t form;	 // EVPN_EC_T_AS2, _IPV4 or _AS4
			bool transitive; // the type's 0x40 bit is clear
			uint32_t global; // AS, or IPv4 address in host order
			uint32_t local;	 // 32 bits for AS2, 16 otherwise
		} rt;
		uint16_t tunnel_type;
		struct {
			bool sticky;
			uint32_t seq;
		} mm;
		uint8_t mac[6]; // router MAC, ES-import
		uint8_t nd_flags; // ARP/ND: EVPN_ND_F_ROUTER, _OVERRIDE (I not used)
		struct {
			uint8_t flags;	// EVPN_ESI_LABEL_F_SA
			uint32_t label; // raw 24 bits
		} esi_label;
	};
};

// Decodes one community; returns its kind (EVPN_EC_UNKNOWN for the others).
int evpn_ecomm_decode(const uint8_t raw[EVPN_ECOMM_LEN], struct evpn_ecomm *out);
// Encodes one community. 0, or -EINVAL (unknown kind, value out of range).
int evpn_ecomm_encode(const struct evpn_ecomm *ec, uint8_t raw[EVPN_ECOMM_LEN]);

// Constructors of the wire form.
struct evpn_rt evpn_rt_as(uint32_t as, uint32_t local); // type 0x00, or 0x02 for AS > 65535
struct evpn_rt evpn_rt_ip(const uint8_t ip[4], uint16_t local);
void evpn_ecomm_encap(uint8_t raw[EVPN_ECOMM_LEN], uint16_t tunnel_type);
void evpn_ecomm_mac_mobility(uint8_t raw[EVPN_ECOMM_LEN], uint32_t seq, bool sticky);
void evpn_ecomm_router_mac(uint8_t raw[EVPN_ECOMM_LEN], const uint8_t mac[6]);
void evpn_ecomm_def_gw(uint8_t raw[EVPN_ECOMM_LEN]);

// True when raw is a route target (any of the three forms, either transitivity).
bool evpn_ecomm_is_rt(const uint8_t raw[EVPN_ECOMM_LEN]);
// Parses "AS:N", "AS4:N", "A.B.C.D:N" as FRR's route-target commands. 0 or -EINVAL.
int evpn_rt_parse(const char *s, struct evpn_rt *rt);
// "65000:100" (no "RT:" prefix; the config form).
int evpn_rt_str(char *buf, size_t size, const struct evpn_rt *rt);

// FRR's display form of one community ("RT:65000:100", "ET:8", "MM:3, sticky MAC",
// "Default Gateway", "Rmac:aa:bb:cc:dd:ee:ff", "ESI-label-Rt:AA", "UNK:t, s").
int evpn_ecomm_str(char *buf, size_t size, const uint8_t raw[EVPN_ECOMM_LEN]);
// A whole attribute value (n * 8 octets), space separated; trailing octets
// that do not make a community are ignored. snprintf semantics.
int evpn_ecomm_list_str(char *buf, size_t size, const uint8_t *list, size_t len);

// What an EVPN route's community list says, in one pass.
struct evpn_ecomm_info {
	bool has_mm;
	bool sticky;
	uint32_t mm_seq; // 0 without the community (RFC 7432 15.1)
	bool has_encap;
	uint16_t tunnel_type; // the first encapsulation seen
	bool def_gw;
	bool has_rmac;
	uint8_t rmac[6];
	bool nd_router; // an ARP/ND community with R set
	bool has_esi_label;
	uint8_t esi_label_flags;
	uint32_t esi_label;
	uint16_t n_rt;	    // route targets in the list
	uint16_t n_mm;	    // MAC mobility communities seen (the first one counts)
	uint16_t n_unknown; // communities not understood (passed on)
};
void evpn_ecomm_scan(const uint8_t *list, size_t len, struct evpn_ecomm_info *out);

#endif
