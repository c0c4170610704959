// SPDX-License-Identifier: BSD-3-Clause
// Reading interned attribute sets: AS path queries for the decision process and
// loop checks, printing, and the encoder's view (struct bgp_attr_set).
#include <stdio.h>
#include <string.h>

#include "cp/bgp/bgp_attr.h"
#include "cp/bgp/bgp_pattr.h"

#define MAX_SEGS 128
#define MAX_ASNS 4096
#define MAX_RAW 32

unsigned bgp_pattr_aspath_hops(const struct bgp_pattr *a)
{
	return bgp_aspath_hops(bgp_pattr_aspath(a), true);
}

uint32_t bgp_pattr_first_as(const struct bgp_pattr *a)
{
	struct bgp_aspath_iter it;
	struct bgp_aspath_seg seg;

	bgp_aspath_iter_init(&it, bgp_pattr_aspath(a), true);
	while (bgp_aspath_next(&it, &seg) > 0)
		if (seg.type == BGP_ASPATH_SEQUENCE && seg.count > 0)
			return bgp_aspath_seg_asn(&seg, 0);
	return 0;
}

bool bgp_pattr_aspath_has(const struct bgp_pattr *a, uint32_t asn)
{
	struct bgp_aspath_iter it;
	struct bgp_aspath_seg seg;

	bgp_aspath_iter_init(&it, bgp_pattr_aspath(a), true);
	while (bgp_aspath_next(&it, &seg) > 0)
		for (unsigned i = 0; i < seg.count; i++)
			if (bgp_aspath_seg_asn(&seg, i) == asn)
				return true;
	return false;
}

bool bgp_pattr_cluster_has(const struct bgp_pattr *a, struct in_addr id)
{
	struct bgp_bytes cl = bgp_pattr_clusters(a);

	for (unsigned i = 0; i < a->n_cluster; i++)
		if (bgp_cluster_at(cl, i).s_addr == id.s_addr)
			return true;
	return false;
}

const char *bgp_pattr_aspath_str(const struct bgp_pattr *a, char *buf, size_t len)
{
	static const char *const open[] = {"", "{", "", "(", "["};
	static const char *const close[] = {"", "}", "", ")", "]"};
	struct bgp_aspath_iter it;
	struct bgp_aspath_seg seg;
	size_t n = 0;

	buf[0] = '\0';
	bgp_aspath_iter_init(&it, bgp_pattr_aspath(a), true);
	while (bgp_aspath_next(&it, &seg) > 0 && n < len) {
		unsigned t = seg.type <= 4 ? seg.type : 0;
		n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? " " : "", open[t]);
		for (unsigned i = 0; i < seg.count && n < len; i++)
			n += (size_t)snprintf(buf + n, len - n, "%s%u", i ? " " : "",
				bgp_aspath_seg_asn(&seg, i));
		if (n < len)
			n += (size_t)snprintf(buf + n, len - n, "%s", close[t]);
	}
	return buf;
}

// Scratch space of bgp_pattr_to_set: one set is encoded at a time.
static struct {
	struct bgp_path_seg segs[MAX_SEGS];
	uint32_t asns[MAX_ASNS];
	uint32_t comms[BGP_PATTR_DATA_MAX / 4];
	struct bgp_large_comm large[BGP_PATTR_DATA_MAX / 12];
	struct bgp_raw_attr raw[MAX_RAW];
} scratch;

static uint8_t fill_segs(const struct bgp_pattr *a)
{
	struct bgp_aspath_iter it;
	struct bgp_aspath_seg seg;
	unsigned ns = 0, na = 0;

	bgp_aspath_iter_init(&it, bgp_pattr_aspath(a), true);
	while (bgp_aspath_next(&it, &seg) > 0 && ns < MAX_SEGS && na + seg.count <= MAX_ASNS) {
		scratch.segs[ns] = (struct bgp_path_seg){seg.type, seg.count, &scratch.asns[na]};
		for (unsigned i = 0; i < seg.count; i++)
			scratch.asns[na++] = bgp_aspath_seg_asn(&seg, i);
		ns++;
	}
	return (uint8_t)ns;
}

static uint8_t fill_raw(const struct bgp_pattr *a)
{
	struct bgp_bytes u = bgp_pattr_unknown(a);
	unsigned n = 0;

	for (size_t off = 0; off + 4 <= u.len && n < MAX_RAW; n++) {
		uint16_t len = (uint16_t)(u.ptr[off + 2] << 8 | u.ptr[off + 3]);
		scratch.raw[n] = (struct bgp_raw_attr){u.ptr[off], u.ptr[off + 1],
			{u.ptr + off + 4, len}};
		off += 4u + len;
	}
	return (uint8_t)n;
}

void bgp_pattr_to_set(const struct bgp_pattr *a, struct bgp_attr_set *s)
{
	struct bgp_bytes comms = bgp_pattr_comms(a), large = bgp_pattr_large(a);

	memset(s, 0, sizeof(*s));
	s->afi = BGP_AFI_IPV4;
	s->safi = BGP_SAFI_UNICAST;
	s->has = a->has;
	s->origin = a->origin;
	s->n_segs = fill_segs(a);
	s->as_path = scratch.segs;
	s->next_hop = a->next_hop;
	s->med = a->med;
	s->local_pref = a->local_pref;
	s->aggregator = a->aggregator;
	s->originator_id = a->originator_id;
	for (unsigned i = 0; i < a->n_comm; i++)
		scratch.comms[i] = bgp_community_at(comms, i);
	s->n_communities = a->n_comm;
	s->communities = scratch.comms;
	s->n_cluster_list = a->n_cluster;
	s->cluster_list = (const struct in_addr *)(const void *)bgp_pattr_clusters(a).ptr;
	s->n_ext_communities = a->n_ext;
	s->ext_communities = (const struct bgp_ext_comm *)(const void *)bgp_pattr_ext(a).ptr;
	for (unsigned i = 0; i < a->n_large; i++)
		scratch.large[i] = bgp_large_comm_at(large, i);
	s->n_large_communities = a->n_large;
	s->large_communities = scratch.large;
	s->n_passthrough = fill_raw(a);
	s->passthrough = scratch.raw;
	if (a->has & BGP_AS_PMSI_TUNNEL)
		s->pmsi = (struct bgp_pmsi){.flags = a->pmsi_flags, .tunnel_type = a->pmsi_type,
			.label = a->pmsi_label, .tunnel_id = {a->pmsi_id, a->pmsi_id_len}};
	if (a->has & BGP_PATTR_NH6) { // RFC 8950: in MP_REACH_NLRI
		s->mp_nexthop_len = 16;
		memcpy(s->mp_nexthop, &a->next_hop6, 16);
	}
}
