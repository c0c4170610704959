// SPDX-License-Identifier: BSD-3-Clause
// Deterministic tests of the session state machine (cp/bgp/bgp_fsm.c, RFC 4271 8
// and the collision detection of 6.8) through the real speaker, with the socket
// layer faked (bgp_fsm_fake_io.c): each case scripts the peer's bytes and the
// clock, and checks the state and the messages evpnd wrote on each connection.
// bgp_collision_test.sh and bgp_simultaneous_test.sh are the timing-dependent
// versions against real peers; these reach every branch.
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>

#include <cmocka.h>

#include "bgp_fsm_fake_io.h"
#include "cp/bgp/bgp_decode.h"
#include "cp/bgp/bgp_encode.h"
#include "cp/bgp/bgp_fsm.h"
#include "cp/bgp/bgp_nlri.h"
#include "cp/bgp/bgp_speaker.h"
#include "cp/config/config.h"
#include "cp/cp_log.h"

#define US "192.0.2.1"	    // our router ID
#define PEER "192.0.2.2"    // the neighbor, iBGP, AS 65000
#define HIGH_ID "192.0.2.9" // a peer router ID above ours
#define LOW_ID "192.0.2.0"  // and one below
#define AS 65000

static struct evpnd_config cfg;
static struct bgp_peer *p;
static uint64_t now;

// ---- set-up

static void start_with(const char *extra)
{
	char text[1024];
	struct cfg_error err;

	snprintf(text, sizeof(text),
		"router bgp %u\n bgp router-id " US "\n neighbor " PEER " remote-as %u\n%s", AS, AS,
		extra);
	config_init(&cfg);
	assert_int_equal(config_parse_string(&cfg, text, "fsm", &err), 0);
	assert_int_equal(bgp_init(&cfg), 0);
	p = bgp_peers();
	assert_non_null(p);
	now = 1000;
}

static int setup(void **state)
{
	(void)state;
	cp_log_level = CP_LOG_ERR; // the FSM's lines are expected here
	start_with("");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	bgp_fini();
	config_free(&cfg);
	fake_reset();
	return 0;
}

// The clock moves to t (ms after the start): timers run, queued bytes are written.
static void at(uint64_t t)
{
	now = 1000 + t;
	bgp_poll(now);
}

// ---- the peer's side

static struct bgp_open peer_open_msg(const char *id, uint32_t as, uint16_t hold)
{
	struct bgp_open o = {.version = BGP_VERSION, .hold_time = hold};

	inet_pton(AF_INET, id, &o.bgp_id);
	o.caps.mp[o.caps.n_mp++] = (struct bgp_afi_safi){BGP_AFI_IPV4, BGP_SAFI_UNICAST};
	o.caps.route_refresh = true;
	bgp_open_set_asn(&o, as);
	return o;
}

// Bytes from the peer on c, then its read event.
static void peer_sends(struct bgp_conn *c, const uint8_t *msg, size_t len)
{
	assert_non_null(c);
	assert_int_equal(bgp_buf_append(&fake_wires[c->fd].in, msg, len), 0);
	bgp_fsm_conn_event(c, EPOLLIN, now);
	bgp_fsm_reap();
}

// An OPEN as o says, its version field included (the encoder writes 4).
static void peer_open_raw(struct bgp_conn *c, const struct bgp_open *o)
{
	uint8_t buf[BGP_MAX_MSG_LEN];
	int n = bgp_encode_open(buf, sizeof(buf), o);

	assert_true(n > 0);
	buf[BGP_HDR_LEN] = o->version;
	peer_sends(c, buf, (size_t)n);
}

static void peer_open(struct bgp_conn *c, const char *id, uint16_t hold)
{
	struct bgp_open o = peer_open_msg(id, AS, hold);
	peer_open_raw(c, &o);
}

static void peer_keepalive(struct bgp_conn *c)
{
	uint8_t buf[BGP_HDR_LEN];

	assert_int_equal(bgp_encode_keepalive(buf, sizeof(buf)), BGP_HDR_LEN);
	peer_sends(c, buf, sizeof(buf));
}

static void peer_notification(struct bgp_conn *c, uint8_t code, uint8_t sub)
{
	uint8_t buf[64];
	int n = bgp_encode_notification(buf, sizeof(buf), code, sub, NULL, 0);

	assert_true(n > 0);
	peer_sends(c, buf, (size_t)n);
}

