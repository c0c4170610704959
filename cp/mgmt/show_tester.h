// SPDX-License-Identifier: BSD-3-Clause
#ifndef EVPND_SHOW_TESTER_H
#define EVPND_SHOW_TESTER_H

#include <stdint.h>

// `tester start|stop`, `show tester [json]`; report_file: where each run's JSON report
// goes ("" or NULL: the log only).
int show_tester_register(const char *report_file);
// From the control loop: ends a run whose streams are done, and reports it once the
// frames on the way had time to arrive.
void show_tester_poll(uint64_t now_ms);

#endif
