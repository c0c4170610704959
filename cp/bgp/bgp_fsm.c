// SPDX-License-Identifier: BSD-3-Clause
// The session state machine (RFC 4271 8). Each error path sends the
// NOTIFICATION the codec or the check chose, logs one line naming the peer and
// drops to Idle with back-off; a connection that fails before OPEN retries on
// the connect-retry timer.
#include "cp/bgp/bgp_fsm.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "cp/bgp/bgp_decode.h"
#include "cp/bgp/bgp_encode.h"
#include "cp/bgp/bgp_gr.h"
#include "cp/bgp/bgp_gr_restart.h"
#include "cp/bgp/bgp_io.h"
#include "cp/bgp/bgp_nlri.h"
#include "cp/bgp/bgp_print.h"
#include "cp/bgp/bgp_speaker.h"
#include "cp/bgp/bgp_out.h"
#include "cp/bgp/bgp_ugroup.h"
#include "cp/bgp/bgp_update_in.h"
#include "cp/cp_log.h"

#define CEASE_ADMIN_SHUTDOWN 2
#define CEASE_PEER_DECONFIGURED 3
#define CEASE_ADMIN_RESET 4
#define CEASE_COLLISION 7

static const char *const state_names[] = {"Idle", "Connect", "Active", "OpenSent",
	"OpenConfirm", "Established"};

const char *bgp_state_name(enum bgp_state s)
{
	return s <= BGP_ESTABLISHED ? state_names[s] : "?";
}

static void set_state(struct bgp_peer *p, enum bgp_state s)
{
	if (p->state == s)
		return;
	CP_INFO("bgp", "neighbor %s: %s -> %s", p->name, bgp_state_name(p->state),
		bgp_state_name(s));
	CP_DEBUGF(CP_DEBUG_BGP_NEIGHBOR_EVENTS, "neighbor %s: went from %s to %s%s%s", p->name,
		bgp_state_name(p->state), bgp_state_name(s),
		s == BGP_IDLE && p->last_error[0] ? ", last error: " : "",
		s == BGP_IDLE ? p->last_error : "");
	p->state = s;
	p->last_change_ms = bgp_glob()->now_ms;
}

// Closed connections are freed by bgp_fsm_reap(), after the batch of socket
// events that may still name them.
static struct bgp_conn *graveyard[64];
static unsigned n_graveyard;

void bgp_fsm_reap(void)
{
	for (unsigned i = 0; i < n_graveyard; i++)
		free(graveyard[i]);
	n_graveyard = 0;
}

static void conn_free(struct bgp_conn **cp)
{
	if (*cp == NULL)
		return;
	bgp_io_close(*cp);
	if (n_graveyard == sizeof(graveyard) / sizeof(graveyard[0]))
		bgp_fsm_reap(); // cannot happen within one batch of 64 events
	graveyard[n_graveyard++] = *cp;
	*cp = NULL;
}

static void count_out(struct bgp_peer *p, const uint8_t *msg)
{
	p->msgs_out[0]++;
	if (msg[18] >= 1 && msg[18] <= 5)
		p->msgs_out[msg[18]]++;
	if (msg[18] == BGP_MSG_UPDATE)
		CP_DEBUGF(CP_DEBUG_BGP_UPDATES, "neighbor %s: UPDATE sent, %u octets", p->name,
			(unsigned)(msg[16] << 8 | msg[17]));
	else if (msg[18] == BGP_MSG_KEEPALIVE)
		CP_DEBUGF(CP_DEBUG_BGP_KEEPALIVES, "neighbor %s: KEEPALIVE sent", p->name);
}

static int conn_send(struct bgp_peer *p, struct bgp_conn *c, const uint8_t *msg, size_t len)
{
	if (c == NULL || c->fd < 0)
		return -ENOTCONN;
	count_out(p, msg);
	return bgp_buf_append(&c->tx, msg, len);
}

int bgp_peer_send(struct bgp_peer *p, const uint8_t *msg, size_t len)
{
	return conn_send(p, p->conn, msg, len);
}

int bgp_peer_send_rr(struct bgp_peer *p, enum bgp_af af, uint8_t subtype)
{
	struct bgp_afi_safi f = bgp_af_family(af);
	uint8_t buf[BGP_ROUTE_REFRESH_LEN];
	int len = bgp_encode_route_refresh(buf, sizeof(buf), f.afi, f.safi, subtype);

	return len < 0 ? len : bgp_peer_send(p, buf, (size_t)len);
}

int bgp_peer_send_eor(struct bgp_peer *p, enum bgp_af af)
{
	struct bgp_afi_safi f = bgp_af_family(af);
	uint8_t buf[64];
	int len = bgp_encode_eor(buf, sizeof(buf), f.afi, f.safi);

	return len < 0 ? len : bgp_peer_send(p, buf, (size_t)len);
}