// An UPDATE with nothing in it (a valid message, unexpected before Established).
static void peer_update(struct bgp_conn *c)
{
	uint8_t buf[BGP_HDR_LEN + 4];

	memset(buf, 0xff, 16);
	buf[16] = 0, buf[17] = sizeof(buf), buf[18] = BGP_MSG_UPDATE;
	memset(buf + BGP_HDR_LEN, 0, 4);
	peer_sends(c, buf, sizeof(buf));
}

// The peer closes (or resets) c.
static void peer_closes(struct bgp_conn *c)
{
	fake_wires[c->fd].eof = true;
	bgp_fsm_conn_event(c, EPOLLIN | EPOLLHUP, now);
	bgp_fsm_reap();
}

// ---- what evpnd wrote

// Takes the next message evpnd wrote on fd, decoded (0 when there is none).
static uint8_t sent(int fd, struct bgp_msg *m)
{
	static const struct bgp_codec_ctx ctx;
	struct bgp_buf *b = &fake_wires[fd].out;
	int len;

	if (bgp_buf_used(b) == 0)
		return 0;
	len = bgp_msg_decode(b->data + b->off, bgp_buf_used(b), &ctx, m);
	if (len < 0)
		fail_msg("message %u sent on fd %d: %s", b->data[b->off + 18], fd, m->fault.reason);
	b->off += m->len;
	return m->type;
}

static void expect_sent(int fd, uint8_t type)
{
	static struct bgp_msg m;
	assert_int_equal(sent(fd, &m), type);
}

static void expect_nothing_sent(int fd)
{
	assert_int_equal(bgp_buf_used(&fake_wires[fd].out), 0);
}

static void expect_notification(int fd, uint8_t code, uint8_t sub)
{
	static struct bgp_msg m;

	assert_int_equal(sent(fd, &m), BGP_MSG_NOTIFICATION);
	assert_int_equal(m.notification.code, code);
	assert_int_equal(m.notification.subcode, sub);
}

// ---- the usual steps

// Idle -> Connect (the first poll starts the peer), then connected -> OpenSent.
// Returns our connection's fd, its OPEN taken.
static int to_opensent(void)
{
	at(now - 1000); // the peer starts (again) now
	assert_int_equal(p->state, BGP_CONNECT);
	int fd = p->conn->fd;
	bgp_fsm_conn_event(p->conn, EPOLLOUT, now);
	assert_int_equal(p->state, BGP_OPENSENT);
	at(0);
	expect_sent(fd, BGP_MSG_OPEN);
	return fd;
}

static int to_openconfirm(uint16_t hold)
{
	int fd = to_opensent();

	peer_open(p->conn, HIGH_ID, hold);
	assert_int_equal(p->state, BGP_OPENCONFIRM);
	at(0);
	expect_sent(fd, BGP_MSG_KEEPALIVE);
	return fd;
}

static int to_established(uint16_t hold)
{
	int fd = to_openconfirm(hold);

	peer_keepalive(p->conn);
	assert_int_equal(p->state, BGP_ESTABLISHED);
	assert_int_equal(p->established_count, 1);
	at(0);
	fake_wires[fd].out.off = fake_wires[fd].out.len = 0; // the table dump, End-of-RIB
	return fd;
}

// ---- RFC 4271 8: the transitions

static void t_idle_to_connect_to_opensent(void **state)
{
	(void)state;
	static struct bgp_msg m;
	int fd;

	assert_int_equal(p->state, BGP_IDLE);
	at(0);
	assert_int_equal(p->state, BGP_CONNECT);
	fd = p->conn->fd;
	expect_nothing_sent(fd); // nothing before the TCP connection is up
	bgp_fsm_conn_event(p->conn, EPOLLOUT, now);
	assert_int_equal(p->state, BGP_OPENSENT);
	at(0);
	assert_int_equal(sent(fd, &m), BGP_MSG_OPEN);
	assert_int_equal(m.open.version, 4);
	assert_int_equal(m.open.my_as, AS);
	assert_int_equal(m.open.hold_time, 180);
	assert_int_equal(ntohl(m.open.bgp_id.s_addr), 0xc0000201);
}

