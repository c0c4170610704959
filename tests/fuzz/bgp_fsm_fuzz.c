// SPDX-License-Identifier: BSD-3-Clause
// libFuzzer target for BGP message sequences through the session FSM (cp/bgp): the
// real speaker (bgp_init from a parsed configuration, bgp_poll, bgp_fini) with one
// passive neighbor, whose connections are socket pairs handed over as the listener
// would (bgp_fsm_accept). The input's messages are written, one at a time, on the
// other end of a pair, so they enter through the same read -> decode -> FSM path as
// from TCP, with time moving between them so the hold and keepalive timers fire.
// Input: byte 0 = start state (0 OpenSent, 1 OpenConfirm and 2 Established, reached
// with a scripted OPEN and KEEPALIVE, 3 two connections in OpenSent: a collision)
// + 4 * configuration (iBGP, eBGP with a network and maximum-prefix, hold time 0);
// byte 1 = seconds between messages; byte 2 = in a collision, bit i % 8 sends message
// i on the second connection; then the messages (split on their length field).
// Oracles beyond the sanitizers and the leak checker: the scripted state is reached,
// and everything the speaker sends is a well-framed BGP message.
// Build and run with tests/fuzz/run_fsm.sh.
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cp/bgp/bgp_encode.h"
#include "cp/bgp/bgp_fsm.h"
#include "cp/bgp/bgp_speaker.h"
#include "cp/cp_log.h"
#include "cp/evpn/evpn_family.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PEER_AS 65000
#define PEER_ID "198.51.100.2"
#define PEER_HOLD 9

static const char *const config_text[] = {
	// iBGP route-reflector client, both families
	"underlay\n vtep-address 198.51.100.1\n"
	"router bgp 65000\n bgp router-id 198.51.100.1\n"
	" neighbor 192.0.2.2 remote-as 65000\n neighbor 192.0.2.2 passive\n"
	" neighbor 192.0.2.2 timers 3 9\n"
	" address-family ipv4 unicast\n  neighbor 192.0.2.2 activate\n"
	"  neighbor 192.0.2.2 route-reflector-client\n exit-address-family\n"
	" address-family l2vpn evpn\n  neighbor 192.0.2.2 activate\n"
	"  neighbor 192.0.2.2 route-reflector-client\n  advertise-all-vni\n"
	" exit-address-family\n",
	// eBGP: routes of ours to send, a prefix limit to hit
	"underlay\n vtep-address 198.51.100.1\n"
	"router bgp 65001\n bgp router-id 198.51.100.1\n"
	" neighbor 192.0.2.2 remote-as 65000\n neighbor 192.0.2.2 passive\n"
	" address-family ipv4 unicast\n  network 10.0.0.0/24\n  neighbor 192.0.2.2 activate\n"
	"  neighbor 192.0.2.2 maximum-prefix 2\n exit-address-family\n"
	" address-family l2vpn evpn\n  neighbor 192.0.2.2 activate\n"
	" exit-address-family\n",
	// no hold timer, no keepalives
	"underlay\n vtep-address 198.51.100.1\n"
	"router bgp 65000\n bgp router-id 198.51.100.1\n"
	" neighbor 192.0.2.2 remote-as internal\n neighbor 192.0.2.2 passive\n"
	" neighbor 192.0.2.2 timers 0 0\n"
	" address-family l2vpn evpn\n  neighbor 192.0.2.2 activate\n"
	" exit-address-family\n",
};
#define N_CONFIGS (sizeof(config_text) / sizeof(config_text[0]))

enum start { START_OPENSENT, START_OPENCONFIRM, START_ESTABLISHED, START_COLLISION };

static struct evpnd_config configs[N_CONFIGS];

// The peer's end of one connection, and what the speaker sent on it.
struct side {
	int fd;
	uint8_t rx[1 << 16];
	size_t len;
};
static struct side sides[2];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct cfg_error err;

	(void)argc;
	(void)argv;
	cp_log_level = getenv("EVPND_FUZZ_LOG") ? CP_LOG_DEBUG : 0;
	// The speaker listens too; nothing connects there (root may bind port 1).
	setenv("EVPND_BGP_PORT", "1", 0);
	if (evpn_family_register() < 0) // as at start-up: EVPN routes reach the RIB
		abort();
	for (size_t i = 0; i < N_CONFIGS; i++) {
		config_init(&configs[i]);
		if (config_parse_string(&configs[i], config_text[i], "fuzz", &err) != 0) {
			fprintf(stderr, "%s\n", err.msg);
			abort();
		}
	}
	return 0;
}

