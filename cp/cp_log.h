// SPDX-License-Identifier: BSD-3-Clause
// Control-plane logging: one line per event, "evpnd.<subsystem>: message", with the
// level settable at run time, on stderr and optionally to syslog too (each with its
// own level). Never called from the packet path (cp has none).
#ifndef EVPND_CP_LOG_H
#define EVPND_CP_LOG_H

#include <stdbool.h>

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

// Per-subsystem levels ("evpnd.bgp", ...): set, a subsystem's level replaces
// cp_log_level for its lines on stderr. cp_log_subsystems lists the names (NULL
// ends it). Set: 0, or -ENOENT for an unknown subsystem; level -1 follows
// cp_log_level again. Get: the level, or -1 when it follows.
extern const char *const cp_log_subsystems[];
int cp_log_subsystem_set(const char *subsystem, int level);
int cp_log_subsystem_get(const char *subsystem);
// Whether a line of level from subsystem goes anywhere (to format only what is logged).
bool cp_log_wants(int level, const char *subsystem);

// FRR's run-time debugs (`debug bgp updates`, ...): each one a bit; its lines are
// written whatever the levels (the toggle asked for them), and also when its
// subsystem logs at debugging level (evpnd -v). Off, a guarded line costs a test of
// three globals (cp_debugging), unless a subsystem has a level of its own or syslog
// takes debugging lines: then a look-up of the subsystem's level.
enum cp_debug {
	CP_DEBUG_BGP_UPDATES,
	CP_DEBUG_BGP_NEIGHBOR_EVENTS,
	CP_DEBUG_BGP_KEEPALIVES,
	CP_DEBUG_EVPN_MAC,
	CP_DEBUG_EVPN_ROUTE,
	CP_DEBUG_N
};
extern unsigned cp_debug_flags;
// "bgp updates" ... as FRR spells them after "debug"; its subsystem ("bgp").
const char *cp_debug_name(enum cp_debug d);
const char *cp_debug_subsystem(enum cp_debug d);
// The debug of words ("bgp", "updates"), or -ENOENT.
int cp_debug_parse(const char *area, const char *what);
void cp_log_debug(enum cp_debug d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
extern bool cp_log_levels_vary; // a subsystem has its own level, or syslog's is debugging
#define cp_debugging(d)                                                                    \
	(__builtin_expect((cp_debug_flags >> (d)) & 1u, 0) ||                              \
		((cp_log_level >= CP_LOG_DEBUG || cp_log_levels_vary) &&                   \
			cp_log_wants(CP_LOG_DEBUG, cp_debug_subsystem(d))))
#define CP_DEBUGF(d, ...)                                                                  \
	do {                                                                               \
		if (cp_debugging(d))                                                       \
			cp_log_debug(d, __VA_ARGS__);                                      \
	} while (0)

#define CP_ERR(sub, ...) cp_log(CP_LOG_ERR, sub, __VA_ARGS__)
#define CP_WARN(sub, ...) cp_log(CP_LOG_WARN, sub, __VA_ARGS__)
#define CP_INFO(sub, ...) cp_log(CP_LOG_INFO, sub, __VA_ARGS__)
#define CP_DEBUG(sub, ...) cp_log(CP_LOG_DEBUG, sub, __VA_ARGS__)

#endif
