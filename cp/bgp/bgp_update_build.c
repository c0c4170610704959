// SPDX-License-Identifier: BSD-3-Clause
// Building UPDATEs with as many NLRI as fit. IPv4 unicast uses the classic
// fields; other families go in MP_REACH_NLRI/MP_UNREACH_NLRI, written first
// (RFC 7606 5.1) while the other attributes wait at the end of the budget
// until finish moves them behind the NLRI.
#include "bgp_encode.h"
#include "bgp_wire.h"

#include <errno.h>
#include <string.h>

#define MP_HDR_LEN 4		    // flags, type, 2-octet length
#define UPD_FIXED (BGP_HDR_LEN + 4) // header, withdrawn length, attributes length

static int init(struct bgp_update_builder *b, uint8_t *buf, size_t cap,
	const struct bgp_codec_ctx *ctx, uint16_t afi, uint8_t safi, bool withdraw)
{
	size_t limit = ctx->max_len ? ctx->max_len : BGP_MAX_MSG_LEN;
	enum bgp_af af = bgp_af_index(afi, safi);

	if (cap < limit)
		limit = cap;
	*b = (struct bgp_update_builder){
		.buf = buf,
		.limit = (uint16_t)limit,
		.afi = afi,
		.safi = safi,
		.withdraw = withdraw,
		.add_path = af < BGP_AF_MAX && ctx->add_path[af],
	};
	if (limit < UPD_FIXED)
		return -ENOSPC;
	memset(buf + BGP_HDR_LEN, 0, 4);
	b->len = UPD_FIXED;
	return 0;
}

static bool classic(uint16_t afi, uint8_t safi)
{
	return afi == BGP_AFI_IPV4 && safi == BGP_SAFI_UNICAST;
}

// Starts MP_REACH_NLRI or MP_UNREACH_NLRI at the current end.
static void mp_begin(struct bgp_update_builder *b, uint8_t type)
{
	uint8_t *p = b->buf + b->len;
	b->mp_off = b->len;
	p[0] = BGP_ATTR_F_OPTIONAL | BGP_ATTR_F_EXT_LEN;
	p[1] = type;
	bgp_put16(p + 4, b->afi);
	p[6] = b->safi;
	b->len += MP_HDR_LEN + 3;
}

int bgp_update_begin(struct bgp_update_builder *b, uint8_t *buf, size_t cap,
	const struct bgp_codec_ctx *ctx, const struct bgp_attr_set *a)
{
	int rc = init(b, buf, cap, ctx, a->afi, a->safi, false);
	if (rc < 0)
		return rc;
	if (classic(a->afi, a->safi) && a->mp_nexthop_len == 0) {
		rc = bgp_attrs_encode(buf + b->len, b->limit - b->len, a, ctx, true);
		if (rc < 0)
			return rc;
		bgp_put16(buf + BGP_HDR_LEN + 2, (uint16_t)rc);
		b->len += rc;
		return 0;
	}
	uint8_t nhlen = a->mp_nexthop_len;
	if (nhlen != 4 && nhlen != 16 && nhlen != 32)
		return -EINVAL;
	if (b->limit - b->len < MP_HDR_LEN + 5 + nhlen)
		return -ENOSPC;
	mp_begin(b, BGP_ATTR_MP_REACH_NLRI);
	buf[b->len++] = nhlen;
	memcpy(buf + b->len, a->mp_nexthop, nhlen);
	b->len += nhlen;
	buf[b->len++] = 0; // reserved
	// Encode the rest here, then park it at the end of the budget.
	rc = bgp_attrs_encode(buf + b->len, b->limit - b->len, a, ctx, false);
	if (rc < 0)
		return rc;
	b->tail_len = (uint16_t)rc;
	memmove(buf + b->limit - rc, buf + b->len, rc);
	return 0;
}

int bgp_update_begin_withdraw(struct bgp_update_builder *b, uint8_t *buf, size_t cap,
	const struct bgp_codec_ctx *ctx, uint16_t afi, uint8_t safi)
{
	int rc = init(b, buf, cap, ctx, afi, safi, true);
	if (rc < 0)
		return rc;
	if (classic(afi, safi)) {
		b->len = BGP_HDR_LEN + 2; // withdrawn routes go before the attributes length
		return 0;
	}
	if (b->limit - b->len < MP_HDR_LEN + 3)
		return -ENOSPC;
	mp_begin(b, BGP_ATTR_MP_UNREACH_NLRI);
	return 0;
}

// Octets free for NLRI: what the budget leaves after the attributes parked at its
// end and, after classic withdrawals, the attributes length still to come.
static size_t nlri_room(const struct bgp_update_builder *b)
{
	size_t reserve = b->tail_len + (b->withdraw && b->mp_off == 0 ? 2 : 0);
	size_t left = (size_t)(b->limit - b->len);

	return left > reserve ? left - reserve : 0;
}

int bgp_update_add_nlri(struct bgp_update_builder *b, const uint8_t *nlri, size_t len)
{
	if (len > nlri_room(b))
		return -ENOSPC;
	memcpy(b->buf + b->len, nlri, len);
	b->len += (uint16_t)len;
	b->n_nlri++;
	return 0;
}

// Encodes in place (an UPDATE of 1M routes is mostly this call).
int bgp_update_add_prefix(struct bgp_update_builder *b, const struct bgp_prefix *p)
{
	if (p->afi != b->afi || !bgp_nlri_is_prefix_family(b->afi, b->safi))
		return -EINVAL;
	int n = bgp_prefix_encode(b->buf + b->len, nlri_room(b), p, b->add_path);
	if (n < 0)
		return n;
	b->len += (uint16_t)n;
	b->n_nlri++;
	return 0;
}

int bgp_update_finish(struct bgp_update_builder *b)
{
	uint8_t *buf = b->buf;

	if (b->mp_off == 0 && b->withdraw) {
		bgp_put16(buf + BGP_HDR_LEN, (uint16_t)(b->len - BGP_HDR_LEN - 2));
		bgp_put16(buf + b->len, 0);
		b->len += 2;
	} else if (b->mp_off != 0) {
		bgp_put16(buf + b->mp_off + 2, (uint16_t)(b->len - b->mp_off - MP_HDR_LEN));
		memmove(buf + b->len, buf + b->limit - b->tail_len, b->tail_len);
		b->len += b->tail_len;
		b->tail_len = 0;
		bgp_put16(buf + BGP_HDR_LEN + 2, (uint16_t)(b->len - UPD_FIXED));
	}
	bgp_put_header(buf, b->len, BGP_MSG_UPDATE);
	return b->len;
}
