// SPDX-License-Identifier: BSD-3-Clause
// bgp_feed: a minimal eBGP speaker that opens one session and sends N routes as
// fast as the peer takes them, many NLRI per UPDATE (the codec's UPDATE
// builder), then End-of-RIB, and keeps the session up until told to stop. Every
// UPDATE is built before the session opens, so feeding is only write(): the
// feeder takes as little as it can of the CPU the speaker under test may share.
// IPv4 unicast /24s from 16.0.0.0, or (-e) EVPN type-2 MAC-only routes (cp/evpn
// encoder) with RT and VXLAN encapsulation communities, VNI 100.
//
//   bgp_feed -c PEER -s SOURCE -a LOCAL_AS -r REMOTE_AS -n COUNT [-e] [-l LINGER_S]
//
// Prints, one per line (times are CLOCK_REALTIME milliseconds):
//   established <ms>     the peer's KEEPALIVE after OPENs
//   sent <n> <ms>        the last UPDATE and End-of-RIB were written
// and exits after LINGER_S seconds (default 600) or on SIGTERM/SIGINT.
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
#include "cp/evpn/evpn_nlri.h"

#define HOLD_S 180
#define VNI 100

static volatile sig_atomic_t stop;

struct feed {
	struct in_addr peer, source;
	uint32_t local_as, remote_as;
	unsigned count;
	bool evpn;
	unsigned linger_s;
	int fd;
	uint8_t rx[65536];
	size_t rx_len;
	int seen; // message types received so far, as bits (1 << type)
	bool receive; // -R: send nothing, count the IPv4 routes the peer sends
	unsigned received;
	uint8_t *feed; // the UPDATEs and End-of-RIB, built before the session
	size_t feed_len;
};

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

// -R -e: the EVPN NLRI of the MP_REACH_NLRI attribute in the attributes at
// [at, end): each is type, length, value.
static unsigned count_evpn(const uint8_t *msg, size_t at, size_t end)
{
	unsigned n = 0;

	while (at + 3 <= end) {
		uint8_t flags = msg[at], type = msg[at + 1];
		size_t hl = flags & 0x10 ? 4 : 3, vlen;
		if (at + hl > end)
			break;
		vlen = flags & 0x10 ? (size_t)msg[at + 2] << 8 | msg[at + 3] : msg[at + 2];
		size_t v = at + hl, vend = v + vlen;
		at = vend;
		if (type != BGP_ATTR_MP_REACH_NLRI || vend > end || vlen < 5)
			continue;
		size_t p = v + 4 + msg[v + 3] + 1; // AFI, SAFI, next hop length, next hop, reserved
		while (p + 2 <= vend) {
			p += 2u + msg[p + 1];
			n += p <= vend;
		}
	}
	return n;
}

// -R: counts the IPv4 NLRI of the UPDATE msg (len octets, a whole message) by
// their length octets alone, or with -e the EVPN NLRI of its MP_REACH_NLRI by
// their type and length octets (the receiver shares a CPU with the speaker under
// test: no attribute decoding); prints "received N MS" once the count is reached.
static void count_update(struct feed *f, const uint8_t *msg, size_t len)
{
	unsigned before = f->received;
	size_t at = BGP_HDR_LEN, wlen, alen;

	if (len < BGP_HDR_LEN + 4)
		return;
	wlen = (size_t)msg[at] << 8 | msg[at + 1];
	at += 2 + wlen;
	if (at + 2 > len)
		return;
	alen = (size_t)msg[at] << 8 | msg[at + 1];
	if (f->evpn)
		f->received += count_evpn(msg, at + 2, at + 2 + alen <= len ? at + 2 + alen : len);
	at += 2 + alen;
	while (!f->evpn && at < len) {
		at += 1 + (msg[at] + 7u) / 8;
		f->received += at <= len;
	}
	if (before < f->count && f->received >= f->count)
		printf("received %u %llu\n", f->received, (unsigned long long)now_ms());
}

