// SPDX-License-Identifier: BSD-3-Clause
// cp/bgp/bgp_rfc7606.c with bgp_attr_decode.c and bgp_update_decode.c: every
// malformed UPDATE case of RFC 7606 (sections 3, 4, 5.3, 7), RFC 6793 (AS4_*),
// RFC 7607 (AS 0) and RFC 8092, with the approach, attribute and
// NOTIFICATION subcode expected.
#include "bgp_test.h"

#include "cp/bgp/bgp_decode_priv.h"

#include <errno.h>

enum ctx_kind { IBGP2, IBGP4, EBGP2, EBGP4 };

static const struct bgp_codec_ctx ctxs[] = {
	[IBGP2] = {0},
	[IBGP4] = {.four_octet_as = true},
	[EBGP2] = {.ebgp = true},
	[EBGP4] = {.ebgp = true, .four_octet_as = true},
};

// Well-formed pieces.
#define ORG "40010100 "
#define AP2 "4002040201fde8 "	  // AS_SEQUENCE 65000, 2 octets
#define AP4 "40020602010000fde8 " // the same, 4 octets
#define NH "400304c0000201 "	  // 192.0.2.1
#define BASE2 ORG AP2 NH
#define BASE4 ORG AP4 NH
#define NLRI "080a"						// 10.0.0.0/8
#define EVPN_NLRI "0311 0001c00002010002 00000000 20 c0000201 " // type 3, RD 192.0.2.1:2
#define MPR_EVPN "900e001c 001946 04 c0000201 00 " EVPN_NLRI
// Over an IPv6 underlay: type 3 with a 128-bit originating IP 2001:db8::1.
#define V6A "20010db8000000000000000000000001 "
#define EVPN_NLRI6 "031d 0001c00002010002 00000000 80 " V6A

#define OK BGP_ACTION_OK
#define DISCARD BGP_ACTION_ATTR_DISCARD
#define TAW BGP_ACTION_TREAT_AS_WITHDRAW
#define DISABLE BGP_ACTION_AFI_SAFI_DISABLE
#define RESET BGP_ACTION_SESSION_RESET

struct upd_case {
	const char *name;
	enum ctx_kind ctx;
	const char *withdrawn;
	const char *attrs;
	const char *nlri;
	enum bgp_action action;
	uint8_t attr;	 // fault.attr_type
	uint8_t subcode; // fault.subcode (code 3 when not 0)
};

