// SPDX-License-Identifier: BSD-3-Clause
// Capabilities in an OPEN (RFC 5492): multiprotocol (4760), route refresh
// (2918) and enhanced route refresh (7313), extended next hop (8950),
// extended message (8654), graceful restart (4724), 4-octet AS (6793) and
// add-path (7911). Unknown ones are kept as (code, length, value) and ignored.
#include "bgp_decode.h"
#include "bgp_decode_priv.h"
#include "bgp_wire.h"

#include <errno.h>

static int malformed(struct bgp_fault *f, const char *reason)
{
	bgp_fault_reset(f, BGP_ERR_OPEN, BGP_ERR_SUB_UNSPECIFIC, NULL, 0, reason);
	return -EBADMSG;
}

static int cap_mp(struct bgp_caps *c, const uint8_t *v, uint8_t len, struct bgp_fault *f)
{
	if (len != 4)
		return malformed(f, "multiprotocol capability length not 4");
	struct bgp_afi_safi af = {bgp_get16(v), v[3]};
	if (bgp_caps_has_mp(c, af.afi, af.safi))
		return 0;
	if (c->n_mp == BGP_MAX_CAP_AFS)
		c->dropped++;
	else
		c->mp[c->n_mp++] = af;
	return 0;
}

static int cap_as4(struct bgp_caps *c, const uint8_t *v, uint8_t len, struct bgp_fault *f)
{
	if (len != 4)
		return malformed(f, "4-octet AS capability length not 4");
	c->as4 = bgp_get32(v);
	c->has_as4 = true;
	if (c->as4 == 0) {
		// RFC 7607: AS 0 is a bad peer AS.
		bgp_fault_reset(f, BGP_ERR_OPEN, BGP_OPEN_ERR_PEER_AS, NULL, 0,
			"4-octet AS capability holds AS 0");
		return -EBADMSG;
	}
	return 0;
}

// Restart flags and time, then (AFI, SAFI, flags) per family.
static int cap_gr(struct bgp_caps *c, const uint8_t *v, uint8_t len, struct bgp_fault *f)
{
	if (len < 2 || (len - 2) % 4 != 0)
		return malformed(f, "graceful restart capability length bad");
	c->has_gr = true;
	c->gr_flags = v[0] >> 4;
	c->gr_time = bgp_get16(v) & 0x0fff;
	c->n_gr = 0;
	for (unsigned off = 2; off < len; off += 4) {
		if (c->n_gr == BGP_MAX_CAP_AFS) {
			c->dropped++;
			continue;
		}
		c->gr[c->n_gr++] =
			(struct bgp_cap_gr_af){bgp_get16(v + off), v[off + 2], v[off + 3]};
	}
	return 0;
}

static int cap_ext_nh(struct bgp_caps *c, const uint8_t *v, uint8_t len, struct bgp_fault *f)
{
	if (len % 6 != 0)
		return malformed(f, "extended next hop capability length bad");
	for (unsigned off = 0; off < len; off += 6) {
		if (c->n_ext_nh == BGP_MAX_CAP_AFS) {
			c->dropped++;
			continue;
		}
		c->ext_nh[c->n_ext_nh++] = (struct bgp_cap_ext_nh){
			bgp_get16(v + off), bgp_get16(v + off + 2), bgp_get16(v + off + 4)};
	}
	return 0;
}

static int cap_add_path(struct bgp_caps *c, const uint8_t *v, uint8_t len, struct bgp_fault *f)
{
	if (len % 4 != 0)
		return malformed(f, "add-path capability length bad");
	for (unsigned off = 0; off < len; off += 4) {
		if (c->n_add_path == BGP_MAX_CAP_AFS) {
			c->dropped++;
			continue;
		}
		c->add_path[c->n_add_path++] =
			(struct bgp_cap_add_path){bgp_get16(v + off), v[off + 2], v[off + 3]};
	}
	return 0;
}

static void cap_unknown(struct bgp_caps *c, uint8_t code, const uint8_t *v, uint8_t len)
{
	if (c->n_unknown == BGP_MAX_CAP_UNKNOWN)
		c->dropped++;
	else
		c->unknown[c->n_unknown++] = (struct bgp_cap_raw){code, len, v};
}

static int cap_decode(
	struct bgp_caps *c, uint8_t code, const uint8_t *v, uint8_t len, struct bgp_fault *f)
{
	switch (code) {
	case BGP_CAP_MP:
		return cap_mp(c, v, len, f);
	case BGP_CAP_ROUTE_REFRESH:
		c->route_refresh = true;
		return 0;
	case BGP_CAP_ENHANCED_RR:
		c->enhanced_rr = true;
		return 0;
	case BGP_CAP_EXT_MESSAGE:
		c->ext_message = true;
		return 0;
	case BGP_CAP_AS4:
		return cap_as4(c, v, len, f);
	case BGP_CAP_GRACEFUL_RESTART:
		return cap_gr(c, v, len, f);
	case BGP_CAP_EXT_NEXTHOP:
		return cap_ext_nh(c, v, len, f);
	case BGP_CAP_ADD_PATH:
		return cap_add_path(c, v, len, f);
	default:
		cap_unknown(c, code, v, len);
		return 0;
	}
}

int bgp_caps_decode(const uint8_t *p, size_t len, struct bgp_caps *caps, struct bgp_fault *fault)
{
	const uint8_t *end = p + len;

	while (p < end) {
		if (end - p < 2 || end - p - 2 < p[1])
			return malformed(fault, "capability overruns its parameter");
		int rc = cap_decode(caps, p[0], p + 2, p[1], fault);
		if (rc < 0)
			return rc;
		p += 2 + p[1];
	}
	return 0;
}

bool bgp_caps_has_mp(const struct bgp_caps *caps, uint16_t afi, uint8_t safi)
{
	for (unsigned i = 0; i < caps->n_mp; i++)
		if (caps->mp[i].afi == afi && caps->mp[i].safi == safi)
			return true;
	return false;
}

uint8_t bgp_caps_add_path(const struct bgp_caps *caps, uint16_t afi, uint8_t safi)
{
	for (unsigned i = 0; i < caps->n_add_path; i++)
		if (caps->add_path[i].afi == afi && caps->add_path[i].safi == safi)
			return caps->add_path[i].send_receive;
	return 0;
}
