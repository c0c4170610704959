// SPDX-License-Identifier: BSD-3-Clause
// Tests of graceful restart as the restarting speaker (cp/bgp/bgp_gr_restart.c,
// RFC 4724 4.1) through the real speaker, its sockets faked
// (bgp_fsm_fake_io.c): the R and F bits of our OPEN as configured, and the
// deferral of our UPDATEs and End-of-RIB (unicast update groups and the EVPN
// sender) until the neighbor's End-of-RIB of every family, or the timer.
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>

#include <cmocka.h>

#include "bgp_fsm_fake_io.h"
#include "cp/bgp/bgp_decode.h"
#include "cp/bgp/bgp_encode.h"
#include "cp/bgp/bgp_fsm.h"
#include "cp/bgp/bgp_gr_restart.h"
#include "cp/bgp/bgp_out.h"
#include "cp/bgp/bgp_speaker.h"
#include "cp/config/config.h"
#include "cp/cp_log.h"
#include "cp/evpn/evpn_family.h"

#define PEER "192.0.2.2"
#define AS 65000

static struct evpnd_config cfg;
static struct bgp_peer *p;
static uint64_t now;

// Our router 192.0.2.1, one iBGP neighbor with ipv4 unicast (one network of
// ours) and l2vpn evpn; extra: more lines of router bgp.
static void start_with(const char *extra, bool restarting, bool fwd)
{
	char text[1024];
	struct cfg_error err;

	snprintf(text, sizeof(text),
		"router bgp %u\n bgp router-id 192.0.2.1\n neighbor " PEER " remote-as %u\n%s"
		" address-family ipv4 unicast\n  network 10.1.0.0/24\n exit-address-family\n"
		" address-family l2vpn evpn\n  neighbor " PEER " activate\n exit-address-family\n",
		AS, AS, extra);
	config_init(&cfg);
	assert_int_equal(config_parse_string(&cfg, text, "gr", &err), 0);
	bgp_gr_set_restarting(restarting);
	bgp_gr_set_forwarding_preserved(fwd);
	assert_int_equal(bgp_init(&cfg), 0);
	p = bgp_peers();
	now = 1000;
}

static int setup(void **state)
{
	(void)state;
	cp_log_level = CP_LOG_ERR;
	assert_int_equal(evpn_family_register(), 0); // bgp_out sends EVPN
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	bgp_out_fini();
	bgp_fini();
	config_free(&cfg);
	fake_reset();
	bgp_gr_set_restarting(false);
	bgp_gr_set_forwarding_preserved(false);
	return 0;
}

// The clock at t ms after the start: the speaker and the EVPN sender run, what
// they queued is written.
static void at(uint64_t t)
{
	now = 1000 + t;
	bgp_poll(now);
	bgp_out_poll();
	bgp_poll(now);
}

static void peer_sends(const uint8_t *msg, size_t len)
{
	assert_int_equal(bgp_buf_append(&fake_wires[p->conn->fd].in, msg, len), 0);
	bgp_fsm_conn_event(p->conn, EPOLLIN, now);
	bgp_fsm_reap();
}

// The next message we wrote on fd (0: none).
static uint8_t sent(int fd, struct bgp_msg *m)
{
	static const struct bgp_codec_ctx ctx = {.four_octet_as = true};
	struct bgp_buf *b = &fake_wires[fd].out;

	if (bgp_buf_used(b) == 0)
		return 0;
	assert_true(bgp_msg_decode(b->data + b->off, bgp_buf_used(b), &ctx, m) >= 0);
	b->off += m->len;
	return m->type;
}

// Connected, our OPEN taken into *o: returns the connection's fd.
static int opened(struct bgp_open *o)
{
	static struct bgp_msg m;

	at(0);
	int fd = p->conn->fd;
	bgp_fsm_conn_event(p->conn, EPOLLOUT, now);
	at(0);
	assert_int_equal(sent(fd, &m), BGP_MSG_OPEN);
	*o = m.open;
	return fd;
}

