// SPDX-License-Identifier: BSD-3-Clause
// The l2vpn evpn family as the BGP speaker sees it (cp/bgp/bgp_family.h): the
// route key of an NLRI (RFC 7432 7 and RFC 9136 3, the fields that count as the
// prefix: type 1: RD, ESI, tag; type 2: RD, tag, MAC, IP; types 3 and 4: the
// whole NLRI; type 5: RD, tag, prefix; labels, the ESI of types 2 and 5 and the
// type 5 gateway are attributes of a path), its printer and its export rule
// (the next hop, a VTEP, is never changed). Registered before
// any neighbor comes up, whether or not EVPN is configured (a route reflector
// relays EVPN routes without a VNI of its own).
#include "cp/evpn/evpn_family.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cp/evpn/evpn_nlri.h"

#define RD EVPN_RD_LEN
#define ESI EVPN_ESI_LEN
#define ETAG 4
#define LABEL EVPN_LABEL_LEN

static size_t ip_octets(uint8_t bits)
{
	return bits == 32 ? 4 : bits == 128 ? 16 : bits == 0 ? 0 : SIZE_MAX;
}

// k = type, then the given ranges of v.
static int key_cat(uint8_t *k, uint8_t type, const uint8_t *v, const size_t (*r)[2], int n)
{
	size_t len = 1;

	k[0] = type;
	for (int i = 0; i < n; i++) {
		if (len + r[i][1] > BGP_FAMILY_KEY_MAX)
			return -EINVAL;
		memcpy(k + len, v + r[i][0], r[i][1]);
		len += r[i][1];
	}
	return (int)len;
}

static int key_macip(uint8_t *k, const uint8_t *v, size_t vlen)
{
	const size_t mac_off = RD + ESI + ETAG; // length, MAC, IP length, IP, labels

	if (vlen < mac_off + 8 || v[mac_off] != 48)
		return -EINVAL;
	size_t ip = ip_octets(v[mac_off + 7]);
	if (ip == 4 && v[mac_off + 7] != 32)
		return -EINVAL;
	size_t fixed = mac_off + 8 + ip;
	if (ip == SIZE_MAX || (vlen != fixed + LABEL && vlen != fixed + 2 * LABEL))
		return -EINVAL;
	const size_t r[][2] = {{0, RD}, {RD + ESI, ETAG}, {mac_off, 8 + ip}};
	return key_cat(k, 2, v, r, 3);
}

static int key_prefix(uint8_t *k, const uint8_t *v, size_t vlen)
{
	size_t ip = vlen == RD + ESI + ETAG + 1 + 4 + 4 + LABEL	    ? 4
		    : vlen == RD + ESI + ETAG + 1 + 16 + 16 + LABEL ? 16
								    : 0;

	if (ip == 0 || v[RD + ESI + ETAG] > ip * 8)
		return -EINVAL;
	const size_t r[][2] = {{0, RD}, {RD + ESI, ETAG + 1 + ip}};
	return key_cat(k, 5, v, r, 2);
}

int evpn_nlri_key(const uint8_t *nlri, size_t len, uint8_t *key)
{
	if (len < 2 || len > 2 + EVPN_NLRI_MAX_VALUE || (size_t)nlri[1] + 2 != len)
		return -EINVAL;
	const uint8_t *v = nlri + 2;
	size_t vlen = nlri[1];
	size_t whole[][2] = {{0, vlen}};

	switch (nlri[0]) {
	case 1: // Ethernet A-D: RD, ESI, tag; the label is an attribute
		if (vlen != RD + ESI + ETAG + LABEL)
			return -EINVAL;
		whole[0][1] = RD + ESI + ETAG;
		return key_cat(key, 1, v, whole, 1);
	case 2:
		return key_macip(key, v, vlen);
	case 3: // inclusive multicast: RD, tag, originator
		if (vlen < RD + ETAG + 1 || vlen != RD + ETAG + 1 + ip_octets(v[RD + ETAG]) ||
			v[RD + ETAG] == 0)
			return -EINVAL;
		return key_cat(key, 3, v, whole, 1);
	case 4: // Ethernet segment: RD, ESI, originator
		if (vlen < RD + ESI + 1 || vlen != RD + ESI + 1 + ip_octets(v[RD + ESI]) ||
			v[RD + ESI] == 0)
			return -EINVAL;
		return key_cat(key, 4, v, whole, 1);
	case 5:
		return key_prefix(key, v, vlen);
	default:
		return -ENOTSUP;
	}
}

// FRR's prefix form of the route, or of its type and length when it does not decode.
static int print_nlri(char *buf, size_t size, const uint8_t *nlri, size_t len)
{
	struct evpn_route r;
	enum evpn_nlri_err err;

	if (len < 2 || evpn_route_decode(nlri[0], nlri + 2, len - 2u, &r, &err) < 0)
		return snprintf(buf, size, "[%u] (%zu octets)", len > 0 ? nlri[0] : 0u, len);
	return evpn_route_rd_str(buf, size, &r);
}

static const struct bgp_family family = {
	.af = BGP_AF_L2VPN_EVPN,
	.name = "l2vpn evpn",
	.key = evpn_nlri_key,
	.print = print_nlri,
	.keep_next_hop = true, // the VTEP that originated the route
	.tunnel_next_hop = true,
};

int evpn_family_register(void)
{
	return bgp_family_register(&family);
}

void evpn_family_unregister(void)
{
	bgp_family_unregister(BGP_AF_L2VPN_EVPN);
}