static void t_connect_fails_then_retry(void **state)
{
	(void)state;
	at(0);
	fake_connect_result = -ECONNREFUSED;
	bgp_fsm_conn_event(p->conn, EPOLLOUT | EPOLLERR, now);
	assert_int_equal(p->state, BGP_ACTIVE);
	assert_null(p->conn);
	at(10000 - 1); // ConnectRetryTimer: 10 s by default
	assert_int_equal(fake_connects, 1);
	fake_connect_result = 0;
	at(10000);
	assert_int_equal(p->state, BGP_CONNECT);
	assert_int_equal(fake_connects, 2);
}

static void t_connect_no_answer_retry(void **state)
{
	(void)state;
	at(0);
	at(10000); // no answer within ConnectRetryTimer: that attempt closed, another
	assert_int_equal(fake_closes, 1);
	assert_int_equal(p->state, BGP_CONNECT);
	assert_int_equal(fake_connects, 2);
	assert_string_equal(p->last_error, "connect: no answer in 10 s");
}

// With a password, the silence is likely a peer with another one: said so.
static void t_connect_no_answer_md5(void **state)
{
	(void)state;
	teardown(state);
	start_with(" neighbor " PEER " password s3cret\n");
	at(0);
	at(10000);
	assert_int_equal(fake_connects, 2);
	assert_string_equal(p->last_error,
		"connect: no answer in 10 s (TCP MD5: the peer's password differs?)");
}

static void t_opensent_to_established(void **state)
{
	(void)state;
	int fd = to_opensent();

	peer_open(p->conn, HIGH_ID, 90);
	assert_int_equal(p->state, BGP_OPENCONFIRM);
	at(0);
	expect_sent(fd, BGP_MSG_KEEPALIVE);
	peer_keepalive(p->conn);
	assert_int_equal(p->state, BGP_ESTABLISHED);
	assert_int_equal(p->established_count, 1);
	assert_int_equal(p->backoff_s, 0);
}

// Hold time: the lower of both wins, keepalive a third of it (or the configured
// keepalive when lower), sent on the keepalive timer and not before.
static void t_hold_negotiation(void **state)
{
	(void)state;
	int fd = to_established(9);

	assert_int_equal(p->hold_s, 9);
	assert_int_equal(p->keepalive_s, 3);
	at(3000 - 1);
	expect_nothing_sent(fd);
	at(3000);
	expect_sent(fd, BGP_MSG_KEEPALIVE);
	expect_nothing_sent(fd);
	peer_keepalive(p->conn); // the peer's keepalive restarts the hold timer
	at(6000);
	expect_sent(fd, BGP_MSG_KEEPALIVE);
	peer_keepalive(p->conn);
	at(14000);
	assert_int_equal(p->state, BGP_ESTABLISHED);
}

static void t_hold_ours_lower(void **state)
{
	(void)state;
	teardown(state);
	start_with(" neighbor " PEER " timers 10 30\n");
	to_established(90);
	assert_int_equal(p->hold_s, 30);
	assert_int_equal(p->keepalive_s, 10);
}

static void t_hold_zero(void **state)
{
	(void)state;
	int fd = to_established(0);

	assert_int_equal(p->hold_s, 0);
	assert_int_equal(p->keepalive_s, 0);
	at(3600 * 1000); // an hour without a message: no keepalive, no expiry
	expect_nothing_sent(fd);
	assert_int_equal(p->state, BGP_ESTABLISHED);
}

static void t_hold_expires_opensent(void **state)
{
	(void)state;
	int fd = to_opensent();

	at(BGP_OPEN_HOLD_S * 1000 - 1);
	assert_int_equal(p->state, BGP_OPENSENT);
	at(BGP_OPEN_HOLD_S * 1000);
	expect_notification(fd, BGP_ERR_HOLD_TIMER, 0);
	assert_int_equal(p->state, BGP_IDLE);
	assert_true(fake_fd_closed(fd));
}

static void t_hold_expires_openconfirm(void **state)
{
	(void)state;
	int fd = to_openconfirm(9);

	at(9000 - 1); // the keepalive timer runs in OpenConfirm too
	assert_int_equal(p->state, BGP_OPENCONFIRM);
	expect_sent(fd, BGP_MSG_KEEPALIVE);
	at(9000);
	expect_notification(fd, BGP_ERR_HOLD_TIMER, 0);
	assert_int_equal(p->state, BGP_IDLE);
}

