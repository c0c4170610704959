// SPDX-License-Identifier: BSD-3-Clause
// cp/bgp/bgp_decode.c, bgp_cap_decode.c, bgp_update_decode.c: headers, OPEN,
// NOTIFICATION, KEEPALIVE, ROUTE-REFRESH, and real messages captured between
// two FRR 8.4 VTEPs (fixtures/README.md), each also cut at every length.
#include "bgp_test.h"

#include "cp/bgp/bgp_attr.h"
#include "cp/bgp/bgp_encode.h"
#include "cp/bgp/bgp_nlri.h"
#include "cp/bgp/bgp_print.h"

#include <arpa/inet.h>
#include <errno.h>

static const struct bgp_codec_ctx ibgp4 = {.four_octet_as = true};
static const struct bgp_codec_ctx ebgp2 = {.ebgp = true};

static const char *const fixtures[] = {
	"bgp_evpn_frr_f1_keepalive_19.bin",
	"bgp_evpn_frr_f4_notification_23.bin",
	"bgp_evpn_frr_f14_open_97.bin",
	"bgp_evpn_frr_f18_open_97.bin",
	"bgp_evpn_frr_f20_notification_21.bin",
	"bgp_evpn_frr_f27_update_29.bin",
	"bgp_evpn_frr_f27_update_101.bin",
	"bgp_evpn_frr_f27_update_105.bin",
	"bgp_evpn_frr_f29_update_101.bin",
	"bgp_evpn_frr_f29_update_105.bin",
	"bgp_evpn_frr_f29_update_113.bin",
	"mac_move_bgp_f4_update_65.bin",
};

static int decode_fixture(
	const char *name, const struct bgp_codec_ctx *ctx, struct bgp_msg *m, uint8_t **buf)
{
	size_t len;
	*buf = fixture_load(name, &len);
	int rc = bgp_msg_decode(*buf, len, ctx, m);
	assert_int_equal(m->len, len);
	return rc;
}

static void header_errors(void **state)
{
	(void)state;
	uint8_t m[64];
	struct bgp_fault f;
	uint8_t type;

	assert_int_equal(bgp_encode_keepalive(m, sizeof(m)), 19);
	assert_int_equal(bgp_header_decode(m, 18, 0, &type, &f), -EAGAIN);
	assert_int_equal(bgp_header_decode(m, 19, 0, &type, &f), 19);
	assert_int_equal(type, BGP_MSG_KEEPALIVE);

	m[3] = 0xfe; // marker
	assert_int_equal(bgp_header_decode(m, 19, 0, &type, &f), -EBADMSG);
	assert_int_equal(f.action, BGP_ACTION_SESSION_RESET);
	assert_int_equal(f.code, BGP_ERR_HEADER);
	assert_int_equal(f.subcode, BGP_HDR_ERR_NOT_SYNC);
	m[3] = 0xff;

	m[17] = 20; // KEEPALIVE must be 19
	assert_int_equal(bgp_header_decode(m, 20, 0, &type, &f), -EBADMSG);
	assert_int_equal(f.subcode, BGP_HDR_ERR_BAD_LENGTH);
	assert_int_equal(f.data.len, 2);
	assert_memory_equal(f.data.ptr, "\x00\x14", 2);

	m[17] = 18; // below the header
	m[18] = BGP_MSG_UPDATE;
	assert_int_equal(bgp_header_decode(m, 19, 0, &type, &f), -EBADMSG);
	assert_int_equal(f.subcode, BGP_HDR_ERR_BAD_LENGTH);
	m[17] = 22; // UPDATE needs 23
	assert_int_equal(bgp_header_decode(m, 22, 0, &type, &f), -EBADMSG);
	m[16] = 0x10, m[17] = 0x01; // 4097
	assert_int_equal(bgp_header_decode(m, 19, 0, &type, &f), -EBADMSG);
	assert_int_equal(f.subcode, BGP_HDR_ERR_BAD_LENGTH);
	assert_int_equal(bgp_header_decode(m, 19, 8192, &type, &f), 4097); // extended messages
	m[16] = 0, m[17] = 19;

	m[18] = 6; // type
	assert_int_equal(bgp_header_decode(m, 19, 0, &type, &f), -EBADMSG);
	assert_int_equal(f.subcode, BGP_HDR_ERR_BAD_TYPE);
	assert_int_equal(f.data.len, 1);
	assert_int_equal(f.data.ptr[0], 6);
	m[18] = 0;
	assert_int_equal(bgp_header_decode(m, 19, 0, &type, &f), -EBADMSG);
	assert_int_equal(f.subcode, BGP_HDR_ERR_BAD_TYPE);
}

