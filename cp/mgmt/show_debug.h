// SPDX-License-Identifier: BSD-3-Clause
// Run-time debugging in FRR's spelling: `debug bgp updates|neighbor-events|keepalives`,
// `debug evpn mac|route`, their `no` forms and `no debug all`, `show debugging`;
// per-subsystem log levels: `log level SUBSYSTEM LEVEL|default`, `show logging`.
#ifndef EVPND_SHOW_DEBUG_H
#define EVPND_SHOW_DEBUG_H

int show_debug_register(void);

#endif