static void t_hold_expires_established(void **state)
{
	(void)state;
	int fd = to_established(9);

	at(9000 - 1); // one keepalive (the timer was due at 3 s), no expiry yet
	assert_int_equal(p->state, BGP_ESTABLISHED);
	expect_sent(fd, BGP_MSG_KEEPALIVE);
	at(9000);
	expect_notification(fd, BGP_ERR_HOLD_TIMER, 0);
	assert_int_equal(p->state, BGP_IDLE);
	assert_int_equal(p->dropped_count, 1);
}

static void notification_received(int fd)
{
	peer_notification(p->conn, BGP_ERR_CEASE, 4);
	assert_int_equal(p->state, BGP_IDLE);
	at(0);
	expect_nothing_sent(fd); // no NOTIFICATION answers one
	assert_string_equal(
		p->last_error, "received Cease/Administrative Reset (6/4), 0 octets of data");
}

static void t_notification_opensent(void **state)
{
	(void)state;
	notification_received(to_opensent());
}

static void t_notification_openconfirm(void **state)
{
	(void)state;
	notification_received(to_openconfirm(90));
}

static void t_notification_established(void **state)
{
	(void)state;
	notification_received(to_established(90));
	assert_int_equal(p->dropped_count, 1);
}

// OPEN checks (RFC 4271 6.2): each NOTIFICATION, then Idle.
static void open_refused(struct bgp_open *o, uint8_t sub)
{
	int fd = to_opensent();

	peer_open_raw(p->conn, o);
	expect_notification(fd, BGP_ERR_OPEN, sub);
	assert_int_equal(p->state, BGP_IDLE);
	assert_int_equal(p->established_count, 0);
}

static void t_open_bad_peer_as(void **state)
{
	(void)state;
	struct bgp_open o = peer_open_msg(HIGH_ID, 65001, 90);
	open_refused(&o, BGP_OPEN_ERR_PEER_AS);
}

static void t_open_same_router_id_ibgp(void **state)
{
	(void)state;
	struct bgp_open o = peer_open_msg(US, AS, 90);
	open_refused(&o, BGP_OPEN_ERR_BGP_ID);
}

// eBGP: the same router ID is allowed (RFC 6286 2.1).
static void t_open_same_router_id_ebgp(void **state)
{
	(void)state;
	teardown(state);
	start_with(" neighbor " PEER " remote-as 65001\n");
	to_opensent();
	struct bgp_open o = peer_open_msg(US, 65001, 90);
	peer_open_raw(p->conn, &o);
	assert_int_equal(p->state, BGP_OPENCONFIRM);
}

static void t_open_hold_time_1_2(void **state)
{
	(void)state;
	struct bgp_open o = peer_open_msg(HIGH_ID, AS, 1);
	open_refused(&o, BGP_OPEN_ERR_HOLD_TIME);
	at(1000000); // Idle, back-off over: start again
	int fd = to_opensent();
	o.hold_time = 2;
	peer_open_raw(p->conn, &o);
	expect_notification(fd, BGP_ERR_OPEN, BGP_OPEN_ERR_HOLD_TIME);
}

static void t_open_bad_version(void **state)
{
	(void)state;
	static struct bgp_msg m;
	struct bgp_open o = peer_open_msg(HIGH_ID, AS, 90);
	int fd = to_opensent();

	o.version = 3;
	peer_open_raw(p->conn, &o);
	assert_int_equal(sent(fd, &m), BGP_MSG_NOTIFICATION);
	assert_int_equal(m.notification.code, BGP_ERR_OPEN);
	assert_int_equal(m.notification.subcode, BGP_OPEN_ERR_VERSION);
	// RFC 4271 6.2: the data is the largest version we support
	assert_int_equal(m.notification.data.len, 2);
	assert_int_equal(m.notification.data.ptr[1], 4);
	assert_int_equal(p->state, BGP_IDLE);
}

// RFC 4271 6.6: a message not expected in the state, NOTIFICATION 5/<state>.
static void t_fsm_error_opensent(void **state)
{
	(void)state;
	int fd = to_opensent();

	peer_keepalive(p->conn);
	expect_notification(fd, BGP_ERR_FSM, 1);
	assert_int_equal(p->state, BGP_IDLE);
}