static void keepalive_and_partial(void **state)
{
	(void)state;
	uint8_t m[40];
	struct bgp_msg msg;

	bgp_encode_keepalive(m, sizeof(m));
	assert_int_equal(bgp_msg_decode(m, 19, &ibgp4, &msg), 0);
	assert_int_equal(msg.type, BGP_MSG_KEEPALIVE);
	// More bytes than the message: only the message is looked at.
	memset(m + 19, 0, 21);
	assert_int_equal(bgp_msg_decode(m, 40, &ibgp4, &msg), 0);
	assert_int_equal(msg.len, 19);
	// An UPDATE whose header says 30 octets but only 25 are there.
	m[17] = 30;
	m[18] = BGP_MSG_UPDATE;
	assert_int_equal(bgp_msg_decode(m, 25, &ibgp4, &msg), -EAGAIN);
}

static void frr_open(void **state)
{
	(void)state;
	struct bgp_msg m;
	uint8_t *buf;

	assert_int_equal(decode_fixture("bgp_evpn_frr_f14_open_97.bin", &ibgp4, &m, &buf), 0);
	const struct bgp_open *o = &m.open;
	assert_int_equal(m.type, BGP_MSG_OPEN);
	assert_int_equal(m.fault.action, BGP_ACTION_OK);
	assert_int_equal(o->version, 4);
	assert_int_equal(o->my_as, 65000);
	assert_int_equal(o->hold_time, 9);
	assert_int_equal(ntohl(o->bgp_id.s_addr), 0xc6336401); // 198.51.100.1
	assert_false(o->ext_params);
	const struct bgp_caps *c = &o->caps;
	assert_int_equal(c->n_mp, 1);
	assert_true(bgp_caps_has_mp(c, BGP_AFI_L2VPN, BGP_SAFI_EVPN));
	assert_false(bgp_caps_has_mp(c, BGP_AFI_IPV4, BGP_SAFI_UNICAST));
	assert_true(c->route_refresh);
	assert_true(c->enhanced_rr);
	assert_true(c->ext_message);
	assert_true(c->has_as4);
	assert_int_equal(c->as4, 65000);
	assert_int_equal(bgp_open_peer_as(o), 65000);
	assert_true(c->has_gr);
	assert_int_equal(c->gr_flags, BGP_GR_F_RESTART | BGP_GR_F_NOTIFICATION);
	assert_int_equal(c->gr_time, 120);
	assert_int_equal(c->n_gr, 0); // helper only: no families
	assert_int_equal(c->n_add_path, 1);
	assert_int_equal(bgp_caps_add_path(c, BGP_AFI_L2VPN, BGP_SAFI_EVPN), BGP_ADD_PATH_RECEIVE);
	assert_int_equal(c->n_ext_nh, 0);
	// Old Cisco route refresh (128), FQDN (73) and long-lived GR (71): kept.
	assert_int_equal(c->n_unknown, 3);
	assert_int_equal(c->unknown[0].code, 128);
	assert_int_equal(c->unknown[1].code, 73);
	assert_int_equal(c->unknown[1].len, 7);
	assert_memory_equal(c->unknown[1].value, "\x05vtep1\x00", 7);
	assert_int_equal(c->unknown[2].code, 71);
	assert_int_equal(c->dropped, 0);
	free(buf);

	assert_int_equal(decode_fixture("bgp_evpn_frr_f18_open_97.bin", &ibgp4, &m, &buf), 0);
	assert_int_equal(ntohl(m.open.bgp_id.s_addr), 0xc6336402);
	assert_memory_equal(m.open.caps.unknown[1].value, "\x05vtep2\x00", 7);
	free(buf);
}

