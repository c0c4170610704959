// SPDX-License-Identifier: BSD-3-Clause
// `tester move` (MAC-move convergence at rate) and its figures in show tester.
#ifndef EVPND_SHOW_TESTER_MOVE_H
#define EVPND_SHOW_TESTER_MOVE_H

#include "cp/mgmt/mgmt_out.h"
#include "dp/dp_api.h"

int show_tester_move_register(void);
// The stream's move as the key "move" of its JSON object (null: none this run).
void show_tester_move_json(struct json_writer *j, const struct dp_tester_info *i);
// The streams' moves as a table after show tester's (nothing without one).
int show_tester_move_table(struct mgmt_out *out);
// A log line per measured move (the run's report).
void show_tester_move_log(const struct dp_tester_info *i);

#endif