// Unicast routes are the update group's table (both families: a superset);
// the other families go out of bgp_out, which polls the flags.
void bgp_peer_refresh_out(struct bgp_peer *p, enum bgp_af af)
{
	if (af == BGP_AF_IPV4_UNICAST || af == BGP_AF_IPV6_UNICAST)
		bgp_ugroup_refresh(p, af);
	else if (bgp_out_serves(af))
		p->resend |= (uint8_t)(1u << af); // bgp_out polls it
}

static void send_notification(struct bgp_peer *p, struct bgp_conn *c, uint8_t code,
	uint8_t subcode, const uint8_t *data, size_t len)
{
	uint8_t buf[BGP_MAX_MSG_LEN];
	int n = bgp_encode_notification(buf, sizeof(buf), code, subcode, data, len);

	if (n > 0 && conn_send(p, c, buf, (size_t)n) == 0)
		bgp_io_write(c); // best effort: the connection closes right after
}

// 75-100% of ms (RFC 4271 10: jitter on ConnectRetry), so that two speakers
// that failed together (crossed connections both reset) do not retry in step.
static uint64_t jitter_ms(uint64_t ms)
{
	static uint64_t x;
	if (x == 0)
		x = (uint64_t)getpid() * 0x9e3779b97f4a7c15ull ^ bgp_glob()->now_ms ^
		    bgp_glob()->router_id.s_addr;
	x ^= x << 13, x ^= x >> 7, x ^= x << 17;
	return ms - ms / 4 * (x % 1024) / 1024;
}

// reason: the end of the "%ADJCHANGE: neighbor X Down" line, as FRR logs it.
static void go_idle(struct bgp_peer *p, bool keep_stale, const char *reason)
{
	uint64_t now = bgp_glob()->now_ms;

	if (p->state == BGP_ESTABLISHED) {
		CP_INFO("bgp", "%%ADJCHANGE: neighbor %s Down %s", p->name, reason);
		bgp_ugroup_leave(p);
		p->dropped_count++;
		bgp_gr_session_down(p, keep_stale, now);
		memset(p->t_eorr, 0, sizeof(p->t_eorr)); // marks left are cleared by updates
	}
	conn_free(&p->conn);
	conn_free(&p->pending);
	p->t_connect = p->t_hold = p->t_keepalive = 0;
	p->backoff_s = p->backoff_s ? p->backoff_s * 2 : 1;
	if (p->backoff_s > BGP_BACKOFF_MAX_S)
		p->backoff_s = BGP_BACKOFF_MAX_S;
	p->t_idle = now + jitter_ms((uint64_t)p->backoff_s * 1000);
	set_state(p, BGP_IDLE);
}

void bgp_fsm_error(struct bgp_peer *p, uint8_t code, uint8_t subcode, const uint8_t *data,
	size_t len, const char *why)
{
	char text[128], reason[128];

	bgp_notification_format(text, sizeof(text), code, subcode, len);
	CP_WARN("bgp", "neighbor %s: %s: sending NOTIFICATION %s", p->name, why, text);
	snprintf(p->last_error, sizeof(p->last_error), "sent %s (%s)", text, why);
	if (p->conn != NULL)
		send_notification(p, p->conn, code, subcode, data, len);
	bgp_notification_reason(reason, sizeof(reason), true, code, subcode);
	// A NOTIFICATION we send ends the peer's routes, except on hold timer expiry:
	// the peer (or the path to it) may be restarting, so its routes are kept stale
	// as after a TCP failure (RFC 8538 4; we do not require its N bit).
	go_idle(p, code == BGP_ERR_HOLD_TIMER, reason);
}

static void adopt_pending(struct bgp_peer *p, uint64_t now);

static void conn_failed(struct bgp_peer *p, const char *why, int err)
{
	uint64_t now = bgp_glob()->now_ms;

	CP_INFO("bgp", "neighbor %s: %s: %s", p->name, why, strerror(-err));
	snprintf(p->last_error, sizeof(p->last_error), "%s: %s", why, strerror(-err));
	if (p->state != BGP_OPENSENT) {
		// bgp_io_read's -ECONNRESET: end of stream or reset, the peer's doing
		go_idle(p, true, err == -ECONNRESET ? "Peer closed the session" : p->last_error);
		return;
	}
	// RFC 4271 8.2.2, OpenSent, TCP connection fails: Active, listening, not
	// Idle. Idle refuses the peer's connection, and two speakers that reset
	// each other's crossed connections would then keep missing each other.
	if (p->pending != NULL) {
		adopt_pending(p, now);
		return;
	}
	conn_free(&p->conn);
	p->t_hold = 0;
	p->t_connect = now + jitter_ms((uint64_t)p->cfg.connect_retry * 1000);
	set_state(p, BGP_ACTIVE);
}