// OPEN from hex: body after the header.
static int open_hex(const char *body, struct bgp_msg *m, uint8_t *buf)
{
	memset(buf, 0xff, 16);
	size_t n = hex_to_bytes(body, buf + 19, 4096 - 19) + 19;
	buf[16] = (uint8_t)(n >> 8);
	buf[17] = (uint8_t)n;
	buf[18] = BGP_MSG_OPEN;
	return bgp_msg_decode(buf, n, &ibgp4, m);
}

static void open_errors(void **state)
{
	(void)state;
	uint8_t buf[4096];
	struct bgp_msg m;

	assert_int_equal(open_hex("04 fde8 00b4 c0000201 00", &m, buf), 0);
	assert_int_equal(m.open.hold_time, 180);
	assert_int_equal(open_hex("04 fde8 0000 c0000201 00", &m, buf), 0); // hold 0: no keepalives

	assert_int_equal(open_hex("03 fde8 00b4 c0000201 00", &m, buf), -EBADMSG);
	assert_int_equal(m.fault.code, BGP_ERR_OPEN);
	assert_int_equal(m.fault.subcode, BGP_OPEN_ERR_VERSION);
	assert_int_equal(m.fault.data.len, 2);
	assert_memory_equal(m.fault.data.ptr, "\x00\x04", 2);

	assert_int_equal(open_hex("04 fde8 0002 c0000201 00", &m, buf), -EBADMSG);
	assert_int_equal(m.fault.subcode, BGP_OPEN_ERR_HOLD_TIME);
	assert_int_equal(open_hex("04 fde8 0001 c0000201 00", &m, buf), -EBADMSG);
	assert_int_equal(m.fault.subcode, BGP_OPEN_ERR_HOLD_TIME);
	assert_int_equal(open_hex("04 fde8 0003 c0000201 00", &m, buf), 0);

	assert_int_equal(open_hex("04 fde8 00b4 00000000 00", &m, buf), -EBADMSG);
	assert_int_equal(m.fault.subcode, BGP_OPEN_ERR_BGP_ID);
	assert_int_equal(open_hex("04 0000 00b4 c0000201 00", &m, buf), -EBADMSG);
	assert_int_equal(m.fault.subcode, BGP_OPEN_ERR_PEER_AS);

	// Parameter type 1 (authentication, deprecated).
	assert_int_equal(open_hex("04 fde8 00b4 c0000201 04 0102 0000", &m, buf), -EBADMSG);
	assert_int_equal(m.fault.subcode, BGP_OPEN_ERR_OPT_PARAM);
	// Optional parameters length disagreeing with the message.
	assert_int_equal(open_hex("04 fde8 00b4 c0000201 05 0202 0200", &m, buf), -EBADMSG);
	assert_int_equal(m.fault.subcode, BGP_ERR_SUB_UNSPECIFIC);
	assert_int_equal(open_hex("04 fde8 00b4 c0000201 03 0202 0200", &m, buf), -EBADMSG);
	// A parameter overrunning the parameters, a capability overrunning its parameter.
	assert_int_equal(open_hex("04 fde8 00b4 c0000201 04 0203 0200", &m, buf), -EBADMSG);
	assert_int_equal(open_hex("04 fde8 00b4 c0000201 04 0202 0201", &m, buf), -EBADMSG);
	// Known capabilities with bad lengths.
	assert_int_equal(open_hex("04 fde8 00b4 c0000201 05 0203 010300", &m, buf), -EBADMSG);
	assert_int_equal(open_hex("04 fde8 00b4 c0000201 05 0203 410100", &m, buf), -EBADMSG);
	assert_int_equal(open_hex("04 fde8 00b4 c0000201 05 0203 400100", &m, buf), -EBADMSG);
	assert_int_equal(
		open_hex("04 fde8 00b4 c0000201 07 0205 4003 00780001", &m, buf), -EBADMSG);
	assert_int_equal(open_hex("04 fde8 00b4 c0000201 07 0205 0503 000100", &m, buf), -EBADMSG);
	assert_int_equal(open_hex("04 fde8 00b4 c0000201 07 0205 4503 000100", &m, buf), -EBADMSG);
	// 4-octet AS 0 (RFC 7607).
	assert_int_equal(
		open_hex("04 5ba0 00b4 c0000201 08 0206 4104 00000000", &m, buf), -EBADMSG);
	assert_int_equal(m.fault.subcode, BGP_OPEN_ERR_PEER_AS);
	// Unknown capability: kept and ignored; empty parameter fine.
	assert_int_equal(open_hex("04 fde8 00b4 c0000201 08 0200 0204 fe02abcd", &m, buf), 0);
	assert_int_equal(m.open.caps.n_unknown, 1);
	assert_int_equal(m.open.caps.unknown[0].code, 0xfe);
	assert_memory_equal(m.open.caps.unknown[0].value, "\xab\xcd", 2);
}

