// SPDX-License-Identifier: BSD-3-Clause
// evpn_feed: an iBGP (or eBGP) l2vpn/evpn speaker that feeds N type-2 MAC-only
// routes to one peer, packed as many per UPDATE as fit (the codec's UPDATE
// builder), then End-of-RIB, and keeps the session up until SIGTERM.
// The routes are built by cp/evpn (evpn_build_macip) for a VNI with RD
// RD_IP:VNI and RT AS:VNI, next hop NEXTHOP (a remote VTEP): what a VTEP with
// N local MACs advertises. MACs are 02:fe:ii:ii:ii:ii for i = 0 .. N-1. The
// whole feed is built in memory before the session opens. With -L L3VNI, the routes
// are MAC+IP routes of hosts 10.0.0.0 + i for symmetric IRB (RFC 9135: second label
// L3VNI, its RT AS:L3VNI, Router MAC 02:fe:00:00:00:04): what a VTEP with N hosts in
// a VRF advertises; with -L L3VNI -P LEN, type-5 routes (RFC 9136) of the prefixes
// 10.0.0.0 + (i << (32 - LEN)) / LEN of that VRF (RD RD_IP:L3VNI, label L3VNI).
//
// With -R it is a graceful restart helper of a restarting peer: when the session
// ends (the peer closed it, or failed), it connects again (every 100 ms, for up to
// 60 s) and sends the whole feed and End-of-RIB again, each time; its OPEN lists
// the graceful restart capability (restart time 120 s, l2vpn/evpn, no flags), so
// the peer shows the End-of-RIB it received (show bgp neighbors json).
//
//   evpn_feed -c PEER -s SOURCE -a AS [-r PEER_AS] -n N [-N NEXTHOP] [-d RD_IP]
//             [-v VNI] [-L L3VNI [-P LEN]] [-k NLRI_PER_UPDATE] [-l LINGER_S] [-R]
//
// Prints (times CLOCK_REALTIME, microseconds):
//   established <us>   the peer's KEEPALIVE after the OPENs
//   sent <n> <updates> <bytes> <us>   every UPDATE and End-of-RIB were written
//   reconnect <k> <us>   (-R) session k ended; connecting again
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cp/bgp/bgp_decode.h"
#include "cp/bgp/bgp_encode.h"
#include "cp/evpn/evpn_route.h"

static volatile sig_atomic_t stop;

struct opts {
	struct in_addr peer, source, nexthop, rd_ip;
	uint32_t as, peer_as, vni;
	uint32_t l3vni;	    // -L: MAC+IP routes with it (symmetric IRB), or type-5 with -P
	unsigned plen;	    // -P: type-5 prefixes of this length
	unsigned n, per_update, linger_s;
	bool reconnect; // -R
};

static const uint8_t feed_rmac[6] = {0x02, 0xfe, 0, 0, 0, 0x04};

// Route i of the feed.
static int feed_route(const struct opts *o, const struct evpn_vni *vni, unsigned i,
	const struct dp_ip *vtep, struct evpn_route_out *r)
{
	uint8_t mac[6] = {0x02, 0xfe, (uint8_t)(i >> 24), (uint8_t)(i >> 16), (uint8_t)(i >> 8),
		(uint8_t)i};
	struct cp_ip ip = {.family = AF_INET};
	uint32_t a = 0x0a000000u + (o->plen ? i << (32 - o->plen) : i);

	a = htonl(a);
	memcpy(ip.addr, &a, 4);
	if (o->plen)
		return evpn_build_prefix(vni, feed_rmac, &ip, (uint8_t)o->plen, vtep, r);
	return evpn_build_macip(vni, mac, o->l3vni ? &ip : NULL, 0, false, vtep, r);
}

struct conn {
	int fd;
	uint8_t rx[65536];
	size_t rx_len;
	unsigned seen; // message types received, as bits
	unsigned hold; // hold time of the peer's OPEN (s)
};

static uint64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

