// SPDX-License-Identifier: BSD-3-Clause
// Encoding the messages that carry no routes: OPEN with its capabilities,
// KEEPALIVE, NOTIFICATION, ROUTE-REFRESH and End-of-RIB.
#include "bgp_encode.h"
#include "bgp_wire.h"

#include <errno.h>
#include <string.h>

static size_t budget(size_t cap)
{
	return cap < BGP_MAX_MSG_LEN ? cap : BGP_MAX_MSG_LEN;
}

// Closes a message started at o->buf: header written, length returned.
static int finish(struct bgp_out *o, uint8_t type)
{
	if (o->full)
		return -ENOSPC;
	bgp_put_header(o->buf, (uint16_t)o->len, type);
	return (int)o->len;
}

static struct bgp_out start(uint8_t *buf, size_t cap)
{
	struct bgp_out o = {.buf = buf, .cap = budget(cap)};
	bgp_out_take(&o, BGP_HDR_LEN);
	return o;
}

int bgp_encode_keepalive(uint8_t *buf, size_t cap)
{
	struct bgp_out o = start(buf, cap);
	return finish(&o, BGP_MSG_KEEPALIVE);
}

int bgp_encode_notification(uint8_t *buf, size_t cap, uint8_t code, uint8_t subcode,
	const uint8_t *data, size_t data_len)
{
	struct bgp_out o = start(buf, cap);
	bgp_out_u8(&o, code);
	bgp_out_u8(&o, subcode);
	if (!o.full && data_len > o.cap - o.len)
		data_len = o.cap - o.len;
	bgp_out_bytes(&o, data, data_len);
	return finish(&o, BGP_MSG_NOTIFICATION);
}

int bgp_encode_route_refresh(uint8_t *buf, size_t cap, uint16_t afi, uint8_t safi, uint8_t subtype)
{
	struct bgp_out o = start(buf, cap);
	bgp_out_u16(&o, afi);
	bgp_out_u8(&o, subtype);
	bgp_out_u8(&o, safi);
	return finish(&o, BGP_MSG_ROUTE_REFRESH);
}

int bgp_encode_eor(uint8_t *buf, size_t cap, uint16_t afi, uint8_t safi)
{
	struct bgp_out o = start(buf, cap);
	bgp_out_u16(&o, 0); // withdrawn routes length
	if (afi == BGP_AFI_IPV4 && safi == BGP_SAFI_UNICAST) {
		bgp_out_u16(&o, 0);
		return finish(&o, BGP_MSG_UPDATE);
	}
	bgp_out_u16(&o, 6);
	bgp_out_u8(&o, BGP_ATTR_F_OPTIONAL);
	bgp_out_u8(&o, BGP_ATTR_MP_UNREACH_NLRI);
	bgp_out_u8(&o, 3);
	bgp_out_u16(&o, afi);
	bgp_out_u8(&o, safi);
	return finish(&o, BGP_MSG_UPDATE);
}

void bgp_open_set_asn(struct bgp_open *open, uint32_t asn)
{
	open->my_as = asn > UINT16_MAX ? BGP_AS_TRANS : (uint16_t)asn;
	open->caps.has_as4 = true;
	open->caps.as4 = asn;
}

// Starts one capability; returns where its length goes (patched by cap_end).
static size_t cap_begin(struct bgp_out *o, uint8_t code)
{
	bgp_out_u8(o, code);
	size_t at = o->len;
	bgp_out_u8(o, 0);
	return at;
}

static void cap_end(struct bgp_out *o, size_t at)
{
	if (!o->full)
		o->buf[at] = (uint8_t)(o->len - at - 1);
}

