// SPDX-License-Identifier: BSD-3-Clause
// The speaker: peers from the configuration, the listening socket and dynamic
// neighbors, locally originated routes, and the poll step that runs sockets,
// timers and the update groups without ever blocking.
#include "cp/bgp/bgp_speaker.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cp/bgp/bgp_family.h"
#include "cp/bgp/bgp_fsm.h"
#include "cp/bgp/bgp_gr_restart.h"
#include "cp/bgp/bgp_io.h"
#include "cp/bgp/bgp_ugroup.h"
#include "cp/cp_log.h"

#define POLL_EVENTS 64
#define BGP_PORT_ENV "EVPND_BGP_PORT"

static struct {
	bool running;
	struct bgp_globals g;
	struct cfg_bgp_nbr *listen_groups; // resolved settings per listen range
	struct cfg_bgp_listen *listens;
	size_t n_listens;
	struct bgp_conn listener, listener6; // IPv4, IPv6 (IPv6 only)
	struct bgp_peer *peers;
	struct bgp_peer **tail;
} sp;

const struct bgp_globals *bgp_glob(void)
{
	return &sp.g;
}

struct bgp_peer *bgp_peers(void)
{
	return sp.peers;
}

int bgp_fd(void)
{
	return sp.running ? bgp_io_epoll_fd() : -1;
}

struct bgp_peer *bgp_peer_find(const char *name)
{
	for (struct bgp_peer *p = sp.peers; p != NULL; p = p->next)
		if (strcmp(p->name, name) == 0)
			return p;
	return NULL;
}

static struct bgp_peer *peer_new(const struct cfg_bgp_nbr *cfg, bool dynamic)
{
	struct bgp_peer *p = calloc(1, sizeof(*p));

	if (p == NULL)
		return NULL;
	p->cfg = *cfg;
	p->dynamic = dynamic;
	if (cfg->addr.family == AF_INET6)
		p->src.addr6 = cfg->addr.v6;
	else
		p->src.addr = cfg->addr.v4;
	// The unicast update groups carry both unicast families: a client in either is
	// one in both (as before the setting was per family).
	p->src.rr_client[BGP_AF_IPV4_UNICAST] = p->src.rr_client[BGP_AF_IPV6_UNICAST] =
		cfg->rr_client[CFG_BGP_AF_IPV4_UNICAST] || cfg->rr_client[CFG_BGP_AF_IPV6_UNICAST];
	p->src.rr_client[BGP_AF_L2VPN_EVPN] = cfg->rr_client[CFG_BGP_AF_L2VPN_EVPN];
	p->src.owner = p;
	cp_ip_str(&cfg->addr, p->name, sizeof(p->name));
	*sp.tail = p;
	sp.tail = &p->next;
	return p;
}

static void peer_free(struct bgp_peer *p)
{
	struct bgp_peer **pp = &sp.peers;

	bgp_fsm_stop(p);
	while (*pp != p)
		pp = &(*pp)->next;
	*pp = p->next;
	if (sp.tail == &p->next)
		sp.tail = pp;
	free(p);
}

// MD5 keys for every configured neighbor and listen range on the listener.
static void listener_keys(const struct evpnd_config *cfg)
{
	for (struct bgp_peer *p = sp.peers; p != NULL; p = p->next) {
		int fd = p->cfg.addr.family == AF_INET6 ? sp.listener6.fd : sp.listener.fd;
		if (fd >= 0 && p->cfg.password[0] && bgp_io_md5(fd, &p->cfg.addr, p->cfg.password) < 0)
			CP_ERR("bgp", "neighbor %s: cannot set the TCP MD5 key", p->name);
	}
	for (size_t i = 0; sp.listener.fd >= 0 && i < sp.n_listens; i++) {
		const char *key = sp.listen_groups[i].password;
		struct tcp_md5sig sig;
		struct sockaddr_in *sin = (struct sockaddr_in *)&sig.tcpm_addr;
		if (key[0] == '\0')
			continue;
		memset(&sig, 0, sizeof(sig));
		sin->sin_family = AF_INET;
		sin->sin_addr = sp.listens[i].range.addr.v4;
		sig.tcpm_flags = TCP_MD5SIG_FLAG_PREFIX;
		sig.tcpm_prefixlen = sp.listens[i].range.len;
		sig.tcpm_keylen = (uint16_t)strlen(key);
		memcpy(sig.tcpm_key, key, sig.tcpm_keylen);
		if (setsockopt(sp.listener.fd, IPPROTO_TCP, TCP_MD5SIG_EXT, &sig, sizeof(sig)) < 0)
			CP_ERR("bgp", "listen range: cannot set the TCP MD5 key");
	}
	(void)cfg;
}