// Up to Established; the peer's OPEN with the graceful restart capability
// (no family: FRR's helper mode) when gr.
static int established(bool gr)
{
	struct bgp_open ours, o = {.version = BGP_VERSION, .hold_time = 180};
	uint8_t buf[BGP_MAX_MSG_LEN];
	int fd = opened(&ours);

	inet_pton(AF_INET, "192.0.2.9", &o.bgp_id);
	o.caps.mp[o.caps.n_mp++] = (struct bgp_afi_safi){BGP_AFI_IPV4, BGP_SAFI_UNICAST};
	o.caps.mp[o.caps.n_mp++] = (struct bgp_afi_safi){BGP_AFI_L2VPN, BGP_SAFI_EVPN};
	o.caps.has_as4 = true;
	o.caps.has_gr = gr;
	o.caps.gr_time = 120;
	bgp_open_set_asn(&o, AS);
	int n = bgp_encode_open(buf, sizeof(buf), &o);
	assert_true(n > 0);
	peer_sends(buf, (size_t)n);
	assert_int_equal(bgp_encode_keepalive(buf, sizeof(buf)), BGP_HDR_LEN);
	peer_sends(buf, BGP_HDR_LEN);
	assert_int_equal(p->state, BGP_ESTABLISHED);
	return fd;
}

static void peer_eor(uint16_t afi, uint8_t safi)
{
	uint8_t buf[64];
	int n = bgp_encode_eor(buf, sizeof(buf), afi, safi);

	assert_true(n > 0);
	peer_sends(buf, (size_t)n);
}

// What we advertised since the last call: the UPDATE of our network, and the
// End-of-RIB of each family.
struct adv {
	unsigned updates, eor_v4, eor_evpn;
};

static struct adv advertised(int fd)
{
	static struct bgp_msg m;
	struct adv a = {0};
	struct bgp_afi_safi f;
	uint8_t t;

	while ((t = sent(fd, &m)) != 0) {
		if (t != BGP_MSG_UPDATE)
			continue;
		if (!bgp_update_is_eor(&m.update, &f))
			a.updates++;
		else if (f.afi == BGP_AFI_IPV4)
			a.eor_v4++;
		else if (f.afi == BGP_AFI_L2VPN)
			a.eor_evpn++;
	}
	return a;
}

static void expect_advertised(int fd, unsigned updates, unsigned eors)
{
	struct adv a = advertised(fd);

	assert_int_equal(a.updates, updates);
	assert_int_equal(a.eor_v4, eors);
	assert_int_equal(a.eor_evpn, eors);
}

// ---- the capability

// "bgp graceful-restart" alone: our families listed, neither bit; the restart
// time of the configuration.
static void t_open_plain(void **state)
{
	struct bgp_open o;
	(void)state;

	start_with(" bgp graceful-restart\n bgp graceful-restart restart-time 300\n", false, false);
	opened(&o);
	assert_true(o.caps.has_gr);
	assert_int_equal(o.caps.gr_time, 300);
	assert_int_equal(o.caps.gr_flags, 0);
	assert_int_equal(o.caps.n_gr, 2);
	assert_int_equal(o.caps.gr[0].flags, 0);
	assert_int_equal(o.caps.gr[1].flags, 0);
	assert_true(bgp_gr_restart_complete());
}

static void t_open_forwarding_preserved(void **state)
{
	struct bgp_open o;
	(void)state;

	start_with(" bgp graceful-restart\n", false, true);
	opened(&o);
	assert_int_equal(o.caps.gr_time, BGP_GR_RESTART_TIME);
	assert_int_equal(o.caps.gr_flags, 0);
	assert_int_equal(o.caps.n_gr, 2);
	for (unsigned i = 0; i < 2; i++)
		assert_int_equal(o.caps.gr[i].flags, BGP_GR_AF_F_FORWARDING);
}

