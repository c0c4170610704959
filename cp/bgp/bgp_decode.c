// SPDX-License-Identifier: BSD-3-Clause
// Message header (RFC 4271 4.1, 6.1), OPEN (4.2, 6.2; RFC 9072 extended
// optional parameters), NOTIFICATION (4.5), KEEPALIVE (4.4) and ROUTE-REFRESH
// (RFC 2918, 7313), and the dispatch over all types.
#include "bgp_decode.h"
#include "bgp_decode_priv.h"
#include "bgp_wire.h"

#include <errno.h>
#include <string.h>

// NOTIFICATION data for an unsupported version: the one we speak.
static const uint8_t our_version[2] = {0, BGP_VERSION};

static bool length_ok(uint8_t type, uint16_t len)
{
	switch (type) {
	case BGP_MSG_OPEN:
		return len >= BGP_OPEN_MIN_LEN;
	case BGP_MSG_UPDATE:
		return len >= BGP_UPDATE_MIN_LEN;
	case BGP_MSG_NOTIFICATION:
		return len >= BGP_NOTIFICATION_MIN_LEN;
	case BGP_MSG_KEEPALIVE:
		return len == BGP_HDR_LEN;
	default:
		return len >= BGP_ROUTE_REFRESH_LEN;
	}
}

int bgp_header_decode(
	const uint8_t *buf, size_t len, uint16_t max_len, uint8_t *type, struct bgp_fault *fault)
{
	memset(fault, 0, sizeof(*fault));
	if (len < BGP_HDR_LEN)
		return -EAGAIN;
	for (unsigned i = 0; i < BGP_MARKER_LEN; i++) {
		if (buf[i] != 0xff) {
			bgp_fault_reset(fault, BGP_ERR_HEADER, BGP_HDR_ERR_NOT_SYNC, NULL, 0,
				"marker not all ones");
			return -EBADMSG;
		}
	}
	uint16_t mlen = bgp_get16(buf + BGP_MARKER_LEN);
	uint8_t t = buf[BGP_MARKER_LEN + 2];
	if (t < BGP_MSG_OPEN || t > BGP_MSG_ROUTE_REFRESH) {
		bgp_fault_reset(fault, BGP_ERR_HEADER, BGP_HDR_ERR_BAD_TYPE, buf + 18, 1,
			"unknown message type");
		return -EBADMSG;
	}
	if (mlen < BGP_HDR_LEN || mlen > (max_len ? max_len : BGP_MAX_MSG_LEN) ||
		!length_ok(t, mlen)) {
		bgp_fault_reset(fault, BGP_ERR_HEADER, BGP_HDR_ERR_BAD_LENGTH, buf + 16, 2,
			"bad message length");
		return -EBADMSG;
	}
	*type = t;
	return mlen;
}

static int open_reset(struct bgp_fault *f, uint8_t subcode, const char *reason)
{
	bgp_fault_reset(f, BGP_ERR_OPEN, subcode, NULL, 0, reason);
	return -EBADMSG;
}

// Optional parameters: (type, 1-octet length) each, or with RFC 9072 a
// 2-octet length once the marker type 255 says so.
static int open_params(
	const uint8_t *p, size_t len, bool ext, struct bgp_open *o, struct bgp_fault *f)
{
	const uint8_t *end = p + len;
	size_t hdr = ext ? 3 : 2;

	while (p < end) {
		if ((size_t)(end - p) < hdr)
			return open_reset(f, BGP_ERR_SUB_UNSPECIFIC, "optional parameter overruns");
		size_t plen = ext ? bgp_get16(p + 1) : p[1];
		if ((size_t)(end - p) - hdr < plen)
			return open_reset(f, BGP_ERR_SUB_UNSPECIFIC, "optional parameter overruns");
		if (p[0] != BGP_OPT_PARAM_CAPABILITIES)
			return open_reset(
				f, BGP_OPEN_ERR_OPT_PARAM, "unsupported optional parameter");
		int rc = bgp_caps_decode(p + hdr, plen, &o->caps, f);
		if (rc < 0)
			return rc;
		p += hdr + plen;
	}
	return 0;
}

static int open_fixed(const uint8_t *p, struct bgp_open *o, struct bgp_fault *f)
{
	o->version = p[0];
	o->my_as = bgp_get16(p + 1);
	o->hold_time = bgp_get16(p + 3);
	memcpy(&o->bgp_id, p + 5, 4);
	if (o->version != BGP_VERSION) {
		bgp_fault_reset(f, BGP_ERR_OPEN, BGP_OPEN_ERR_VERSION, our_version, 2,
			"unsupported version");
		return -EBADMSG;
	}
	if (o->my_as == 0)
		return open_reset(f, BGP_OPEN_ERR_PEER_AS, "AS 0");
	if (o->hold_time == 1 || o->hold_time == 2)
		return open_reset(f, BGP_OPEN_ERR_HOLD_TIME, "hold time 1 or 2 seconds");
	if (o->bgp_id.s_addr == 0)
		return open_reset(f, BGP_OPEN_ERR_BGP_ID, "BGP identifier 0");
	return 0;
}

