// SPDX-License-Identifier: BSD-3-Clause
// cp/cp_log.c: level names, and lines to syslog (a datagram socket this test binds,
// named by EVPND_SYSLOG_SOCKET) at their own level, beside stderr's.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <errno.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "cp/cp_log.h"

static void level_names(void **state)
{
	(void)state;
	assert_int_equal(cp_log_level_parse("debugging"), CP_LOG_DEBUG);
	assert_int_equal(cp_log_level_parse("informational"), CP_LOG_INFO);
	assert_int_equal(cp_log_level_parse("notifications"), CP_LOG_NOTICE);
	assert_int_equal(cp_log_level_parse("warnings"), CP_LOG_WARN);
	assert_int_equal(cp_log_level_parse("errors"), CP_LOG_ERR);
	assert_int_equal(cp_log_level_parse("emergencies"), 0);
	assert_int_equal(cp_log_level_parse("info"), CP_LOG_INFO);
	assert_int_equal(cp_log_level_parse("WARNING"), CP_LOG_WARN);
	assert_int_equal(cp_log_level_parse("verbose"), -EINVAL);
	assert_int_equal(cp_log_level_parse(""), -EINVAL);
	assert_int_equal(cp_log_open_syslog(8), -EINVAL);
	assert_int_equal(cp_log_open_syslog(-1), -EINVAL);
}

