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
	CP_INFO("main", "nobody listens");
	cp_log_close_syslog();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(level_names),
		cmocka_unit_test(to_syslog),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