static void t_fsm_error_openconfirm(void **state)
{
	(void)state;
	int fd = to_openconfirm(90);

	peer_update(p->conn);
	expect_notification(fd, BGP_ERR_FSM, 2);
	assert_int_equal(p->state, BGP_IDLE);
}

static void t_fsm_error_established(void **state)
{
	(void)state;
	int fd = to_established(90);

	peer_open(p->conn, HIGH_ID, 90);
	expect_notification(fd, BGP_ERR_FSM, 3);
	assert_int_equal(p->state, BGP_IDLE);
}

// RFC 4271 8.2.2: the TCP connection fails in OpenSent: Active (still
// listening); in OpenConfirm and Established: Idle.
static void t_tcp_fails_opensent(void **state)
{
	(void)state;
	to_opensent();
	peer_closes(p->conn);
	assert_int_equal(p->state, BGP_ACTIVE);
	assert_null(p->conn);
}

static void t_tcp_fails_openconfirm(void **state)
{
	(void)state;
	to_openconfirm(90);
	peer_closes(p->conn);
	assert_int_equal(p->state, BGP_IDLE);
}

static void t_tcp_fails_established(void **state)
{
	(void)state;
	to_established(90);
	peer_closes(p->conn);
	assert_int_equal(p->state, BGP_IDLE);
	assert_int_equal(p->dropped_count, 1);
	assert_string_equal(p->last_error, "connection closed: Connection reset by peer");
}

// After an error, Idle for the back-off (1 s, then 2 s..., 75-100% of it).
static void t_idle_backoff(void **state)
{
	(void)state;
	to_opensent();
	peer_keepalive(p->conn); // 5/1: Idle at 0, back-off 1 s
	at(750 - 1);
	assert_int_equal(p->state, BGP_IDLE);
	at(1000);
	assert_int_equal(p->state, BGP_CONNECT);
	bgp_fsm_conn_event(p->conn, EPOLLOUT, now);
	peer_keepalive(p->conn); // again: 2 s
	uint64_t t = now - 1000;
	at(t + 1500 - 1);
	assert_int_equal(p->state, BGP_IDLE);
	at(t + 2000);
	assert_int_equal(p->state, BGP_CONNECT);
}

// ManualStop (shutdown, a dynamic peer removed): Cease/Administrative Shutdown
// (6/2), sent before the socket lingers, then Idle for good (no restart timer).
static void t_stop_established(void **state)
{
	(void)state;
	int fd = to_established(90);

	bgp_fsm_stop(p);
	expect_notification(fd, BGP_ERR_CEASE, 2);
	assert_true(fake_wires[fd].lingered);
	assert_int_equal(p->state, BGP_IDLE);
	at(3600 * 1000);
	assert_int_equal(p->state, BGP_IDLE);
	assert_int_equal(fake_connects, 1);
}

// "clear bgp X": Cease/Administrative Reset (6/4), then at once Connect again.
static void t_clear_established(void **state)
{
	(void)state;
	int fd = to_established(90);

	assert_int_equal(bgp_peer_clear(p, 0), 0);
	expect_notification(fd, BGP_ERR_CEASE, 4);
	assert_int_equal(p->state, BGP_IDLE);
	at(0);
	assert_int_equal(p->state, BGP_CONNECT);
	assert_int_equal(fake_connects, 2);
}

// A passive neighbor waits in Active; an accepted connection goes to OpenSent.
static void t_passive_accept(void **state)
{
	(void)state;
	teardown(state);
	start_with(" neighbor " PEER " passive\n");
	at(0);
	assert_int_equal(p->state, BGP_ACTIVE);
	assert_int_equal(fake_connects, 0);
	int fd = fake_fd_new();
	bgp_fsm_accept(p, fd, now);
	assert_int_equal(p->state, BGP_OPENSENT);
	at(0);
	expect_sent(fd, BGP_MSG_OPEN);
	peer_open(p->conn, HIGH_ID, 90);
	assert_int_equal(p->state, BGP_OPENCONFIRM);
}