// The next datagram on fd, or "" when none is waiting.
static const char *next_line(int fd)
{
	static char buf[2048];
	ssize_t n = recv(fd, buf, sizeof(buf) - 1, MSG_DONTWAIT);

	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

static void to_syslog(void **state)
{
	(void)state;
	struct sockaddr_un a = {.sun_family = AF_UNIX};
	char want[128];
	int fd = socket(AF_UNIX, SOCK_DGRAM, 0);

	snprintf(a.sun_path, sizeof(a.sun_path), "/tmp/cp_log_test.%d", (int)getpid());
	unlink(a.sun_path);
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	setenv(CP_LOG_SYSLOG_ENV, a.sun_path, 1);
	cp_log_level = CP_LOG_ERR; // stderr quiet: syslog has its own level
	assert_int_equal(cp_log_open_syslog(CP_LOG_INFO), 0);

	CP_INFO("bgp", "%%ADJCHANGE: neighbor %s Up", "192.0.2.2");
	snprintf(want, sizeof(want), " evpnd[%d]: bgp: %%ADJCHANGE: neighbor 192.0.2.2 Up",
		(int)getpid());
	const char *line = next_line(fd);
	assert_memory_equal(line, "<30>", 4); // facility daemon (3), info (6)
	assert_non_null(strstr(line, want));
	assert_string_equal(line + strlen(line) - strlen(want), want);

	CP_DEBUG("bgp", "below the syslog level");
	assert_string_equal(next_line(fd), "");
	CP_WARN("l2", "warned");
	assert_memory_equal(next_line(fd), "<28>", 4);

	// a long line is cut, not dropped
	char big[3000];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	CP_ERR("main", "%s", big);
	line = next_line(fd);
	assert_memory_equal(line, "<27>", 4);
	assert_true(strlen(line) > 900);

	// closed: nothing more
	cp_log_close_syslog();
	CP_ERR("main", "after close");
	assert_string_equal(next_line(fd), "");

	// no daemon listening: lines are lost, logging goes on
	close(fd);
	unlink(a.sun_path);
	assert_int_equal(cp_log_open_syslog(CP_LOG_DEBUG), 0);
	assert_true(cp_debugging(CP_DEBUG_EVPN_ROUTE)); // syslog takes debugging lines
	CP_INFO("main", "nobody listens");
	cp_log_close_syslog();
	assert_false(cp_debugging(CP_DEBUG_EVPN_ROUTE)); // stderr's level is ERR here
}

// What cp_log writes to stderr while fn runs (stderr is a temporary file meanwhile).
static char *stderr_of(void (*fn)(void))
{
	static char buf[4096];
	FILE *tmp = tmpfile();
	int saved = dup(2);
	size_t n;

	assert_non_null(tmp);
	fflush(stderr);
	dup2(fileno(tmp), 2);
	fn();
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(tmp);
	n = fread(buf, 1, sizeof(buf) - 1, tmp);
	buf[n] = '\0';
	fclose(tmp);
	return buf;
}

static void log_some(void)
{
	CP_INFO("bgp", "bgp info");
	CP_DEBUG("bgp", "bgp debug");
	CP_DEBUG("evpn", "evpn debug");
	CP_DEBUGF(CP_DEBUG_BGP_UPDATES, "updates line");
	CP_DEBUGF(CP_DEBUG_EVPN_MAC, "mac line");
}

// A subsystem's own level replaces the global one for its lines only; "default"
// (-1) follows the global one again; unknown subsystems are refused.
static void subsystem_levels(void **state)
{
	const char *s;

	(void)state;
	cp_log_level = CP_LOG_INFO;
	s = stderr_of(log_some);
	assert_non_null(strstr(s, "evpnd.bgp: info: bgp info"));
	assert_null(strstr(s, "debug"));
	assert_int_equal(cp_log_subsystem_set("bgp", CP_LOG_DEBUG), 0);
	assert_int_equal(cp_log_subsystem_get("bgp"), CP_LOG_DEBUG);
	s = stderr_of(log_some);
	assert_non_null(strstr(s, "evpnd.bgp: debug: bgp debug"));
	assert_non_null(strstr(s, "evpnd.bgp: debug: updates line")); // bgp's debugs too
	assert_null(strstr(s, "evpn debug"));
	assert_null(strstr(s, "mac line"));
	assert_int_equal(cp_log_subsystem_set("bgp", CP_LOG_ERR), 0);
	assert_string_equal(stderr_of(log_some), "");
	assert_int_equal(cp_log_subsystem_set("bgp", -1), 0);
	assert_int_equal(cp_log_subsystem_get("bgp"), -1);
	assert_non_null(strstr(stderr_of(log_some), "bgp info"));
	assert_false(cp_log_levels_vary);
	assert_int_equal(cp_log_subsystem_set("nope", CP_LOG_DEBUG), -ENOENT);
	assert_int_equal(cp_log_subsystem_get("nope"), -ENOENT);
	assert_int_equal(cp_log_subsystem_set("bgp", 8), -EINVAL);
}

// A debug toggle writes its lines whatever the levels; off, they stop.
static void debug_toggles(void **state)
{
	const char *s;

	(void)state;
	cp_log_level = CP_LOG_WARN;
	assert_int_equal(cp_debug_parse("bgp", "updates"), CP_DEBUG_BGP_UPDATES);
	assert_int_equal(cp_debug_parse("evpn", "route"), CP_DEBUG_EVPN_ROUTE);
	assert_int_equal(cp_debug_parse("bgp", "mac"), -ENOENT);
	assert_string_equal(cp_debug_name(CP_DEBUG_BGP_NEIGHBOR_EVENTS), "bgp neighbor-events");
	cp_debug_flags = 1u << CP_DEBUG_BGP_UPDATES;
	s = stderr_of(log_some);
	assert_non_null(strstr(s, "evpnd.bgp: debug: updates line"));
	assert_null(strstr(s, "mac line"));
	assert_null(strstr(s, "bgp debug")); // not a debug's line: the level rules
	cp_debug_flags |= 1u << CP_DEBUG_EVPN_MAC;
	assert_non_null(strstr(stderr_of(log_some), "evpnd.evpn: debug: mac line"));
	cp_debug_flags = 0;
	assert_string_equal(stderr_of(log_some), "");
	cp_log_level = CP_LOG_INFO;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(level_names),
		cmocka_unit_test(to_syslog),
		cmocka_unit_test(subsystem_levels),
		cmocka_unit_test(debug_toggles),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