static void cease(struct bgp_peer *p, uint8_t subcode)
{
	if (p->conn == NULL || p->conn->fd < 0 || p->state < BGP_OPENSENT)
		return;
	send_notification(p, p->conn, BGP_ERR_CEASE, subcode, NULL, 0);
	bgp_io_linger(p->conn); // the Cease still leaves after the socket is ours no more
}

void bgp_fsm_cease(struct bgp_peer *p)
{
	cease(p, CEASE_ADMIN_SHUTDOWN);
}

static void stop(struct bgp_peer *p, uint8_t subcode)
{
	char reason[128];

	cease(p, subcode);
	bgp_notification_reason(reason, sizeof(reason), true, BGP_ERR_CEASE, subcode);
	go_idle(p, false, reason);
	bgp_rib_src_flush(&p->src, BGP_AF_MAX, 0); // every route of p
	p->t_idle = 0;
}

void bgp_fsm_stop(struct bgp_peer *p)
{
	stop(p, CEASE_ADMIN_SHUTDOWN);
}

void bgp_fsm_deconfigure(struct bgp_peer *p)
{
	stop(p, CEASE_PEER_DECONFIGURED);
}

// ---- OPEN

static void open_caps(const struct bgp_peer *p, struct bgp_caps *c)
{
	memset(c, 0, sizeof(*c));
	if (p->cfg.af_active[CFG_BGP_AF_IPV4_UNICAST])
		c->mp[c->n_mp++] = (struct bgp_afi_safi){BGP_AFI_IPV4, BGP_SAFI_UNICAST};
	if (p->cfg.af_active[CFG_BGP_AF_IPV6_UNICAST])
		c->mp[c->n_mp++] = (struct bgp_afi_safi){BGP_AFI_IPV6, BGP_SAFI_UNICAST};
	if (p->cfg.af_active[CFG_BGP_AF_L2VPN_EVPN])
		c->mp[c->n_mp++] = (struct bgp_afi_safi){BGP_AFI_L2VPN, BGP_SAFI_EVPN};
	c->route_refresh = true;
	c->enhanced_rr = true;
	if (p->cfg.ext_nexthop)
		c->ext_nh[c->n_ext_nh++] = (struct bgp_cap_ext_nh){BGP_AFI_IPV4, BGP_SAFI_UNICAST,
			BGP_AFI_IPV6};
	c->has_gr = true; // receiving speaker: no families
	c->gr_time = bgp_glob()->gr_time;
	// "bgp graceful-restart": restarting speaker too. Our families are listed, so a
	// helper keeps our routes while we restart; with the forwarding bit only when
	// the dataplane outlives us (else our next OPEN has the helper drop them), and
	// the restart bit while our advertisements are deferred (bgp_gr_restart.h).
	if (!bgp_glob()->gr_restart)
		return;
	c->gr_flags = bgp_gr_restart_flags();
	for (unsigned i = 0; i < c->n_mp; i++)
		c->gr[c->n_gr++] = (struct bgp_cap_gr_af){c->mp[i].afi, c->mp[i].safi,
			bgp_gr_restart_af_flags()};
}

static int send_open(struct bgp_peer *p, struct bgp_conn *c)
{
	const struct bgp_globals *g = bgp_glob();
	struct bgp_open o;
	uint8_t buf[BGP_MAX_MSG_LEN];
	int n;

	memset(&o, 0, sizeof(o));
	o.version = BGP_VERSION;
	o.hold_time = p->cfg.hold;
	o.bgp_id = g->router_id;
	open_caps(p, &o.caps);
	p->gr_flags_sent = o.caps.gr_flags;
	p->gr_af_flags_sent = o.caps.n_gr ? o.caps.gr[0].flags : 0;
	bgp_open_set_asn(&o, g->asn);
	if ((n = bgp_encode_open(buf, sizeof(buf), &o)) < 0)
		return n;
	c->open_sent = true;
	return conn_send(p, c, buf, (size_t)n);
}

static bool remote_as_ok(const struct bgp_peer *p, uint32_t as)
{
	uint32_t ours = bgp_glob()->asn;

	switch (p->cfg.as_kind) {
	case CFG_BGP_AS_NUMBER:
		return as == p->cfg.remote_as;
	case CFG_BGP_AS_INTERNAL:
		return as == ours;
	case CFG_BGP_AS_EXTERNAL:
		return as != ours;
	default:
		return false;
	}
}