static const struct upd_case cases[] = {
	{"baseline", IBGP2, "", BASE2, NLRI, OK, 0, 0},
	{"baseline 4-octet", IBGP4, "", BASE4, NLRI, OK, 0, 0},
	{"withdraw only", IBGP2, "080a 100a01", "", "", OK, 0, 0},
	{"extended length on a small attribute", IBGP2, "", "5001000100 " AP2 NH, NLRI, OK, 0, 0},

	// 7.1 ORIGIN
	{"ORIGIN length 2", IBGP2, "", "4001020000 " AP2 NH, NLRI, TAW, 1, BGP_UPD_ERR_ATTR_LENGTH},
	{"ORIGIN length 0", IBGP2, "", "400100 " AP2 NH, NLRI, TAW, 1, BGP_UPD_ERR_ATTR_LENGTH},
	{"ORIGIN value 3", IBGP2, "", "40010103 " AP2 NH, NLRI, TAW, 1, BGP_UPD_ERR_ORIGIN},
	// 7.2 AS_PATH
	{"AS_PATH segment overrun", IBGP2, "", ORG "4002040203fde8 " NH, NLRI, TAW, 2,
		BGP_UPD_ERR_AS_PATH},
	{"AS_PATH lone octet", IBGP2, "", ORG "4002050201fde802 " NH, NLRI, TAW, 2,
		BGP_UPD_ERR_AS_PATH},
	{"AS_PATH zero count", IBGP2, "", ORG "4002020200 " NH, NLRI, TAW, 2, BGP_UPD_ERR_AS_PATH},
	{"AS_PATH unknown segment type", IBGP2, "", ORG "4002040501fde8 " NH, NLRI, TAW, 2,
		BGP_UPD_ERR_AS_PATH},
	{"AS_PATH confed from eBGP", EBGP2, "", ORG "4002040301fde8 " NH, NLRI, TAW, 2,
		BGP_UPD_ERR_AS_PATH},
	{"AS_PATH confed from iBGP", IBGP2, "", ORG "4002040301fde8 " NH, NLRI, OK, 0, 0},
	{"AS_PATH AS 0", IBGP2, "", ORG "40020402010000 " NH, NLRI, TAW, 2, BGP_UPD_ERR_AS_PATH},
	{"AS_PATH 4-octet on a 2-octet session", IBGP2, "", ORG AP4 NH, NLRI, TAW, 2,
		BGP_UPD_ERR_AS_PATH},
	{"AS_PATH 2-octet on a 4-octet session", IBGP4, "", ORG AP2 NH, NLRI, TAW, 2,
		BGP_UPD_ERR_AS_PATH},
	{"AS_PATH empty", IBGP2, "", ORG "400200 " NH, NLRI, OK, 0, 0},
	// 7.3 NEXT_HOP
	{"NEXT_HOP length 5", IBGP2, "", ORG AP2 "400305c000020100 ", NLRI, TAW, 3,
		BGP_UPD_ERR_ATTR_LENGTH},
	{"NEXT_HOP length 3", IBGP2, "", ORG AP2 "400303c00002 ", NLRI, TAW, 3,
		BGP_UPD_ERR_ATTR_LENGTH},
	// 7.4 MULTI_EXIT_DISC
	{"MED length 3", IBGP2, "", BASE2 "800403000001 ", NLRI, TAW, 4, BGP_UPD_ERR_ATTR_LENGTH},
	{"MED length 0", IBGP2, "", BASE2 "800400 ", NLRI, TAW, 4, BGP_UPD_ERR_ATTR_LENGTH},
	{"MED", IBGP2, "", BASE2 "80040400000001 ", NLRI, OK, 0, 0},
	// 7.5 LOCAL_PREF
	{"LOCAL_PREF length 2", IBGP2, "", BASE2 "4005020064 ", NLRI, TAW, 5,
		BGP_UPD_ERR_ATTR_LENGTH},
	{"LOCAL_PREF from eBGP", EBGP2, "", BASE2 "40050400000064 ", NLRI, DISCARD, 5, 0},
	{"LOCAL_PREF bad from eBGP", EBGP2, "", BASE2 "4005020064 ", NLRI, DISCARD, 5, 0},
	// 7.6 ATOMIC_AGGREGATE
	{"ATOMIC_AGGREGATE length 1", IBGP2, "", BASE2 "40060100 ", NLRI, DISCARD, 6,
		BGP_UPD_ERR_ATTR_LENGTH},
	{"ATOMIC_AGGREGATE", IBGP2, "", BASE2 "400600 ", NLRI, OK, 0, 0},
	// 7.7 AGGREGATOR
	{"AGGREGATOR 8 on a 2-octet session", IBGP2, "", BASE2 "c0070800 00fde8c0000201 ", NLRI,
		DISCARD, 7, BGP_UPD_ERR_ATTR_LENGTH},
	{"AGGREGATOR 6 on a 4-octet session", IBGP4, "", BASE4 "c00706fde8c0000201 ", NLRI, DISCARD,
		7, BGP_UPD_ERR_ATTR_LENGTH},
	{"AGGREGATOR 7", IBGP2, "", BASE2 "c00707fde8c000020100 ", NLRI, DISCARD, 7,
		BGP_UPD_ERR_ATTR_LENGTH},
	{"AGGREGATOR AS 0", IBGP2, "", BASE2 "c007060000c0000201 ", NLRI, DISCARD, 7,
		BGP_UPD_ERR_OPTIONAL_ATTR},
	{"AGGREGATOR", IBGP2, "", BASE2 "c00706fde8c0000201 ", NLRI, OK, 0, 0},
	// 7.8 COMMUNITIES
	{"COMMUNITIES length 5", IBGP2, "", BASE2 "c0080500010002ff ", NLRI, TAW, 8,
		BGP_UPD_ERR_ATTR_LENGTH},
	{"COMMUNITIES length 0", IBGP2, "", BASE2 "c00800 ", NLRI, TAW, 8, BGP_UPD_ERR_ATTR_LENGTH},
	{"COMMUNITIES", IBGP2, "", BASE2 "c0080800010002ffffff01 ", NLRI, OK, 0, 0},
	// 7.9 ORIGINATOR_ID
	{"ORIGINATOR_ID from eBGP", EBGP2, "", BASE2 "800904c0000202 ", NLRI, DISCARD, 9, 0},
	{"ORIGINATOR_ID length 3", IBGP2, "", BASE2 "800903c00002 ", NLRI, TAW, 9,
		BGP_UPD_ERR_ATTR_LENGTH},
	{"ORIGINATOR_ID", IBGP2, "", BASE2 "800904c0000202 ", NLRI, OK, 0, 0},
	// 7.10 CLUSTER_LIST
	{"CLUSTER_LIST from eBGP", EBGP2, "", BASE2 "800a04c0000203 ", NLRI, DISCARD, 10, 0},
	{"CLUSTER_LIST length 6", IBGP2, "", BASE2 "800a06c00002030000 ", NLRI, TAW, 10,
		BGP_UPD_ERR_ATTR_LENGTH},
	{"CLUSTER_LIST length 0", IBGP2, "", BASE2 "800a00 ", NLRI, TAW, 10,
		BGP_UPD_ERR_ATTR_LENGTH},
	{"CLUSTER_LIST", IBGP2, "", BASE2 "800a08c0000203c0000204 ", NLRI, OK, 0, 0},
	// 7.11 MP_REACH_NLRI
	{"MP_REACH EVPN", IBGP2, "", ORG AP2 MPR_EVPN, "", OK, 0, 0},
	{"MP_REACH too short for AFI/SAFI", IBGP2, "", ORG AP2 "800e020019 ", "", RESET, 14,
		BGP_UPD_ERR_OPTIONAL_ATTR},
	{"MP_REACH EVPN next hop length 5", IBGP2, "",
		ORG AP2 "900e001d 001946 05 c000020101 00 " EVPN_NLRI, "", DISABLE, 14,
		BGP_UPD_ERR_OPTIONAL_ATTR},
	{"MP_REACH EVPN next hop 16 (IPv6 VTEP)", IBGP2, "",
		ORG AP2 "900e0034 001946 10 " V6A "00 " EVPN_NLRI6, "", OK, 0, 0},
	{"MP_REACH EVPN next hop 32 (global, link-local)", IBGP2, "",
		ORG AP2 "900e0044 001946 20 " V6A "fe800000000000000000000000000001 00 " EVPN_NLRI6,
		"", OK, 0, 0},
	{"MP_REACH EVPN next hop length 24", IBGP2, "",
		ORG AP2 "900e003c 001946 18 " V6A "0000000000000000 00 " EVPN_NLRI6, "", DISABLE,
		14, BGP_UPD_ERR_OPTIONAL_ATTR},
	{"MP_REACH EVPN next hop length 8", IBGP2, "",
		ORG AP2 "900e0020 001946 08 c0000201c0000202 00 " EVPN_NLRI, "", DISABLE, 14,
		BGP_UPD_ERR_OPTIONAL_ATTR},
	{"MP_REACH next hop overruns", IBGP2, "", ORG AP2 "800e06 001946 10 c000 ", "", DISABLE, 14,
		BGP_UPD_ERR_OPTIONAL_ATTR},
	{"MP_REACH no reserved octet", IBGP2, "", ORG AP2 "800e08 001946 04 c0000201 ", "", DISABLE,
		14, BGP_UPD_ERR_OPTIONAL_ATTR},
	{"MP_REACH IPv6 /129", IBGP2, "",
		ORG AP2 "800e17 000201 10 20010db8000000000000000000000001 "
			"00 81ff ",
		"", DISABLE, 14, BGP_UPD_ERR_OPTIONAL_ATTR},
	{"MP_REACH IPv6 /64", IBGP2, "",
		ORG AP2 "800e1e 000201 10 20010db8000000000000000000000001 "
			"00 40 20010db800000001 ",
		"", OK, 0, 0},
	{"MP_REACH IPv4 next hop 16 (RFC 8950)", IBGP2, "",
		ORG AP2 "800e17 000101 10 "
			"20010db8000000000000000000000001 00 080a ",
		"", OK, 0, 0},
	{"MP_REACH IPv6 next hop 4", IBGP2, "", ORG AP2 "800e0b 000201 04 c0000201 00 080a ", "",
		DISABLE, 14, BGP_UPD_ERR_OPTIONAL_ATTR},
	{"MP_REACH EVPN route overruns", IBGP2, "", ORG AP2 "800e0c 001946 04 c0000201 00 032000 ",
		"", DISABLE, 14, BGP_UPD_ERR_OPTIONAL_ATTR},
	{"MP_REACH unknown family is opaque", IBGP2, "",
		ORG AP2 "800e0f 000180 08 0000000000000000 "
			"00 ff01 ",
		"", OK, 0, 0},
	// 7.12 MP_UNREACH_NLRI
	{"MP_UNREACH too short", IBGP2, "", "800f0100 ", "", RESET, 15, BGP_UPD_ERR_OPTIONAL_ATTR},
	{"MP_UNREACH IPv4 /33", IBGP2, "", "800f05 000101 210a ", "", DISABLE, 15,
		BGP_UPD_ERR_OPTIONAL_ATTR},
	{"MP_UNREACH EVPN", IBGP2, "", "800f16 001946 " EVPN_NLRI, "", OK, 0, 0},
	// 7.14 EXTENDED_COMMUNITIES
	{"EXTENDED_COMMUNITIES length 12", IBGP2, "", BASE2 "c0100c0002fde80000006400000000 ", NLRI,
		TAW, 16, BGP_UPD_ERR_ATTR_LENGTH},
	{"EXTENDED_COMMUNITIES length 0", IBGP2, "", BASE2 "c01000 ", NLRI, TAW, 16,
		BGP_UPD_ERR_ATTR_LENGTH},
	{"EXTENDED_COMMUNITIES", IBGP2, "", BASE2 "c010080002fde800000064 ", NLRI, OK, 0, 0},
	// RFC 8092 6: LARGE_COMMUNITY
	{"LARGE_COMMUNITY length 13", IBGP2, "", BASE2 "c0200d 0000fde8 00000001 00000002 ff ",
		NLRI, TAW, 32, BGP_UPD_ERR_ATTR_LENGTH},
	{"LARGE_COMMUNITY length 0", IBGP2, "", BASE2 "c02000 ", NLRI, TAW, 32,
		BGP_UPD_ERR_ATTR_LENGTH},
	{"LARGE_COMMUNITY", IBGP2, "", BASE2 "c0200c 0000fde8 00000001 00000002 ", NLRI, OK, 0, 0},
	// PMSI_TUNNEL (RFC 6514 5)
	{"PMSI_TUNNEL length 4", IBGP2, "", ORG AP2 MPR_EVPN "c0160400060000 ", "", TAW, 22,
		BGP_UPD_ERR_ATTR_LENGTH},
	{"PMSI_TUNNEL ingress replication id 5", IBGP2, "",
		ORG AP2 MPR_EVPN "c0160a 00 06 000064 c000020100 ", "", TAW, 22,
		BGP_UPD_ERR_ATTR_LENGTH},
	{"PMSI_TUNNEL ingress replication IPv6", IBGP2, "",
		ORG AP2 MPR_EVPN "c01615 00 06 000064 20010db8000000000000000000000001 ", "", OK, 0,
		0},
	{"PMSI_TUNNEL PIM-SM tree", IBGP2, "",
		ORG AP2 MPR_EVPN "c0160d 00 03 000000 c0000201e0000001 ", "", OK, 0, 0},
	// RFC 6793: AS4_PATH and AS4_AGGREGATOR
	{"AS4_PATH from a 4-octet speaker", IBGP4, "", BASE4 "c0110602010000fde8 ", NLRI, DISCARD,
		17, 0},
	{"AS4_PATH malformed", IBGP2, "", BASE2 "c0110602020000fde8 ", NLRI, DISCARD, 17,
		BGP_UPD_ERR_OPTIONAL_ATTR},
	{"AS4_PATH confed segment", IBGP2, "", BASE2 "c0110603010000fde8 ", NLRI, DISCARD, 17,
		BGP_UPD_ERR_OPTIONAL_ATTR},
	{"AS4_PATH", IBGP2, "", ORG "4002040201 5ba0 " NH "c011060201fa56ea00 ", NLRI, OK, 0, 0},
	{"AS4_AGGREGATOR length 6", IBGP2, "", BASE2 "c01206fde8c0000201 ", NLRI, DISCARD, 18,
		BGP_UPD_ERR_ATTR_LENGTH},
	{"AS4_AGGREGATOR from a 4-octet speaker", IBGP4, "", BASE4 "c01208fa56ea00c0000201 ", NLRI,
		DISCARD, 18, 0},
	{"AS4_AGGREGATOR", IBGP2, "", BASE2 "c007065ba0c0000201 c01208fa56ea00c0000201 ", NLRI, OK,
		0, 0},

	// 3.c attribute flags
	{"ORIGIN flagged optional", IBGP2, "", "c0010100 " AP2 NH, NLRI, TAW, 1,
		BGP_UPD_ERR_ATTR_FLAGS},
	{"AS_PATH flagged non-transitive", IBGP2, "", ORG "0002040201fde8 " NH, NLRI, TAW, 2,
		BGP_UPD_ERR_ATTR_FLAGS},
	{"MED flagged transitive", IBGP2, "", BASE2 "c0040400000001 ", NLRI, TAW, 4,
		BGP_UPD_ERR_ATTR_FLAGS},
	{"COMMUNITIES flagged non-transitive", IBGP2, "", BASE2 "80080400010002 ", NLRI, TAW, 8,
		BGP_UPD_ERR_ATTR_FLAGS},
	{"partial bit ignored", IBGP2, "", BASE2 "e0080400010002 ", NLRI, OK, 0, 0},
	// 3.g repeated attributes
	{"ORIGIN twice", IBGP2, "", BASE2 "40010102 ", NLRI, DISCARD, 1, BGP_UPD_ERR_ATTR_LIST},
	{"MP_REACH twice", IBGP2, "", ORG AP2 MPR_EVPN MPR_EVPN, "", RESET, 14,
		BGP_UPD_ERR_ATTR_LIST},
	{"MP_UNREACH twice", IBGP2, "", "800f03001946 800f03001946 ", "", RESET, 15,
		BGP_UPD_ERR_ATTR_LIST},
	// Unknown attributes (RFC 4271 5, 6.3)
	{"unknown well-known", IBGP2, "", BASE2 "40630100 ", NLRI, RESET, 0x63,
		BGP_UPD_ERR_UNKNOWN_WELLKNOWN},
	{"unknown optional transitive", IBGP2, "", BASE2 "c06302abcd ", NLRI, OK, 0, 0},
	{"unknown optional non-transitive", IBGP2, "", BASE2 "806302abcd ", NLRI, OK, 0, 0},
	// 4: attribute block framing
	{"attribute overruns the block", IBGP2, "", BASE2 "c0080800000001 ", NLRI, TAW, 0,
		BGP_UPD_ERR_ATTR_LIST},
	{"two octets left", IBGP2, "", BASE2 "c008 ", NLRI, TAW, 0, BGP_UPD_ERR_ATTR_LIST},
	{"three octets left, extended length", IBGP2, "", BASE2 "d00800 ", NLRI, TAW, 0,
		BGP_UPD_ERR_ATTR_LIST},
	{"MP_REACH overruns the block", IBGP2, "", ORG AP2 "900e0030 001946 04 ", "", RESET, 0,
		BGP_UPD_ERR_ATTR_LIST},
	{"MP_UNREACH header cut", IBGP2, "", ORG AP2 "900f00 ", "", RESET, 0,
		BGP_UPD_ERR_ATTR_LIST},
	// 5.3 NLRI and withdrawn routes syntax
	{"withdrawn /33", IBGP2, "2100000000 00", "", "", RESET, 0, BGP_UPD_ERR_NETWORK_FIELD},
	{"withdrawn prefix cut", IBGP2, "180a00", "", "", RESET, 0, BGP_UPD_ERR_NETWORK_FIELD},
	{"NLRI /33", IBGP2, "", BASE2, "2100000000 00", RESET, 0, BGP_UPD_ERR_NETWORK_FIELD},
	{"NLRI prefix cut", IBGP2, "", BASE2, "080a 180a00", RESET, 0, BGP_UPD_ERR_NETWORK_FIELD},
	{"NLRI bad with bad attributes too", IBGP2, "", "40010103 ", "21", RESET, 0,
		BGP_UPD_ERR_NETWORK_FIELD},
	// 3.d missing well-known mandatory attributes
	{"ORIGIN missing", IBGP2, "", AP2 NH, NLRI, TAW, 1, BGP_UPD_ERR_MISSING_WELLKNOWN},
	{"AS_PATH missing", IBGP2, "", ORG NH, NLRI, TAW, 2, BGP_UPD_ERR_MISSING_WELLKNOWN},
	{"NEXT_HOP missing", IBGP2, "", ORG AP2, NLRI, TAW, 3, BGP_UPD_ERR_MISSING_WELLKNOWN},
	{"no NEXT_HOP needed for MP only", IBGP2, "", ORG AP2 MPR_EVPN, "", OK, 0, 0},
	{"ORIGIN missing with MP_REACH", IBGP2, "", AP2 MPR_EVPN, "", TAW, 1,
		BGP_UPD_ERR_MISSING_WELLKNOWN},
	{"nothing needed without NLRI", IBGP2, "", "80040400000001 ", "", OK, 0, 0},
	// 3: the strongest approach wins, the first among equals
	{"discard then withdraw", IBGP2, "", "40060100 40010103 " AP2 NH, NLRI, TAW, 1,
		BGP_UPD_ERR_ORIGIN},
	{"two treat-as-withdraw: first", IBGP2, "", "40010103 " AP2 "400305c000020100 ", NLRI, TAW,
		1, BGP_UPD_ERR_ORIGIN},
	{"withdraw then reset", IBGP2, "", "40010103 " AP2 MPR_EVPN MPR_EVPN, "", RESET, 14,
		BGP_UPD_ERR_ATTR_LIST},
	{"discard then disable", EBGP2, "", ORG AP2 "40050400000064 800e08 001946 04 c0000201 ", "",
		DISABLE, 14, BGP_UPD_ERR_OPTIONAL_ATTR},
	{"missing ORIGIN hidden by a stronger fault", IBGP2, "", AP2 "800e08 001946 04 c0000201 ",
		"", DISABLE, 14, BGP_UPD_ERR_OPTIONAL_ATTR},
};

