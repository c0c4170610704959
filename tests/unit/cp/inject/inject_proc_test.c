// SPDX-License-Identifier: BSD-3-Clause
// Tests of cp/inject/inject_proc.c with real helpers (/bin/sh scripts) and a
// running speaker's RIB (AS 65000, no neighbor): replies to good, malformed,
// blank and overlong lines; an exit logged, its routes withdrawn (kept with
// keep-routes) and the restart delayed 1, 2, 4 ... 30 s (a fake clock); a
// flooding helper that never reads is read a bounded number of lines per poll
// and its replies are dropped, not queued without end; a helper that closed its
// stdin (EPIPE) or ignores SIGTERM cannot hang or kill us.
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "cp/bgp/bgp_speaker.h"
#include "cp/config/config.h"
#include "cp/evpn/evpn_family.h"
#include "cp/inject/inject_proc.h"

static const char conf[] = "dataplane\n"
			   " port p0 devargs net_null0\n"
			   "underlay\n"
			   " vtep-address 198.51.100.1\n"
			   "router bgp 65000\n"
			   " bgp router-id 10.0.0.9\n";

static struct evpnd_config cfg;
static char dir[] = "/tmp/inject_proc_test.XXXXXX";

static int setup(void **state)
{
	struct cfg_error e;
	(void)state;

	signal(SIGPIPE, SIG_IGN); // as evpnd does
	assert_non_null(mkdtemp(dir));
	setenv("EVPND_BGP_PORT", "17997", 1);
	config_init(&cfg);
	assert_int_equal(config_parse_string(&cfg, conf, "t.conf", &e), 0);
	assert_int_equal(bgp_init(&cfg), 0);
	assert_int_equal(evpn_family_register(), 0);
	inject_src_set_vtep(cfg_evpn_vtep(&cfg));
	return 0;
}

static int teardown(void **state)
{
	char cmd[64];
	(void)state;

	bgp_fini();
	evpn_family_unregister();
	config_free(&cfg);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd);
}

static uint64_t now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void start(struct inject_proc *p, const char *run, bool keep)
{
	struct cfg_process c = {.run = (char *)run, .keep_routes = keep};

	snprintf(c.name, sizeof(c.name), "t");
	assert_int_equal(inject_proc_init(p, &c), 0);
}

// Polls p (real time) until cond holds; false after 5 s.
static bool poll_until(struct inject_proc *p, bool (*cond)(struct inject_proc *p))
{
	uint64_t end = now() + 5000;

	while (now() < end) {
		inject_proc_poll(p, now());
		if (cond(p))
			return true;
		usleep(2000);
	}
	return false;
}

static size_t file_lines(const char *path)
{
	FILE *f = fopen(path, "r");
	size_t n = 0;
	int ch;

	if (f == NULL)
		return 0;
	while ((ch = fgetc(f)) != EOF)
		n += ch == '\n';
	fclose(f);
	return n;
}

static char out_path[128];
static bool four_replies(struct inject_proc *p)
{
	(void)p;
	return file_lines(out_path) >= 4;
}

static void test_replies(void **state)
{
	struct inject_proc p;
	char run[512], buf[4096];
	FILE *f;
	(void)state;

	snprintf(out_path, sizeof(out_path), "%s/replies", dir);
	snprintf(run, sizeof(run),
		"printf 'announce route 10.0.0.0/8\\nbogus \"x\\n\\n  \\nflush\\0x\\n'; "
		"head -c 3000 /dev/zero | tr '\\\\0' a; echo; exec cat >%s", out_path);
	start(&p, run, false);
	assert_true(poll_until(&p, four_replies));
	assert_non_null(f = fopen(out_path, "r"));
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	assert_string_equal(buf, "{\"type\":\"reply\",\"id\":1,\"ok\":true,\"routes\":1}\n"
				 "{\"type\":\"error\",\"id\":2,\"error\":\"unknown command 'bogus' "
				 "(announce, withdraw, flush)\"}\n"
				 "{\"type\":\"error\",\"id\":3,\"error\":\"control character in "
				 "line\"}\n"
				 "{\"type\":\"error\",\"id\":4,\"error\":\"line longer than 1024 "
				 "characters\"}\n");
	assert_int_equal(p.lines, 3); // blank lines are none
	assert_int_equal(p.long_lines, 1);
	assert_int_equal(inject_src_routes(&p.src), 1);
	assert_string_equal(p.last_error, "line 4: longer than 1024 characters");
	inject_proc_fini(&p);
	assert_int_equal(bgp_rib_count(), 0); // fini withdrew it
}

static bool exited(struct inject_proc *p)
{
	return p->state == INJECT_STARTING && p->starts > 0;
}