// Reads what the peer sent and notes the types of whole messages in f->seen;
// -1 when the session ended. Messages are looked at, not kept (-R: counted).
static int drain(struct feed *f)
{
	ssize_t n = read(f->fd, f->rx + f->rx_len, sizeof(f->rx) - f->rx_len);
	size_t off = 0;

	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
		return -1;
	if (n > 0)
		f->rx_len += (size_t)n;
	while (f->rx_len - off >= BGP_HDR_LEN) {
		struct bgp_fault fault;
		uint8_t type;
		const uint8_t *m = f->rx + off;
		int len = bgp_header_decode(m, f->rx_len - off, 0, &type, &fault);
		if (len < 0 || (size_t)len > f->rx_len - off)
			break;
		if (type == BGP_MSG_NOTIFICATION) {
			fprintf(stderr, "bgp_feed: NOTIFICATION %u/%u from the peer\n", m[19], m[20]);
			return -1;
		}
		f->seen |= 1 << type;
		if (f->receive && type == BGP_MSG_UPDATE)
			count_update(f, m, (size_t)len);
		off += (size_t)len;
	}
	// What is left of a message moves to the front once per read.
	memmove(f->rx, f->rx + off, f->rx_len - off);
	f->rx_len -= off;
	return 0;
}

// Writes all of buf, reading the peer meanwhile so neither side blocks.
static int send_all(struct feed *f, const uint8_t *buf, size_t len)
{
	while (len > 0 && !stop) {
		struct pollfd p = {.fd = f->fd, .events = POLLIN | POLLOUT};
		if (poll(&p, 1, 1000) < 0 && errno != EINTR)
			return -1;
		if ((p.revents & POLLIN) && drain(f) < 0)
			return -1;
		if (!(p.revents & POLLOUT))
			continue;
		ssize_t n = write(f->fd, buf, len);
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			return -1;
		if (n > 0)
			buf += n, len -= (size_t)n;
	}
	return stop ? -1 : 0;
}