static int decode_case(const struct upd_case *c, struct bgp_msg *m, uint8_t *buf, size_t cap)
{
	size_t n = update_from_hex(buf, cap, c->withdrawn, c->attrs, c->nlri);
	return bgp_msg_decode(buf, n, &ctxs[c->ctx], m);
}

static void all_cases(void **state)
{
	(void)state;
	uint8_t buf[1024];
	struct bgp_msg m;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct upd_case *c = &cases[i];
		int rc = decode_case(c, &m, buf, sizeof(buf));
		if (m.fault.action != c->action || m.fault.attr_type != c->attr ||
			m.fault.subcode != c->subcode) {
			print_error("case '%s': action %d attr %u subcode %u (%s), want %d %u %u\n",
				c->name, m.fault.action, m.fault.attr_type, m.fault.subcode,
				m.fault.reason ? m.fault.reason : "-", c->action, c->attr,
				c->subcode);
			fail();
		}
		assert_int_equal(rc, c->action == RESET ? -EBADMSG : 0);
		assert_int_equal(m.fault.code, c->subcode ? BGP_ERR_UPDATE : 0);
		assert_true((c->action == OK) == (m.fault.reason == NULL));
		if (c->action == DISABLE) {
			assert_int_not_equal(m.fault.afi, 0);
		}
	}
}