// Restarting: the R bit while deferring, not in the OPENs after it.
static void t_open_restarting(void **state)
{
	struct bgp_open o;
	(void)state;

	start_with(" bgp graceful-restart\n", true, true);
	opened(&o);
	assert_int_equal(o.caps.gr_flags, BGP_GR_F_RESTART);
	assert_int_equal(o.caps.gr[0].flags, BGP_GR_AF_F_FORWARDING);
	assert_false(bgp_gr_restart_complete());
	at(BGP_GR_SELECT_DEFER_TIME * 1000); // the default timer: the deferral is over
	assert_true(bgp_gr_restart_complete());
	bgp_fsm_stop(p);
	bgp_fsm_start(p, now);
	opened(&o);
	assert_int_equal(o.caps.gr_flags, 0);
	assert_int_equal(o.caps.gr[0].flags, BGP_GR_AF_F_FORWARDING);
}

// Without "bgp graceful-restart" the neighbors dropped our routes: nothing is
// deferred, no family listed, no R bit.
static void t_restarting_without_gr(void **state)
{
	struct bgp_open o;
	(void)state;

	start_with("", true, true);
	assert_true(bgp_gr_restart_complete());
	opened(&o);
	assert_true(o.caps.has_gr);
	assert_int_equal(o.caps.gr_flags, 0);
	assert_int_equal(o.caps.n_gr, 0);
}

// ---- the deferral

static void t_defer_until_eor(void **state)
{
	(void)state;
	start_with(" bgp graceful-restart\n", true, false);
	int fd = established(true);

	at(100);
	expect_advertised(fd, 0, 0);
	peer_eor(BGP_AFI_IPV4, BGP_SAFI_UNICAST);
	at(200);
	expect_advertised(fd, 0, 0); // EVPN's still missing
	assert_false(bgp_gr_restart_complete());
	peer_eor(BGP_AFI_L2VPN, BGP_SAFI_EVPN);
	at(300);
	assert_true(bgp_gr_restart_complete());
	expect_advertised(fd, 1, 1);
	struct bgp_gr_restart_state s;
	bgp_gr_restart_state(&s);
	assert_true(s.restarting && s.done && !s.by_timer);
	assert_int_equal(s.elapsed_ms, 300);
}

static void t_defer_until_timer(void **state)
{
	struct bgp_gr_restart_state s;
	(void)state;

	start_with(
		" bgp graceful-restart\n bgp graceful-restart select-defer-time 30\n", true, false);
	int fd = established(true);

	peer_eor(BGP_AFI_IPV4, BGP_SAFI_UNICAST);
	at(30000 - 1);
	expect_advertised(fd, 0, 0);
	at(30000);
	assert_true(bgp_gr_restart_complete());
	expect_advertised(fd, 1, 1);
	bgp_gr_restart_state(&s);
	assert_true(s.by_timer);
}

// A neighbor down keeps us waiting (until the timer): it may keep our routes.
static void t_defer_neighbor_down(void **state)
{
	(void)state;
	start_with(
		" bgp graceful-restart\n bgp graceful-restart select-defer-time 30\n", true, false);
	at(0);
	at(29999);
	assert_false(bgp_gr_restart_complete());
	at(30000);
	assert_true(bgp_gr_restart_complete());
}

// A neighbor without graceful restart sends no End-of-RIB we could wait for:
// once Established it holds nothing up.
static void t_defer_peer_not_gr(void **state)
{
	(void)state;
	start_with(" bgp graceful-restart\n", true, false);
	int fd = established(false);

	at(100);
	assert_true(bgp_gr_restart_complete());
	expect_advertised(fd, 1, 1);
}

// A shut-down neighbor is not waited for.
static void t_defer_shutdown_neighbor(void **state)
{
	(void)state;
	start_with(" bgp graceful-restart\n neighbor " PEER " shutdown\n", true, false);
	at(0);
	assert_true(bgp_gr_restart_complete());
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(t_open_plain),
		T(t_open_forwarding_preserved),
		T(t_open_restarting),
		T(t_restarting_without_gr),
		T(t_defer_until_eor),
		T(t_defer_until_timer),
		T(t_defer_neighbor_down),
		T(t_defer_peer_not_gr),
		T(t_defer_shutdown_neighbor),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