// A connection in Idle is refused (RFC 4271 8.2.2: Idle refuses connections).
static void t_accept_idle_refused(void **state)
{
	(void)state;
	int fd = fake_fd_new();

	bgp_fsm_accept(p, fd, now);
	assert_true(fake_fd_closed(fd));
	assert_int_equal(p->state, BGP_IDLE);
	assert_null(p->conn);
}

// ---- RFC 4271 6.8: collisions

// A connection from the peer while ours is in state s (OpenSent or OpenConfirm):
// it is kept pending, our OPEN goes out on it too.
static int incoming(void)
{
	int fd = fake_fd_new();
	bgp_fsm_accept(p, fd, now);
	assert_non_null(p->pending);
	assert_int_equal(p->pending->fd, fd);
	at(0);
	expect_sent(fd, BGP_MSG_OPEN);
	return fd;
}

// Where the peer's first OPEN comes, relative to its second connection.
enum collision_at {
	BOTH_OPENSENT, // accepted in OpenSent; its OPEN on it first
	OURS_FIRST,    // accepted in OpenSent; its OPEN on ours first
	OPENCONFIRM,   // accepted in OpenConfirm (ours had its OPEN), then its OPEN
};

// The peer's first OPEN with two connections up gives its BGP identifier: the
// collision is resolved then (not at the second OPEN, which the peer may follow
// with a KEEPALIVE). The connection opened by the higher identifier stays, the
// other gets Cease/Connection Collision Resolution (6/7).
static void collision(bool peer_id_higher, enum collision_at when)
{
	const char *id = peer_id_higher ? HIGH_ID : LOW_ID;
	int ours = to_opensent();

	if (when == OPENCONFIRM) {
		peer_open(p->conn, id, 90);
		assert_int_equal(p->state, BGP_OPENCONFIRM);
		at(0);
		expect_sent(ours, BGP_MSG_KEEPALIVE);
	}
	int theirs = incoming();
	bool on_theirs = when != OURS_FIRST;
	peer_open(on_theirs ? p->pending : p->conn, id, 90);
	assert_null(p->pending);
	int kept = peer_id_higher ? theirs : ours, lost = peer_id_higher ? ours : theirs;
	assert_int_equal(p->conn->fd, kept);
	assert_int_equal(p->conn->outbound, !peer_id_higher);
	expect_notification(lost, BGP_ERR_CEASE, 7);
	assert_true(fake_fd_closed(lost));
	if (!p->conn->open_rcvd) { // the kept one waits for the peer's OPEN on it
		assert_int_equal(p->state, BGP_OPENSENT);
		peer_open(p->conn, id, 90);
	}
	assert_int_equal(p->state, BGP_OPENCONFIRM);
	at(0);
	expect_sent(kept, BGP_MSG_KEEPALIVE);
	peer_keepalive(p->conn);
	assert_int_equal(p->state, BGP_ESTABLISHED);
}

static void t_collision_opensent_peer_higher(void **state)
{
	(void)state;
	collision(true, BOTH_OPENSENT);
}

static void t_collision_opensent_we_higher(void **state)
{
	(void)state;
	collision(false, BOTH_OPENSENT);
}

static void t_collision_ours_first_peer_higher(void **state)
{
	(void)state;
	collision(true, OURS_FIRST);
}

static void t_collision_ours_first_we_higher(void **state)
{
	(void)state;
	collision(false, OURS_FIRST);
}

static void t_collision_openconfirm_peer_higher(void **state)
{
	(void)state;
	collision(true, OPENCONFIRM);
}

static void t_collision_openconfirm_we_higher(void **state)
{
	(void)state;
	collision(false, OPENCONFIRM);
}

// Established: a new connection is refused outright.
static void t_collision_established_refused(void **state)
{
	(void)state;
	to_established(90);
	int fd = fake_fd_new();
	bgp_fsm_accept(p, fd, now);
	assert_true(fake_fd_closed(fd));
	assert_null(p->pending);
	assert_int_equal(p->state, BGP_ESTABLISHED);
}

// Established while the other connection was opening: its OPEN gets 6/7, the
// session stays (RFC 4271 6.8: the Established one always wins).
static void t_collision_established_pending_open(void **state)
{
	(void)state;
	int ours = to_openconfirm(90);
	int theirs = incoming();

	peer_keepalive(p->conn);
	assert_int_equal(p->state, BGP_ESTABLISHED);
	peer_open(p->pending, HIGH_ID, 90);
	expect_notification(theirs, BGP_ERR_CEASE, 7);
	assert_null(p->pending);
	assert_int_equal(p->state, BGP_ESTABLISHED);
	assert_int_equal(p->conn->fd, ours);
}