static int open_session(struct feed *f)
{
	struct sockaddr_in src = {.sin_family = AF_INET, .sin_addr = f->source};
	struct sockaddr_in dst = {
		.sin_family = AF_INET, .sin_addr = f->peer, .sin_port = htons(179)};
	struct bgp_open o = {.version = 4, .hold_time = HOLD_S, .bgp_id = f->source};
	uint8_t buf[BGP_MAX_MSG_LEN], ka[BGP_HDR_LEN];
	int len, one = 1, got_open = 0;

	if ((f->fd = socket(AF_INET, SOCK_STREAM, 0)) < 0 ||
		bind(f->fd, (struct sockaddr *)&src, sizeof(src)) < 0 ||
		connect(f->fd, (struct sockaddr *)&dst, sizeof(dst)) < 0) {
		perror("bgp_feed: connect");
		return -1;
	}
	setsockopt(f->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	bgp_open_set_asn(&o, f->local_as);
	o.caps.route_refresh = true;
	o.caps.mp[o.caps.n_mp++] = f->evpn ? (struct bgp_afi_safi){BGP_AFI_L2VPN, BGP_SAFI_EVPN}
					   : (struct bgp_afi_safi){BGP_AFI_IPV4, BGP_SAFI_UNICAST};
	if ((len = bgp_encode_open(buf, sizeof(buf), &o)) < 0 ||
		bgp_encode_keepalive(ka, sizeof(ka)) < 0 || send_all(f, buf, (size_t)len) < 0)
		return -1;
	while (!stop) {
		struct pollfd p = {.fd = f->fd, .events = POLLIN};
		if (poll(&p, 1, 1000) > 0 && drain(f) < 0)
			return -1;
		int t = f->seen;
		if ((t & 1 << BGP_MSG_OPEN) && !got_open) {
			got_open = 1;
			if (send_all(f, ka, sizeof(ka)) < 0)
				return -1;
		}
		if ((t & 1 << BGP_MSG_KEEPALIVE) && got_open) {
			printf("established %llu\n", (unsigned long long)now_ms());
			return 0;
		}
	}
	return -1;
}

static void attr_set(const struct feed *f, struct bgp_attr_set *s, struct bgp_path_seg *seg,
	struct bgp_ext_comm *ec)
{
	static uint32_t asn;

	asn = f->local_as;
	*seg = (struct bgp_path_seg){BGP_ASPATH_SEQUENCE, 1, &asn};
	memset(s, 0, sizeof(*s));
	s->origin = BGP_ORIGIN_IGP;
	s->n_segs = 1;
	s->as_path = seg;
	s->next_hop = f->source;
	if (!f->evpn) {
		s->afi = BGP_AFI_IPV4, s->safi = BGP_SAFI_UNICAST;
		return;
	}
	s->afi = BGP_AFI_L2VPN, s->safi = BGP_SAFI_EVPN;
	s->mp_nexthop_len = 4;
	memcpy(s->mp_nexthop, &f->source, 4);
	// RT local_as:VNI (2-octet AS form) and encapsulation VXLAN (RFC 9012: 8)
	const uint8_t rt[8] = {
		0x00, 0x02, (uint8_t)(f->local_as >> 8), (uint8_t)f->local_as, 0, 0, 0, VNI};
	const uint8_t encap[8] = {0x03, 0x0c, 0, 0, 0, 0, 0, 8};
	memcpy(ec[0].b, rt, 8);
	memcpy(ec[1].b, encap, 8);
	s->n_ext_communities = 2;
	s->ext_communities = ec;
}

// NLRI number i in wire form into buf; returns its length.
static int nlri(const struct feed *f, unsigned i, uint8_t *buf, size_t cap)
{
	if (!f->evpn) {
		uint32_t a = 0x10000000u + (i << 8); // 16.0.0.0/24 onwards
		buf[0] = 24, buf[1] = (uint8_t)(a >> 24), buf[2] = (uint8_t)(a >> 16);
		buf[3] = (uint8_t)(a >> 8);
		return 4;
	}
	struct evpn_route r = {.type = EVPN_RT_MACIP, .n_labels = 1, .label = {VNI}};
	// RD type 1: our address, VNI; MAC 02:00 followed by i
	r.rd.b[1] = 1;
	memcpy(r.rd.b + 2, &f->source, 4);
	r.rd.b[7] = VNI;
	r.mac[0] = 0x02;
	r.mac[2] = (uint8_t)(i >> 24), r.mac[3] = (uint8_t)(i >> 16);
	r.mac[4] = (uint8_t)(i >> 8), r.mac[5] = (uint8_t)i;
	return evpn_route_encode(buf, cap, &r, false);
}

// Appends len octets of msg to f->feed (cap: its room, grown as needed).
static int feed_append(struct feed *f, size_t *cap, const uint8_t *msg, int len)
{
	if (len < 0)
		return -1;
	if (f->feed_len + (size_t)len > *cap) {
		size_t c = *cap ? *cap * 2 : 1 << 20;
		uint8_t *p = realloc(f->feed, c);
		if (p == NULL)
			return -1;
		f->feed = p, *cap = c;
	}
	memcpy(f->feed + f->feed_len, msg, (size_t)len);
	f->feed_len += (size_t)len;
	return 0;
}

// Builds every UPDATE and the End-of-RIB into f->feed.
static int build_feed(struct feed *f)
{
	static uint8_t msg[BGP_MAX_MSG_LEN];
	struct bgp_codec_ctx ctx = {.four_octet_as = true, .ebgp = true};
	struct bgp_update_builder b;
	struct bgp_attr_set s;
	struct bgp_path_seg seg;
	struct bgp_ext_comm ec[2];
	uint8_t one[64];
	size_t cap = 0;

	attr_set(f, &s, &seg, ec);
	if (bgp_update_begin(&b, msg, sizeof(msg), &ctx, &s) < 0)
		return -1;
	for (unsigned i = 0; i < f->count; i++) {
		int n = nlri(f, i, one, sizeof(one));
		if (n < 0)
			return -1;
		if (bgp_update_add_nlri(&b, one, (size_t)n) == 0)
			continue;
		if (feed_append(f, &cap, msg, bgp_update_finish(&b)) < 0 ||
			bgp_update_begin(&b, msg, sizeof(msg), &ctx, &s) < 0 ||
			bgp_update_add_nlri(&b, one, (size_t)n) < 0)
			return -1;
	}
	if (feed_append(f, &cap, msg, bgp_update_finish(&b)) < 0)
		return -1;
	int len = f->evpn ? bgp_encode_eor(msg, sizeof(msg), BGP_AFI_L2VPN, BGP_SAFI_EVPN)
			  : bgp_encode_eor(msg, sizeof(msg), BGP_AFI_IPV4, BGP_SAFI_UNICAST);
	return feed_append(f, &cap, msg, len);
}

static int feed_routes(struct feed *f)
{
	if (send_all(f, f->feed, f->feed_len) < 0)
		return -1;
	printf("sent %u %llu\n", f->count, (unsigned long long)now_ms());
	return 0;
}

// Keeps the session up: KEEPALIVEs every 30 s, whatever the peer sends read.
static int linger(struct feed *f)
{
	uint8_t ka[BGP_HDR_LEN];
	uint64_t end = now_ms() + (uint64_t)f->linger_s * 1000, next_ka = 0;

	bgp_encode_keepalive(ka, sizeof(ka));
	while (!stop && now_ms() < end) {
		struct pollfd p = {.fd = f->fd, .events = POLLIN};
		if (now_ms() >= next_ka) {
			if (send_all(f, ka, sizeof(ka)) < 0)
				return -1;
			next_ka = now_ms() + 30000;
		}
		if (poll(&p, 1, 500) > 0 && drain(f) < 0)
			return -1;
	}
	return 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: bgp_feed -c PEER -s SOURCE -a LOCAL_AS -r REMOTE_AS -n COUNT "
			"[-e] [-R] [-l LINGER_S]\n"
			"  -R: receive only: count the IPv4 (-e: EVPN) routes the peer sends, print the time\n"
			"      the COUNT-th arrived\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct feed *f = calloc(1, sizeof(*f));
	int c;

	if (f == NULL)
		return 1;
	f->linger_s = 600;
	while ((c = getopt(argc, argv, "c:s:a:r:n:eRl:")) != -1) {
		switch (c) {
		case 'c':
			if (inet_pton(AF_INET, optarg, &f->peer) != 1)
				return usage();
			break;
		case 's':
			if (inet_pton(AF_INET, optarg, &f->source) != 1)
				return usage();
			break;
		case 'a':
			f->local_as = (uint32_t)strtoul(optarg, NULL, 10);
			break;
		case 'r':
			f->remote_as = (uint32_t)strtoul(optarg, NULL, 10);
			break;
		case 'n':
			f->count = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 'e':
			f->evpn = true;
			break;
		case 'R':
			f->receive = true;
			break;
		case 'l':
			f->linger_s = (unsigned)strtoul(optarg, NULL, 10);
			break;
		default:
			return usage();
		}
	}
	if (f->peer.s_addr == 0 || f->source.s_addr == 0 || f->local_as == 0 || f->count == 0)
		return usage();
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	signal(SIGPIPE, SIG_IGN);
	if (!f->receive && build_feed(f) < 0) {
		fprintf(stderr, "bgp_feed: cannot build the UPDATEs\n");
		return 1;
	}
	int ret = open_session(f) < 0 || (!f->receive && feed_routes(f) < 0) || linger(f) < 0;
	if (ret && !stop)
		fprintf(stderr, "bgp_feed: session failed\n");
	close(f->fd);
	free(f->feed);
	free(f);
	return stop ? 0 : ret;
}