// GTSM (RFC 5082) on the listeners. Our SYN-ACK leaves from them, so they send
// with TTL 255 when any neighbor or listen range asks for GTSM: with the default
// TTL, a peer's own GTSM drops the SYN-ACK and it can never connect to us. They
// refuse lower TTLs (IP_MINTTL) only when every one asks for it: then a SYN with
// a lower TTL is dropped and accepted sockets inherit the minimum. Set only after
// accept() (bgp_io.c), it would miss what arrived in between, such as an OPEN
// sent right after the handshake. With some neighbors without ttl-security, that
// after-accept setting is all there is.
static void listener_gtsm(void)
{
	unsigned hops = 0;
	bool all = true;
	int ret;

	for (struct bgp_peer *p = sp.peers; p != NULL; p = p->next) {
		all = all && p->cfg.ttl_hops != 0;
		hops = p->cfg.ttl_hops > hops ? p->cfg.ttl_hops : hops;
	}
	for (size_t i = 0; i < sp.n_listens; i++) {
		all = all && sp.listen_groups[i].ttl_hops != 0;
		hops = sp.listen_groups[i].ttl_hops > hops ? sp.listen_groups[i].ttl_hops : hops;
	}
	if (hops == 0)
		return;
	if (sp.listener.fd >= 0 && (ret = bgp_io_gtsm(sp.listener.fd, AF_INET, all ? hops : 0)) < 0)
		CP_WARN("bgp", "cannot set TTL security on the listening socket: %s", strerror(-ret));
	if (sp.listener6.fd >= 0 &&
		(ret = bgp_io_gtsm(sp.listener6.fd, AF_INET6, all ? hops : 0)) < 0)
		CP_WARN("bgp", "cannot set TTL security on the IPv6 listening socket: %s",
			strerror(-ret));
}

static int add_networks(const struct cfg_bgp *b)
{
	static struct bgp_pattr_tmp t;
	struct bgp_pattr *a;

	bgp_pattr_tmp_init(&t);
	t.a.origin = BGP_ORIGIN_IGP;
	t.a.weight = BGP_WEIGHT_LOCAL;
	t.a.has = BGP_AS_MED; // FRR: metric 0 on a network statement
	if ((a = bgp_pattr_intern(&t)) == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < b->n_networks; i++) {
		const struct cfg_prefix *n = &b->networks[i];
		int ret = n->addr.family == AF_INET6
			? bgp_rib_update6(&sp.g.local_src, &n->addr.v6, n->len, a)
			: bgp_rib_update(&sp.g.local_src, n->addr.v4, n->len, a);
		if (ret < 0) {
			bgp_pattr_unref(a);
			return -ENOMEM;
		}
	}
	bgp_pattr_unref(a);
	return 0;
}

int bgp_originate(enum bgp_af af, const uint8_t *nlri, size_t len, struct bgp_pattr *a)
{
	if (!sp.running)
		return -ENODEV;
	if (bgp_family_get(af) == NULL)
		return -ENOTSUP; // unicast: network statements
	return bgp_nlri_rib_update(af, &sp.g.local_src, nlri, len, a);
}