// Connect state: theirs accepted while our connect is still under way. Its OPEN
// comes before ours connected: ours is dropped, theirs becomes the session.
static void t_collision_connect_theirs_first(void **state)
{
	(void)state;
	at(0);
	int ours = p->conn->fd;
	int theirs = fake_fd_new();
	bgp_fsm_accept(p, theirs, now);
	assert_int_equal(p->state, BGP_CONNECT);
	assert_int_equal(p->pending->fd, theirs);
	fake_connect_done = false;
	peer_open(p->pending, HIGH_ID, 90);
	assert_true(fake_fd_closed(ours));
	assert_null(p->pending);
	assert_int_equal(p->conn->fd, theirs);
	assert_int_equal(p->state, BGP_OPENCONFIRM);
}

// Same, but our connect completed meanwhile: both are open and its OPEN gives
// the identifier, so it is resolved at once. Ours (higher ID) stays and sends
// its OPEN; with a higher peer ID theirs goes on and ours is never opened.
static void connect_both_open(bool peer_id_higher)
{
	const char *id = peer_id_higher ? HIGH_ID : LOW_ID;
	at(0);
	int ours = p->conn->fd;
	int theirs = fake_fd_new();
	bgp_fsm_accept(p, theirs, now);
	fake_connect_done = true;
	at(0);
	expect_sent(theirs, BGP_MSG_OPEN);
	peer_open(p->pending, id, 90);
	assert_null(p->pending);
	if (peer_id_higher) {
		assert_int_equal(p->conn->fd, theirs);
		expect_notification(ours, BGP_ERR_CEASE, 7);
		assert_int_equal(p->state, BGP_OPENCONFIRM);
		return;
	}
	assert_int_equal(p->conn->fd, ours);
	expect_notification(theirs, BGP_ERR_CEASE, 7);
	assert_int_equal(p->state, BGP_OPENSENT);
	at(0);
	expect_sent(ours, BGP_MSG_OPEN);
	peer_open(p->conn, id, 90);
	assert_int_equal(p->state, BGP_OPENCONFIRM);
}

static void t_collision_connect_both_open(void **state)
{
	(void)state;
	connect_both_open(false);
}

static void t_collision_connect_both_open_peer_higher(void **state)
{
	(void)state;
	connect_both_open(true);
}

// Our connect fails while theirs is pending: theirs carries on.
static void t_collision_connect_fails_pending(void **state)
{
	(void)state;
	at(0);
	int theirs = fake_fd_new();
	bgp_fsm_accept(p, theirs, now);
	fake_connect_result = -ECONNREFUSED;
	bgp_fsm_conn_event(p->conn, EPOLLOUT | EPOLLERR, now);
	assert_null(p->pending);
	assert_int_equal(p->conn->fd, theirs);
	assert_int_equal(p->state, BGP_OPENSENT);
}

// The peer resolved the collision first: NOTIFICATION on our connection, the
// pending one goes on (OpenSent: waits for its OPEN; OpenConfirm alike).
static void t_collision_notification_on_main(void **state)
{
	(void)state;
	int ours = to_opensent();
	int theirs = incoming();

	peer_notification(p->conn, BGP_ERR_CEASE, 7);
	assert_true(fake_fd_closed(ours));
	assert_int_equal(p->conn->fd, theirs);
	assert_null(p->pending);
	assert_int_equal(p->state, BGP_OPENSENT);
	peer_open(p->conn, HIGH_ID, 90);
	assert_int_equal(p->state, BGP_OPENCONFIRM);
}

static void t_collision_notification_on_pending(void **state)
{
	(void)state;
	int ours = to_opensent();
	int theirs = incoming();

	peer_notification(p->pending, BGP_ERR_CEASE, 7);
	assert_null(p->pending);
	assert_true(fake_fd_closed(theirs));
	assert_int_equal(p->conn->fd, ours);
	assert_int_equal(p->state, BGP_OPENSENT);
}