static void open_caps_all(void **state)
{
	(void)state;
	uint8_t buf[4096];
	struct bgp_msg m;

	// Several capabilities in one parameter: MP ipv4/ipv6/evpn (+ a repeat),
	// AS4 4200000000, GR with two families, extended next hop, add-path.
	assert_int_equal(open_hex("04 5ba0 005a 0a000001 3e 023c"
				  "0104 00010001 0104 00020001 0104 00190046 0104 00190046"
				  "4104 fa56ea00"
				  "400a 8078 00010180 00194600"
				  "0506 0001 0001 0002"
				  "4508 00010103 00194601",
				 &m, buf),
		0);
	const struct bgp_caps *c = &m.open.caps;
	assert_int_equal(c->n_mp, 3);
	assert_true(bgp_caps_has_mp(c, BGP_AFI_IPV6, BGP_SAFI_UNICAST));
	assert_int_equal(bgp_open_peer_as(&m.open), 4200000000u);
	assert_int_equal(m.open.my_as, BGP_AS_TRANS);
	assert_int_equal(c->gr_flags, BGP_GR_F_RESTART);
	assert_int_equal(c->gr_time, 120);
	assert_int_equal(c->n_gr, 2);
	assert_int_equal(c->gr[0].afi, 1);
	assert_int_equal(c->gr[0].flags, BGP_GR_AF_F_FORWARDING);
	assert_int_equal(c->gr[1].afi, 25);
	assert_int_equal(c->gr[1].flags, 0);
	assert_int_equal(c->n_ext_nh, 1);
	assert_int_equal(c->ext_nh[0].nlri_afi, 1);
	assert_int_equal(c->ext_nh[0].nh_afi, 2);
	assert_int_equal(c->n_add_path, 2);
	assert_int_equal(bgp_caps_add_path(c, 1, 1), BGP_ADD_PATH_RECEIVE | BGP_ADD_PATH_SEND);
	assert_int_equal(bgp_caps_add_path(c, 2, 1), 0);

	// RFC 9072: Non-Ext OP Len 255, Non-Ext OP Type 255, 2-octet lengths.
	assert_int_equal(
		open_hex("04 fde8 00b4 c0000201 ff ff 0009 02 0006 0104 00190046", &m, buf), 0);
	assert_true(m.open.ext_params);
	assert_true(bgp_caps_has_mp(&m.open.caps, BGP_AFI_L2VPN, BGP_SAFI_EVPN));

	// More families than kept: counted, not stored.
	char hex[1024] = "04 fde8 00b4 c0000201 7a 0278";
	for (int i = 0; i < 20; i++)
		snprintf(hex + strlen(hex), sizeof(hex) - strlen(hex), " 0104 00%02x0001", i + 1);
	assert_int_equal(open_hex(hex, &m, buf), 0);
	assert_int_equal(m.open.caps.n_mp, BGP_MAX_CAP_AFS);
	assert_int_equal(m.open.caps.dropped, 4);
}