int bgp_originate_withdraw(enum bgp_af af, const uint8_t *nlri, size_t len)
{
	if (!sp.running)
		return -ENODEV;
	if (bgp_family_get(af) == NULL)
		return -ENOTSUP;
	return bgp_nlri_rib_withdraw(af, &sp.g.local_src, nlri, len);
}

static bool rr_any(const struct cfg_bgp_nbr *n)
{
	for (int af = 0; af < CFG_BGP_AF_N; af++)
		if (n->rr_client[af])
			return true;
	return false;
}

static int setup_peers(const struct evpnd_config *cfg)
{
	const struct cfg_bgp *b = &cfg->bgp;
	struct cfg_bgp_nbr n;

	for (size_t i = 0; i < b->n_nbrs; i++) {
		cfg_bgp_nbr_resolve(b, i, &n);
		if (n.is_group)
			continue;
		if (peer_new(&n, false) == NULL)
			return -ENOMEM;
		sp.g.rr |= rr_any(&n);
	}
	sp.n_listens = b->n_listens;
	sp.listens = calloc(b->n_listens + 1, sizeof(*sp.listens));
	sp.listen_groups = calloc(b->n_listens + 1, sizeof(*sp.listen_groups));
	if (sp.listens == NULL || sp.listen_groups == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < b->n_listens; i++) {
		sp.listens[i] = b->listens[i];
		cfg_bgp_nbr_resolve(b, (size_t)b->listens[i].group, &sp.listen_groups[i]);
		sp.g.rr |= rr_any(&sp.listen_groups[i]);
	}
	return 0;
}

static uint16_t bgp_port(void)
{
	const char *s = getenv(BGP_PORT_ENV);
	long v = s ? strtol(s, NULL, 10) : 0;
	return v > 0 && v < 65536 ? (uint16_t)v : BGP_PORT;
}

// "neighbor X shutdown": configured, never started (Idle refuses its connections).
static void start_all(void)
{
	for (struct bgp_peer *p = sp.peers; p != NULL; p = p->next)
		if (p->state == BGP_IDLE && p->t_idle == 0 && !p->cfg.shutdown)
			p->t_idle = 1; // started by the first poll
}

const char *bgp_peer_state_name(const struct bgp_peer *p)
{
	return p->state == BGP_IDLE && p->cfg.shutdown ? "Idle (Admin)" : bgp_state_name(p->state);
}

int bgp_init(const struct evpnd_config *cfg)
{
	const struct cfg_bgp *b = &cfg->bgp;
	int ret;

	if (b->asn == 0)
		return 0;
	memset(&sp, 0, sizeof(sp));
	sp.tail = &sp.peers;
	sp.g.asn = b->asn;
	sp.g.router_id = b->router_id.s_addr ? b->router_id : cfg->vtep4.v4;
	sp.g.cluster_id = b->cluster_id.s_addr ? b->cluster_id : sp.g.router_id;
	sp.g.gr_restart = b->graceful_restart;
	sp.g.gr_time = b->gr_restart_time ? b->gr_restart_time : BGP_GR_RESTART_TIME;
	sp.g.port = bgp_port();
	sp.g.local_src.local = true;
	sp.g.local_src.router_id = sp.g.router_id;
	if ((ret = bgp_io_init()) < 0 || (ret = setup_peers(cfg)) < 0 ||
		(ret = add_networks(b)) < 0) {
		CP_ERR("bgp", "start-up failed: %s", strerror(-ret));
		bgp_fini();
		return ret;
	}
	sp.running = true;
	sp.listener.fd = sp.listener6.fd = -1;
	if ((ret = bgp_io_listen(&sp.listener, AF_INET, sp.g.port)) < 0)
		CP_WARN("bgp", "cannot listen on port %u: %s (outgoing sessions only)", sp.g.port,
			strerror(-ret));
	if ((ret = bgp_io_listen(&sp.listener6, AF_INET6, sp.g.port)) < 0)
		CP_WARN("bgp", "cannot listen on IPv6 port %u: %s (outgoing IPv6 sessions only)",
			sp.g.port, strerror(-ret));
	listener_gtsm();
	listener_keys(cfg);
	start_all();
	bgp_gr_restart_init(b->gr_select_defer_time);
	CP_INFO("bgp", "router bgp %u, router-id %s, port %u", sp.g.asn,
		inet_ntoa(sp.g.router_id), sp.g.port);
	return 0;
}