int bgp_open_decode(const uint8_t *buf, size_t len, struct bgp_open *o, struct bgp_fault *f)
{
	memset(o, 0, sizeof(*o));
	memset(f, 0, sizeof(*f));
	if (len < BGP_OPEN_MIN_LEN) {
		bgp_fault_reset(f, BGP_ERR_HEADER, BGP_HDR_ERR_BAD_LENGTH, buf + 16, 2,
			"OPEN shorter than 29 octets");
		return -EBADMSG;
	}
	const uint8_t *p = buf + BGP_HDR_LEN;
	int rc = open_fixed(p, o, f);
	if (rc < 0)
		return rc;
	size_t optlen = p[9];
	const uint8_t *params = p + 10;
	size_t left = len - BGP_OPEN_MIN_LEN;
	if (optlen == 255 && left >= 3 && params[0] == 255) {
		o->ext_params = true;
		optlen = bgp_get16(params + 1);
		params += 3;
		left -= 3;
	}
	if (optlen != left)
		return open_reset(f, BGP_ERR_SUB_UNSPECIFIC,
			"optional parameters length disagrees with message length");
	return open_params(params, optlen, o->ext_params, o, f);
}

uint32_t bgp_open_peer_as(const struct bgp_open *open)
{
	return open->caps.has_as4 ? open->caps.as4 : open->my_as;
}

int bgp_notification_decode(
	const uint8_t *buf, size_t len, struct bgp_notification *n, struct bgp_fault *f)
{
	memset(n, 0, sizeof(*n));
	memset(f, 0, sizeof(*f));
	if (len < BGP_NOTIFICATION_MIN_LEN) {
		bgp_fault_reset(f, BGP_ERR_HEADER, BGP_HDR_ERR_BAD_LENGTH, buf + 16, 2,
			"NOTIFICATION shorter than 21 octets");
		return -EBADMSG;
	}
	n->code = buf[BGP_HDR_LEN];
	n->subcode = buf[BGP_HDR_LEN + 1];
	n->data = (struct bgp_bytes){buf + 21, (uint16_t)(len - 21)};
	return 0;
}

int bgp_route_refresh_decode(
	const uint8_t *buf, size_t len, struct bgp_route_refresh *rr, struct bgp_fault *f)
{
	memset(rr, 0, sizeof(*rr));
	memset(f, 0, sizeof(*f));
	if (len < BGP_ROUTE_REFRESH_LEN) {
		bgp_fault_reset(f, BGP_ERR_HEADER, BGP_HDR_ERR_BAD_LENGTH, buf + 16, 2,
			"ROUTE-REFRESH shorter than 23 octets");
		return -EBADMSG;
	}
	const uint8_t *p = buf + BGP_HDR_LEN;
	rr->afi = bgp_get16(p);
	rr->subtype = p[2];
	rr->safi = p[3];
	rr->orf = (struct bgp_bytes){p + 4, (uint16_t)(len - BGP_ROUTE_REFRESH_LEN)};
	// RFC 7313 5: BoRR and EoRR carry nothing more; the data is the message.
	if ((rr->subtype == BGP_RR_BORR || rr->subtype == BGP_RR_EORR) && rr->orf.len) {
		bgp_fault_reset(f, BGP_ERR_ROUTE_REFRESH, BGP_RR_ERR_LENGTH, buf, len,
			"BoRR/EoRR longer than 23 octets");
		return -EBADMSG;
	}
	return 0;
}

int bgp_msg_decode(
	const uint8_t *buf, size_t len, const struct bgp_codec_ctx *ctx, struct bgp_msg *msg)
{
	uint8_t type;

	memset(msg, 0, sizeof(*msg));
	int mlen = bgp_header_decode(buf, len, ctx->max_len, &type, &msg->fault);
	if (mlen < 0)
		return mlen;
	if ((size_t)mlen > len)
		return -EAGAIN;
	msg->type = type;
	msg->len = (uint16_t)mlen;
	switch (type) {
	case BGP_MSG_OPEN:
		return bgp_open_decode(buf, mlen, &msg->open, &msg->fault);
	case BGP_MSG_UPDATE:
		return bgp_update_decode(buf, mlen, ctx, &msg->update, &msg->fault);
	case BGP_MSG_NOTIFICATION:
		return bgp_notification_decode(buf, mlen, &msg->notification, &msg->fault);
	case BGP_MSG_ROUTE_REFRESH:
		return bgp_route_refresh_decode(buf, mlen, &msg->route_refresh, &msg->fault);
	default:
		return 0; // KEEPALIVE: the header said it all
	}
}