// Checks an OPEN against the configuration; 0 or the OPEN error subcode.
static int open_check(const struct bgp_peer *p, const struct bgp_open *o)
{
	uint32_t as = bgp_open_peer_as(o);

	if (!remote_as_ok(p, as))
		return BGP_OPEN_ERR_PEER_AS;
	if (o->bgp_id.s_addr == bgp_glob()->router_id.s_addr && as == bgp_glob()->asn)
		return BGP_OPEN_ERR_BGP_ID;
	return 0;
}

static void conn_keep_open(struct bgp_conn *c, const struct bgp_open *o)
{
	c->open_rcvd = true;
	c->remote_as = bgp_open_peer_as(o);
	c->remote_id = o->bgp_id;
	c->remote_hold = o->hold_time;
	c->caps = o->caps;
	c->caps.n_unknown = 0; // views into the receive buffer: not kept
}

static bool af_negotiated(const struct bgp_peer *p, const struct bgp_caps *rc, int cfg_af,
	uint16_t afi, uint8_t safi)
{
	if (!p->cfg.af_active[cfg_af])
		return false;
	// A peer without multiprotocol capabilities speaks IPv4 unicast only.
	if (rc->n_mp == 0)
		return afi == BGP_AFI_IPV4 && safi == BGP_SAFI_UNICAST;
	return bgp_caps_has_mp(rc, afi, safi);
}

// OPEN accepted on c, which becomes the session: negotiate and send KEEPALIVE.
static void negotiate(struct bgp_peer *p, struct bgp_conn *c, uint64_t now)
{
	const struct bgp_caps *rc = &c->caps;
	uint8_t ka[BGP_HDR_LEN];

	p->remote_as = c->remote_as;
	p->src.router_id = c->remote_id;
	p->src.ebgp = p->remote_as != bgp_glob()->asn;
	p->hold_s = c->remote_hold < p->cfg.hold ? c->remote_hold : p->cfg.hold;
	p->keepalive_s = p->hold_s == 0 ? 0
		: p->cfg.keepalive && p->cfg.keepalive <= p->hold_s / 3 ? p->cfg.keepalive
									: p->hold_s / 3;
	memset(p->af, 0, sizeof(p->af));
	p->af[BGP_AF_IPV4_UNICAST] =
		af_negotiated(p, rc, CFG_BGP_AF_IPV4_UNICAST, BGP_AFI_IPV4, BGP_SAFI_UNICAST);
	p->af[BGP_AF_IPV6_UNICAST] =
		af_negotiated(p, rc, CFG_BGP_AF_IPV6_UNICAST, BGP_AFI_IPV6, BGP_SAFI_UNICAST);
	p->af[BGP_AF_L2VPN_EVPN] =
		af_negotiated(p, rc, CFG_BGP_AF_L2VPN_EVPN, BGP_AFI_L2VPN, BGP_SAFI_EVPN);
	p->peer_rr = rc->route_refresh;
	// RFC 7313 3: BoRR/EoRR only to a peer that also advertised route refresh
	p->peer_enh_rr = rc->route_refresh && rc->enhanced_rr;
	p->ext_nh = false;
	for (unsigned i = 0; p->cfg.ext_nexthop && i < rc->n_ext_nh; i++)
		if (rc->ext_nh[i].nlri_afi == BGP_AFI_IPV4 && rc->ext_nh[i].nlri_safi == BGP_SAFI_UNICAST &&
			rc->ext_nh[i].nh_afi == BGP_AFI_IPV6)
			p->ext_nh = true;
	memset(&p->ctx, 0, sizeof(p->ctx));
	p->ctx.four_octet_as = rc->has_as4;
	p->ctx.ebgp = p->src.ebgp;
	bgp_gr_session_up(p, rc);
	p->t_hold = p->hold_s ? now + (uint64_t)p->hold_s * 1000 : 0;
	p->t_keepalive = p->keepalive_s ? now + (uint64_t)p->keepalive_s * 1000 : 0;
	if (p->cfg.addr.family == AF_INET6)
		p->src.addr6 = p->cfg.addr.v6;
	else
		p->src.addr = p->cfg.addr.v4;
	if (bgp_encode_keepalive(ka, sizeof(ka)) > 0)
		conn_send(p, c, ka, sizeof(ka));
	set_state(p, BGP_OPENCONFIRM);
}

// Collision (RFC 4271 6.8): the connection opened by the higher BGP identifier
// stays. Returns the connection that survives.
static struct bgp_conn *resolve_collision(struct bgp_peer *p)
{
	struct bgp_conn *mine = p->conn->outbound ? p->conn : p->pending;
	struct bgp_conn *theirs = mine == p->conn ? p->pending : p->conn;
	// the peer's identifier: from whichever connection brought its OPEN
	const struct bgp_conn *opened = p->conn->open_rcvd ? p->conn : p->pending;
	bool keep_mine = ntohl(bgp_glob()->router_id.s_addr) > ntohl(opened->remote_id.s_addr);
	struct bgp_conn *loser = keep_mine ? theirs : mine;