static void caps_tuples(struct bgp_out *o, const struct bgp_caps *c)
{
	size_t at;

	if (c->has_gr) {
		at = cap_begin(o, BGP_CAP_GRACEFUL_RESTART);
		bgp_out_u16(o, (uint16_t)((c->gr_flags & 0xf) << 12 | (c->gr_time & 0x0fff)));
		for (unsigned i = 0; i < c->n_gr; i++) {
			bgp_out_u16(o, c->gr[i].afi);
			bgp_out_u8(o, c->gr[i].safi);
			bgp_out_u8(o, c->gr[i].flags);
		}
		cap_end(o, at);
	}
	if (c->n_ext_nh) {
		at = cap_begin(o, BGP_CAP_EXT_NEXTHOP);
		for (unsigned i = 0; i < c->n_ext_nh; i++) {
			bgp_out_u16(o, c->ext_nh[i].nlri_afi);
			bgp_out_u16(o, c->ext_nh[i].nlri_safi);
			bgp_out_u16(o, c->ext_nh[i].nh_afi);
		}
		cap_end(o, at);
	}
	if (c->n_add_path) {
		at = cap_begin(o, BGP_CAP_ADD_PATH);
		for (unsigned i = 0; i < c->n_add_path; i++) {
			bgp_out_u16(o, c->add_path[i].afi);
			bgp_out_u8(o, c->add_path[i].safi);
			bgp_out_u8(o, c->add_path[i].send_receive);
		}
		cap_end(o, at);
	}
}

// All capabilities, back to back (the value of one optional parameter).
static void caps_encode(struct bgp_out *o, const struct bgp_caps *c)
{
	size_t at;

	for (unsigned i = 0; i < c->n_mp; i++) {
		at = cap_begin(o, BGP_CAP_MP);
		bgp_out_u16(o, c->mp[i].afi);
		bgp_out_u8(o, 0);
		bgp_out_u8(o, c->mp[i].safi);
		cap_end(o, at);
	}
	if (c->route_refresh)
		cap_end(o, cap_begin(o, BGP_CAP_ROUTE_REFRESH));
	if (c->enhanced_rr)
		cap_end(o, cap_begin(o, BGP_CAP_ENHANCED_RR));
	if (c->ext_message)
		cap_end(o, cap_begin(o, BGP_CAP_EXT_MESSAGE));
	if (c->has_as4) {
		at = cap_begin(o, BGP_CAP_AS4);
		bgp_out_u32(o, c->as4);
		cap_end(o, at);
	}
	caps_tuples(o, c);
	for (unsigned i = 0; i < c->n_unknown; i++) {
		at = cap_begin(o, c->unknown[i].code);
		bgp_out_bytes(o, c->unknown[i].value, c->unknown[i].len);
		cap_end(o, at);
	}
}

int bgp_encode_open(uint8_t *buf, size_t cap, const struct bgp_open *open)
{
	struct bgp_out o = start(buf, cap);
	bgp_out_u8(&o, BGP_VERSION);
	bgp_out_u16(&o, open->my_as);
	bgp_out_u16(&o, open->hold_time);
	bgp_out_bytes(&o, &open->bgp_id, 4);
	size_t optlen_at = o.len;
	// Written as one capabilities parameter; moved 4 octets on for the
	// RFC 9072 form when it does not fit in 255.
	bgp_out_u8(&o, 0);
	bgp_out_u8(&o, BGP_OPT_PARAM_CAPABILITIES);
	bgp_out_u8(&o, 0);
	size_t caps_at = o.len;
	caps_encode(&o, &open->caps);
	if (o.full)
		return -ENOSPC;
	size_t clen = o.len - caps_at;
	if (clen == 0) {
		o.len = optlen_at + 1; // no optional parameters at all
		return finish(&o, BGP_MSG_OPEN);
	}
	if (clen + 2 <= 255) {
		buf[optlen_at] = (uint8_t)(clen + 2);
		buf[caps_at - 1] = (uint8_t)clen;
		return finish(&o, BGP_MSG_OPEN);
	}
	if (clen > UINT16_MAX - 3 || !bgp_out_take(&o, 4))
		return -ENOSPC;
	memmove(buf + caps_at + 4, buf + caps_at, clen);
	uint8_t *p = buf + optlen_at;
	p[0] = 255; // Non-Ext OP Len
	p[1] = 255; // Non-Ext OP Type
	bgp_put16(p + 2, (uint16_t)(clen + 3));
	p[4] = BGP_OPT_PARAM_CAPABILITIES;
	bgp_put16(p + 5, (uint16_t)clen);
	return finish(&o, BGP_MSG_OPEN);
}