static void details(void **state)
{
	(void)state;
	uint8_t buf[1024];
	struct bgp_msg m;
	size_t n;

	// The first ORIGIN is kept.
	n = update_from_hex(buf, sizeof(buf), "", BASE2 "40010102 ", NLRI);
	assert_int_equal(bgp_msg_decode(buf, n, &ctxs[IBGP2], &m), 0);
	assert_int_equal(m.update.origin, BGP_ORIGIN_IGP);
	assert_true(bgp_update_has(&m.update, BGP_ATTR_ORIGIN));

	// AFI/SAFI disable names the family.
	n = update_from_hex(buf, sizeof(buf), "", ORG AP2 "800e08 001946 04 c0000201 ", "");
	assert_int_equal(bgp_msg_decode(buf, n, &ctxs[IBGP2], &m), 0);
	assert_int_equal(m.fault.afi, BGP_AFI_L2VPN);
	assert_int_equal(m.fault.safi, BGP_SAFI_EVPN);
	assert_int_equal(m.fault.data.len, 11); // the attribute
	assert_memory_equal(m.fault.data.ptr, "\x80\x0e\x08", 3);

	// A flags error still leaves the MP NLRI readable, to withdraw them.
	n = update_from_hex(
		buf, sizeof(buf), "", ORG AP2 "d00e001c 001946 04 c0000201 00 " EVPN_NLRI, "");
	assert_int_equal(bgp_msg_decode(buf, n, &ctxs[IBGP2], &m), 0);
	assert_int_equal(m.fault.action, TAW);
	assert_int_equal(m.fault.subcode, BGP_UPD_ERR_ATTR_FLAGS);
	assert_true(bgp_update_has(&m.update, BGP_ATTR_MP_REACH_NLRI));
	assert_int_equal(m.update.mp_reach.nlri.len, 19);

	// Treat-as-withdraw from an overrun still finds the NLRI field.
	n = update_from_hex(buf, sizeof(buf), "", BASE2 "c0080800000001 ", "080a 100a01");
	assert_int_equal(bgp_msg_decode(buf, n, &ctxs[IBGP2], &m), 0);
	assert_int_equal(m.fault.action, TAW);
	assert_int_equal(m.update.nlri.len, 5);

	// Missing attribute: the data is its type code.
	n = update_from_hex(buf, sizeof(buf), "", ORG AP2, NLRI);
	assert_int_equal(bgp_msg_decode(buf, n, &ctxs[IBGP2], &m), 0);
	assert_int_equal(m.fault.data.len, 1);
	assert_int_equal(m.fault.data.ptr[0], BGP_ATTR_NEXT_HOP);

	// Unknown well-known: the data is the attribute.
	n = update_from_hex(buf, sizeof(buf), "", BASE2 "40630100 ", NLRI);
	assert_int_equal(bgp_msg_decode(buf, n, &ctxs[IBGP2], &m), -EBADMSG);
	assert_int_equal(m.fault.data.len, 4);
	assert_memory_equal(m.fault.data.ptr, "\x40\x63\x01\x00", 4);

	// Unknown optional transitive kept for passing on, non-transitive not.
	n = update_from_hex(buf, sizeof(buf), "", BASE2 "c06302abcd 806401ef ", NLRI);
	assert_int_equal(bgp_msg_decode(buf, n, &ctxs[IBGP2], &m), 0);
	assert_int_equal(m.update.n_unknown, 1);
	assert_int_equal(m.update.unknown[0].type, 0x63);
	assert_int_equal(m.update.unknown[0].flags, 0xc0);
	assert_int_equal(m.update.unknown[0].value.len, 2);
	assert_false(bgp_update_discarded(&m.update, 0x64));

	// Discarded attributes are listed and not present.
	n = update_from_hex(buf, sizeof(buf), "", BASE2 "40060100 c00707fde8c000020100 ", NLRI);
	assert_int_equal(bgp_msg_decode(buf, n, &ctxs[IBGP2], &m), 0);
	assert_int_equal(m.fault.action, DISCARD);
	assert_int_equal(m.fault.attr_type, BGP_ATTR_ATOMIC_AGGREGATE);
	assert_true(bgp_update_discarded(&m.update, BGP_ATTR_ATOMIC_AGGREGATE));
	assert_true(bgp_update_discarded(&m.update, BGP_ATTR_AGGREGATOR));
	assert_false(bgp_update_has(&m.update, BGP_ATTR_AGGREGATOR));
	assert_true(bgp_update_has(&m.update, BGP_ATTR_NEXT_HOP));

	// RFC 6793: AS4_* on a 4-octet session dropped, not kept.
	n = update_from_hex(buf, sizeof(buf), "", BASE4 "c0110602010000fde8 ", NLRI);
	assert_int_equal(bgp_msg_decode(buf, n, &ctxs[IBGP4], &m), 0);
	assert_true(bgp_update_discarded(&m.update, BGP_ATTR_AS4_PATH));
	assert_false(bgp_update_has(&m.update, BGP_ATTR_AS4_PATH));
}

