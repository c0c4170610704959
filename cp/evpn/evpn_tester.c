// SPDX-License-Identifier: BSD-3-Clause
// The tester's EVPN routes into the speaker's RIB (evpn_tester.h).
#include "cp/evpn/evpn_tester.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "cp/bgp/bgp_speaker.h"
#include "cp/cp_log.h"
#include "cp/evpn/evpn_bgp_out.h"
#include "cp/evpn/evpn_nlri.h"
#include "cp/evpn/evpn_route.h"
#include "cp/evpn/evpn_vni.h"
#include "dp/dp_api.h"

static int originate(const struct evpn_route_out *r)
{
	struct bgp_pattr *a = evpn_bgp_out_attrs(r);
	int ret;

	if (a == NULL)
		return -ENOMEM;
	ret = bgp_originate(BGP_AF_L2VPN_EVPN, r->nlri, r->nlri_len, a);
	bgp_pattr_unref(a);
	return ret;
}

// Emulated VTEP i of the stream, and the instance it advertises the stream's VNI from.
static void vtep_vni(const struct evpnd_config *cfg, const struct cfg_stream *s, uint32_t i,
	struct dp_ip *vtep, struct evpn_vni *v)
{
	struct cp_ip ip = s->src_vtep;

	ip.v4.s_addr = htonl(ntohl(ip.v4.s_addr) + i);
	cp_ip_to_dp(&ip, vtep);
	memset(v, 0, sizeof(*v));
	v->vni = s->vni;
	evpn_rd_make_ip(&v->rd, ip.addr, (uint16_t)s->vni);
	v->export.n = 1;
	v->export.rt[0] = evpn_rt_as(cfg->bgp.asn, s->vni);
	// the label the emulated PEs want frames for their hosts with: the one the stream
	// checks coming back (rx-label), else the one it sends with
	if (s->encap == CFG_STREAM_MPLS || s->encap == CFG_STREAM_MPLS_UDP)
		v->mpls_label = s->rx_label ? s->rx_label : s->labels[s->n_labels - 1];
}

// The stream's emulated host h: its first MAC plus h.
static void host_mac(const struct cfg_stream *s, uint32_t h, uint8_t mac[6])
{
	uint64_t m = 0;

	for (unsigned b = 0; b < 6; b++)
		m = m << 8 | s->src_mac[b];
	m += h;
	for (unsigned b = 6; b-- > 0; m >>= 8)
		mac[b] = (uint8_t)m;
}

// The stream's routes: how many, or -errno.
static int stream_routes(const struct evpnd_config *cfg, const struct cfg_stream *s)
{
	struct evpn_route_out r;
	struct evpn_vni v;
	struct dp_ip vtep;
	int ret;

	for (uint32_t i = 0; i < s->n_vteps; i++) {
		vtep_vni(cfg, s, i, &vtep, &v);
		if ((ret = evpn_build_imet(&v, &vtep, &r)) < 0 || (ret = originate(&r)) < 0)
			return ret;
	}
	for (uint32_t h = 0; h < s->n_macs; h++) {
		uint8_t mac[6];

		host_mac(s, h, mac);
		vtep_vni(cfg, s, h % s->n_vteps, &vtep, &v);
		if ((ret = evpn_build_macip(&v, mac, NULL, 0, false, &vtep, &r)) < 0 ||
			(ret = originate(&r)) < 0)
			return ret;
	}
	return (int)(s->n_vteps + s->n_macs);
}

// The configuration the routes came from (tester move), and each stream's moved host's
// mobility sequence (one moved host per stream: dp_tester_move).
static const struct evpnd_config *tester_cfg;
static uint32_t move_seq[CFG_TESTER_MAX_STREAMS];

int evpn_tester_originate(const struct evpnd_config *cfg)
{
	int total = 0, n;

	tester_cfg = cfg;
	memset(move_seq, 0, sizeof(move_seq));
	if (cfg->bgp.asn == 0 || cfg->tester.line == 0)
		return 0;
	for (size_t i = 0; i < cfg->tester.n_streams; i++) {
		const struct cfg_stream *s = &cfg->tester.streams[i];

		// nothing to announce without a VNI, nor without an emulated VTEP to be the
		// next hop (an mpls stream may leave it out)
		if (s->encap == CFG_STREAM_ETHERNET || s->vni == 0 || s->src_vtep.family == 0)
			continue;
		if ((n = stream_routes(cfg, s)) < 0) {
			CP_ERR("tester", "stream %s: its EVPN routes: %s", s->name, strerror(-n));
			return n;
		}
		CP_INFO("tester", "stream %s: %u type-3 and %u type-2 routes (VNI %u)", s->name,
			s->n_vteps, s->n_macs, s->vni);
		total += n;
	}
	return total;
}

// The host's type-2 from its new VTEP with sequence seq, then the old one withdrawn
// (make before break, as a VTEP that sees a host move does).
static int move_routes(const struct cfg_stream *s, const struct evpn_tester_move *m)
{
	struct evpn_route_out r;
	struct evpn_vni v;
	struct dp_ip vtep;
	int ret;

	vtep_vni(tester_cfg, s, m->to, &vtep, &v);
	if ((ret = evpn_build_macip(&v, m->mac, NULL, m->seq, false, &vtep, &r)) < 0 ||
		(ret = originate(&r)) < 0)
		return ret;
	vtep_vni(tester_cfg, s, m->from, &vtep, &v);
	if ((ret = evpn_build_macip(&v, m->mac, NULL, m->seq - 1, false, &vtep, &r)) < 0)
		return ret;
	ret = bgp_originate_withdraw(BGP_AF_L2VPN_EVPN, r.nlri, r.nlri_len);
	return ret < 0 ? ret : 0;
}

int evpn_tester_move(const char *name, uint32_t host, int vtep, struct evpn_tester_move *m)
{
	const struct cfg_stream *s = NULL;
	size_t i;
	int ret;

	for (i = 0; tester_cfg != NULL && i < tester_cfg->tester.n_streams; i++)
		if (strcmp(tester_cfg->tester.streams[i].name, name) == 0) {
			s = &tester_cfg->tester.streams[i];
			break;
		}
	if (s == NULL)
		return -ENOENT;
	memset(m, 0, sizeof(*m));
	host_mac(s, host, m->mac);
	m->to = vtep < 0 ? UINT32_MAX : (uint32_t)vtep;
	if ((ret = dp_tester_move((unsigned)i, host, &m->to, &m->from, &m->measured)) < 0)
		return ret;
	m->seq = ++move_seq[i];
	if (tester_cfg->bgp.asn == 0 || s->vni == 0)
		return 0; // nothing was announced
	if ((ret = move_routes(s, m)) < 0)
		CP_ERR("tester", "stream %s: host %u's routes: %s", s->name, host, strerror(-ret));
	return ret;
}
