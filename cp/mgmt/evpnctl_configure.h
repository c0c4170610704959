// SPDX-License-Identifier: BSD-3-Clause
// evpnctl's side of "configure": "evpnctl configure LINE..." (one argument a
// configuration line, its indentation kept) and "evpnctl configure -f FILE" ("-":
// stdin) become the one request line evpnd reads, configure "LINE;LINE;...".
#ifndef EVPND_EVPNCTL_CONFIGURE_H
#define EVPND_EVPNCTL_CONFIGURE_H

#include "cp/mgmt/mgmt_out.h"

// words[0..n-1] are evpnctl's command words. 0: not a configure command (line
// untouched); 1: line is the request; -errno: refused (said on stderr).
int evpnctl_configure(char **words, int n, struct mgmt_out *line);

#endif
