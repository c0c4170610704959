// SPDX-License-Identifier: BSD-3-Clause
// The error-handling decisions for UPDATE messages, in one table: for each
// fault the decoder can find, the approach of RFC 7606 (sections 3, 4, 5.3
// and 7; RFC 6793 for AS4_*, RFC 7607 for AS 0, RFC 8092 for large
// communities), the NOTIFICATION subcode of RFC 4271 6.3 and a log string.
#include "bgp_decode_priv.h"

enum data_kind {
	DATA_NONE,
	DATA_ATTR, // the erroneous attribute: type, length, value
	DATA_TYPE, // the missing attribute's type code
};

struct decision {
	enum bgp_action action;
	uint8_t subcode; // 0: nothing worth a NOTIFICATION
	enum data_kind data;
	uint8_t type; // for DATA_TYPE
	const char *reason;
};

#define RESET BGP_ACTION_SESSION_RESET
#define DISABLE BGP_ACTION_AFI_SAFI_DISABLE
#define TAW BGP_ACTION_TREAT_AS_WITHDRAW
#define DISCARD BGP_ACTION_ATTR_DISCARD

static const struct decision decisions[BGP_UF_MAX] = {
	[BGP_UF_WITHDRAWN_LEN] = {RESET, BGP_UPD_ERR_ATTR_LIST, DATA_NONE, 0,
		"withdrawn routes length overruns the message"},
	[BGP_UF_ATTRS_LEN] = {RESET, BGP_UPD_ERR_ATTR_LIST, DATA_NONE, 0,
		"total path attribute length overruns the message"},
	[BGP_UF_WITHDRAWN_SYNTAX] = {RESET, BGP_UPD_ERR_NETWORK_FIELD, DATA_NONE, 0,
		"bad prefix in withdrawn routes"},
	[BGP_UF_NLRI_SYNTAX] = {RESET, BGP_UPD_ERR_NETWORK_FIELD, DATA_NONE, 0,
		"bad prefix in NLRI"},
	[BGP_UF_ATTR_OVERRUN] = {TAW, BGP_UPD_ERR_ATTR_LIST, DATA_NONE, 0,
		"attribute overruns the path attributes"},
	[BGP_UF_ATTR_OVERRUN_MP] = {RESET, BGP_UPD_ERR_ATTR_LIST, DATA_NONE, 0,
		"MP_REACH/MP_UNREACH overruns the path attributes"},
	[BGP_UF_DUPLICATE] = {DISCARD, BGP_UPD_ERR_ATTR_LIST, DATA_NONE, 0,
		"repeated attribute dropped"},
	[BGP_UF_DUPLICATE_MP] = {RESET, BGP_UPD_ERR_ATTR_LIST, DATA_NONE, 0,
		"repeated MP_REACH_NLRI/MP_UNREACH_NLRI"},
	[BGP_UF_FLAGS] = {TAW, BGP_UPD_ERR_ATTR_FLAGS, DATA_ATTR, 0,
		"attribute flags conflict with its type"},
	[BGP_UF_UNKNOWN_WELLKNOWN] = {RESET, BGP_UPD_ERR_UNKNOWN_WELLKNOWN, DATA_ATTR, 0,
		"unrecognized well-known attribute"},
	[BGP_UF_MISSING_ORIGIN] = {TAW, BGP_UPD_ERR_MISSING_WELLKNOWN, DATA_TYPE, BGP_ATTR_ORIGIN,
		"ORIGIN missing"},
	[BGP_UF_MISSING_AS_PATH] = {TAW, BGP_UPD_ERR_MISSING_WELLKNOWN, DATA_TYPE, BGP_ATTR_AS_PATH,
		"AS_PATH missing"},
	[BGP_UF_MISSING_NEXT_HOP] = {TAW, BGP_UPD_ERR_MISSING_WELLKNOWN, DATA_TYPE,
		BGP_ATTR_NEXT_HOP, "NEXT_HOP missing"},
	[BGP_UF_ORIGIN_LEN] = {TAW, BGP_UPD_ERR_ATTR_LENGTH, DATA_ATTR, 0, "ORIGIN length not 1"},
	[BGP_UF_ORIGIN_VALUE] = {TAW, BGP_UPD_ERR_ORIGIN, DATA_ATTR, 0, "ORIGIN value undefined"},
	[BGP_UF_AS_PATH_MALFORMED] = {TAW, BGP_UPD_ERR_AS_PATH, DATA_NONE, 0, "AS_PATH malformed"},
	[BGP_UF_AS_PATH_CONFED] = {TAW, BGP_UPD_ERR_AS_PATH, DATA_NONE, 0,
		"AS_PATH confederation segment from an external peer"},
	[BGP_UF_AS_PATH_AS0] = {TAW, BGP_UPD_ERR_AS_PATH, DATA_NONE, 0, "AS_PATH holds AS 0"},
	[BGP_UF_NEXT_HOP_LEN] = {TAW, BGP_UPD_ERR_ATTR_LENGTH, DATA_ATTR, 0,
		"NEXT_HOP length not 4"},
	[BGP_UF_MED_LEN] = {TAW, BGP_UPD_ERR_ATTR_LENGTH, DATA_ATTR, 0,
		"MULTI_EXIT_DISC length not 4"},
	[BGP_UF_LOCAL_PREF_EBGP] = {DISCARD, 0, DATA_NONE, 0,
		"LOCAL_PREF from an external peer dropped"},
	[BGP_UF_LOCAL_PREF_LEN] = {TAW, BGP_UPD_ERR_ATTR_LENGTH, DATA_ATTR, 0,
		"LOCAL_PREF length not 4"},
	[BGP_UF_ATOMIC_AGGREGATE_LEN] = {DISCARD, BGP_UPD_ERR_ATTR_LENGTH, DATA_ATTR, 0,
		"ATOMIC_AGGREGATE length not 0"},
	[BGP_UF_AGGREGATOR_LEN] = {DISCARD, BGP_UPD_ERR_ATTR_LENGTH, DATA_ATTR, 0,
		"AGGREGATOR length wrong"},
	[BGP_UF_AGGREGATOR_AS0] = {DISCARD, BGP_UPD_ERR_OPTIONAL_ATTR, DATA_ATTR, 0,
		"AGGREGATOR holds AS 0"},
	[BGP_UF_COMMUNITIES_LEN] = {TAW, BGP_UPD_ERR_ATTR_LENGTH, DATA_ATTR, 0,
		"COMMUNITIES length not a non-zero multiple of 4"},
	[BGP_UF_ORIGINATOR_ID_EBGP] = {DISCARD, 0, DATA_NONE, 0,
		"ORIGINATOR_ID from an external peer dropped"},
	[BGP_UF_ORIGINATOR_ID_LEN] = {TAW, BGP_UPD_ERR_ATTR_LENGTH, DATA_ATTR, 0,
		"ORIGINATOR_ID length not 4"},
	[BGP_UF_CLUSTER_LIST_EBGP] = {DISCARD, 0, DATA_NONE, 0,
		"CLUSTER_LIST from an external peer dropped"},
	[BGP_UF_CLUSTER_LIST_LEN] = {TAW, BGP_UPD_ERR_ATTR_LENGTH, DATA_ATTR, 0,
		"CLUSTER_LIST length not a non-zero multiple of 4"},
	[BGP_UF_MP_SHORT] = {RESET, BGP_UPD_ERR_OPTIONAL_ATTR, DATA_ATTR, 0,
		"MP_REACH/MP_UNREACH too short for AFI/SAFI"},
	[BGP_UF_MP_NEXTHOP] = {DISABLE, BGP_UPD_ERR_OPTIONAL_ATTR, DATA_ATTR, 0,
		"MP_REACH_NLRI next hop length bad for the family"},
	[BGP_UF_MP_NLRI] = {DISABLE, BGP_UPD_ERR_OPTIONAL_ATTR, DATA_ATTR, 0,
		"MP_REACH/MP_UNREACH NLRI do not parse"},
	[BGP_UF_EXT_COMMUNITIES_LEN] = {TAW, BGP_UPD_ERR_ATTR_LENGTH, DATA_ATTR, 0,
		"EXTENDED_COMMUNITIES length not a non-zero multiple of 8"},
	[BGP_UF_AS4_PATH_MALFORMED] = {DISCARD, BGP_UPD_ERR_OPTIONAL_ATTR, DATA_ATTR, 0,
		"AS4_PATH malformed"},
	[BGP_UF_AS4_AGGREGATOR_LEN] = {DISCARD, BGP_UPD_ERR_ATTR_LENGTH, DATA_ATTR, 0,
		"AS4_AGGREGATOR malformed"},
	[BGP_UF_AS4_FROM_AS4] = {DISCARD, 0, DATA_NONE, 0,
		"AS4_PATH/AS4_AGGREGATOR from a 4-octet AS speaker dropped"},
	[BGP_UF_PMSI_TUNNEL_LEN] = {TAW, BGP_UPD_ERR_ATTR_LENGTH, DATA_ATTR, 0,
		"PMSI_TUNNEL malformed"},
	[BGP_UF_LARGE_COMMUNITY_LEN] = {TAW, BGP_UPD_ERR_ATTR_LENGTH, DATA_ATTR, 0,
		"LARGE_COMMUNITY length not a non-zero multiple of 12"},
	[BGP_UF_TOO_MANY_UNKNOWN] = {DISCARD, 0, DATA_NONE, 0,
		"too many unknown transitive attributes, extra dropped"},
};

