// SPDX-License-Identifier: BSD-3-Clause
// Our EVPN routes into the speaker's RIB (see evpn_bgp_out.h).
#include "cp/evpn/evpn_bgp_out.h"

#include <errno.h>
#include <string.h>

#include "cp/bgp/bgp_speaker.h"
#include "cp/cp_log.h"
#include "cp/evpn/evpn_local.h"

struct bgp_pattr *evpn_bgp_out_attrs(const struct evpn_route_out *r)
{
	static struct bgp_pattr_tmp t; // 64 KiB: not on the stack
	const size_t id_len = r->pmsi_len - 5u;

	bgp_pattr_tmp_init(&t);
	t.a.origin = BGP_ORIGIN_IGP;
	t.a.weight = BGP_WEIGHT_LOCAL;
	if (r->nexthop.family == AF_INET6) {
		t.a.has |= BGP_PATTR_NH6;
		memcpy(&t.a.next_hop6, r->nexthop.bytes, 16);
	} else {
		memcpy(&t.a.next_hop, r->nexthop.bytes, 4);
	}
	// Flags, tunnel type, label, tunnel id (RFC 6514 5).
	if (r->pmsi_len >= 5 && id_len <= BGP_PATTR_PMSI_ID_MAX) {
		t.a.has |= BGP_AS_PMSI_TUNNEL;
		t.a.pmsi_flags = r->pmsi[0];
		t.a.pmsi_type = r->pmsi[1];
		t.a.pmsi_label =
			(uint32_t)r->pmsi[2] << 16 | (uint32_t)r->pmsi[3] << 8 | r->pmsi[4];
		t.a.pmsi_id_len = (uint8_t)id_len;
		memcpy(t.a.pmsi_id, r->pmsi + 5, id_len);
	}
	if (bgp_pattr_tmp_add_ext(&t, r->ecomm, r->ecomm_len) < 0)
		return NULL;
	return bgp_pattr_intern(&t);
}

static void originate(const struct evpn_local_route *lr, void *arg)
{
	const struct evpn_route_out *r = &lr->out;
	struct bgp_pattr *a;
	int ret;

	(void)arg;
	if (!lr->live) {
		ret = bgp_originate_withdraw(BGP_AF_L2VPN_EVPN, r->nlri, r->nlri_len);
	} else if ((a = evpn_bgp_out_attrs(r)) == NULL) {
		ret = -ENOMEM;
	} else {
		ret = bgp_originate(BGP_AF_L2VPN_EVPN, r->nlri, r->nlri_len, a);
		bgp_pattr_unref(a);
	}
	if (ret < 0 && ret != -ENODEV)
		CP_ERR("evpn", "VNI %u: a route of ours is not advertised: %s", lr->vni,
			strerror(-ret));
}

unsigned evpn_bgp_out_poll(void)
{
	unsigned n = (unsigned)evpn_local_pending();

	if (n > 0)
		evpn_local_drain(originate, NULL);
	return n;
}
