// SPDX-License-Identifier: BSD-3-Clause
// Reading attribute values kept in wire form: AS_PATH segments and the
// community lists.
#include "bgp_attr.h"
#include "bgp_wire.h"

#include <errno.h>
#include <string.h>

void bgp_aspath_iter_init(struct bgp_aspath_iter *it, struct bgp_bytes path, bool four_octet)
{
	it->p = path.ptr;
	it->end = path.ptr ? path.ptr + path.len : NULL; // an empty view may be NULL
	it->asn_size = four_octet ? 4 : 2;
}

int bgp_aspath_next(struct bgp_aspath_iter *it, struct bgp_aspath_seg *seg)
{
	if (it->p == NULL || it->p >= it->end)
		return 0;
	// A single octet left cannot hold a segment header (RFC 7606 7.2).
	if (it->end - it->p < 2)
		return -EBADMSG;
	size_t bytes = (size_t)it->p[1] * it->asn_size;
	if ((size_t)(it->end - it->p - 2) < bytes)
		return -EBADMSG;
	seg->type = it->p[0];
	seg->count = it->p[1];
	seg->asn_size = it->asn_size;
	seg->asns = it->p + 2;
	it->p += 2 + bytes;
	return 1;
}

uint32_t bgp_aspath_seg_asn(const struct bgp_aspath_seg *seg, unsigned i)
{
	const uint8_t *p = seg->asns + (size_t)i * seg->asn_size;
	return seg->asn_size == 4 ? bgp_get32(p) : bgp_get16(p);
}

static enum bgp_aspath_err check_segment(const struct bgp_aspath_seg *seg, bool allow_confed)
{
	if (seg->count == 0)
		return BGP_ASPATH_MALFORMED;
	switch (seg->type) {
	case BGP_ASPATH_SET:
	case BGP_ASPATH_SEQUENCE:
		break;
	case BGP_ASPATH_CONFED_SEQUENCE:
	case BGP_ASPATH_CONFED_SET:
		if (!allow_confed)
			return BGP_ASPATH_CONFED;
		break;
	default:
		return BGP_ASPATH_MALFORMED;
	}
	for (unsigned i = 0; i < seg->count; i++)
		if (bgp_aspath_seg_asn(seg, i) == 0)
			return BGP_ASPATH_AS0;
	return BGP_ASPATH_OK;
}

enum bgp_aspath_err bgp_aspath_check(struct bgp_bytes path, bool four_octet, bool allow_confed)
{
	struct bgp_aspath_iter it;
	struct bgp_aspath_seg seg;
	enum bgp_aspath_err err = BGP_ASPATH_OK;
	int rc;

	// Malformed wins over the semantic faults: finish the walk first.
	bgp_aspath_iter_init(&it, path, four_octet);
	while ((rc = bgp_aspath_next(&it, &seg)) > 0) {
		enum bgp_aspath_err e = check_segment(&seg, allow_confed);
		if (e == BGP_ASPATH_MALFORMED)
			return e;
		if (err == BGP_ASPATH_OK)
			err = e;
	}
	return rc < 0 ? BGP_ASPATH_MALFORMED : err;
}

unsigned bgp_aspath_hops(struct bgp_bytes path, bool four_octet)
{
	struct bgp_aspath_iter it;
	struct bgp_aspath_seg seg;
	unsigned hops = 0;

	bgp_aspath_iter_init(&it, path, four_octet);
	while (bgp_aspath_next(&it, &seg) > 0) {
		if (seg.type == BGP_ASPATH_SEQUENCE)
			hops += seg.count;
		else if (seg.type == BGP_ASPATH_SET)
			hops++;
	}
	return hops;
}

uint32_t bgp_community_at(struct bgp_bytes list, unsigned i)
{
	return bgp_get32(list.ptr + (size_t)i * 4);
}

struct bgp_ext_comm bgp_ext_comm_at(struct bgp_bytes list, unsigned i)
{
	struct bgp_ext_comm ec;
	memcpy(ec.b, list.ptr + (size_t)i * 8, 8);
	return ec;
}

struct bgp_large_comm bgp_large_comm_at(struct bgp_bytes list, unsigned i)
{
	const uint8_t *p = list.ptr + (size_t)i * 12;
	return (struct bgp_large_comm){bgp_get32(p), bgp_get32(p + 4), bgp_get32(p + 8)};
}

struct in_addr bgp_cluster_at(struct bgp_bytes list, unsigned i)
{
	struct in_addr a;
	memcpy(&a, list.ptr + (size_t)i * 4, 4);
	return a;
}

bool bgp_ext_comm_rt(const struct bgp_ext_comm *ec, uint32_t *global, uint32_t *local)
{
	if (ec->b[1] != BGP_EXT_COMM_ST_RT)
		return false;
	switch (ec->b[0]) {
	case BGP_EXT_COMM_T_AS2:
		*global = bgp_get16(ec->b + 2);
		*local = bgp_get32(ec->b + 4);
		return true;
	case BGP_EXT_COMM_T_IPV4:
	case BGP_EXT_COMM_T_AS4:
		*global = bgp_get32(ec->b + 2);
		*local = bgp_get16(ec->b + 6);
		return true;
	default:
		return false;
	}
}

struct bgp_ext_comm bgp_ext_comm_rt_as2(uint16_t as, uint32_t local)
{
	struct bgp_ext_comm ec = {{BGP_EXT_COMM_T_AS2, BGP_EXT_COMM_ST_RT}};
	bgp_put16(ec.b + 2, as);
	bgp_put32(ec.b + 4, local);
	return ec;
}

int bgp_ext_comm_encap(const struct bgp_ext_comm *ec)
{
	if (ec->b[0] != BGP_EXT_COMM_T_OPAQUE || ec->b[1] != BGP_EXT_COMM_ST_ENCAP)
		return -1;
	return bgp_get16(ec->b + 6);
}

struct bgp_ext_comm bgp_ext_comm_encap_make(uint16_t tunnel_type)
{
	struct bgp_ext_comm ec = {{BGP_EXT_COMM_T_OPAQUE, BGP_EXT_COMM_ST_ENCAP}};
	bgp_put16(ec.b + 6, tunnel_type);
	return ec;
}
