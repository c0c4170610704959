// SPDX-License-Identifier: BSD-3-Clause
// Tests of cp/inject/inject_replay.c: the Loc-RIB replayed to a helper that
// starts with "receive routes". A running speaker (AS 65000, VTEP
// 198.51.100.1, no neighbor) holds 300 IPv4 routes and one EVPN type 2 of the
// source "a"; the helper is an inject_proc in the running state whose event
// buffer the test reads. Checks: at most INJECT_REPLAY_PER_POLL routes a poll
// and none while the buffer is half full; every route once, as an announce
// event of its family from inject:a; the end event with the count; nothing more
// after it; a helper that stopped running stops the replay (its cursor leaves
// the RIB); a second start replays again from the start.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cp/bgp/bgp_speaker.h"
#include "cp/config/config.h"
#include "cp/evpn/evpn_family.h"
#include "cp/inject/inject_replay.h"

#define N_UNICAST 300

static const char conf[] = "dataplane\n"
			   " port p0 devargs net_null0\n"
			   "underlay\n"
			   " vtep-address 198.51.100.1\n"
			   "router bgp 65000\n"
			   " bgp router-id 10.0.0.9\n";

static struct evpnd_config cfg;
static struct inject_src a;
static struct inject_proc p;
static struct inject_replay rp;

static void run(const char *line)
{
	char err[INJECT_ERR_MAX];
	struct inject_cmd c;

	if (inject_cmd_parse(line, &c, err, sizeof(err)) < 0)
		fail_msg("'%s': %s", line, err);
	assert_int_equal(inject_src_apply(&a, &c, err, sizeof(err)), 0);
}

static int setup(void **state)
{
	struct cfg_error e;
	char line[128];
	(void)state;

	setenv("EVPND_BGP_PORT", "17997", 1); // listening may fail: only a warning
	config_init(&cfg);
	assert_int_equal(config_parse_string(&cfg, conf, "t.conf", &e), 0);
	assert_int_equal(bgp_init(&cfg), 0);
	assert_int_equal(evpn_family_register(), 0);
	inject_src_set_vtep(cfg_evpn_vtep(&cfg));
	inject_src_init(&a, "a");
	for (int i = 0; i < N_UNICAST; i++) {
		snprintf(line, sizeof(line), "announce route 10.%d.%d.0/24", i / 256, i % 256);
		run(line);
	}
	run("announce evpn macip rd 192.0.2.7:100 mac 02:00:00:00:07:01 vni 100 rt 65000:100 "
	    "next-hop 192.0.2.7");
	memset(&p, 0, sizeof(p));
	p.state = INJECT_RUNNING;
	p.in_fd = 1; // never written: the test reads p.out
	assert_non_null(p.out = malloc(INJECT_OUT_MAX));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	inject_replay_stop(&rp);
	free(p.out);
	inject_src_flush(&a);
	bgp_fini();
	evpn_family_unregister();
	config_free(&cfg);
	return 0;
}

static size_t count(const char *needle)
{
	size_t n = 0;

	p.out[p.out_len] = '\0';
	for (const char *s = p.out; (s = strstr(s, needle)) != NULL; s++)
		n++;
	return n;
}

// Polls until the replay ends, as the helper would read: the buffer emptied
// between polls but the first.
static void replay_all(void)
{
	unsigned n, polls = 0;
	size_t kept = 0;
	char *all = malloc(INJECT_OUT_MAX * 4);

	assert_non_null(all);
	while (rp.on) {
		n = inject_replay_poll(&rp, &p);
		assert_true(n <= INJECT_REPLAY_PER_POLL + 1);
		assert_true(++polls < 100);
		memcpy(all + kept, p.out, p.out_len);
		kept += p.out_len;
		p.out_len = 0;
	}
	assert_int_equal(inject_replay_poll(&rp, &p), 0);
	assert_int_equal(p.out_len, 0);
	memcpy(p.out, all, kept); // every event of the replay, to count
	p.out_len = kept;
	free(all);
}

static void test_replay(void **state)
{
	char end[64];
	(void)state;

	inject_replay_start(&rp);
	assert_true(rp.on);
	// A buffer half full: it waits for the helper to read.
	p.out_len = INJECT_OUT_MAX / 2;
	assert_int_equal(inject_replay_poll(&rp, &p), 0);
	p.out_len = 0;
	assert_int_equal(inject_replay_poll(&rp, &p), INJECT_REPLAY_PER_POLL);
	assert_int_equal(count("\"action\":\"announce\""), INJECT_REPLAY_PER_POLL);
	p.out_len = 0;
	inject_replay_start(&rp); // from the start again
	replay_all();
	assert_int_equal(count("{\"type\":\"route\",\"action\":\"announce\",\"family\":\"ipv4 "
			       "unicast\""),
		N_UNICAST);
	assert_int_equal(count("\"family\":\"l2vpn evpn\""), 1);
	assert_int_equal(count("02:00:00:00:07:01"), 1);
	assert_int_equal(count("\"route\":\"10.1.43.0/24\""), 1); // the last one
	assert_int_equal(count("\"from\":\"inject:a\""), N_UNICAST + 1);
	assert_int_equal(count("\"withdraw\""), 0);
	snprintf(end, sizeof(end), "{\"type\":\"replayed\",\"routes\":%d}\n", N_UNICAST + 1);
	assert_int_equal(count("\"type\":\"replayed\""), 1);
	assert_true(p.out_len > strlen(end));
	assert_string_equal(p.out + p.out_len - strlen(end), end);
}

static void test_helper_stops(void **state)
{
	(void)state;

	p.out_len = 0;
	inject_replay_start(&rp);
	assert_int_equal(inject_replay_poll(&rp, &p), INJECT_REPLAY_PER_POLL);
	p.state = INJECT_STARTING; // it exited
	p.out_len = 0;
	assert_int_equal(inject_replay_poll(&rp, &p), 0);
	assert_false(rp.on);
	assert_false(rp.c.active);
	assert_int_equal(p.out_len, 0);
	p.state = INJECT_RUNNING;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replay),
		cmocka_unit_test(test_helper_stops),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
