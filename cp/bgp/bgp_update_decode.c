// SPDX-License-Identifier: BSD-3-Clause
// The UPDATE message (RFC 4271 4.3): withdrawn routes, path attributes and
// NLRI located and checked, then the attributes decoded and the well-known
// mandatory ones looked for (RFC 7606 3.d, 4, 5.3).
#include "bgp_decode.h"
#include "bgp_decode_priv.h"
#include "bgp_nlri.h"
#include "bgp_wire.h"

#include <errno.h>
#include <string.h>

bool bgp_update_has(const struct bgp_update *upd, uint8_t type)
{
	return bgp_bit_test(upd->present, type);
}

bool bgp_update_discarded(const struct bgp_update *upd, uint8_t type)
{
	return bgp_bit_test(upd->discarded, type);
}

static bool add_path(const struct bgp_codec_ctx *ctx)
{
	return ctx->add_path[BGP_AF_IPV4_UNICAST];
}

// Withdrawn routes and NLRI must parse whole, or nothing can be withdrawn.
static void check_fields(struct bgp_update *u, const struct bgp_codec_ctx *ctx, struct bgp_fault *f)
{
	if (bgp_nlri_check(u->withdrawn, BGP_AFI_IPV4, add_path(ctx)) < 0)
		bgp_7606_raise(f, BGP_UF_WITHDRAWN_SYNTAX, NULL, 0, 0);
	else if (bgp_nlri_check(u->nlri, BGP_AFI_IPV4, add_path(ctx)) < 0)
		bgp_7606_raise(f, BGP_UF_NLRI_SYNTAX, NULL, 0, 0);
}

// ORIGIN and AS_PATH for any reachable NLRI, NEXT_HOP for those of the NLRI
// field (RFC 4760 makes it optional for MP_REACH_NLRI only updates).
static void check_mandatory(const struct bgp_update *u, struct bgp_fault *f)
{
	bool mp = bgp_update_has(u, BGP_ATTR_MP_REACH_NLRI) && u->mp_reach.nlri.len > 0;

	if (u->nlri.len == 0 && !mp)
		return;
	if (!bgp_update_has(u, BGP_ATTR_ORIGIN))
		bgp_7606_raise(f, BGP_UF_MISSING_ORIGIN, NULL, 0, 0);
	else if (!bgp_update_has(u, BGP_ATTR_AS_PATH))
		bgp_7606_raise(f, BGP_UF_MISSING_AS_PATH, NULL, 0, 0);
	else if (u->nlri.len > 0 && !bgp_update_has(u, BGP_ATTR_NEXT_HOP))
		bgp_7606_raise(f, BGP_UF_MISSING_NEXT_HOP, NULL, 0, 0);
}

int bgp_update_decode(const uint8_t *buf, size_t len, const struct bgp_codec_ctx *ctx,
	struct bgp_update *u, struct bgp_fault *f)
{
	memset(u, 0, sizeof(*u));
	memset(f, 0, sizeof(*f));
	if (len < BGP_UPDATE_MIN_LEN) {
		bgp_fault_reset(f, BGP_ERR_HEADER, BGP_HDR_ERR_BAD_LENGTH, buf + BGP_MARKER_LEN, 2,
			"UPDATE shorter than 23 octets");
		return -EBADMSG;
	}
	const uint8_t *p = buf + BGP_HDR_LEN;
	size_t left = len - BGP_HDR_LEN;
	uint16_t wlen = bgp_get16(p);
	if (wlen > left - 4) {
		bgp_7606_raise(f, BGP_UF_WITHDRAWN_LEN, NULL, 0, 0);
		return -EBADMSG;
	}
	u->withdrawn = (struct bgp_bytes){p + 2, wlen};
	p += 2 + wlen;
	left -= 2 + wlen;
	uint16_t alen = bgp_get16(p);
	if (alen > left - 2) {
		bgp_7606_raise(f, BGP_UF_ATTRS_LEN, NULL, 0, 0);
		return -EBADMSG;
	}
	u->attrs = (struct bgp_bytes){p + 2, alen};
	u->nlri = (struct bgp_bytes){p + 2 + alen, (uint16_t)(left - 2 - alen)};

	check_fields(u, ctx, f);
	if (f->action == BGP_ACTION_SESSION_RESET)
		return -EBADMSG;
	bgp_attrs_decode(u, ctx, f);
	if (f->action < BGP_ACTION_TREAT_AS_WITHDRAW)
		check_mandatory(u, f);
	return f->action == BGP_ACTION_SESSION_RESET ? -EBADMSG : 0;
}

bool bgp_update_is_eor(const struct bgp_update *u, struct bgp_afi_safi *af)
{
	if (u->withdrawn.len != 0 || u->nlri.len != 0)
		return false;
	if (u->attrs.len == 0) {
		*af = (struct bgp_afi_safi){BGP_AFI_IPV4, BGP_SAFI_UNICAST};
		return true;
	}
	// Only an empty MP_UNREACH_NLRI, and nothing else in the attributes.
	if (!bgp_update_has(u, BGP_ATTR_MP_UNREACH_NLRI) || u->mp_unreach.nlri.len != 0)
		return false;
	if (u->mp_unreach.nlri.ptr != u->attrs.ptr + u->attrs.len)
		return false;
	size_t alen = u->attrs.len;
	if (alen != 6 && !(alen == 7 && (u->attrs.ptr[0] & BGP_ATTR_F_EXT_LEN)))
		return false;
	*af = (struct bgp_afi_safi){u->mp_unreach.afi, u->mp_unreach.safi};
	return true;
}