static void frr_notifications(void **state)
{
	(void)state;
	struct bgp_msg m;
	uint8_t *buf;
	char line[128];

	assert_int_equal(
		decode_fixture("bgp_evpn_frr_f4_notification_23.bin", &ibgp4, &m, &buf), 0);
	assert_int_equal(m.notification.code, BGP_ERR_CEASE);
	assert_int_equal(m.notification.subcode, 9); // hard reset (RFC 8538) ...
	assert_int_equal(m.notification.data.len, 2);
	assert_memory_equal(m.notification.data.ptr, "\x06\x04", 2); // ... of an admin reset
	bgp_notification_format(line, sizeof(line), m.notification.code, m.notification.subcode,
		m.notification.data.len);
	assert_string_equal(line, "Cease/Hard Reset (6/9), 2 octets of data");
	free(buf);

	assert_int_equal(
		decode_fixture("bgp_evpn_frr_f20_notification_21.bin", &ibgp4, &m, &buf), 0);
	assert_int_equal(m.notification.code, BGP_ERR_CEASE);
	assert_int_equal(m.notification.subcode, 7); // connection collision
	assert_int_equal(m.notification.data.len, 0);
	free(buf);
}

static void route_refresh(void **state)
{
	(void)state;
	uint8_t m[64];
	struct bgp_msg msg;

	assert_int_equal(bgp_encode_route_refresh(m, sizeof(m), 25, 70, BGP_RR_BORR), 23);
	assert_int_equal(bgp_msg_decode(m, 23, &ibgp4, &msg), 0);
	assert_int_equal(msg.route_refresh.afi, 25);
	assert_int_equal(msg.route_refresh.safi, 70);
	assert_int_equal(msg.route_refresh.subtype, BGP_RR_BORR);
	// BoRR with trailing octets: RFC 7313 error with the whole message.
	m[17] = 24;
	m[23] = 0;
	assert_int_equal(bgp_msg_decode(m, 24, &ibgp4, &msg), -EBADMSG);
	assert_int_equal(msg.fault.code, BGP_ERR_ROUTE_REFRESH);
	assert_int_equal(msg.fault.subcode, BGP_RR_ERR_LENGTH);
	assert_int_equal(msg.fault.data.len, 24);
	m[21] = BGP_RR_EORR; // the same for an EoRR
	assert_int_equal(bgp_msg_decode(m, 24, &ibgp4, &msg), -EBADMSG);
	assert_int_equal(msg.fault.code, BGP_ERR_ROUTE_REFRESH);
	assert_int_equal(msg.fault.subcode, BGP_RR_ERR_LENGTH);
	// A plain request may carry ORF entries.
	m[21] = BGP_RR_REQUEST;
	assert_int_equal(bgp_msg_decode(m, 24, &ibgp4, &msg), 0);
	assert_int_equal(msg.route_refresh.orf.len, 1);
	// Unknown subtype: decoded, for the caller to ignore.
	m[17] = 23;
	m[21] = 9;
	assert_int_equal(bgp_msg_decode(m, 23, &ibgp4, &msg), 0);
	assert_int_equal(msg.route_refresh.subtype, 9);
	m[17] = 22;
	assert_int_equal(bgp_msg_decode(m, 23, &ibgp4, &msg), -EBADMSG);
	assert_int_equal(msg.fault.subcode, BGP_HDR_ERR_BAD_LENGTH);
}

// Route target and encapsulation of the FRR lab: RT 65000:100, VXLAN.
static void check_frr_ext_comms(const struct bgp_update *u, unsigned n)
{
	uint32_t g, l;
	assert_true(bgp_update_has(u, BGP_ATTR_EXT_COMMUNITIES));
	assert_int_equal(u->ext_communities.len, n * 8);
	struct bgp_ext_comm ec = bgp_ext_comm_at(u->ext_communities, 0);
	assert_int_equal(bgp_ext_comm_encap(&ec), BGP_ENCAP_VXLAN);
	assert_false(bgp_ext_comm_rt(&ec, &g, &l));
	ec = bgp_ext_comm_at(u->ext_communities, 1);
	assert_true(bgp_ext_comm_rt(&ec, &g, &l));
	assert_int_equal(g, 65000);
	assert_int_equal(l, 100);
	assert_int_equal(bgp_ext_comm_encap(&ec), -1);
}

