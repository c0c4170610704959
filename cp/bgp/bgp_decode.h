// SPDX-License-Identifier: BSD-3-Clause
// Decoding BGP messages from untrusted bytes. Nothing is allocated and
// nothing outside [buf, buf + len) is read. Every function leaves its verdict
// in a struct bgp_fault: action OK, an RFC 7606 approach for UPDATEs, or
// SESSION_RESET with the NOTIFICATION to send.
#ifndef EVPND_BGP_DECODE_H
#define EVPND_BGP_DECODE_H

#include "bgp_msg.h"

// Checks the 19-byte header at buf (len >= BGP_HDR_LEN, else -EAGAIN):
// marker, length within [19, max_len] (0 = 4096) and the type's own bounds,
// known type. Returns the message length, or -EBADMSG with the header error
// in *fault.
int bgp_header_decode(
	const uint8_t *buf, size_t len, uint16_t max_len, uint8_t *type, struct bgp_fault *fault);

// Decodes the whole message at buf. Returns 0 when it may be used (for an
// UPDATE, msg->fault.action says how), -EBADMSG when the session must be
// reset (msg->fault holds the NOTIFICATION), -EAGAIN when len is shorter than
// the message. Bytes past the message's length are not looked at.
int bgp_msg_decode(
	const uint8_t *buf, size_t len, const struct bgp_codec_ctx *ctx, struct bgp_msg *msg);

// The same per type, for a message whose header bgp_header_decode accepted
// (len is the length from the header).
int bgp_open_decode(const uint8_t *buf, size_t len, struct bgp_open *open, struct bgp_fault *fault);
int bgp_update_decode(const uint8_t *buf, size_t len, const struct bgp_codec_ctx *ctx,
	struct bgp_update *upd, struct bgp_fault *fault);
int bgp_notification_decode(
	const uint8_t *buf, size_t len, struct bgp_notification *n, struct bgp_fault *fault);
int bgp_route_refresh_decode(
	const uint8_t *buf, size_t len, struct bgp_route_refresh *rr, struct bgp_fault *fault);

// The value of one capabilities optional parameter (RFC 5492), added to *caps.
// Returns 0 or -EBADMSG (OPEN error in *fault).
int bgp_caps_decode(const uint8_t *p, size_t len, struct bgp_caps *caps, struct bgp_fault *fault);

// The AS of an OPEN's sender: the 4-octet capability's if present.
uint32_t bgp_open_peer_as(const struct bgp_open *open);
bool bgp_caps_has_mp(const struct bgp_caps *caps, uint16_t afi, uint8_t safi);
// Add-path send/receive bits advertised for a family, 0 if none.
uint8_t bgp_caps_add_path(const struct bgp_caps *caps, uint16_t afi, uint8_t safi);

// Attribute bitmaps of a decoded UPDATE.
bool bgp_update_has(const struct bgp_update *upd, uint8_t type);
bool bgp_update_discarded(const struct bgp_update *upd, uint8_t type);
// True if the UPDATE is an End-of-RIB marker (RFC 4724 2); *af says for what.
bool bgp_update_is_eor(const struct bgp_update *upd, struct bgp_afi_safi *af);

#endif