static bool has_route(struct inject_proc *p)
{
	return inject_src_routes(&p->src) == 1;
}

static void test_exit_backoff(void **state)
{
	static const uint64_t delays[] = {1000, 2000, 4000, 8000, 16000, 30000, 30000};
	struct inject_proc p;
	uint64_t t = 1000000; // a fake clock for the back-off
	(void)state;

	start(&p, "echo announce route 10.1.0.0/16; sleep 0.1; exit 3", false);
	inject_proc_poll(&p, t);
	assert_int_equal(p.state, INJECT_RUNNING);
	assert_true(poll_until(&p, has_route));
	for (size_t i = 0; i < sizeof(delays) / sizeof(delays[0]); i++) {
		// exited: reaped on a later poll at fake time t
		uint64_t end = now() + 5000;
		while (!exited(&p) && now() < end) {
			usleep(2000);
			inject_proc_poll(&p, t);
		}
		assert_true(exited(&p));
		assert_int_equal(p.next_start_ms - t, delays[i]);
		assert_int_equal(inject_src_routes(&p.src), 0); // withdrawn
		assert_string_equal(p.last_error, "exited: exit status 3");
		inject_proc_poll(&p, t + delays[i] - 1); // not yet
		assert_int_equal(p.state, INJECT_STARTING);
		t += delays[i];
		inject_proc_poll(&p, t);
		assert_int_equal(p.state, INJECT_RUNNING);
		assert_int_equal(p.starts, i + 2);
	}
	// After a run of 30 s the delay is 1 s again.
	t += 30000;
	{
		uint64_t end = now() + 5000;
		while (!exited(&p) && now() < end) {
			usleep(2000);
			inject_proc_poll(&p, t);
		}
	}
	assert_true(exited(&p));
	assert_int_equal(p.next_start_ms - t, 1000);
	inject_proc_fini(&p);
}

static void test_keep_routes(void **state)
{
	struct inject_proc p;
	(void)state;

	start(&p, "echo announce route 10.2.0.0/16; sleep 0.1", true);
	assert_true(poll_until(&p, has_route));
	assert_true(poll_until(&p, exited));
	assert_int_equal(inject_src_routes(&p.src), 1); // kept
	inject_proc_fini(&p);
	assert_int_equal(inject_src_routes(&p.src), 0); // shutdown withdraws anyway
}

static void test_flood(void **state)
{
	struct inject_proc p;
	uint64_t before;
	(void)state;

	// Never reads its stdin, writes as fast as it can.
	start(&p, "exec yes 'withdraw route 10.3.0.0/16'", false);
	inject_proc_poll(&p, now());
	for (uint64_t end = now() + 10000; now() < end && p.events_dropped == 0;) {
		before = p.lines;
		inject_proc_poll(&p, now());
		// bounded: what one read of 4 KiB past INJECT_LINES_PER_POLL holds
		assert_true(p.lines - before <= INJECT_LINES_PER_POLL + 4096 / 2);
	}
	assert_true(p.events_dropped > 0); // replies dropped, not queued without end
	assert_true(p.out_len <= INJECT_OUT_MAX);
	inject_proc_fini(&p);
}

static bool stdin_closed(struct inject_proc *p)
{
	return p->in_fd < 0;
}

static void test_epipe_and_term(void **state)
{
	struct inject_proc p;
	pid_t pid;
	(void)state;

	// Closes its stdin, then sends a line: our reply meets EPIPE.
	start(&p, "exec 0<&-; trap '' TERM; echo flush; sleep 30", false);
	assert_true(poll_until(&p, stdin_closed));
	assert_int_equal(p.state, INJECT_RUNNING);
	pid = p.pid;
	uint64_t t0 = now();
	inject_proc_fini(&p); // SIGTERM ignored: SIGKILL after 200 ms
	assert_true(now() - t0 < 2000);
	assert_int_equal(kill(pid, 0), -1);
	assert_int_equal(errno, ESRCH); // reaped
}

static void test_json_str(void **state)
{
	char buf[64];
	(void)state;

	inject_json_str(buf, sizeof(buf), "a\"b\\c\x01\xff");
	assert_string_equal(buf, "\"a\\\"b\\\\c\\u0001\\u00ff\"");
	inject_json_str(buf, 12, "0123456789abcdef"); // cut, still a string
	assert_string_equal(buf, "\"012\"");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replies),
		cmocka_unit_test(test_exit_backoff),
		cmocka_unit_test(test_keep_routes),
		cmocka_unit_test(test_flood),
		cmocka_unit_test(test_epipe_and_term),
		cmocka_unit_test(test_json_str),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
