// SPDX-License-Identifier: BSD-3-Clause
// Walking and checking NLRI fields. Every read is checked against the end of
// the view first.
#include "bgp_nlri.h"
#include "bgp_wire.h"

#include <errno.h>
#include <string.h>

static unsigned max_bits(uint16_t afi)
{
	return afi == BGP_AFI_IPV6 ? 128 : 32;
}

enum bgp_af bgp_af_index(uint16_t afi, uint8_t safi)
{
	if (afi == BGP_AFI_IPV4 && safi == BGP_SAFI_UNICAST)
		return BGP_AF_IPV4_UNICAST;
	if (afi == BGP_AFI_IPV6 && safi == BGP_SAFI_UNICAST)
		return BGP_AF_IPV6_UNICAST;
	if (afi == BGP_AFI_L2VPN && safi == BGP_SAFI_EVPN)
		return BGP_AF_L2VPN_EVPN;
	if (afi == BGP_AFI_IPV4 && safi == BGP_SAFI_MPLS_VPN)
		return BGP_AF_IPV4_VPN;
	if (afi == BGP_AFI_IPV6 && safi == BGP_SAFI_MPLS_VPN)
		return BGP_AF_IPV6_VPN;
	return BGP_AF_MAX;
}

struct bgp_afi_safi bgp_af_family(enum bgp_af af)
{
	static const struct bgp_afi_safi fams[BGP_AF_MAX] = {
		[BGP_AF_IPV4_UNICAST] = {BGP_AFI_IPV4, BGP_SAFI_UNICAST},
		[BGP_AF_IPV6_UNICAST] = {BGP_AFI_IPV6, BGP_SAFI_UNICAST},
		[BGP_AF_L2VPN_EVPN] = {BGP_AFI_L2VPN, BGP_SAFI_EVPN},
		[BGP_AF_IPV4_VPN] = {BGP_AFI_IPV4, BGP_SAFI_MPLS_VPN},
		[BGP_AF_IPV6_VPN] = {BGP_AFI_IPV6, BGP_SAFI_MPLS_VPN},
	};

	return af < BGP_AF_MAX ? fams[af] : (struct bgp_afi_safi){0, 0};
}

bool bgp_nlri_is_prefix_family(uint16_t afi, uint8_t safi)
{
	return (afi == BGP_AFI_IPV4 || afi == BGP_AFI_IPV6) &&
	       (safi == BGP_SAFI_UNICAST || safi == BGP_SAFI_MULTICAST);
}

void bgp_nlri_iter_init(
	struct bgp_nlri_iter *it, struct bgp_bytes field, uint16_t afi, bool add_path)
{
	it->p = field.ptr;
	it->end = field.ptr ? field.ptr + field.len : NULL; // an empty view may be NULL
	it->afi = afi;
	it->add_path = add_path;
}

// Reads the RFC 7911 path identifier when the session uses add-path.
static int take_path_id(struct bgp_nlri_iter *it, uint32_t *path_id)
{
	*path_id = 0;
	if (!it->add_path)
		return 0;
	if (it->end - it->p < 4)
		return -EBADMSG;
	*path_id = bgp_get32(it->p);
	it->p += 4;
	return 0;
}

int bgp_nlri_next(struct bgp_nlri_iter *it, struct bgp_prefix *out)
{
	if (it->p == NULL || it->p >= it->end)
		return 0;
	if (take_path_id(it, &out->path_id) < 0 || it->p >= it->end)
		return -EBADMSG;
	unsigned bits = *it->p++;
	unsigned bytes = (bits + 7) / 8;
	if (bits > max_bits(it->afi) || (size_t)(it->end - it->p) < bytes)
		return -EBADMSG;
	out->afi = it->afi;
	out->len = bits;
	memset(out->addr, 0, sizeof(out->addr));
	memcpy(out->addr, it->p, bytes);
	if (bits % 8)
		out->addr[bytes - 1] &= (uint8_t)(0xff << (8 - bits % 8));
	it->p += bytes;
	return 1;
}

int bgp_typed_nlri_next(struct bgp_nlri_iter *it, struct bgp_typed_nlri *out)
{
	if (it->p == NULL || it->p >= it->end)
		return 0;
	if (take_path_id(it, &out->path_id) < 0 || it->end - it->p < 2)
		return -EBADMSG;
	const uint8_t *whole = it->p;
	uint8_t len = it->p[1];
	if (it->end - it->p - 2 < len)
		return -EBADMSG;
	out->type = it->p[0];
	out->value = (struct bgp_bytes){it->p + 2, len};
	out->whole = (struct bgp_bytes){whole, (uint16_t)(len + 2)};
	it->p += 2 + len;
	return 1;
}

int bgp_nlri_check(struct bgp_bytes field, uint16_t afi, bool add_path)
{
	struct bgp_nlri_iter it;
	struct bgp_prefix p;
	int rc;

	bgp_nlri_iter_init(&it, field, afi, add_path);
	while ((rc = bgp_nlri_next(&it, &p)) > 0)
		;
	return rc;
}

int bgp_typed_nlri_check(struct bgp_bytes field, bool add_path)
{
	struct bgp_nlri_iter it;
	struct bgp_typed_nlri n;
	int rc;

	bgp_nlri_iter_init(&it, field, 0, add_path);
	while ((rc = bgp_typed_nlri_next(&it, &n)) > 0)
		;
	return rc;
}

int bgp_prefix_encode(uint8_t *buf, size_t cap, const struct bgp_prefix *p, bool add_path)
{
	if (p->len > max_bits(p->afi))
		return -EINVAL;
	size_t bytes = (p->len + 7u) / 8;
	size_t need = 1 + bytes + (add_path ? 4 : 0);
	if (cap < need)
		return -ENOSPC;
	if (add_path) {
		bgp_put32(buf, p->path_id);
		buf += 4;
	}
	buf[0] = p->len;
	memcpy(buf + 1, p->addr, bytes);
	if (p->len % 8)
		buf[bytes] &= (uint8_t)(0xff << (8 - p->len % 8));
	return (int)need;
}