	CP_INFO("bgp", "neighbor %s: connection collision, keeping the %s one", p->name,
		keep_mine ? "outgoing" : "incoming");
	send_notification(p, loser, BGP_ERR_CEASE, CEASE_COLLISION, NULL, 0);
	if (loser == p->conn) {
		conn_free(&p->conn);
		p->conn = p->pending;
	} else {
		conn_free(&p->pending);
	}
	p->pending = NULL;
	return p->conn;
}

static void on_connected(struct bgp_peer *p, struct bgp_conn *c);
static void carry_on(struct bgp_peer *p, uint64_t now);

static void on_open(struct bgp_peer *p, struct bgp_conn *c, const struct bgp_msg *m,
	uint64_t now)
{
	int sub = open_check(p, &m->open);
	char id[INET_ADDRSTRLEN];

	CP_DEBUGF(CP_DEBUG_BGP_NEIGHBOR_EVENTS,
		"neighbor %s: OPEN received: AS %u, hold time %u, BGP identifier %s%s", p->name,
		m->open.my_as, m->open.hold_time, inet_ntop(AF_INET, &m->open.bgp_id, id, sizeof(id)),
		c == p->pending ? " (second connection)" : "");
	if (c == p->pending && p->state == BGP_ESTABLISHED) {
		send_notification(p, c, BGP_ERR_CEASE, CEASE_COLLISION, NULL, 0);
		conn_free(&p->pending);
		return;
	}
	if (sub != 0) {
		if (c == p->pending) {
			send_notification(p, c, BGP_ERR_OPEN, (uint8_t)sub, NULL, 0);
			conn_free(&p->pending);
			return;
		}
		bgp_fsm_error(p, BGP_ERR_OPEN, (uint8_t)sub, NULL, 0, "OPEN refused");
		return;
	}
	conn_keep_open(c, &m->open);
	struct bgp_conn *other = c == p->pending ? p->conn : p->pending;
	if (other != NULL && other->connecting && !bgp_io_connect_done(other)) {
		// Our own attempt (Connect state) has not connected: theirs wins.
		CP_INFO("bgp", "neighbor %s: its connection opened before ours, ours dropped",
			p->name);
		adopt_pending(p, now);
		return;
	}
	if (other != NULL) {
		// A collision (RFC 4271 6.8), resolved now: this OPEN gives the peer's
		// identifier, whatever state the other connection is in (the RFC allows
		// OpenSent when the identifier is known). Waiting for the second OPEN
		// would let the peer's KEEPALIVE reach a connection we still hold back.
		resolve_collision(p);
		carry_on(p, now);
		return;
	}
	negotiate(p, c, now);
}

// ---- the other messages

static void established(struct bgp_peer *p, uint64_t now)
{
	set_state(p, BGP_ESTABLISHED);
	CP_INFO("bgp", "%%ADJCHANGE: neighbor %s Up", p->name);
	p->established_count++;
	p->established_ms = now;
	p->backoff_s = 0;
	p->last_error[0] = '\0';
	p->max_prefix_warned = 0;
	memset(p->eor_rcvd, 0, sizeof(p->eor_rcvd));
	if (bgp_ugroup_join(p) < 0)
		bgp_fsm_error(p, BGP_ERR_CEASE, 8 /* out of resources */, NULL, 0, "no memory");
}

static void on_notification(struct bgp_peer *p, const struct bgp_msg *m)
{
	char text[128], reason[128];

	bgp_notification_format(text, sizeof(text), m->notification.code,
		m->notification.subcode, m->notification.data.len);
	CP_WARN("bgp", "neighbor %s: received NOTIFICATION %s", p->name, text);
	snprintf(p->last_error, sizeof(p->last_error), "received %s", text);
	bgp_notification_reason(reason, sizeof(reason), false, m->notification.code,
		m->notification.subcode);
	// RFC 8538 would keep routes on a Cease with the N bit; we do not advertise it.
	go_idle(p, false, reason);
}

// RFC 7313 4: a BoRR starts the peer's re-advertisement of a family. Its routes
// of the family are marked; those it announces again lose the mark; at EoRR (or
// after BGP_EORR_WAIT_S without one) the ones still marked are gone.
static void on_borr(struct bgp_peer *p, enum bgp_af af)
{
	size_t n = bgp_rib_src_mark(&p->src, af, BGP_PATH_REFRESH);

	p->t_eorr[af] = bgp_glob()->now_ms + BGP_EORR_WAIT_S * 1000ull;
	CP_INFO("bgp", "neighbor %s: BoRR for AFI %u SAFI %u, %zu routes to be announced again",
		p->name, bgp_af_family(af).afi, bgp_af_family(af).safi, n);
}