static void t_collision_pending_not_open(void **state)
{
	(void)state;
	int ours = to_opensent();
	int theirs = incoming();

	peer_keepalive(p->pending);
	expect_notification(theirs, BGP_ERR_FSM, 1);
	assert_null(p->pending);
	assert_int_equal(p->conn->fd, ours);
	assert_int_equal(p->state, BGP_OPENSENT);
}

static void t_collision_pending_bad_open(void **state)
{
	(void)state;
	int ours = to_opensent();
	int theirs = incoming();
	struct bgp_open o = peer_open_msg(HIGH_ID, 65001, 90);

	peer_open_raw(p->pending, &o);
	expect_notification(theirs, BGP_ERR_OPEN, BGP_OPEN_ERR_PEER_AS);
	assert_null(p->pending);
	assert_int_equal(p->conn->fd, ours);
	assert_int_equal(p->state, BGP_OPENSENT);
	expect_nothing_sent(ours);
}

// Our connection fails in OpenSent with theirs pending: theirs is the session.
static void t_collision_main_fails_pending(void **state)
{
	(void)state;
	to_opensent();
	int theirs = incoming();

	peer_closes(p->conn); // before any OPEN of the peer: theirs goes on
	assert_null(p->pending);
	assert_int_equal(p->conn->fd, theirs);
	assert_int_equal(p->state, BGP_OPENSENT);
	peer_open(p->conn, HIGH_ID, 90);
	assert_int_equal(p->state, BGP_OPENCONFIRM);
}

// One End-of-RIB for every family (RFC 4724 2): the unicast update groups and
// the EVPN sender both send theirs through bgp_peer_send_eor, and a family with
// a slot but no codec yet (VPNv4/VPNv6) gets the right AFI/SAFI too.
static void t_eor_every_family(void **state)
{
	static struct bgp_msg m;
	struct bgp_afi_safi f;
	(void)state;
	int fd = to_established(90);

	for (enum bgp_af af = 0; af < BGP_AF_MAX; af++) {
		assert_int_equal(bgp_peer_send_eor(p, af), 0);
		at(0);
		assert_int_equal(sent(fd, &m), BGP_MSG_UPDATE);
		assert_true(bgp_update_is_eor(&m.update, &f));
		assert_int_equal(f.afi, bgp_af_family(af).afi);
		assert_int_equal(f.safi, bgp_af_family(af).safi);
	}
	expect_nothing_sent(fd);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(t_idle_to_connect_to_opensent),
		T(t_eor_every_family),
		T(t_connect_fails_then_retry),
		T(t_connect_no_answer_retry),
		T(t_connect_no_answer_md5),
		T(t_opensent_to_established),
		T(t_hold_negotiation),
		T(t_hold_ours_lower),
		T(t_hold_zero),
		T(t_hold_expires_opensent),
		T(t_hold_expires_openconfirm),
		T(t_hold_expires_established),
		T(t_notification_opensent),
		T(t_notification_openconfirm),
		T(t_notification_established),
		T(t_open_bad_peer_as),
		T(t_open_same_router_id_ibgp),
		T(t_open_same_router_id_ebgp),
		T(t_open_hold_time_1_2),
		T(t_open_bad_version),
		T(t_fsm_error_opensent),
		T(t_fsm_error_openconfirm),
		T(t_fsm_error_established),
		T(t_tcp_fails_opensent),
		T(t_tcp_fails_openconfirm),
		T(t_tcp_fails_established),
		T(t_idle_backoff),
		T(t_stop_established),
		T(t_clear_established),
		T(t_passive_accept),
		T(t_accept_idle_refused),
		T(t_collision_opensent_peer_higher),
		T(t_collision_opensent_we_higher),
		T(t_collision_ours_first_peer_higher),
		T(t_collision_ours_first_we_higher),
		T(t_collision_openconfirm_peer_higher),
		T(t_collision_openconfirm_we_higher),
		T(t_collision_established_refused),
		T(t_collision_established_pending_open),
		T(t_collision_connect_theirs_first),
		T(t_collision_connect_both_open),
		T(t_collision_connect_both_open_peer_higher),
		T(t_collision_connect_fails_pending),
		T(t_collision_notification_on_main),
		T(t_collision_notification_on_pending),
		T(t_collision_pending_not_open),
		T(t_collision_pending_bad_open),
		T(t_collision_main_fails_pending),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