// Reads whatever the peer sent; notes message types. -1 when the session ended.
static int rx_drain(struct conn *c)
{
	ssize_t n = recv(c->fd, c->rx + c->rx_len, sizeof(c->rx) - c->rx_len, MSG_DONTWAIT);

	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
		return -1;
	if (n > 0)
		c->rx_len += (size_t)n;
	for (;;) {
		struct bgp_fault fault;
		uint8_t type;
		int len;
		if (c->rx_len < BGP_HDR_LEN)
			break;
		len = bgp_header_decode(c->rx, c->rx_len, 0, &type, &fault);
		if (len < 0 || (size_t)len > c->rx_len)
			break;
		if (type == BGP_MSG_NOTIFICATION) {
			fprintf(stderr, "evpn_feed: NOTIFICATION %u/%u\n", c->rx[19], c->rx[20]);
			return -1;
		}
		c->seen |= 1u << type;
		if (type == BGP_MSG_OPEN && len >= BGP_HDR_LEN + 5)
			c->hold = (unsigned)c->rx[BGP_HDR_LEN + 3] << 8 | c->rx[BGP_HDR_LEN + 4];
		c->rx_len -= (size_t)len;
		memmove(c->rx, c->rx + len, c->rx_len);
	}
	return 0;
}

// Writes all of buf while reading the peer, so that neither side blocks.
static int tx_all(struct conn *c, const uint8_t *buf, size_t len)
{
	while (len > 0) {
		struct pollfd p = {.fd = c->fd, .events = POLLIN | POLLOUT};
		if (stop)
			return -1;
		if (poll(&p, 1, 1000) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if ((p.revents & POLLIN) && rx_drain(c) < 0)
			return -1;
		if (p.revents & POLLOUT) {
			ssize_t n = send(c->fd, buf, len, MSG_DONTWAIT | MSG_NOSIGNAL);
			if (n < 0 && errno != EAGAIN && errno != EINTR)
				return -1;
			if (n > 0) {
				buf += n;
				len -= (size_t)n;
			}
		}
	}
	return 0;
}

static int session_open(const struct opts *o, struct conn *c)
{
	struct sockaddr_in src = {.sin_family = AF_INET, .sin_addr = o->source};
	struct sockaddr_in dst = {.sin_family = AF_INET, .sin_addr = o->peer,
		.sin_port = htons(179)};
	struct bgp_open op = {.version = 4, .hold_time = 180, .bgp_id = o->source};
	uint8_t buf[BGP_MAX_MSG_LEN], ka[BGP_HDR_LEN];
	int len, one = 1, sndbuf = 4 << 20;
	bool keepalive_sent = false;

	c->fd = socket(AF_INET, SOCK_STREAM, 0);
	if (c->fd < 0 || bind(c->fd, (struct sockaddr *)&src, sizeof(src)) < 0) {
		perror("evpn_feed: bind");
		return -1;
	}
	// The peer may not listen yet: retry for a while.
	for (int i = 0; connect(c->fd, (struct sockaddr *)&dst, sizeof(dst)) < 0; i++) {
		if (i == (o->reconnect ? 600 : 300) || stop) {
			perror("evpn_feed: connect");
			return -1;
		}
		close(c->fd);
		usleep(100000);
		c->fd = socket(AF_INET, SOCK_STREAM, 0);
		if (bind(c->fd, (struct sockaddr *)&src, sizeof(src)) < 0)
			return -1;
	}
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	setsockopt(c->fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
	bgp_open_set_asn(&op, o->as);
	op.caps.route_refresh = true;
	op.caps.mp[op.caps.n_mp++] = (struct bgp_afi_safi){BGP_AFI_L2VPN, BGP_SAFI_EVPN};
	// -R only: a peer that is a helper of ours would keep our routes, stale, after we
	// close (scale.sh times their withdrawal).
	op.caps.has_gr = o->reconnect;
	op.caps.gr_time = 120;
	if (o->reconnect)
		op.caps.gr[op.caps.n_gr++] = (struct bgp_cap_gr_af){BGP_AFI_L2VPN, BGP_SAFI_EVPN, 0};
	if ((len = bgp_encode_open(buf, sizeof(buf), &op)) < 0 ||
		bgp_encode_keepalive(ka, sizeof(ka)) < 0 || tx_all(c, buf, (size_t)len) < 0)
		return -1;
	while (!stop) {
		struct pollfd p = {.fd = c->fd, .events = POLLIN};
		if (poll(&p, 1, 1000) > 0 && rx_drain(c) < 0)
			return -1;
		if ((c->seen & (1u << BGP_MSG_OPEN)) && !keepalive_sent) {
			keepalive_sent = true;
			if (tx_all(c, ka, sizeof(ka)) < 0)
				return -1;
		}
		if (keepalive_sent && (c->seen & (1u << BGP_MSG_KEEPALIVE))) {
			printf("established %llu\n", (unsigned long long)now_us());
			return 0;
		}
	}
	return -1;
}

// The whole feed, built before the session opens so that feeding is only
// write()s: the feeder's own CPU time does not compete with the peer's.
struct feed_buf {
	uint8_t *b;
	size_t len, cap;
	unsigned updates;
};

static int feed_put(struct feed_buf *f, const uint8_t *msg, int len)
{
	if (len < 0)
		return -1;
	if (f->len + (size_t)len > f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 1 << 20;
		uint8_t *b = realloc(f->b, cap);
		if (b == NULL)
			return -1;
		f->b = b, f->cap = cap;
	}
	memcpy(f->b + f->len, msg, (size_t)len);
	f->len += (size_t)len;
	f->updates++;
	return 0;
}

static int feed_build(const struct opts *o, struct feed_buf *f)
{
	static uint8_t msg[BGP_MAX_MSG_LEN];
	struct bgp_codec_ctx ctx = {.four_octet_as = true, .ebgp = o->as != o->peer_as};
	struct evpn_vni vni;
	struct dp_ip vtep = {.family = AF_INET};
	struct evpn_route_out r;
	struct bgp_update_builder b;
	struct bgp_attr_set s;
	struct bgp_path_seg seg;
	struct bgp_ext_comm ec[EVPN_OUT_MAX_ECOMM];
	uint32_t asn = o->as;
	unsigned in_msg = 0;
	uint32_t id = o->plen ? o->l3vni : o->vni; // type 5: the VRF's RD and RT

	// The VNI as evpn_vni would hold it with auto RD/RT: RD type 1 RD_IP:VNI,
	// RT AS:VNI (2-octet AS form), exported.
	memset(&vni, 0, sizeof(vni));
	vni.vni = id;
	vni.rd.b[1] = 1;
	memcpy(vni.rd.b + 2, &o->rd_ip, 4);
	vni.rd.b[6] = (uint8_t)(id >> 8);
	vni.rd.b[7] = (uint8_t)id;
	vni.export.n = 1;
	vni.export.rt[0] = evpn_rt_as(o->as, id);
	vni.import = vni.export;
	if (o->l3vni && !o->plen) {
		vni.l3vni = o->l3vni;
		memcpy(vni.rmac, feed_rmac, 6);
		vni.l3_rt = evpn_rt_as(o->as, o->l3vni);
	}
	memcpy(vtep.bytes, &o->nexthop, 4);
	// Every route of the feed has the same attributes: route 0's.
	if (feed_route(o, &vni, 0, &vtep, &r) < 0) {
		fprintf(stderr, "evpn_feed: cannot build the routes\n");
		return -1;
	}
	memset(&s, 0, sizeof(s));
	s.afi = BGP_AFI_L2VPN;
	s.safi = BGP_SAFI_EVPN;
	s.origin = BGP_ORIGIN_IGP;
	if (ctx.ebgp) {
		seg = (struct bgp_path_seg){BGP_ASPATH_SEQUENCE, 1, &asn};
		s.n_segs = 1;
		s.as_path = &seg;
	} else {
		s.has |= BGP_AS_LOCAL_PREF;
		s.local_pref = 100;
	}
	s.next_hop = o->nexthop;
	s.mp_nexthop_len = 4;
	memcpy(s.mp_nexthop, &o->nexthop, 4);
	s.n_ext_communities = (uint16_t)(r.ecomm_len / 8);
	memcpy(ec, r.ecomm, r.ecomm_len);
	s.ext_communities = ec;

	if (bgp_update_begin(&b, msg, sizeof(msg), &ctx, &s) < 0)
		return -1;
	for (unsigned i = 0; i < o->n; i++) {
		if (feed_route(o, &vni, i, &vtep, &r) < 0)
			return -1;
		if (in_msg < o->per_update && bgp_update_add_nlri(&b, r.nlri, r.nlri_len) == 0) {
			in_msg++;
			continue;
		}
		if (feed_put(f, msg, bgp_update_finish(&b)) < 0 ||
			bgp_update_begin(&b, msg, sizeof(msg), &ctx, &s) < 0 ||
			bgp_update_add_nlri(&b, r.nlri, r.nlri_len) < 0)
			return -1;
		in_msg = 1;
	}
	if (feed_put(f, msg, bgp_update_finish(&b)) < 0)
		return -1;
	// End-of-RIB is not counted as an UPDATE of routes
	if (feed_put(f, msg, bgp_encode_eor(msg, sizeof(msg), BGP_AFI_L2VPN, BGP_SAFI_EVPN)) < 0)
		return -1;
	f->updates--;
	return 0;
}

static int feed(const struct opts *o, struct conn *c, const struct feed_buf *f)
{
	if (tx_all(c, f->b, f->len) < 0)
		return -1;
	printf("sent %u %u %llu %llu\n", o->n, f->updates, (unsigned long long)f->len,
		(unsigned long long)now_us());
	return 0;
}

static int linger(const struct opts *o, struct conn *c)
{
	uint8_t ka[BGP_HDR_LEN];
	uint64_t end = now_us() + (uint64_t)o->linger_s * 1000000, next = 0;
	// KEEPALIVE every third of the negotiated hold time (FRR datacenter: 9 s)
	unsigned hold = c->hold && c->hold < 180 ? c->hold : 180;
	uint64_t every = (uint64_t)(hold / 3 ? hold / 3 : 1) * 1000000;

	bgp_encode_keepalive(ka, sizeof(ka));
	while (!stop && now_us() < end) {
		struct pollfd p = {.fd = c->fd, .events = POLLIN};
		if (now_us() >= next) {
			if (tx_all(c, ka, sizeof(ka)) < 0)
				return -1;
			next = now_us() + every;
		}
		if (poll(&p, 1, 200) > 0 && rx_drain(c) < 0)
			return -1;
	}
	return 0;
}

// One session (open, feed, linger); with -R, again each time one ends. 0 when the
// linger time is over, else 1.
static int sessions(const struct opts *o, struct conn *c, const struct feed_buf *f)
{
	for (unsigned k = 1;; k++) {
		int ret = session_open(o, c) < 0 || feed(o, c, f) < 0 || linger(o, c) < 0;
		if (c->fd >= 0)
			close(c->fd);
		if (!ret || stop || !o->reconnect)
			return ret;
		printf("reconnect %u %llu\n", k, (unsigned long long)now_us());
		memset(c, 0, sizeof(*c));
		c->fd = -1;
	}
}

static int usage(void)
{
	fprintf(stderr, "usage: evpn_feed -c PEER -s SOURCE -a AS [-r PEER_AS] -n N [-N NEXTHOP] "
			"[-d RD_IP] [-v VNI] [-L L3VNI [-P LEN]] [-k NLRI_PER_UPDATE] [-l LINGER_S] [-R]\n");
	return 2;
}

static int ip_arg(const char *s, struct in_addr *a)
{
	return inet_pton(AF_INET, s, a) == 1 ? 0 : -1;
}

int main(int argc, char **argv)
{
	static struct conn c;
	struct opts o = {.vni = 100, .per_update = ~0u, .linger_s = 3600};
	int ch, ret;

	while ((ch = getopt(argc, argv, "c:s:a:r:n:N:d:v:L:P:k:l:R")) != -1) {
		switch (ch) {
		case 'c': if (ip_arg(optarg, &o.peer)) return usage(); break;
		case 's': if (ip_arg(optarg, &o.source)) return usage(); break;
		case 'N': if (ip_arg(optarg, &o.nexthop)) return usage(); break;
		case 'd': if (ip_arg(optarg, &o.rd_ip)) return usage(); break;
		case 'a': o.as = (uint32_t)strtoul(optarg, NULL, 10); break;
		case 'r': o.peer_as = (uint32_t)strtoul(optarg, NULL, 10); break;
		case 'n': o.n = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'v': o.vni = (uint32_t)strtoul(optarg, NULL, 10); break;
		case 'L': o.l3vni = (uint32_t)strtoul(optarg, NULL, 10); break;
		case 'P': o.plen = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'k': o.per_update = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'l': o.linger_s = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'R': o.reconnect = true; break;
		default: return usage();
		}
	}
	if (!o.peer.s_addr || !o.source.s_addr || !o.as || !o.n || !o.per_update ||
		(o.plen && (!o.l3vni || o.plen < 8 || o.plen > 32)))
		return usage();
	if (!o.peer_as)
		o.peer_as = o.as;
	if (!o.nexthop.s_addr)
		o.nexthop = o.source;
	if (!o.rd_ip.s_addr)
		o.rd_ip = o.nexthop;
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	signal(SIGPIPE, SIG_IGN);
	struct feed_buf f = {0};
	if (feed_build(&o, &f) < 0) {
		fprintf(stderr, "evpn_feed: cannot build the feed\n");
		return 1;
	}
	ret = sessions(&o, &c, &f);
	free(f.b);
	if (ret && !stop)
		fprintf(stderr, "evpn_feed: session failed\n");
	return stop ? 0 : ret;
}
