// SPDX-License-Identifier: BSD-3-Clause
// Tests of cp/evpn/evpn_proxy.c: the bindings of one (bridge domain, IP). A host
// that moved between VTEPs keeps its dataplane entry when the old route's
// withdrawal comes after the new route; the entry falls back to the newest
// binding left and leaves with the last. The dataplane is a stub that keeps what
// it is sent.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>

#include "cp/cp_addr.h"
#include "cp/cp_msgq.h"
#include "cp/evpn/evpn_proxy.h"

static struct dp_msg sent[64];
static unsigned n_sent;

int dp_msg_send(const struct dp_msg *m)
{
	if (n_sent < sizeof(sent) / sizeof(sent[0]))
		sent[n_sent++] = *m;
	return 0;
}

unsigned dp_msg_pending(void)
{
	return 0;
}

static const char conf[] = "dataplane\n"
			   " port host0 devargs net_null0\n"
			   "underlay\n"
			   " vtep-address 192.0.2.1\n"
			   "bridge-domain 100\n"
			   " vni 100\n"
			   " member host0 untagged\n"
			   " arp-suppression\n"
			   "bridge-domain 200\n"
			   " vni 200\n";
static struct evpnd_config cfg;
static const uint8_t mac1[6] = {2, 0, 0, 0, 0, 1}, mac2[6] = {2, 0, 0, 0, 0, 2};
static struct dp_ip vtep_a, vtep_b;
static struct cp_ip host;

static int setup(void **state)
{
	struct cfg_error err;
	(void)state;
	config_init(&cfg);
	if (config_parse_string(&cfg, conf, "x.conf", &err) != 0)
		return -1;
	evpn_proxy_init(&cfg);
	vtep_a = (struct dp_ip){.family = AF_INET};
	vtep_b = vtep_a;
	inet_pton(AF_INET, "198.51.100.2", &vtep_a.v4);
	inet_pton(AF_INET, "198.51.100.3", &vtep_b.v4);
	cp_ip_parse("10.1.0.2", &host);
	n_sent = 0;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	cp_send_flush();
	config_free(&cfg);
	return 0;
}

// What the dataplane was sent since the last call: 'A' add, 'D' delete, one per
// message, with the MAC's last octet after each add ("A1D").
static const char *sent_since(void)
{
	static char s[128];
	size_t k = 0;
	cp_send_flush();
	for (unsigned i = 0; i < n_sent && k + 3 < sizeof(s); i++) {
		if (sent[i].type == DP_MSG_NEIGH_ADD) {
			s[k++] = 'A';
			s[k++] = (char)('0' + sent[i].neigh.mac[5]);
		} else if (sent[i].type == DP_MSG_NEIGH_DEL) {
			s[k++] = 'D';
		}
	}
	s[k] = '\0';
	n_sent = 0;
	return s;
}

// The host moves from VTEP A to VTEP B: B's route comes before A's withdrawal.
static void t_move_then_old_withdrawal(void **state)
{
	(void)state;
	evpn_proxy_set(100, &vtep_a, mac1, &host, false, true);
	assert_string_equal(sent_since(), "A1");
	evpn_proxy_set(100, &vtep_b, mac1, &host, false, true);
	assert_string_equal(sent_since(), "A1");
	evpn_proxy_set(100, &vtep_a, mac1, &host, false, false); // the old one goes
	assert_string_equal(sent_since(), "");			 // the entry stays
	assert_int_equal(evpn_proxy_count(), 1);
	evpn_proxy_set(100, &vtep_b, mac1, &host, false, false);
	assert_string_equal(sent_since(), "D");
	assert_int_equal(evpn_proxy_count(), 0);
}

// The IP moves to another MAC (another host) while the old route is still in: the
// newest binding is in the dataplane; when it goes, the older one comes back.
static void t_fallback_to_older(void **state)
{
	(void)state;
	evpn_proxy_set(100, &vtep_a, mac1, &host, false, true);
	evpn_proxy_set(100, NULL, mac2, &host, false, true); // seen here, another MAC
	assert_string_equal(sent_since(), "A1A2");
	evpn_proxy_set(100, NULL, mac2, &host, false, false);
	assert_string_equal(sent_since(), "A1");
	// A removal that names another source or MAC than any binding: nothing.
	evpn_proxy_set(100, &vtep_b, mac1, &host, false, false);
	evpn_proxy_set(100, &vtep_a, mac2, &host, false, false);
	assert_string_equal(sent_since(), "");
	evpn_proxy_set(100, &vtep_a, mac1, &host, false, false);
	assert_string_equal(sent_since(), "D");
}

// A route announced again is one binding, not two: one withdrawal removes it.
// The Router flag follows the newest announcement.
static void t_announced_again(void **state)
{
	(void)state;
	evpn_proxy_set(100, &vtep_a, mac1, &host, false, true);
	evpn_proxy_set(100, &vtep_a, mac1, &host, true, true);
	assert_string_equal(sent_since(), "A1A1");
	assert_true(sent[1].neigh.router);
	evpn_proxy_set(100, &vtep_a, mac1, &host, true, false);
	assert_string_equal(sent_since(), "D");
	assert_int_equal(evpn_proxy_count(), 0);
}

// Three bindings at once: the oldest is forgotten (two are kept per IP).
static void t_third_binding(void **state)
{
	(void)state;
	evpn_proxy_set(100, &vtep_a, mac1, &host, false, true);
	evpn_proxy_set(100, &vtep_b, mac1, &host, false, true);
	evpn_proxy_set(100, NULL, mac2, &host, false, true);
	assert_string_equal(sent_since(), "A1A1A2");
	evpn_proxy_set(100, &vtep_a, mac1, &host, false, false); // forgotten already
	assert_string_equal(sent_since(), "");
	evpn_proxy_set(100, NULL, mac2, &host, false, false);
	assert_string_equal(sent_since(), "A1"); // B's
	evpn_proxy_set(100, &vtep_b, mac1, &host, false, false);
	assert_string_equal(sent_since(), "D");
}

// Domains without suppression of the family keep nothing and send nothing.
static void t_not_suppressed(void **state)
{
	struct cp_ip v6;
	(void)state;
	evpn_proxy_set(200, &vtep_a, mac1, &host, false, true);
	cp_ip_parse("fd00::2", &v6);
	evpn_proxy_set(100, &vtep_a, mac1, &v6, false, true);
	assert_string_equal(sent_since(), "");
	assert_int_equal(evpn_proxy_count(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(t_move_then_old_withdrawal, setup, teardown),
		cmocka_unit_test_setup_teardown(t_fallback_to_older, setup, teardown),
		cmocka_unit_test_setup_teardown(t_announced_again, setup, teardown),
		cmocka_unit_test_setup_teardown(t_third_binding, setup, teardown),
		cmocka_unit_test_setup_teardown(t_not_suppressed, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