static size_t refresh_flush(struct bgp_peer *p, enum bgp_af af)
{
	p->t_eorr[af] = 0;
	return bgp_rib_src_flush(&p->src, af, BGP_PATH_REFRESH);
}

static void on_eorr(struct bgp_peer *p, enum bgp_af af)
{
	if (p->t_eorr[af] == 0) {
		// RFC 7313 4: an EoRR without a BoRR is ignored
		CP_DEBUG("bgp", "neighbor %s: EoRR without BoRR; ignored", p->name);
		return;
	}
	size_t n = refresh_flush(p, af);
	CP_INFO("bgp", "neighbor %s: EoRR for AFI %u SAFI %u, %zu routes not announced again removed",
		p->name, bgp_af_family(af).afi, bgp_af_family(af).safi, n);
}

// The peer asks for our routes of one family again (bgp_peer_refresh_out), or
// it marks the start or end of its own (RFC 7313).
static void on_route_refresh(struct bgp_peer *p, const struct bgp_msg *m)
{
	const struct bgp_route_refresh *rr = &m->route_refresh;
	enum bgp_af af = bgp_af_index(rr->afi, rr->safi);

	if (rr->subtype > BGP_RR_EORR)
		return; // RFC 7313 3: other subtypes are ignored
	if (af == BGP_AF_MAX || !p->af[af]) {
		CP_DEBUG("bgp",
			"neighbor %s: ROUTE-REFRESH for AFI %u SAFI %u not negotiated; ignored",
			p->name, rr->afi, rr->safi);
		return;
	}
	if (rr->subtype == BGP_RR_BORR) {
		on_borr(p, af);
		return;
	}
	if (rr->subtype == BGP_RR_EORR) {
		on_eorr(p, af);
		return;
	}
	CP_INFO("bgp", "neighbor %s: ROUTE-REFRESH for AFI %u SAFI %u", p->name, rr->afi, rr->safi);
	bgp_peer_refresh_out(p, af);
}

static bool expect(struct bgp_peer *p, const struct bgp_msg *m, uint8_t type)
{
	if (m->type == type)
		return true;
	bgp_fsm_error(p, BGP_ERR_FSM, (uint8_t)(p->state - BGP_OPENSENT + 1), NULL, 0,
		"unexpected message");
	return false;
}

// The connection left after a collision carries on from where it is: ours just
// connected sends its OPEN, one with the peer's OPEN negotiates, and one with
// only our OPEN waits for the peer's.
static void carry_on(struct bgp_peer *p, uint64_t now)
{
	p->t_connect = 0;
	if (p->conn->connecting) {
		on_connected(p, p->conn);
	} else if (p->conn->open_rcvd) {
		negotiate(p, p->conn, now);
	} else {
		p->t_hold = now + BGP_OPEN_HOLD_S * 1000ull;
		set_state(p, BGP_OPENSENT);
	}
}

// The other connection of a collision (OPEN sent on it) becomes the session's.
static void adopt_pending(struct bgp_peer *p, uint64_t now)
{
	conn_free(&p->conn);
	p->conn = p->pending;
	p->pending = NULL;
	carry_on(p, now);
}

// A NOTIFICATION on the main connection while the other one of a collision is
// still opening: the peer resolved the collision first (Cease/7) and closed the
// same connection we would have. Only that one goes; the other carries on.
static void promote_pending(struct bgp_peer *p, uint64_t now)
{
	CP_INFO("bgp", "neighbor %s: NOTIFICATION on the %s connection of a collision, "
		"keeping the other", p->name, p->conn->outbound ? "outgoing" : "incoming");
	adopt_pending(p, now);
}

// One decoded message on the session connection; false once the session is gone.
static bool handle(struct bgp_peer *p, struct bgp_conn *c, const struct bgp_msg *m,
	uint64_t now)
{
	if (m->type == BGP_MSG_NOTIFICATION) {
		if (c == p->pending) {
			conn_free(&p->pending);
			return false;
		}
		if (p->pending != NULL && p->state != BGP_ESTABLISHED) {
			promote_pending(p, now);
			return false;
		}
		on_notification(p, m);
		return false;
	}
	if (c == p->pending && m->type != BGP_MSG_OPEN) {
		send_notification(p, c, BGP_ERR_FSM, 1, NULL, 0);
		conn_free(&p->pending);
		return false;
	}
	if (c == p->pending || p->state == BGP_OPENSENT) {
		if (!expect(p, m, BGP_MSG_OPEN))
			return false;
		on_open(p, c, m, now);
		return p->state == BGP_OPENCONFIRM && c == p->conn;
	}
	if (p->hold_s)
		p->t_hold = now + (uint64_t)p->hold_s * 1000;
	if (p->state == BGP_OPENCONFIRM) {
		if (!expect(p, m, BGP_MSG_KEEPALIVE))
			return false;
		established(p, now);
		return p->state == BGP_ESTABLISHED;
	}
	switch (m->type) {
	case BGP_MSG_UPDATE:
		return bgp_update_in(p, &m->update, &m->fault) == 0;
	case BGP_MSG_ROUTE_REFRESH:
		on_route_refresh(p, m);
		return true;
	case BGP_MSG_KEEPALIVE:
		return true;
	default:
		return expect(p, m, BGP_MSG_KEEPALIVE);
	}
}