static void check_frr_common(const struct bgp_update *u, uint8_t vtep)
{
	uint8_t nh[4] = {198, 51, 100, vtep};
	assert_true(bgp_update_has(u, BGP_ATTR_MP_REACH_NLRI));
	assert_int_equal(u->mp_reach.afi, BGP_AFI_L2VPN);
	assert_int_equal(u->mp_reach.safi, BGP_SAFI_EVPN);
	assert_int_equal(u->mp_reach.nexthop.len, 4);
	assert_memory_equal(u->mp_reach.nexthop.ptr, nh, 4);
	assert_int_equal(u->origin, BGP_ORIGIN_IGP);
	assert_true(bgp_update_has(u, BGP_ATTR_AS_PATH));
	assert_int_equal(u->as_path.len, 0); // iBGP, FRR writes it with the extended length
	assert_int_equal(u->local_pref, 100);
	assert_int_equal(u->withdrawn.len, 0);
	assert_int_equal(u->nlri.len, 0);
}

static void frr_evpn_updates(void **state)
{
	(void)state;
	struct bgp_msg m;
	struct bgp_nlri_iter it;
	struct bgp_typed_nlri n;
	uint8_t *buf;

	// Type-3 (inclusive multicast) from vtep2: PMSI ingress replication.
	assert_int_equal(decode_fixture("bgp_evpn_frr_f27_update_101.bin", &ibgp4, &m, &buf), 0);
	const struct bgp_update *u = &m.update;
	assert_int_equal(m.fault.action, BGP_ACTION_OK);
	check_frr_common(u, 2);
	check_frr_ext_comms(u, 2);
	assert_true(bgp_update_has(u, BGP_ATTR_PMSI_TUNNEL));
	assert_int_equal(u->pmsi.flags, 0);
	assert_int_equal(u->pmsi.tunnel_type, BGP_PMSI_INGRESS_REPLICATION);
	assert_int_equal(u->pmsi.label, 100); // the VNI (RFC 8365 5.1.3)
	assert_int_equal(u->pmsi.tunnel_id.len, 4);
	assert_memory_equal(u->pmsi.tunnel_id.ptr, "\xc6\x33\x64\x02", 4);
	bgp_nlri_iter_init(&it, u->mp_reach.nlri, 0, false);
	assert_int_equal(bgp_typed_nlri_next(&it, &n), 1);
	assert_int_equal(n.type, 3);
	assert_int_equal(n.value.len, 17);
	assert_memory_equal(
		n.value.ptr, "\x00\x01\xc6\x33\x64\x02\x00\x02", 8); // RD 198.51.100.2:2
	assert_int_equal(bgp_typed_nlri_next(&it, &n), 0);
	free(buf);

	// Type-2 (MAC) from vtep2.
	assert_int_equal(decode_fixture("bgp_evpn_frr_f27_update_105.bin", &ibgp4, &m, &buf), 0);
	check_frr_common(u, 2);
	check_frr_ext_comms(u, 2);
	assert_false(bgp_update_has(u, BGP_ATTR_PMSI_TUNNEL));
	bgp_nlri_iter_init(&it, u->mp_reach.nlri, 0, false);
	assert_int_equal(bgp_typed_nlri_next(&it, &n), 1);
	assert_int_equal(n.type, 2);
	assert_int_equal(n.value.len, 33);
	assert_int_equal(n.value.ptr[22], 48);			  // MAC length
	assert_memory_equal(n.value.ptr + 30, "\x00\x00\x64", 3); // label: VNI 100
	free(buf);

	// Type-2 from vtep1 with MAC mobility sequence 1 (RFC 7432 7.7).
	assert_int_equal(decode_fixture("bgp_evpn_frr_f29_update_113.bin", &ibgp4, &m, &buf), 0);
	check_frr_common(u, 1);
	check_frr_ext_comms(u, 3);
	struct bgp_ext_comm ec = bgp_ext_comm_at(u->ext_communities, 2);
	assert_int_equal(ec.b[0], BGP_EXT_COMM_T_EVPN);
	assert_int_equal(ec.b[1], BGP_EXT_COMM_ST_MAC_MOBILITY);
	assert_memory_equal(ec.b + 4, "\x00\x00\x00\x01", 4);
	free(buf);

	// The same decoded as eBGP: LOCAL_PREF dropped, the rest kept.
	assert_int_equal(decode_fixture("bgp_evpn_frr_f29_update_113.bin", &ebgp2, &m, &buf), 0);
	assert_int_equal(m.fault.action, BGP_ACTION_ATTR_DISCARD);
	assert_int_equal(m.fault.attr_type, BGP_ATTR_LOCAL_PREF);
	assert_true(bgp_update_discarded(u, BGP_ATTR_LOCAL_PREF));
	assert_false(bgp_update_has(u, BGP_ATTR_LOCAL_PREF));
	assert_true(bgp_update_has(u, BGP_ATTR_MP_REACH_NLRI));
	free(buf);
}

