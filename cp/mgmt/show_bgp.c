// SPDX-License-Identifier: BSD-3-Clause
// BGP show and clear commands. Reads the speaker's state; changes nothing but
// through bgp_peer_clear().
#include "cp/mgmt/show_bgp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cp/bgp/bgp_gr.h"
#include "cp/bgp/bgp_gr_restart.h"
#include "cp/bgp/bgp_out.h"
#include "cp/bgp/bgp_rib.h"
#include "cp/bgp/bgp_speaker.h"
#include "cp/bgp/bgp_ugroup.h"
#include "cp/mgmt/mgmt_cmd.h"
#include "cp/mgmt/mgmt_out.h"
#include "cp/mgmt/show_comm.h"

static const char *ip4(struct in_addr a, char *buf)
{
	return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

// The next hop of a set: IPv6 for an IPv4 route over RFC 8950.
static const char *nh_str(const struct bgp_pattr *a, char *buf)
{
	if (a->has & BGP_PATTR_NH6)
		return inet_ntop(AF_INET6, &a->next_hop6, buf, INET6_ADDRSTRLEN);
	return ip4(a->next_hop, buf);
}

uint64_t show_bgp_uptime_ms(const struct bgp_peer *p)
{
	return bgp_glob()->now_ms - p->last_change_ms;
}

static const char *uptime_str(uint64_t ms, char *buf, size_t len)
{
	uint64_t s = ms / 1000;
	snprintf(buf, len, "%02u:%02u:%02u", (unsigned)(s / 3600), (unsigned)(s / 60 % 60),
		(unsigned)(s % 60));
	return buf;
}

static int not_running(struct mgmt_out *out)
{
	mgmt_puts(out, "% BGP is not configured\n");
	return -ENOENT;
}

// ---- show bgp summary, per family as FRR shows it

struct summary_af {
	enum bgp_af af;
	enum cfg_bgp_af cfg_af;
	const char *key;   // FRR's JSON key in `show bgp summary json`
	const char *title; // and its section title
};

static const struct summary_af summary_afs[] = {
	{BGP_AF_IPV4_UNICAST, CFG_BGP_AF_IPV4_UNICAST, "ipv4Unicast", "IPv4 Unicast"},
	{BGP_AF_IPV6_UNICAST, CFG_BGP_AF_IPV6_UNICAST, "ipv6Unicast", "IPv6 Unicast"},
	{BGP_AF_L2VPN_EVPN, CFG_BGP_AF_L2VPN_EVPN, "l2VpnEvpn", "L2VPN EVPN"},
};

// A neighbor is listed under each family it is activated in (as FRR does), up or not.
static bool summary_has(const struct summary_af *a, const struct bgp_peer *p)
{
	return p->cfg.af_active[a->cfg_af];
}

static unsigned summary_peers(const struct summary_af *a, unsigned *dynamic)
{
	unsigned n = 0;
	if (dynamic != NULL)
		*dynamic = 0;
	for (struct bgp_peer *p = bgp_peers(); p != NULL; p = p->next)
		if (summary_has(a, p)) {
			n++;
			if (dynamic != NULL)
				*dynamic += p->dynamic;
		}
	return n;
}

static uint64_t summary_rcvd(const struct summary_af *a, const struct bgp_peer *p)
{
	return show_bgp_pfx_rcvd(p, a->af);
}

uint64_t show_bgp_pfx_rcvd(const struct bgp_peer *p, enum bgp_af af)
{
	return p->src.n_paths[af];
}

// Prefixes in the neighbor's Adj-RIB-Out of the family (FRR's PfxSnt).
uint64_t show_bgp_pfx_sent(const struct bgp_peer *p, enum bgp_af af)
{
	if (p->state != BGP_ESTABLISHED)
		return 0;
	if (bgp_out_serves(af))
		return bgp_out_advertised(p->name, af);
	return bgp_ugroup_routes_af(p, af);
}

static uint64_t summary_sent(const struct summary_af *a, const struct bgp_peer *p)
{
	return show_bgp_pfx_sent(p, a->af);
}

// Whole or partial BGP messages in a connection buffer (FRR's InQ/OutQ count
// packets, not octets): each header's length field leads to the next.
static uint64_t buf_msgs(const struct bgp_buf *b)
{
	uint64_t n = 0;
	size_t off = b->off, len;

	while (off < b->len) {
		n++;
		if (b->len - off < BGP_HDR_LEN)
			break;
		len = (size_t)b->data[off + 16] << 8 | b->data[off + 17];
		off += len >= BGP_HDR_LEN ? len : BGP_HDR_LEN;
	}
	return n;
}

static uint64_t peer_inq(const struct bgp_peer *p)
{
	return p->conn != NULL ? buf_msgs(&p->conn->rx) : 0;
}

static uint64_t peer_outq(const struct bgp_peer *p)
{
	return p->conn != NULL ? buf_msgs(&p->conn->tx) : 0;
}

// FRR's peerState: OK once the family is up, else Idle (evpnd has no policy
// nor admin-down states that FRR would name Policy or Admin).
static const char *peer_state_af(const struct summary_af *a, const struct bgp_peer *p)
{
	if (p->cfg.shutdown)
		return "Admin"; // as FRR, beside "Idle (Admin)" in state
	return p->state == BGP_ESTABLISHED && p->af[a->af] ? "OK" : "Idle";
}

size_t show_bgp_rib_count(enum bgp_af af)
{
	return af == BGP_AF_L2VPN_EVPN ? bgp_nlri_rib_count(BGP_AF_L2VPN_EVPN) : bgp_rib_count_af(af);
}

static size_t summary_rib(const struct summary_af *a)
{
	return show_bgp_rib_count(a->af);
}

static void summary_peer_json(
	struct json_writer *w, const struct summary_af *a, const struct bgp_peer *p)
{
	char up[32];

	json_key(w, p->name);
	json_obj_begin(w);
	json_kv_u64(w, "remoteAs", p->remote_as ? p->remote_as : p->cfg.remote_as);
	json_kv_u64(w, "localAs", bgp_glob()->asn);
	json_kv_u64(w, "version", 4);
	json_kv_u64(w, "msgRcvd", p->msgs_in[0]);
	json_kv_u64(w, "msgSent", p->msgs_out[0]);
	json_kv_u64(w, "tableVersion", 0);
	json_kv_u64(w, "outq", peer_outq(p));
	json_kv_u64(w, "inq", peer_inq(p));
	json_kv_str(w, "peerUptime",
		p->established_count == 0 ? "never" : uptime_str(show_bgp_uptime_ms(p), up, sizeof(up)));
	json_kv_u64(w, "peerUptimeMsec", p->established_count == 0 ? 0 : show_bgp_uptime_ms(p));
	json_kv_u64(w, "pfxRcd", summary_rcvd(a, p));
	json_kv_u64(w, "pfxSnt", summary_sent(a, p));
	json_kv_str(w, "state", bgp_peer_state_name(p));
	json_kv_str(w, "peerState", peer_state_af(a, p));
	json_kv_u64(w, "connectionsEstablished", p->established_count);
	json_kv_u64(w, "connectionsDropped", p->dropped_count);
	json_kv_bool(w, "dynamicPeer", p->dynamic);
	json_kv_str(w, "idType", strchr(p->name, ':') != NULL ? "ipv6" : "ipv4");
	json_obj_end(w);
}

static unsigned summary_failed(const struct summary_af *a)
{
	unsigned n = 0;
	for (struct bgp_peer *p = bgp_peers(); p != NULL; p = p->next)
		n += summary_has(a, p) && p->state != BGP_ESTABLISHED;
	return n;
}

// One family's object: what `show bgp <afi> <safi> summary json` prints whole.
static void summary_af_json(struct json_writer *w, const struct summary_af *a)
{
	const struct bgp_globals *g = bgp_glob();
	char b[INET_ADDRSTRLEN];
	unsigned dynamic, n = summary_peers(a, &dynamic);

	json_obj_begin(w);
	json_kv_str(w, "routerId", ip4(g->router_id, b));
	json_kv_u64(w, "as", g->asn);
	json_kv_u64(w, "vrfId", 0);
	json_kv_str(w, "vrfName", "default");
	json_kv_u64(w, "tableVersion", 0); // evpnd does not number its table versions
	json_kv_u64(w, "ribCount", summary_rib(a));
	json_kv_u64(w, "attrSets", bgp_pattr_count());
	json_kv_u64(w, "peerCount", n);
	json_key(w, "peers");
	json_obj_begin(w);
	for (struct bgp_peer *p = bgp_peers(); p != NULL; p = p->next)
		if (summary_has(a, p))
			summary_peer_json(w, a, p);
	json_obj_end(w);
	json_kv_u64(w, "failedPeers", summary_failed(a));
	json_kv_u64(w, "displayedPeers", n);
	json_kv_u64(w, "totalPeers", n);
	json_kv_u64(w, "dynamicPeers", dynamic);
	json_obj_end(w);
}

static int summary_af_text(struct mgmt_out *out, const struct summary_af *a, bool title)
{
	const struct bgp_globals *g = bgp_glob();
	struct mgmt_table t;
	char b[INET_ADDRSTRLEN], up[32];
	int ret;

	if (title)
		mgmt_printf(out, "\n%s Summary:\n", a->title);
	mgmt_printf(out, "BGP router identifier %s, local AS number %u\n", ip4(g->router_id, b),
		g->asn);
	if (a->af == BGP_AF_L2VPN_EVPN)
		mgmt_printf(out, "RIB entries %zu, paths %zu\n",
			bgp_nlri_rib_count(BGP_AF_L2VPN_EVPN),
			bgp_nlri_rib_paths(BGP_AF_L2VPN_EVPN));
	else
		mgmt_printf(out, "RIB entries %zu, paths %zu, attribute sets %zu using %zu bytes\n",
			summary_rib(a), bgp_rib_paths(), bgp_pattr_count(), bgp_pattr_bytes());
	mgmt_printf(out, "Peers %u\n\n", summary_peers(a, NULL));
	mgmt_table_init(&t, 7);
	mgmt_table_add(&t, "Neighbor", "AS", "MsgRcvd", "MsgSent", "Up/Down", "State/PfxRcd",
		"PfxSnt");
	for (struct bgp_peer *p = bgp_peers(); p != NULL; p = p->next) {
		if (!summary_has(a, p))
			continue;
		mgmt_table_cell(&t, "%s%s", p->dynamic ? "*" : "", p->name);
		mgmt_table_cell(&t, "%u", p->remote_as ? p->remote_as : p->cfg.remote_as);
		mgmt_table_cell(&t, "%lu", (unsigned long)p->msgs_in[0]);
		mgmt_table_cell(&t, "%lu", (unsigned long)p->msgs_out[0]);
		mgmt_table_cell(&t, "%s",
			p->established_count == 0 ? "never"
						  : uptime_str(show_bgp_uptime_ms(p), up, sizeof(up)));
		if (p->state == BGP_ESTABLISHED)
			mgmt_table_cell(&t, "%lu", (unsigned long)summary_rcvd(a, p));
		else
			mgmt_table_cell(&t, "%s", bgp_peer_state_name(p));
		mgmt_table_cell(&t, "%lu", (unsigned long)summary_sent(a, p));
	}
	ret = mgmt_table_print(&t, out);
	mgmt_table_free(&t);
	mgmt_printf(out, "\nTotal number of neighbors %u\n", summary_peers(a, NULL));
	return ret;
}

// `show bgp summary`: a section per family with neighbors (FRR leaves the others
// out); with none at all, the IPv4 unicast one, empty, as evpnd always printed it.
static int summary_cmd(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	bool any = false, fallback;
	struct json_writer w;
	int ret = 0;

	(void)ctx;
	if (bgp_glob()->asn == 0)
		return not_running(out);
	for (size_t i = 0; i < sizeof(summary_afs) / sizeof(summary_afs[0]); i++)
		any |= summary_peers(&summary_afs[i], NULL) > 0;
	if (req->json) {
		json_init(&w, out, true);
		json_obj_begin(&w);
	}
	for (size_t i = 0; i < sizeof(summary_afs) / sizeof(summary_afs[0]); i++) {
		const struct summary_af *a = &summary_afs[i];
		fallback = !any && a->af == BGP_AF_IPV4_UNICAST;
		if (summary_peers(a, NULL) == 0 && !fallback)
			continue;
		if (req->json) {
			json_key(&w, a->key);
			summary_af_json(&w, a);
		} else if ((ret = summary_af_text(out, a, true)) < 0) {
			break;
		}
	}
	if (req->json) {
		json_obj_end(&w);
		return json_finish(&w);
	}
	return ret;
}

// `show bgp ipv4 unicast summary`, `... ipv6 unicast ...`, `show bgp l2vpn evpn summary`.
static int summary_af_cmd(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	const struct summary_af *a = ctx;
	struct json_writer w;

	if (bgp_glob()->asn == 0)
		return not_running(out);
	if (!req->json)
		return summary_af_text(out, a, false);
	json_init(&w, out, true);
	summary_af_json(&w, a);
	return json_finish(&w);
}

// ---- show bgp neighbors

// A capability we always advertise, as FRR words it: "advertisedAndReceived" once
// the peer's OPEN had it too ("advertised" before a session, as FRR leaves it out).
static const char *cap_state(const struct bgp_peer *p, bool received, bool json)
{
	if (p->state != BGP_ESTABLISHED || !received)
		return "advertised";
	return json ? "advertisedAndReceived" : "advertised and received";
}

static void neighbor_caps_json(struct json_writer *w, const struct bgp_peer *p)
{
	json_key(w, "neighborCapabilities");
	json_obj_begin(w);
	json_kv_str(w, "routeRefresh", cap_state(p, p->peer_rr, true));
	json_kv_str(w, "enhancedRouteRefresh", cap_state(p, p->peer_enh_rr, true));
	json_obj_end(w);
}

#define N_SUMMARY_AFS (sizeof(summary_afs) / sizeof(summary_afs[0]))

// Prefixes sent, for show bgp neighbors: EVPN counts what went out since the session
// came up rather than walking the whole EVPN RIB as the summary does, as scripts
// poll this command while a million routes arrive (perf/bgp_scale, perf/evpn).
uint64_t show_bgp_sent_counter(const struct bgp_peer *p, enum bgp_af af)
{
	if (bgp_out_serves(af))
		return p->state == BGP_ESTABLISHED ? bgp_out_sent(p->name, af) : 0;
	return show_bgp_pfx_sent(p, af);
}

static uint64_t neighbor_sent(const struct summary_af *a, const struct bgp_peer *p)
{
	return show_bgp_sent_counter(p, a->af);
}

// FRR's addressFamilyInfo: per activated family, the prefixes accepted and sent.
static void neighbor_afs_json(struct json_writer *w, const struct bgp_peer *p)
{
	json_key(w, "addressFamilyInfo");
	json_obj_begin(w);
	for (size_t i = 0; i < N_SUMMARY_AFS; i++) {
		const struct summary_af *a = &summary_afs[i];
		bool rrc = p->src.rr_client[a->af];

		if (!summary_has(a, p))
			continue;
		json_key(w, a->key);
		json_obj_begin(w);
		json_kv_u64(w, "packetQueueLength", peer_outq(p));
		if (rrc)
			json_kv_bool(w, "routeReflectorClient", true);
		json_kv_str(w, "commAttriSentToNbr", "extendedAndStandard");
		json_kv_u64(w, "acceptedPrefixCounter", summary_rcvd(a, p));
		json_kv_u64(w, "sentPrefixCounter", neighbor_sent(a, p));
		json_obj_end(w);
	}
	json_obj_end(w);
}

// The peer's restart mode as FRR names it: Restart when its capability lists
// address families (RFC 4724 3), Helper when it lists none, Disable without the
// capability; NotApplicable outside a session.
static const char *remote_gr_mode(const struct bgp_peer *p)
{
	if (p->state != BGP_ESTABLISHED || p->conn == NULL)
		return "NotApplicable";
	if (!p->peer_gr)
		return "Disable";
	return p->conn->caps.n_gr > 0 ? "Restart" : "Helper";
}

// Ours as restarting speaker (bgp_gr_restart.h), the same under every neighbor.
static void restart_json(struct json_writer *w)
{
	struct bgp_gr_restart_state s;

	bgp_gr_restart_state(&s);
	json_key(w, "restartingSpeaker");
	json_obj_begin(w);
	json_kv_bool(w, "restarting", s.restarting);
	json_kv_bool(w, "forwardingPreserved", s.forwarding_preserved);
	json_kv_bool(w, "deferralDone", s.done);
	json_kv_str(w, "deferralEndedBy",
		!s.restarting || !s.done ? "" : s.by_timer ? "timer" : "endOfRib");
	json_kv_u64(w, "deferralMsecs", s.elapsed_ms);
	json_obj_end(w);
}

// FRR's gracefulRestartInfo, from what the session state holds (evpnd is a
// helper: it keeps a restarting peer's routes; with "bgp graceful-restart" its
// own are kept while it restarts). The R and F bits: ours (local*) as our last
// OPEN said, the peer's as its OPEN said (fBit: some family with it).
static void neighbor_gr_json(struct json_writer *w, const struct bgp_peer *p)
{
	const struct bgp_caps *caps = p->conn != NULL ? &p->conn->caps : NULL;

	json_key(w, "gracefulRestartInfo");
	json_obj_begin(w);
	// End-of-RIB per family, as FRR: once both sides advertised graceful restart.
	for (int recv = 0; recv < 2; recv++) {
		json_key(w, recv ? "endOfRibRecv" : "endOfRibSend");
		json_obj_begin(w);
		for (size_t i = 0; i < N_SUMMARY_AFS; i++)
			if (p->state == BGP_ESTABLISHED && p->peer_gr && p->af[summary_afs[i].af])
				json_kv_bool(w, summary_afs[i].key,
					recv ? p->eor_rcvd[summary_afs[i].af] : p->eor_sent);
		json_obj_end(w);
	}
	json_kv_str(w, "localGrMode", bgp_glob()->gr_restart ? "Restart" : "Helper");
	json_kv_str(w, "remoteGrMode", remote_gr_mode(p));
	json_kv_bool(w, "localRBit", p->gr_flags_sent & BGP_GR_F_RESTART);
	json_kv_bool(w, "localFBit", p->gr_af_flags_sent & BGP_GR_AF_F_FORWARDING);
	json_kv_bool(w, "rBit", p->peer_gr && caps != NULL && (caps->gr_flags & BGP_GR_F_RESTART));
	json_kv_bool(w, "fBit", p->peer_gr && caps != NULL && bgp_gr_afs(caps, true) != 0);
	json_kv_bool(w, "nBit",
		p->peer_gr && caps != NULL && (caps->gr_flags & BGP_GR_F_NOTIFICATION));
	json_key(w, "timers");
	json_obj_begin(w);
	json_kv_u64(w, "configuredRestartTimer", bgp_glob()->gr_time);
	json_kv_u64(w, "receivedRestartTimer", p->peer_gr ? p->peer_gr_time : 0);
	json_obj_end(w);
	restart_json(w);
	json_obj_end(w);
}

static void neighbor_json(struct json_writer *w, const struct bgp_peer *p)
{
	char b[INET_ADDRSTRLEN], b6[INET6_ADDRSTRLEN];
	const struct bgp_conn *c = p->conn;

	json_key(w, p->name);
	json_obj_begin(w);
	json_kv_u64(w, "remoteAs", p->remote_as ? p->remote_as : p->cfg.remote_as);
	json_kv_u64(w, "localAs", bgp_glob()->asn);
	json_kv_str(w, "nbrDesc", p->dynamic ? "dynamic" : p->cfg.description);
	json_kv_bool(w, "nbrInternalLink", p->state == BGP_ESTABLISHED && !p->src.ebgp);
	json_kv_str(w, "remoteRouterId", ip4(p->src.router_id, b));
	json_kv_str(w, "bgpState", bgp_peer_state_name(p));
	json_kv_u64(w, "bgpTimerUpMsec", show_bgp_uptime_ms(p));
	json_kv_u64(w, "bgpTimerHoldTimeMsecs", (uint64_t)p->hold_s * 1000);
	json_kv_u64(w, "bgpTimerKeepAliveIntervalMsecs", (uint64_t)p->keepalive_s * 1000);
	json_kv_u64(w, "bgpTimerConfiguredHoldTimeMsecs", (uint64_t)p->cfg.hold * 1000);
	json_kv_bool(w, "routeReflectorClient", p->src.rr_client[BGP_AF_IPV4_UNICAST]);
	json_kv_bool(w, "l2vpnEvpnRouteReflectorClient", p->src.rr_client[BGP_AF_L2VPN_EVPN]);
	json_kv_bool(w, "ipv4UnicastNegotiated", p->af[BGP_AF_IPV4_UNICAST]);
	json_kv_bool(w, "ipv6UnicastNegotiated", p->af[BGP_AF_IPV6_UNICAST]);
	json_kv_bool(w, "l2vpnEvpnNegotiated", p->af[BGP_AF_L2VPN_EVPN]);
	json_kv_bool(w, "fourOctetAs", p->ctx.four_octet_as);
	json_kv_bool(w, "gracefulRestartPeer", p->peer_gr);
	neighbor_caps_json(w, p);
	json_kv_bool(w, "staleRoutes", p->stale);
	json_kv_bool(w, "md5", p->cfg.password[0] != '\0');
	json_kv_u64(w, "ttlSecurityHops", p->cfg.ttl_hops);
	json_kv_u64(w, "maximumPrefix", p->cfg.max_prefix[CFG_BGP_AF_IPV4_UNICAST]);
	json_kv_u64(w, "maximumPrefixIpv6", p->cfg.max_prefix[CFG_BGP_AF_IPV6_UNICAST]);
	json_kv_u64(w, "maximumPrefixEvpn", p->cfg.max_prefix[CFG_BGP_AF_L2VPN_EVPN]);
	json_kv_u64(w, "pfxRcd", p->src.n_prefixes);
	json_kv_u64(w, "ipv6PfxRcd", p->src.n_ipv6);
	json_kv_u64(w, "pfxSnt", p->prefixes_out);
	json_kv_u64(w, "evpnNlriRcd", p->src.n_evpn);
	json_kv_u64(w, "updatesRcvd", p->msgs_in[BGP_MSG_UPDATE]);
	json_kv_u64(w, "updatesSent", p->msgs_out[BGP_MSG_UPDATE]);
	json_kv_u64(w, "keepalivesRcvd", p->msgs_in[BGP_MSG_KEEPALIVE]);
	json_kv_u64(w, "keepalivesSent", p->msgs_out[BGP_MSG_KEEPALIVE]);
	json_kv_u64(w, "notificationsRcvd", p->msgs_in[BGP_MSG_NOTIFICATION]);
	json_kv_u64(w, "notificationsSent", p->msgs_out[BGP_MSG_NOTIFICATION]);
	json_kv_u64(w, "connectionsEstablished", p->established_count);
	json_kv_u64(w, "connectionsDropped", p->dropped_count);
	json_kv_u64(w, "updatesNexthopRefused", p->nexthop_refused);
	json_kv_str(w, "hostLocal", c == NULL ? "" : c->local.s_addr ? ip4(c->local, b)
		: inet_ntop(AF_INET6, &c->local6, b6, sizeof(b6)));
	json_kv_str(w, "lastResetDueTo", p->last_error);
	neighbor_afs_json(w, p);
	neighbor_gr_json(w, p);
	json_obj_end(w);
}

// Per activated family, as FRR: " For address family: L2VPN EVPN" and its counts.
static void neighbor_afs_text(struct mgmt_out *out, const struct bgp_peer *p)
{
	for (size_t i = 0; i < N_SUMMARY_AFS; i++) {
		const struct summary_af *a = &summary_afs[i];
		bool rrc = p->src.rr_client[a->af];

		if (!summary_has(a, p))
			continue;
		mgmt_printf(out, "\n For address family: %s\n", a->title);
		if (rrc)
			mgmt_puts(out, "  Route-Reflector Client\n");
		mgmt_printf(out, "  %lu accepted prefixes\n  %lu sent prefixes\n\n",
			(unsigned long)summary_rcvd(a, p), (unsigned long)neighbor_sent(a, p));
	}
}

static const char *rf_bits(bool r, bool f)
{
	return r && f ? "R and F bits" : r ? "R bit" : f ? "F bit" : "no R/F bit";
}

// Ours as restarting speaker, when this start is one.
static void restart_text(struct mgmt_out *out)
{
	struct bgp_gr_restart_state s;

	bgp_gr_restart_state(&s);
	if (!s.restarting)
		return;
	mgmt_printf(out, "  Restarting speaker: forwarding %s, deferral %s %lu ms%s\n",
		s.forwarding_preserved ? "preserved" : "not preserved",
		s.done ? "done after" : "running for", (unsigned long)s.elapsed_ms,
		!s.done ? "" : s.by_timer ? " (select-defer-time)" : " (End-of-RIB)");
}

static void neighbor_text(struct mgmt_out *out, const struct bgp_peer *p)
{
	char b[INET_ADDRSTRLEN], up[32];

	mgmt_printf(out, "BGP neighbor is %s, remote AS %u, local AS %u, %s link%s\n", p->name,
		p->remote_as ? p->remote_as : p->cfg.remote_as, bgp_glob()->asn,
		p->src.ebgp ? "external" : "internal", p->dynamic ? " (dynamic)" : "");
	mgmt_printf(out, "  BGP version 4, remote router ID %s\n", ip4(p->src.router_id, b));
	mgmt_printf(out, "  BGP state = %s, up/down for %s\n", bgp_peer_state_name(p),
		uptime_str(show_bgp_uptime_ms(p), up, sizeof(up)));
	mgmt_printf(out, "  Hold time is %u, keepalive interval is %u seconds (configured %u/%u)\n",
		p->hold_s, p->keepalive_s, p->cfg.hold, p->cfg.keepalive);
	mgmt_printf(out, "  Address families: ipv4 unicast %s, ipv6 unicast %s, l2vpn evpn %s\n",
		p->af[BGP_AF_IPV4_UNICAST] ? "negotiated" : "-",
		p->af[BGP_AF_IPV6_UNICAST] ? "negotiated" : "-",
		p->af[BGP_AF_L2VPN_EVPN] ? "negotiated" : "-");
	mgmt_printf(out, "  Graceful restart: peer %s%s (%s), ours %s\n",
		p->peer_gr ? "capable" : "not capable", p->stale ? ", routes stale" : "",
		rf_bits(p->conn != NULL && (p->conn->caps.gr_flags & BGP_GR_F_RESTART),
			p->conn != NULL && bgp_gr_afs(&p->conn->caps, true)),
		rf_bits(p->gr_flags_sent & BGP_GR_F_RESTART,
			p->gr_af_flags_sent & BGP_GR_AF_F_FORWARDING));
	restart_text(out);
	mgmt_printf(out, "  Route refresh: %s\n", cap_state(p, p->peer_rr, false));
	mgmt_printf(out, "  Enhanced Route Refresh: %s\n", cap_state(p, p->peer_enh_rr, false));
	mgmt_printf(out, "  Messages: received %lu (updates %lu), sent %lu (updates %lu)\n",
		(unsigned long)p->msgs_in[0], (unsigned long)p->msgs_in[BGP_MSG_UPDATE],
		(unsigned long)p->msgs_out[0], (unsigned long)p->msgs_out[BGP_MSG_UPDATE]);
	neighbor_afs_text(out, p);
	mgmt_printf(out, "  Connections established %u; dropped %u\n", p->established_count,
		p->dropped_count);
	if (p->nexthop_refused)
		mgmt_printf(out, "  UPDATEs treated as withdraw for their next hop: %lu\n",
			(unsigned long)p->nexthop_refused);
	if (p->last_error[0])
		mgmt_printf(out, "  Last reset: %s\n", p->last_error);
	mgmt_puts(out, "\n");
}

static int neighbors_cmd(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	const char *name = mgmt_req_arg(req, "PEER");
	struct json_writer w;

	(void)ctx;
	if (bgp_glob()->asn == 0)
		return not_running(out);
	if (name != NULL && bgp_peer_find(name) == NULL) {
		mgmt_printf(out, "%% No such neighbor: %s\n", name);
		return -ENOENT;
	}
	if (req->json) {
		json_init(&w, out, true);
		json_obj_begin(&w);
	}
	for (struct bgp_peer *p = bgp_peers(); p != NULL; p = p->next) {
		if (name != NULL && strcmp(name, p->name) != 0)
			continue;
		if (req->json)
			neighbor_json(&w, p);
		else
			neighbor_text(out, p);
	}
	if (req->json) {
		json_obj_end(&w);
		return json_finish(&w);
	}
	return 0;
}

// ---- show bgp ipv4 unicast, show bgp ipv6 unicast

struct dest_list {
	struct bgp_dest *v; // views: valid while the RIB does not change
	size_t n, cap;
	uint8_t af; // BGP_AF_IPV4_UNICAST or BGP_AF_IPV6_UNICAST
	size_t paths;
};

static int collect(struct bgp_dest *d, void *arg)
{
	struct dest_list *l = arg;

	if (d->paths == NULL || d->af != l->af)
		return 0;
	for (const struct bgp_path *p = d->paths; p != NULL; p = p->next)
		l->paths++;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		struct bgp_dest *v = realloc(l->v, cap * sizeof(*v));
		if (v == NULL)
			return -ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = *d;
	return 0;
}

static int by_prefix(const void *x, const void *y)
{
	const struct bgp_dest *a = x, *b = y;
	uint32_t pa = ntohl(a->prefix.s_addr), pb = ntohl(b->prefix.s_addr);

	if (a->af == BGP_AF_IPV6_UNICAST) {
		int r = memcmp(&a->prefix6[0], &b->prefix6[0], sizeof(a->prefix6[0]));
		return r != 0 ? r : a->len - b->len;
	}
	if (pa != pb)
		return pa < pb ? -1 : 1;
	return a->len - b->len;
}

static const char *const origin_names[] = {"IGP", "EGP", "incomplete"};
static const char origin_codes[] = {'i', 'e', '?'};

// buf: INET6_ADDRSTRLEN
static const char *path_peer(const struct bgp_path *p, char *buf)
{
	if (!p->src->local && p->src->addr.s_addr == 0)
		return inet_ntop(AF_INET6, &p->src->addr6, buf, INET6_ADDRSTRLEN);
	return p->src->local ? "0.0.0.0" : ip4(p->src->addr, buf);
}

// "10.0.0.0/24", "2001:db8::/32"; buf: INET6_ADDRSTRLEN + 4
static const char *dest_str(const struct bgp_dest *d, char *buf)
{
	char a[INET6_ADDRSTRLEN];

	if (d->af == BGP_AF_IPV6_UNICAST)
		inet_ntop(AF_INET6, &d->prefix6[0], a, sizeof(a));
	else
		inet_ntop(AF_INET, &d->prefix, a, sizeof(a));
	snprintf(buf, INET6_ADDRSTRLEN + 4, "%s/%u", a, d->len);
	return buf;
}

// metric, locPrf, weight and the AS path as FRR's route JSON has them.
static void path_attrs_json(struct json_writer *w, const struct bgp_pattr *a)
{
	char path[512];

	if (a->has & BGP_AS_MED)
		json_kv_u64(w, "metric", a->med);
	if (a->has & BGP_AS_LOCAL_PREF)
		json_kv_u64(w, "locPrf", a->local_pref);
	json_kv_u64(w, "weight", a->weight);
	json_kv_str(w, "path", bgp_pattr_aspath_str(a, path, sizeof(path)));
}

static void path_json(struct json_writer *w, const struct bgp_path *p, bool best)
{
	char b[INET6_ADDRSTRLEN];
	const struct bgp_pattr *a = p->attrs;

	json_obj_begin(w);
	json_kv_bool(w, "valid", true);
	if (best)
		json_kv_bool(w, "bestpath", true);
	if (p->flags & BGP_PATH_STALE)
		json_kv_bool(w, "stale", true);
	json_kv_str(w, "pathFrom", p->src->local ? "local" : p->src->ebgp ? "external" : "internal");
	path_attrs_json(w, a);
	json_kv_str(w, "origin", origin_names[a->origin % 3]);
	json_kv_str(w, "peerId", path_peer(p, b));
	show_comm_json(w, bgp_pattr_comms(a));
	show_large_json(w, bgp_pattr_large(a));
	json_key(w, "nexthops");
	json_arr_begin(w);
	json_obj_begin(w);
	json_kv_str(w, "ip", nh_str(a, b));
	json_kv_str(w, "afi", a->has & BGP_PATTR_NH6 ? "ipv6" : "ipv4");
	json_obj_end(w);
	json_arr_end(w);
	json_obj_end(w);
}

static void dest_json(struct json_writer *w, const struct bgp_dest *d)
{
	char b[INET6_ADDRSTRLEN + 4];

	json_key(w, dest_str(d, b));
	json_arr_begin(w);
	for (const struct bgp_path *p = d->paths; p != NULL; p = p->next)
		path_json(w, p, p == d->paths);
	json_arr_end(w);
}

// The columns of a path after its status: network, next hop, metric, LocPrf,
// weight, path and origin code.
static void path_cells(struct mgmt_table *t, const char *network, const struct bgp_pattr *a)
{
	char b[INET6_ADDRSTRLEN], path[512];

	mgmt_table_cell(t, "%s", network);
	mgmt_table_cell(t, "%s", nh_str(a, b));
	if (a->has & BGP_AS_MED)
		mgmt_table_cell(t, "%u", a->med);
	else
		mgmt_table_cell(t, "%s", "");
	if (a->has & BGP_AS_LOCAL_PREF)
		mgmt_table_cell(t, "%u", a->local_pref);
	else
		mgmt_table_cell(t, "%s", "");
	mgmt_table_cell(t, "%u", a->weight);
	mgmt_table_cell(t, "%s %c", bgp_pattr_aspath_str(a, path, sizeof(path)),
		origin_codes[a->origin % 3]);
}

static void dest_text(struct mgmt_table *t, const struct bgp_dest *d)
{
	char b[INET6_ADDRSTRLEN + 4];

	for (const struct bgp_path *p = d->paths; p != NULL; p = p->next) {
		const struct bgp_pattr *a = p->attrs;
		mgmt_table_cell(t, "%s%s%s", p->flags & BGP_PATH_STALE ? "S" : "*",
			p == d->paths ? ">" : " ", p->src->ebgp || p->src->local ? "" : "i");
		path_cells(t, p == d->paths ? dest_str(d, b) : "", a);
	}
}

// The header of a unicast table view and its columns.
static void table_head(struct mgmt_out *out, struct mgmt_table *t)
{
	const struct bgp_globals *g = bgp_glob();
	char b[INET_ADDRSTRLEN];

	mgmt_printf(out, "BGP table version is 0, local router ID is %s, vrf id 0\n"
			 "Default local pref 100, local AS %u\n"
			 "Status codes:  * valid, > best, i internal, S Stale\n"
			 "Origin codes:  i - IGP, e - EGP, ? - incomplete\n\n",
		ip4(g->router_id, b), g->asn);
	mgmt_table_init(t, 7);
	mgmt_table_add(t, "", "Network", "Next Hop", "Metric", "LocPrf", "Weight", "Path");
}

static int routes_cmd(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	const struct bgp_globals *g = bgp_glob();
	struct dest_list l = {.af = (uint8_t)(uintptr_t)ctx};
	char b[INET_ADDRSTRLEN];
	int ret = 0;

	if (g->asn == 0)
		return not_running(out);
	if (bgp_rib_walk(collect, &l) != 0) {
		free(l.v);
		return -ENOMEM;
	}
	qsort(l.v, l.n, sizeof(*l.v), by_prefix);
	if (req->json) {
		struct json_writer w;
		json_init(&w, out, true);
		json_obj_begin(&w);
		json_kv_str(&w, "routerId", ip4(g->router_id, b));
		json_kv_u64(&w, "localAS", g->asn);
		json_key(&w, "routes");
		json_obj_begin(&w);
		for (size_t i = 0; i < l.n; i++)
			dest_json(&w, &l.v[i]);
		json_obj_end(&w);
		json_obj_end(&w);
		ret = json_finish(&w);
	} else {
		struct mgmt_table t;
		table_head(out, &t);
		for (size_t i = 0; i < l.n; i++)
			dest_text(&t, &l.v[i]);
		ret = mgmt_table_print(&t, out);
		mgmt_table_free(&t);
		mgmt_printf(out, "\nDisplayed  %zu routes and %zu total paths\n", l.n, l.paths);
	}
	free(l.v);
	return ret;
}

// ---- show bgp [ipv4 unicast|ipv6 unicast] neighbors PEER {advertised-routes|...}:
// the neighbor's Adj-RIB-Out (its update group's table, as sent) or what it sent
// us (evpnd keeps every Adj-RIB-In: received-routes and routes are the same)

struct adj_list {
	struct bgp_adj_out *v;
	size_t n, cap;
	const struct bgp_peer *peer;
	uint8_t af;
};

static int adj_add(const struct bgp_adj_out *r, void *arg)
{
	struct adj_list *l = arg;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		struct bgp_adj_out *v = realloc(l->v, cap * sizeof(*v));
		if (v == NULL)
			return -ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = *r;
	return 0;
}

static int adj_received(struct bgp_dest *d, void *arg)
{
	struct adj_list *l = arg;

	if (d->af != l->af)
		return 0;
	for (const struct bgp_path *p = d->paths; p != NULL; p = p->next)
		if (p->src == &l->peer->src) {
			struct bgp_adj_out r = {.af = d->af, .len = d->len, .prefix = d->prefix,
				.prefix6 = d->prefix6[0],
				.attrs = p->attrs};
			return adj_add(&r, l);
		}
	return 0;
}

static int adj_by_prefix(const void *x, const void *y)
{
	const struct bgp_adj_out *a = x, *b = y;
	uint32_t pa = ntohl(a->prefix.s_addr), pb = ntohl(b->prefix.s_addr);
	int r = a->af == BGP_AF_IPV6_UNICAST ? memcmp(&a->prefix6, &b->prefix6, sizeof(a->prefix6)) : 0;

	if (r != 0)
		return r;
	if (pa != pb)
		return pa < pb ? -1 : 1;
	return a->len - b->len;
}

static const char *adj_str(const struct bgp_adj_out *r, char *buf)
{
	char a[INET6_ADDRSTRLEN];

	if (r->af == BGP_AF_IPV6_UNICAST)
		inet_ntop(AF_INET6, &r->prefix6, a, sizeof(a));
	else
		inet_ntop(AF_INET, &r->prefix, a, sizeof(a));
	snprintf(buf, INET6_ADDRSTRLEN + 4, "%s/%u", a, r->len);
	return buf;
}

// FRR's entry of advertisedRoutes / receivedRoutes.
static void adj_json(struct json_writer *w, const struct bgp_adj_out *r)
{
	const struct bgp_pattr *a = r->attrs;
	char b[INET6_ADDRSTRLEN + 4];

	json_key(w, adj_str(r, b));
	json_obj_begin(w);
	json_kv_str(w, "network", b);
	*strchr(b, '/') = '\0';
	json_kv_str(w, "addrPrefix", b);
	json_kv_u64(w, "prefixLen", r->len);
	json_kv_str(w, "nextHop", nh_str(a, b));
	path_attrs_json(w, a);
	json_key(w, "bgpOriginCode");
	json_strf(w, "%c", origin_codes[a->origin % 3]);
	json_obj_end(w);
}

static int adj_print(const struct mgmt_req *req, struct mgmt_out *out, const struct adj_list *l,
	bool advertised)
{
	const struct bgp_globals *g = bgp_glob();
	char b[INET6_ADDRSTRLEN + 4];
	struct json_writer w;
	struct mgmt_table t;
	int ret;

	if (!req->json) {
		table_head(out, &t);
		for (size_t i = 0; i < l->n; i++) {
			mgmt_table_cell(&t, "*>");
			path_cells(&t, adj_str(&l->v[i], b), l->v[i].attrs);
		}
		ret = mgmt_table_print(&t, out);
		mgmt_table_free(&t);
		mgmt_printf(out, "\nTotal number of prefixes %zu\n", l->n);
		return ret;
	}
	json_init(&w, out, true);
	json_obj_begin(&w);
	json_kv_u64(&w, "bgpTableVersion", 0);
	json_kv_str(&w, "bgpLocalRouterId", ip4(g->router_id, b));
	json_kv_u64(&w, "defaultLocPrf", 100);
	json_kv_u64(&w, "localAS", g->asn);
	json_key(&w, advertised ? "advertisedRoutes" : "receivedRoutes");
	json_obj_begin(&w);
	for (size_t i = 0; i < l->n; i++)
		adj_json(&w, &l->v[i]);
	json_obj_end(&w);
	json_kv_u64(&w, "totalPrefixCounter", l->n);
	json_obj_end(&w);
	return json_finish(&w);
}

static int nbr_routes_cmd(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	const char *name = mgmt_req_arg(req, "PEER");
	bool advertised = mgmt_req_has(req, "advertised-routes");
	struct adj_list l = {.af = (uint8_t)(uintptr_t)ctx};
	int ret;

	if (bgp_glob()->asn == 0)
		return not_running(out);
	if ((l.peer = bgp_peer_find(name)) == NULL) {
		mgmt_printf(out, "%% No such neighbor: %s\n", name);
		return -ENOENT;
	}
	if (advertised)
		ret = bgp_ugroup_adj_out_walk(l.peer, l.af, adj_add, &l);
	else
		ret = bgp_rib_walk(adj_received, &l);
	if (ret == 0) {
		qsort(l.v, l.n, sizeof(*l.v), adj_by_prefix);
		ret = adj_print(req, out, &l, advertised);
	}
	free(l.v);
	return ret;
}

// ---- show bgp ipv4 unicast PREFIX: one route, every path in detail (FRR's
// route_vty_out_detail, where the communities are)

static void path_detail_text(struct mgmt_out *out, const struct bgp_path *p, bool best)
{
	const struct bgp_pattr *a = p->attrs;
	char b[INET6_ADDRSTRLEN], from[INET6_ADDRSTRLEN], path[512], *s;

	bgp_pattr_aspath_str(a, path, sizeof(path));
	mgmt_printf(out, "  %s\n", path[0] ? path : "Local");
	mgmt_printf(out, "    %s from %s (%s)\n", nh_str(a, b), path_peer(p, from),
		p->src->local ? ip4(bgp_glob()->router_id, path) : ip4(p->src->router_id, path));
	mgmt_printf(out, "      Origin %s", origin_names[a->origin % 3]);
	if (a->has & BGP_AS_MED)
		mgmt_printf(out, ", metric %u", a->med);
	if (a->has & BGP_AS_LOCAL_PREF)
		mgmt_printf(out, ", localpref %u", a->local_pref);
	mgmt_printf(out, ", weight %u, valid, %s%s%s\n", a->weight,
		p->src->local ? "sourced, local" : p->src->ebgp ? "external" : "internal",
		best ? ", best" : "", p->flags & BGP_PATH_STALE ? ", stale" : "");
	if (a->n_comm > 0 && (s = show_comm_str(bgp_pattr_comms(a))) != NULL) {
		mgmt_printf(out, "      Community: %s\n", s);
		free(s);
	}
	if (a->n_large > 0 && (s = show_large_str(bgp_pattr_large(a))) != NULL) {
		mgmt_printf(out, "      Large Community: %s\n", s);
		free(s);
	}
}

// The destination of s ("10.0.0.0/24", or an address: a host route) in the
// family into *d (NULL when absent): 0, or -EINVAL with a message.
static int route_find(const char *s, uint8_t af, const struct bgp_dest **d, struct mgmt_out *out)
{
	char addr[INET6_ADDRSTRLEN + 1];
	union {
		struct in_addr v4;
		struct in6_addr v6;
	} ip;
	const char *slash = strchr(s, '/');
	int fam = af == BGP_AF_IPV6_UNICAST ? AF_INET6 : AF_INET;
	unsigned max = fam == AF_INET ? 32 : 128, len = max;
	char *end;

	if (slash != NULL) {
		len = (unsigned)strtoul(slash + 1, &end, 10);
		if (slash[1] == '\0' || *end != '\0' || len > max)
			len = max + 1;
	}
	snprintf(addr, sizeof(addr), "%.*s", slash ? (int)(slash - s) : (int)strlen(s), s);
	if (len > max || inet_pton(fam, addr, &ip) != 1) {
		mgmt_printf(out, "%% Malformed prefix: %s\n", s);
		return -EINVAL;
	}
	if (fam == AF_INET)
		*d = bgp_rib_lookup(ip.v4, (uint8_t)len);
	else
		*d = bgp_rib_lookup6(&ip.v6, (uint8_t)len);
	return 0;
}

static int route_cmd(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	const char *prefix = mgmt_req_arg(req, "PREFIX");
	const struct bgp_dest *d = NULL;
	struct json_writer w;
	char b[INET6_ADDRSTRLEN + 4];
	unsigned n = 0;

	if (bgp_glob()->asn == 0)
		return not_running(out);
	if (route_find(prefix, (uint8_t)(uintptr_t)ctx, &d, out) < 0)
		return -EINVAL;
	if (d == NULL || d->paths == NULL) {
		mgmt_puts(out, "% Network not in table\n");
		return -ENOENT;
	}
	for (const struct bgp_path *p = d->paths; p != NULL; p = p->next)
		n++;
	if (!req->json) {
		mgmt_printf(out, "BGP routing table entry for %s\nPaths: (%u available, best #1)\n",
			dest_str(d, b), n);
		for (const struct bgp_path *p = d->paths; p != NULL; p = p->next)
			path_detail_text(out, p, p == d->paths);
		return 0;
	}
	json_init(&w, out, true);
	json_obj_begin(&w);
	json_kv_str(&w, "prefix", dest_str(d, b));
	json_key(&w, "paths");
	json_arr_begin(&w);
	for (const struct bgp_path *p = d->paths; p != NULL; p = p->next)
		path_json(&w, p, p == d->paths);
	json_arr_end(&w);
	json_obj_end(&w);
	return json_finish(&w);
}

// ---- clear bgp

static int clear_cmd(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	const char *name = mgmt_req_arg(req, "PEER");
	unsigned soft = 0;
	int n = 0;

	(void)ctx;
	if (bgp_glob()->asn == 0)
		return not_running(out);
	if (mgmt_req_has(req, "in"))
		soft = BGP_CLEAR_SOFT_IN;
	else if (mgmt_req_has(req, "out"))
		soft = BGP_CLEAR_SOFT_OUT;
	else if (mgmt_req_has(req, "soft"))
		soft = BGP_CLEAR_SOFT;
	for (struct bgp_peer *p = bgp_peers(), *next; p != NULL; p = next) {
		next = p->next; // a hard clear may free a dynamic peer
		if (strcmp(name, "*") != 0 && strcmp(name, p->name) != 0)
			continue;
		bgp_peer_clear(p, soft);
		n++;
	}
	if (n == 0) {
		mgmt_printf(out, "%% No such neighbor: %s\n", name);
		return -ENOENT;
	}
	return 0;
}

int show_bgp_register(void)
{
	int ret;

	if ((ret = mgmt_register("show bgp summary", summary_cmd, NULL,
		     "BGP sessions, one line per neighbor, per address family")) < 0 ||
		(ret = mgmt_register("show bgp ipv4 unicast summary", summary_af_cmd,
			 (void *)(uintptr_t)&summary_afs[0], "BGP sessions in IPv4 unicast")) < 0 ||
		(ret = mgmt_register("show bgp ipv6 unicast summary", summary_af_cmd,
			 (void *)(uintptr_t)&summary_afs[1], "BGP sessions in IPv6 unicast")) < 0 ||
		(ret = mgmt_register("show bgp l2vpn evpn summary", summary_af_cmd,
			 (void *)(uintptr_t)&summary_afs[2], "BGP sessions in l2vpn evpn")) < 0 ||
		(ret = mgmt_register("show bgp neighbors [<PEER>]", neighbors_cmd, NULL,
			 "BGP neighbor details")) < 0 ||
		(ret = mgmt_register("show bgp ipv4 unicast", routes_cmd,
			 (void *)(uintptr_t)BGP_AF_IPV4_UNICAST, "the IPv4 unicast BGP table")) < 0 ||
		(ret = mgmt_register("show bgp ipv6 unicast", routes_cmd,
			 (void *)(uintptr_t)BGP_AF_IPV6_UNICAST, "the IPv6 unicast BGP table")) < 0 ||
		(ret = mgmt_register("show bgp ipv4 unicast <PREFIX>", route_cmd,
			 (void *)(uintptr_t)BGP_AF_IPV4_UNICAST,
			 "one IPv4 route, every path in detail (communities too)")) < 0 ||
		(ret = mgmt_register("show bgp ipv6 unicast <PREFIX>", route_cmd,
			 (void *)(uintptr_t)BGP_AF_IPV6_UNICAST,
			 "one IPv6 route, every path in detail (communities too)")) < 0 ||
		(ret = mgmt_register("show bgp [ipv4 unicast] neighbors <PEER> "
				     "{advertised-routes|received-routes|routes}",
			 nbr_routes_cmd, (void *)(uintptr_t)BGP_AF_IPV4_UNICAST,
			 "the IPv4 routes we advertise to a neighbor, or those it sent us")) < 0 ||
		(ret = mgmt_register("show bgp ipv6 unicast neighbors <PEER> "
				     "{advertised-routes|received-routes|routes}",
			 nbr_routes_cmd, (void *)(uintptr_t)BGP_AF_IPV6_UNICAST,
			 "the IPv6 routes we advertise to a neighbor, or those it sent us")) < 0 ||
		(ret = mgmt_register("clear bgp <PEER> [soft]", clear_cmd, NULL,
			 "reset a BGP session (* for all), or refresh its routes (soft)")) < 0 ||
		(ret = mgmt_register("clear bgp <PEER> soft {in|out}", clear_cmd, NULL,
			 "ask the neighbor for its routes again (in), or send ours again (out)")) < 0 ||
		(ret = show_bgp_evpn_register()) < 0)
		return ret;
	return 0;
}