static void count_in(struct bgp_peer *p, uint8_t type)
{
	if (type == BGP_MSG_KEEPALIVE)
		CP_DEBUGF(CP_DEBUG_BGP_KEEPALIVES, "neighbor %s: KEEPALIVE received", p->name);
	p->msgs_in[0]++;
	if (type >= 1 && type <= 5)
		p->msgs_in[type]++;
}

static void decode_error(struct bgp_peer *p, struct bgp_conn *c, const struct bgp_fault *f)
{
	if (c == p->pending) {
		send_notification(p, c, f->code, f->subcode, f->data.ptr, f->data.len);
		conn_free(&p->pending);
		return;
	}
	bgp_fsm_error(p, f->code, f->subcode, f->data.ptr, f->data.len,
		f->reason ? f->reason : "malformed message");
}

// Handles the whole messages in c->rx (at most BGP_MSGS_PER_POLL).
static void process_rx(struct bgp_peer *p, struct bgp_conn *c, uint64_t now)
{
	static struct bgp_msg m; // large; one message is decoded at a time

	for (unsigned i = 0; i < BGP_MSGS_PER_POLL; i++) {
		struct bgp_buf *b = &c->rx;
		const uint8_t *msg = b->data + b->off;
		int len = bgp_msg_decode(msg, bgp_buf_used(b), &p->ctx, &m);
		if (len == -EAGAIN)
			return;
		if (len < 0) {
			decode_error(p, c, &m.fault);
			return;
		}
		b->off += m.len;
		count_in(p, m.type);
		if (!handle(p, c, &m, now))
			return;
	}
}

// ---- connections

static void conn_open_sent(struct bgp_peer *p, struct bgp_conn *c)
{
	if (send_open(p, c) < 0) {
		bgp_fsm_error(p, BGP_ERR_CEASE, 8, NULL, 0, "cannot build OPEN");
		return;
	}
	if (c == p->conn) {
		p->t_connect = 0;
		p->t_hold = bgp_glob()->now_ms + BGP_OPEN_HOLD_S * 1000ull;
		set_state(p, BGP_OPENSENT);
	}
}

static void on_connected(struct bgp_peer *p, struct bgp_conn *c)
{
	int ret = bgp_io_connect_result(c);

	if (ret < 0) {
		snprintf(p->last_error, sizeof(p->last_error), "connect: %s", strerror(-ret));
		if (p->pending != NULL) { // theirs came in meanwhile: it carries on
			adopt_pending(p, bgp_glob()->now_ms);
			return;
		}
		conn_free(&p->conn);
		set_state(p, BGP_ACTIVE);
		return; // the connect-retry timer tries again
	}
	conn_open_sent(p, c);
}

void bgp_fsm_conn_event(struct bgp_conn *c, uint32_t events, uint64_t now)
{
	struct bgp_peer *p = c->peer;
	int ret;

	if (c->connecting) {
		if (events & (EPOLLOUT | EPOLLERR | EPOLLHUP))
			on_connected(p, c);
		return;
	}
	if ((events & EPOLLOUT) && (ret = bgp_io_write(c)) < 0) {
		if (c == p->pending)
			conn_free(&p->pending);
		else
			conn_failed(p, "write", ret);
		return;
	}
	if (events & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
		ret = bgp_io_read(c);
		process_rx(p, c, now); // what arrived before a close still counts
		if (ret < 0 && (c == p->conn || c == p->pending)) {
			if (c == p->pending)
				conn_free(&p->pending);
			else
				conn_failed(p, "connection closed", ret);
		}
	}
}