int bgp_peer_add(const struct cfg_bgp *b, size_t i)
{
	struct cfg_bgp_nbr n;
	struct bgp_peer *p;

	if (!sp.running)
		return -ENOTCONN;
	cfg_bgp_nbr_resolve(b, i, &n);
	if ((p = peer_new(&n, false)) == NULL)
		return -ENOMEM;
	sp.g.rr |= rr_any(&n);
	int fd = n.addr.family == AF_INET6 ? sp.listener6.fd : sp.listener.fd;
	if (fd >= 0 && n.password[0] && bgp_io_md5(fd, &n.addr, n.password) < 0)
		CP_ERR("bgp", "neighbor %s: cannot set the TCP MD5 key", p->name);
	listener_gtsm();
	if (!n.shutdown)
		p->t_idle = 1; // started by the next poll
	CP_INFO("bgp", "neighbor %s: configured (remote-as %u)", p->name, n.remote_as);
	return 0;
}

int bgp_peer_remove(const char *name)
{
	struct bgp_peer *p = bgp_peer_find(name);

	if (p == NULL || p->dynamic)
		return -ENOENT;
	bgp_fsm_deconfigure(p);
	CP_INFO("bgp", "neighbor %s: de-configured (Cease/Peer De-configured sent if up)", name);
	peer_free(p);
	return 0;
}

static const struct cfg_bgp_nbr *listen_match(struct in_addr a)
{
	for (size_t i = 0; i < sp.n_listens; i++) {
		uint8_t len = sp.listens[i].range.len;
		uint32_t mask = len ? htonl(~0u << (32 - len)) : 0;
		if ((a.s_addr & mask) == sp.listens[i].range.addr.v4.s_addr)
			return &sp.listen_groups[i];
	}
	return NULL;
}

static struct bgp_peer *dynamic_peer(struct in_addr from)
{
	const struct cfg_bgp_nbr *g = listen_match(from);
	struct cfg_bgp_nbr n;
	struct bgp_peer *p;

	if (g == NULL || g->shutdown) // a shut peer-group takes no connection
		return NULL;
	n = *g;
	n.is_group = false;
	n.addr.family = AF_INET;
	n.addr.v4 = from;
	if ((p = peer_new(&n, true)) == NULL)
		return NULL;
	inet_ntop(AF_INET, &from, n.name, sizeof(n.name));
	memcpy(p->cfg.name, n.name, sizeof(n.name));
	CP_INFO("bgp", "neighbor %s: dynamic neighbor (peer-group %s)", p->name, g->name);
	bgp_fsm_start(p, sp.g.now_ms);
	return p;
}

static void on_accept(struct bgp_conn *listener)
{
	struct cp_ip from;
	int fd;

	while ((fd = bgp_io_accept(listener, &from)) >= 0) {
		char name[CP_IP_STRLEN];
		cp_ip_str(&from, name, sizeof(name));
		struct bgp_peer *p = bgp_peer_find(name);
		if (p == NULL && from.family == AF_INET) // listen ranges: IPv4 only
			p = dynamic_peer(from.v4);
		if (p == NULL) {
			CP_INFO("bgp", "connection from %s refused: not a neighbor", name);
			close(fd);
			continue;
		}
		bgp_fsm_accept(p, fd, sp.g.now_ms);
	}
}