// Whole messages the speaker sent must be framed right: marker, length, type.
static void check_sent(struct side *s)
{
	size_t off = 0;

	while (s->len - off >= BGP_HDR_LEN) {
		const uint8_t *m = s->rx + off;
		size_t n = (size_t)m[16] << 8 | m[17];
		for (int i = 0; i < 16; i++)
			if (m[i] != 0xff)
				abort();
		if (n < BGP_HDR_LEN || n > BGP_MAX_MSG_LEN || m[18] < 1 || m[18] > 5)
			abort();
		if (s->len - off < n)
			break;
		off += n;
	}
	memmove(s->rx, s->rx + off, s->len - off);
	s->len -= off;
}

static void drain(void)
{
	for (int i = 0; i < 2; i++) {
		struct side *s = &sides[i];
		ssize_t n;
		while (s->fd >= 0 &&
			(n = read(s->fd, s->rx + s->len, sizeof(s->rx) - s->len)) > 0) {
			s->len += (size_t)n;
			check_sent(s);
		}
	}
}

static void poll_at(uint64_t now)
{
	bgp_poll(now);
	drain();
}

// A new connection from the peer, as the listener would accept it.
static void connect_side(struct bgp_peer *p, struct side *s, uint64_t now)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv) < 0)
		abort();
	s->fd = sv[1];
	s->len = 0;
	bgp_fsm_accept(p, sv[0], now);
	poll_at(now);
}

static void send_side(struct side *s, const uint8_t *msg, size_t len)
{
	// The speaker may have closed its end already: that is no error here.
	if (send(s->fd, msg, len, MSG_NOSIGNAL) < 0 && errno != EPIPE && errno != ECONNRESET &&
		errno != EAGAIN)
		abort();
}

// The OPEN and KEEPALIVE a well-behaved peer sends.
static void script(struct side *s, enum start start, uint64_t now)
{
	uint8_t buf[BGP_MAX_MSG_LEN];
	struct bgp_open o = {.version = BGP_VERSION, .hold_time = PEER_HOLD};
	int n;

	inet_pton(AF_INET, PEER_ID, &o.bgp_id);
	o.caps.route_refresh = o.caps.enhanced_rr = o.caps.has_gr = true;
	o.caps.gr_time = 120;
	o.caps.mp[o.caps.n_mp++] = (struct bgp_afi_safi){BGP_AFI_IPV4, BGP_SAFI_UNICAST};
	o.caps.mp[o.caps.n_mp++] = (struct bgp_afi_safi){BGP_AFI_L2VPN, BGP_SAFI_EVPN};
	bgp_open_set_asn(&o, PEER_AS);
	if ((n = bgp_encode_open(buf, sizeof(buf), &o)) < 0)
		abort();
	send_side(s, buf, (size_t)n);
	poll_at(now);
	if (start == START_OPENCONFIRM)
		return;
	if ((n = bgp_encode_keepalive(buf, sizeof(buf))) < 0)
		abort();
	send_side(s, buf, (size_t)n);
	poll_at(now);
}

// Brings the peer to the state the input starts from.
static void start_peer(enum start start, uint64_t now)
{
	static const enum bgp_state want[] = {
		BGP_OPENSENT, BGP_OPENCONFIRM, BGP_ESTABLISHED, BGP_OPENSENT};
	struct bgp_peer *p;

	poll_at(now); // Idle -> Active (passive)
	if ((p = bgp_peers()) == NULL || p->state != BGP_ACTIVE)
		abort();
	connect_side(p, &sides[0], now);
	if (start == START_COLLISION)
		connect_side(p, &sides[1], now);
	else if (start != START_OPENSENT)
		script(&sides[0], start, now);
	if (p->state != want[start] || (start == START_COLLISION) != (p->pending != NULL))
		abort(); // the harness no longer reaches the state it says
}

// Length of the message at d: its length field when it fits, else all that is left.
static size_t next_len(const uint8_t *d, size_t left)
{
	size_t n = left >= BGP_HDR_LEN ? (size_t)d[16] << 8 | d[17] : left;

	return n < BGP_HDR_LEN || n > left ? left : n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t now = 1000, step;
	enum start start;
	const struct evpnd_config *cfg;
	uint8_t mask;

	if (size < 3)
		return 0;
	start = (enum start)(data[0] & 3);
	cfg = &configs[(data[0] >> 2) % N_CONFIGS];
	step = data[1] * 1000ull;
	mask = start == START_COLLISION ? data[2] : 0;
	data += 3;
	size -= 3;
	sides[0].fd = sides[1].fd = -1;
	if (bgp_init(cfg) != 0)
		abort();
	start_peer(start, now);
	for (unsigned i = 0; size > 0; i++) {
		size_t n = next_len(data, size);
		send_side(&sides[mask >> (i % 8) & 1], data, n);
		poll_at(now);
		now += step;
		poll_at(now);
		data += n;
		size -= n;
	}
	bgp_fini();
	bgp_fsm_reap();
	for (int i = 0; i < 2; i++)
		if (sides[i].fd >= 0)
			close(sides[i].fd);
	return 0;
}