void bgp_fsm_accept(struct bgp_peer *p, int fd, uint64_t now)
{
	struct bgp_conn *c = calloc(1, sizeof(*c));

	(void)now;
	if (c == NULL || p->pending != NULL || p->state == BGP_ESTABLISHED ||
		p->state == BGP_IDLE) {
		// Established, or already two connections: the new one is refused.
		CP_DEBUGF(CP_DEBUG_BGP_NEIGHBOR_EVENTS, "neighbor %s: incoming connection refused (%s)",
			p->name, bgp_state_name(p->state));
		free(c);
		close(fd);
		return;
	}
	CP_DEBUGF(CP_DEBUG_BGP_NEIGHBOR_EVENTS, "neighbor %s: incoming connection accepted in %s",
		p->name, bgp_state_name(p->state));
	c->peer = p;
	if (bgp_io_adopt(c, fd) < 0) {
		free(c);
		return;
	}
	if (p->state == BGP_CONNECT && p->conn != NULL && p->conn->connecting) {
		// Ours is under way: keep both (the peer may be doing the same; if
		// each dropped its own, both would lose). See on_open and on_connected.
		p->pending = c;
	} else if (p->state == BGP_CONNECT || p->state == BGP_ACTIVE) {
		conn_free(&p->conn);
		p->conn = c;
	} else {
		p->pending = c; // OpenSent / OpenConfirm: resolved at the peer's first OPEN
	}
	conn_open_sent(p, c);
}

// ---- timers

// Our connect got no answer within the connect-retry time. With a TCP MD5
// password that is what a peer with another password does: its kernel drops
// our SYNs silently (as ours drops its), so this line is all an operator sees.
// Logged once until the session comes up (or fails otherwise).
static void connect_unanswered(struct bgp_peer *p)
{
	char why[sizeof(p->last_error)];
	bool md5 = p->cfg.password[0] != '\0';

	snprintf(why, sizeof(why), "connect: no answer in %u s%s", p->cfg.connect_retry,
		md5 ? " (TCP MD5: the peer's password differs?)" : "");
	if (strcmp(why, p->last_error) == 0)
		return;
	snprintf(p->last_error, sizeof(p->last_error), "%s", why);
	if (md5)
		CP_WARN("bgp", "neighbor %s: %s", p->name, why);
	else
		CP_INFO("bgp", "neighbor %s: %s", p->name, why);
}

static void try_connect(struct bgp_peer *p, uint64_t now)
{
	p->t_connect = now + (uint64_t)p->cfg.connect_retry * 1000;
	if (p->cfg.passive || p->dynamic) {
		set_state(p, BGP_ACTIVE);
		return;
	}
	if (p->conn != NULL && p->conn->connecting)
		connect_unanswered(p);
	conn_free(&p->conn);
	if ((p->conn = calloc(1, sizeof(*p->conn))) == NULL)
		return;
	int ret = bgp_io_connect(p, p->conn, bgp_glob()->port);
	CP_DEBUGF(CP_DEBUG_BGP_NEIGHBOR_EVENTS, "neighbor %s: connecting: %s", p->name,
		ret < 0 ? strerror(-ret) : "in progress");
	if (ret < 0) {
		free(p->conn);
		p->conn = NULL;
		snprintf(p->last_error, sizeof(p->last_error), "connect: %s", strerror(-ret));
		set_state(p, BGP_ACTIVE);
		return;
	}
	set_state(p, BGP_CONNECT);
}

void bgp_fsm_start(struct bgp_peer *p, uint64_t now)
{
	p->t_idle = 0;
	try_connect(p, now);
}

static void send_keepalive(struct bgp_peer *p, uint64_t now)
{
	uint8_t ka[BGP_HDR_LEN];

	p->t_keepalive = now + (uint64_t)p->keepalive_s * 1000;
	if (bgp_encode_keepalive(ka, sizeof(ka)) > 0)
		bgp_peer_send(p, ka, sizeof(ka));
}

static bool due(uint64_t t, uint64_t now)
{
	return t != 0 && t <= now;
}

void bgp_fsm_timers(struct bgp_peer *p, uint64_t now)
{
	if (due(p->t_gr, now))
		bgp_gr_restart_over(p);
	for (enum bgp_af af = 0; af < BGP_AF_MAX; af++)
		if (due(p->t_eorr[af], now))
			CP_WARN("bgp", "neighbor %s: no EoRR for AFI %u SAFI %u in %u s, "
				"%zu routes not announced again removed", p->name,
				bgp_af_family(af).afi, bgp_af_family(af).safi, BGP_EORR_WAIT_S,
				refresh_flush(p, af));
	if (p->state == BGP_IDLE) {
		if (due(p->t_idle, now))
			bgp_fsm_start(p, now);
		return;
	}
	if (due(p->t_hold, now)) {
		bgp_fsm_error(p, BGP_ERR_HOLD_TIMER, 0, NULL, 0, "hold timer expired");
		return;
	}
	if ((p->state == BGP_CONNECT || p->state == BGP_ACTIVE) && due(p->t_connect, now))
		try_connect(p, now);
	if (p->state >= BGP_OPENCONFIRM && due(p->t_keepalive, now))
		send_keepalive(p, now);
}