static unsigned poll_sockets(void)
{
	struct epoll_event ev[POLL_EVENTS];
	int n = epoll_wait(bgp_io_epoll_fd(), ev, POLL_EVENTS, 0);

	for (int i = 0; i < n; i++) {
		struct bgp_conn *c = ev[i].data.ptr;
		if (c == &sp.listener || c == &sp.listener6)
			on_accept(c);
		else if (c->fd >= 0) // not closed by an earlier event of this batch
			bgp_fsm_conn_event(c, ev[i].events, sp.g.now_ms);
	}
	bgp_fsm_reap();
	return n > 0 ? (unsigned)n : 0;
}

// Writes what the FSM and the update groups queued; drops dead dynamic peers.
static void flush_peers(void)
{
	for (struct bgp_peer *p = sp.peers, *next; p != NULL; p = next) {
		next = p->next;
		bgp_fsm_timers(p, sp.g.now_ms);
		if (p->conn != NULL && !p->conn->connecting && bgp_buf_used(&p->conn->tx) > 0 &&
			bgp_io_write(p->conn) < 0)
			bgp_fsm_error(p, BGP_ERR_CEASE, 0, NULL, 0, "write failed");
		if (p->pending != NULL && bgp_buf_used(&p->pending->tx) > 0)
			bgp_io_write(p->pending);
		if (p->dynamic && p->state == BGP_IDLE)
			peer_free(p);
	}
}

unsigned bgp_poll(uint64_t now_ms)
{
	unsigned done;

	if (!sp.running)
		return 0;
	sp.g.now_ms = now_ms;
	done = poll_sockets();
	bgp_gr_restart_poll(now_ms); // before the senders: they wait for it
	done += bgp_ugroup_poll();
	flush_peers();
	return done;
}

// Soft in: a ROUTE-REFRESH for each family negotiated, if the peer can refresh.
static void clear_soft_in(struct bgp_peer *p)
{
	if (!p->peer_rr) {
		CP_WARN("bgp", "neighbor %s: no route refresh capability; soft in not done",
			p->name);
		return;
	}
	for (enum bgp_af af = 0; af < BGP_AF_MAX; af++)
		if (p->af[af])
			bgp_peer_send_rr(p, af, BGP_RR_REQUEST);
}

int bgp_peer_clear(struct bgp_peer *p, unsigned soft)
{
	if (p->state != BGP_ESTABLISHED)
		return soft ? -ENOTCONN : 0;
	if (!soft) {
		bgp_fsm_error(p, BGP_ERR_CEASE, 4 /* administrative reset */, NULL, 0, "clear bgp");
		p->t_idle = sp.g.now_ms; // reconnect now, not after a back-off
		p->backoff_s = 0;
		return 0;
	}
	if (soft & BGP_CLEAR_SOFT_IN)
		clear_soft_in(p);
	if (soft & BGP_CLEAR_SOFT_OUT) {
		for (enum bgp_af af = 0; af < BGP_AF_MAX; af++)
			if (p->af[af])
				bgp_peer_refresh_out(p, af);
	}
	return 0;
}

void bgp_stop_all(void)
{
	// Every Cease first: withdrawing a peer's routes may take a while.
	for (struct bgp_peer *p = sp.peers; p != NULL; p = p->next)
		bgp_fsm_cease(p);
	for (struct bgp_peer *p = sp.peers; p != NULL; p = p->next)
		bgp_fsm_stop(p);
}

void bgp_fini(void)
{
	while (sp.peers != NULL)
		peer_free(sp.peers);
	bgp_ugroup_fini();
	bgp_nlri_rib_flush(&sp.g.local_src, BGP_AF_MAX, 0);
	bgp_nlri_rib_fini();
	if (sp.listener.fd > 0)
		bgp_io_close(&sp.listener);
	if (sp.listener6.fd > 0)
		bgp_io_close(&sp.listener6);
	bgp_io_fini();
	free(sp.listens);
	free(sp.listen_groups);
	memset(&sp, 0, sizeof(sp));
}