static void frr_withdraw_and_eor(void **state)
{
	(void)state;
	struct bgp_msg m;
	struct bgp_afi_safi af;
	uint8_t *buf;

	// MAC move: the old route withdrawn in MP_UNREACH_NLRI.
	assert_int_equal(decode_fixture("mac_move_bgp_f4_update_65.bin", &ibgp4, &m, &buf), 0);
	const struct bgp_update *u = &m.update;
	assert_int_equal(m.fault.action, BGP_ACTION_OK);
	assert_true(bgp_update_has(u, BGP_ATTR_MP_UNREACH_NLRI));
	assert_false(bgp_update_has(u, BGP_ATTR_MP_REACH_NLRI));
	assert_int_equal(u->mp_unreach.afi, BGP_AFI_L2VPN);
	assert_int_equal(u->mp_unreach.safi, BGP_SAFI_EVPN);
	assert_int_equal(u->mp_unreach.nlri.len, 35);
	assert_int_equal(u->mp_unreach.nlri.ptr[0], 2);
	assert_false(bgp_update_is_eor(u, &af));
	free(buf);

	assert_int_equal(decode_fixture("bgp_evpn_frr_f27_update_29.bin", &ibgp4, &m, &buf), 0);
	assert_true(bgp_update_is_eor(&m.update, &af));
	assert_int_equal(af.afi, BGP_AFI_L2VPN);
	assert_int_equal(af.safi, BGP_SAFI_EVPN);
	free(buf);
}

// Every fixture cut at every length, in a buffer of exactly that size:
// the decoder asks for more, and with the header length patched to the cut
// it decodes or refuses, never reading past the end.
static void truncated_everywhere(void **state)
{
	(void)state;
	const struct bgp_codec_ctx *ctxs[] = {&ibgp4, &ebgp2};
	struct bgp_msg m;

	for (size_t i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++) {
		size_t len;
		uint8_t *full = fixture_load(fixtures[i], &len);
		for (size_t cut = 0; cut < len; cut++) {
			for (unsigned c = 0; c < 2; c++) {
				uint8_t *b = malloc(cut ? cut : 1);
				assert_non_null(b);
				memcpy(b, full, cut);
				assert_int_equal(bgp_msg_decode(b, cut, ctxs[c], &m), -EAGAIN);
				if (cut >= BGP_HDR_LEN) {
					b[16] = (uint8_t)(cut >> 8);
					b[17] = (uint8_t)cut;
					int rc = bgp_msg_decode(b, cut, ctxs[c], &m);
					assert_true(rc == 0 || rc == -EBADMSG);
					assert_true(rc == 0 ||
						    m.fault.action == BGP_ACTION_SESSION_RESET);
				}
				free(b);
			}
		}
		free(full);
	}
}

