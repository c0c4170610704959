// SPDX-License-Identifier: BSD-3-Clause
// Control-plane logging: one line per event, "evpnd.<subsystem>: message", with the
// level settable at run time. Never called from the packet path (cp has none).
#ifndef EVPND_CP_LOG_H
#define EVPND_CP_LOG_H

enum cp_log_level { CP_LOG_ERR = 3, CP_LOG_WARN = 4, CP_LOG_NOTICE = 5, CP_LOG_INFO = 6, CP_LOG_DEBUG = 7 };

extern int cp_log_level;

void cp_log(int level, const char *subsystem, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define CP_ERR(sub, ...) cp_log(CP_LOG_ERR, sub, __VA_ARGS__)
#define CP_WARN(sub, ...) cp_log(CP_LOG_WARN, sub, __VA_ARGS__)
#define CP_INFO(sub, ...) cp_log(CP_LOG_INFO, sub, __VA_ARGS__)
#define CP_DEBUG(sub, ...) cp_log(CP_LOG_DEBUG, sub, __VA_ARGS__)

#endif
