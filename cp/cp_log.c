// SPDX-License-Identifier: BSD-3-Clause
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "cp/cp_log.h"

int cp_log_level = CP_LOG_INFO;

void cp_log(int level, const char *subsystem, const char *fmt, ...)
{
	static const char *names[] = {"", "", "", "error", "warning", "notice", "info", "debug"};
	struct timespec ts;
	struct tm tm;
	char when[32];
	va_list ap;

	if (level > cp_log_level)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
	fprintf(stderr, "%s.%03ldZ evpnd.%s: %s: ", when, ts.tv_nsec / 1000000, subsystem,
		names[level & 7]);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
