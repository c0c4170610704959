// SPDX-License-Identifier: BSD-3-Clause
// Management commands of the per-packet trace: "trace add N", "show trace",
// "clear trace".
#ifndef EVPND_TRACE_CMD_H
#define EVPND_TRACE_CMD_H

int trace_cmd_register(void);

#endif