// The attribute block length patched down to every value: each attribute in
// turn overruns (RFC 7606 4) and is never taken; only a cut between two
// attributes may leave a message that is fine.
static bool at_boundary(const uint8_t *attrs, size_t alen, size_t cut)
{
	size_t off = 0;
	while (off < cut && off + 3 <= alen) {
		size_t hdr = attrs[off] & BGP_ATTR_F_EXT_LEN ? 4 : 3;
		size_t len =
			hdr == 4 ? (size_t)attrs[off + 2] << 8 | attrs[off + 3] : attrs[off + 2];
		off += hdr + len;
	}
	return off == cut;
}

static void attrs_cut_everywhere(void **state)
{
	(void)state;
	struct bgp_msg m;

	for (size_t i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++) {
		size_t len;
		uint8_t *full = fixture_load(fixtures[i], &len);
		if (full[18] != BGP_MSG_UPDATE || full[19] || full[20]) {
			free(full);
			continue;
		}
		size_t alen = (size_t)full[21] << 8 | full[22];
		for (size_t cut = 0; cut < alen; cut++) {
			size_t n = 23 + cut;
			uint8_t *b = malloc(n);
			assert_non_null(b);
			memcpy(b, full, n);
			b[16] = (uint8_t)(n >> 8), b[17] = (uint8_t)n;
			b[21] = (uint8_t)(cut >> 8), b[22] = (uint8_t)cut;
			int rc = bgp_msg_decode(b, n, &ibgp4, &m);
			assert_true(rc == 0 || rc == -EBADMSG);
			if (!at_boundary(full + 23, alen, cut))
				assert_true(m.fault.action >= BGP_ACTION_TREAT_AS_WITHDRAW);
			free(b);
		}
		free(full);
	}
}

static void fault_strings(void **state)
{
	(void)state;
	uint8_t buf[128];
	struct bgp_msg m;
	char line[256];

	size_t n = update_from_hex(buf, sizeof(buf), "", "40010103 400200 400304c0000201", "080a");
	assert_int_equal(bgp_msg_decode(buf, n, &ibgp4, &m), 0);
	bgp_fault_format(line, sizeof(line), &m.fault);
	assert_string_equal(line, "treat-as-withdraw: ORIGIN value undefined (ORIGIN; UPDATE "
				  "Message Error/Invalid ORIGIN Attribute)");
	n = update_from_hex(buf, sizeof(buf), "", "40010100 4002020201", "");
	assert_int_equal(bgp_msg_decode(buf, n, &ibgp4, &m), 0);
	bgp_fault_format(line, sizeof(line), &m.fault);
	assert_string_equal(line, "treat-as-withdraw: AS_PATH malformed (AS_PATH; UPDATE Message "
				  "Error/Malformed AS_PATH)");
	assert_string_equal(bgp_attr_name(BGP_ATTR_PMSI_TUNNEL), "PMSI_TUNNEL");
	assert_string_equal(bgp_attr_name(200), "unknown attribute");
	assert_string_equal(bgp_msg_type_name(9), "unknown");
	assert_string_equal(bgp_cap_name(BGP_CAP_AS4), "4-octet-as");
	assert_string_equal(bgp_afi_safi_name(25, 70, line, sizeof(line)), "l2vpn evpn");
	assert_string_equal(bgp_afi_safi_name(3, 9, line, sizeof(line)), "afi 3 safi 9");
	assert_string_equal(bgp_err_subcode_name(BGP_ERR_OPEN, 0), "Unspecific");
	assert_string_equal(bgp_err_subcode_name(BGP_ERR_UPDATE, 200), "Unknown");
	assert_string_equal(bgp_action_name(BGP_ACTION_AFI_SAFI_DISABLE), "afi-safi-disable");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(header_errors),
		cmocka_unit_test(keepalive_and_partial),
		cmocka_unit_test(frr_open),
		cmocka_unit_test(open_errors),
		cmocka_unit_test(open_caps_all),
		cmocka_unit_test(frr_notifications),
		cmocka_unit_test(route_refresh),
		cmocka_unit_test(frr_evpn_updates),
		cmocka_unit_test(frr_withdraw_and_eor),
		cmocka_unit_test(truncated_everywhere),
		cmocka_unit_test(attrs_cut_everywhere),
		cmocka_unit_test(fault_strings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
