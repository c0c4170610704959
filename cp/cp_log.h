// SPDX-License-Identifier: BSD-3-Clause
// Control-plane logging: one line per event, "evpnd.<subsystem>: message", with the
// level settable at run time, on stderr and optionally to syslog too (each with its
// own level). Never called from the packet path (cp has none).
#ifndef EVPND_CP_LOG_H
#define EVPND_CP_LOG_H

enum cp_log_level { CP_LOG_ERR = 3, CP_LOG_WARN = 4, CP_LOG_NOTICE = 5, CP_LOG_INFO = 6, CP_LOG_DEBUG = 7 };

// The syslog socket is /dev/log unless this names another (tests).
#define CP_LOG_SYSLOG_ENV "EVPND_SYSLOG_SOCKET"

extern int cp_log_level; // stderr's

// A level by name, 0-7: FRR's "log syslog LEVEL" names (emergencies ... informational,
// debugging) or syslog's short ones (emerg ... info, debug); -EINVAL else.
int cp_log_level_parse(const char *name);
// FRR's name of a level 0-7 ("informational"), "?" else.
const char *cp_log_level_name(int level);
// Lines at level or more severe also go to the local syslog daemon (facility
// daemon, ident evpnd), beside stderr; called again, changes the level. 0 or -errno.
// No daemon listening is not an error: its lines are lost, as syslog(3) does.
int cp_log_open_syslog(int level);
void cp_log_close_syslog(void);

void cp_log(int level, const char *subsystem, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define CP_ERR(sub, ...) cp_log(CP_LOG_ERR, sub, __VA_ARGS__)
#define CP_WARN(sub, ...) cp_log(CP_LOG_WARN, sub, __VA_ARGS__)
#define CP_INFO(sub, ...) cp_log(CP_LOG_INFO, sub, __VA_ARGS__)
#define CP_DEBUG(sub, ...) cp_log(CP_LOG_DEBUG, sub, __VA_ARGS__)

#endif