// NOTIFICATION data of one octet, the missing attribute's type code.
static const uint8_t type_codes[] = {
	[BGP_ATTR_ORIGIN] = BGP_ATTR_ORIGIN,
	[BGP_ATTR_AS_PATH] = BGP_ATTR_AS_PATH,
	[BGP_ATTR_NEXT_HOP] = BGP_ATTR_NEXT_HOP,
};

enum bgp_action bgp_7606_action(enum bgp_upd_fault uf)
{
	return uf < BGP_UF_MAX ? decisions[uf].action : BGP_ACTION_SESSION_RESET;
}

void bgp_7606_raise(struct bgp_fault *f, enum bgp_upd_fault uf, const struct bgp_attr_in *attr,
	uint16_t afi, uint8_t safi)
{
	const struct decision *d = &decisions[uf < BGP_UF_MAX ? uf : BGP_UF_ATTRS_LEN];

	// RFC 7606 3: the strongest approach wins; among equals keep the first.
	if (d->action <= f->action)
		return;
	*f = (struct bgp_fault){
		.action = d->action,
		.reason = d->reason,
		.attr_type = attr ? attr->type : d->type,
		.code = d->subcode ? BGP_ERR_UPDATE : 0,
		.subcode = d->subcode,
		.afi = afi,
		.safi = safi,
	};
	if (d->data == DATA_ATTR && attr)
		f->data = attr->whole;
	else if (d->data == DATA_TYPE)
		f->data = (struct bgp_bytes){&type_codes[d->type], 1};
}

void bgp_fault_reset(struct bgp_fault *f, uint8_t code, uint8_t subcode, const uint8_t *data,
	size_t data_len, const char *reason)
{
	*f = (struct bgp_fault){
		.action = BGP_ACTION_SESSION_RESET,
		.reason = reason,
		.code = code,
		.subcode = subcode,
		.data = {data, (uint16_t)data_len},
	};
}