static void too_many_unknown(void **state)
{
	(void)state;
	char hex[512] = BASE2;
	uint8_t buf[1024];
	struct bgp_msg m;

	for (int i = 0; i < BGP_MAX_UNKNOWN_ATTRS + 1; i++)
		snprintf(hex + strlen(hex), sizeof(hex) - strlen(hex), "c0%02x0100 ", 0x80 + i);
	size_t n = update_from_hex(buf, sizeof(buf), "", hex, NLRI);
	assert_int_equal(bgp_msg_decode(buf, n, &ctxs[IBGP2], &m), 0);
	assert_int_equal(m.fault.action, DISCARD);
	assert_int_equal(m.update.n_unknown, BGP_MAX_UNKNOWN_ATTRS);
	assert_true(bgp_update_discarded(&m.update, 0x80 + BGP_MAX_UNKNOWN_ATTRS));
}

// Lengths in the fixed part of the UPDATE overrunning the message.
static void fixed_lengths(void **state)
{
	(void)state;
	uint8_t buf[128];
	struct bgp_msg m;

	size_t n = update_from_hex(buf, sizeof(buf), "080a", BASE2, NLRI);
	buf[20] = 0x40; // withdrawn routes length 64
	assert_int_equal(bgp_msg_decode(buf, n, &ctxs[IBGP2], &m), -EBADMSG);
	assert_int_equal(m.fault.subcode, BGP_UPD_ERR_ATTR_LIST);
	buf[20] = (uint8_t)(n - 22); // one past the room left
	assert_int_equal(bgp_msg_decode(buf, n, &ctxs[IBGP2], &m), -EBADMSG);
	buf[20] = 2;
	buf[24] = 0x40; // total path attribute length 64
	assert_int_equal(bgp_msg_decode(buf, n, &ctxs[IBGP2], &m), -EBADMSG);
	assert_int_equal(m.fault.subcode, BGP_UPD_ERR_ATTR_LIST);
	assert_string_equal(m.fault.reason, "total path attribute length overruns the message");
	buf[24] = (uint8_t)(n - 25);
	assert_int_equal(bgp_msg_decode(buf, n, &ctxs[IBGP2], &m), 0); // NLRI empty now
	buf[24] = (uint8_t)(n - 24);
	assert_int_equal(bgp_msg_decode(buf, n, &ctxs[IBGP2], &m), -EBADMSG);
}

// Every fault has a decision and a log string; the approaches are those of
// the RFC sections named in bgp_rfc7606.c.
static void decision_table(void **state)
{
	(void)state;
	struct bgp_fault f;

	for (int uf = BGP_UF_NONE + 1; uf < BGP_UF_MAX; uf++) {
		memset(&f, 0, sizeof(f));
		bgp_7606_raise(&f, uf, NULL, 0, 0);
		assert_int_not_equal(f.action, BGP_ACTION_OK);
		assert_non_null(f.reason);
		assert_int_equal(f.action, bgp_7606_action(uf));
	}
	assert_int_equal(bgp_7606_action(BGP_UF_NONE), OK);
	assert_int_equal(bgp_7606_action(BGP_UF_DUPLICATE_MP), RESET);
	assert_int_equal(bgp_7606_action(BGP_UF_UNKNOWN_WELLKNOWN), RESET);
	assert_int_equal(bgp_7606_action(BGP_UF_MP_NLRI), DISABLE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(all_cases),
		cmocka_unit_test(details),
		cmocka_unit_test(too_many_unknown),
		cmocka_unit_test(fixed_lengths),
		cmocka_unit_test(decision_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
