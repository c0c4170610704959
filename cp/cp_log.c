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
unsigned cp_debug_flags;
static unsigned n_overrides; // subsystems with a level of their own
bool cp_log_levels_vary;

const char *const cp_log_subsystems[] = {
	"bgp", "dp", "evpn", "l2", "l3", "main", "metrics", "mgmt", "mpls", "underlay", NULL};
#define N_SUBSYSTEMS (sizeof(cp_log_subsystems) / sizeof(cp_log_subsystems[0]) - 1)
static int subsystem_level[N_SUBSYSTEMS] = {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1};

static const struct {
	const char *subsystem, *what;
} debugs[CP_DEBUG_N] = {
	[CP_DEBUG_BGP_UPDATES] = {"bgp", "updates"},
	[CP_DEBUG_BGP_NEIGHBOR_EVENTS] = {"bgp", "neighbor-events"},
	[CP_DEBUG_BGP_KEEPALIVES] = {"bgp", "keepalives"},
	[CP_DEBUG_EVPN_MAC] = {"evpn", "mac"},
	[CP_DEBUG_EVPN_ROUTE] = {"evpn", "route"},
};

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

static void levels_changed(void)
{
	cp_log_levels_vary = n_overrides > 0 || (slog.fd >= 0 && slog.level >= CP_LOG_DEBUG);
}

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
	levels_changed();
	return 0;
}

void cp_log_close_syslog(void)
{
	if (slog.fd >= 0)
		close(slog.fd);
	slog.fd = -1;
	levels_changed();
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

static int subsystem_index(const char *subsystem)
{
	for (unsigned i = 0; i < N_SUBSYSTEMS; i++)
		if (strcmp(cp_log_subsystems[i], subsystem) == 0)
			return (int)i;
	return -ENOENT;
}

int cp_log_subsystem_set(const char *subsystem, int level)
{
	int i = subsystem_index(subsystem);

	if (i < 0 || level < -1 || level > CP_LOG_DEBUG)
		return i < 0 ? i : -EINVAL;
	n_overrides += (level >= 0) - (subsystem_level[i] >= 0);
	subsystem_level[i] = level;
	levels_changed();
	return 0;
}

int cp_log_subsystem_get(const char *subsystem)
{
	int i = subsystem_index(subsystem);
	return i < 0 ? i : subsystem_level[i];
}

// stderr's level for the subsystem's lines.
static int stderr_level(const char *subsystem)
{
	int i;

	if (n_overrides == 0 || (i = subsystem_index(subsystem)) < 0 ||
		subsystem_level[i] < 0)
		return cp_log_level;
	return subsystem_level[i];
}

bool cp_log_wants(int level, const char *subsystem)
{
	return level <= stderr_level(subsystem) || (slog.fd >= 0 && level <= slog.level);
}

static void vlog(int level, bool forced, const char *subsystem, const char *fmt, va_list ap)
{
	bool err = forced || level <= stderr_level(subsystem);
	bool sys = slog.fd >= 0 && level <= slog.level;
	char msg[960];

	if (!err && !sys)
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (err)
		to_stderr(level, subsystem, msg);
	if (sys)
		to_syslog(level, subsystem, msg);
}

void cp_log(int level, const char *subsystem, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(level, false, subsystem, fmt, ap);
	va_end(ap);
}

const char *cp_debug_name(enum cp_debug d)
{
	static char names[CP_DEBUG_N][32];

	if (d >= CP_DEBUG_N)
		return "?";
	if (names[d][0] == '\0')
		snprintf(names[d], sizeof(names[d]), "%s %s", debugs[d].subsystem, debugs[d].what);
	return names[d];
}

const char *cp_debug_subsystem(enum cp_debug d)
{
	return d < CP_DEBUG_N ? debugs[d].subsystem : "?";
}

int cp_debug_parse(const char *area, const char *what)
{
	for (int d = 0; d < CP_DEBUG_N; d++)
		if (strcmp(debugs[d].subsystem, area) == 0 && strcmp(debugs[d].what, what) == 0)
			return d;
	return -ENOENT;
}

void cp_log_debug(enum cp_debug d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(CP_LOG_DEBUG, (cp_debug_flags >> d) & 1u, cp_debug_subsystem(d), fmt, ap);
	va_end(ap);
}
