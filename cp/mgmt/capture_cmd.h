// SPDX-License-Identifier: BSD-3-Clause
// Management commands of the packet capture: "capture port ...", "capture stop",
// "show capture".
#ifndef EVPND_CAPTURE_CMD_H
#define EVPND_CAPTURE_CMD_H

int capture_cmd_register(void);

#endif
