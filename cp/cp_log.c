// SPDX-License-Identifier: BSD-3-Clause
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "cp/cp_log.h"

#define SYSLOG_FACILITY_DAEMON (3 << 3)

int cp_log_level = CP_LOG_INFO;

static struct {
	int fd; // datagram socket to the syslog daemon, -1: none
	int level;
	struct sockaddr_un addr;
} slog = {.fd = -1};

// FRR's "log syslog LEVEL" names, then syslog's short ones, by severity
static const char *const level_names[][2] = {
	{"emergencies", "emerg"},
	{"alerts", "alert"},
	{"critical", "crit"},
	{"errors", "error"},
	{"warnings", "warning"},
	{"notifications", "notice"},
	{"informational", "info"},
	{"debugging", "debug"},
};

int cp_log_level_parse(const char *name)
{
	for (int level = 0; level < 8; level++)
		if (strcasecmp(name, level_names[level][0]) == 0 ||
			strcasecmp(name, level_names[level][1]) == 0)
			return level;
	return -EINVAL;
}

const char *cp_log_level_name(int level)
{
	return level >= 0 && level < 8 ? level_names[level][0] : "?";
}

int cp_log_open_syslog(int level)
{
	const char *path = getenv(CP_LOG_SYSLOG_ENV) ? getenv(CP_LOG_SYSLOG_ENV) : "/dev/log";

	if (level < 0 || level > CP_LOG_DEBUG || strlen(path) >= sizeof(slog.addr.sun_path))
		return -EINVAL;
	if (slog.fd < 0 &&
		(slog.fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0)) < 0)
		return -errno;
	slog.addr.sun_family = AF_UNIX;
	strcpy(slog.addr.sun_path, path);
	slog.level = level;
	return 0;
}

void cp_log_close_syslog(void)
{
	if (slog.fd >= 0)
		close(slog.fd);
	slog.fd = -1;
}

// One datagram as syslog(3) sends it: "<PRI>Mmm dd hh:mm:ss evpnd[PID]: bgp: ...".
// Never blocks: a line the daemon has no room for is lost, not waited for.
static void to_syslog(int level, const char *subsystem, const char *msg)
{
	char line[1024], when[32];
	time_t now = time(NULL);
	struct tm tm;
	int n;

	localtime_r(&now, &tm);
	strftime(when, sizeof(when), "%b %e %H:%M:%S", &tm);
	n = snprintf(line, sizeof(line), "<%d>%s evpnd[%d]: %s: %s", SYSLOG_FACILITY_DAEMON | level,
		when, (int)getpid(), subsystem, msg);
	if (n > (int)sizeof(line) - 1)
		n = (int)sizeof(line) - 1;
	sendto(slog.fd, line, (size_t)n, MSG_DONTWAIT | MSG_NOSIGNAL,
		(const struct sockaddr *)&slog.addr, sizeof(slog.addr));
}

static void to_stderr(int level, const char *subsystem, const char *msg)
{
	static const char *names[] = {
		"emergency", "alert", "critical", "error", "warning", "notice", "info", "debug"};
	struct timespec ts;
	struct tm tm;
	char when[32];

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
	fprintf(stderr, "%s.%03ldZ evpnd.%s: %s: %s\n", when, ts.tv_nsec / 1000000, subsystem,
		names[level & 7], msg);
}

void cp_log(int level, const char *subsystem, const char *fmt, ...)
{
	bool err = level <= cp_log_level, sys = slog.fd >= 0 && level <= slog.level;
	char msg[960];
	va_list ap;

	if (!err && !sys)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (err)
		to_stderr(level, subsystem, msg);
	if (sys)
		to_syslog(level, subsystem, msg);
}
