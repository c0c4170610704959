// SPDX-License-Identifier: BSD-3-Clause
#ifndef EVPND_SHOW_INJECT_H
#define EVPND_SHOW_INJECT_H

// "show inject" ("show process"): the route-injection helpers; "inject ...": a
// command of the route-injection API from evpnctl, as the source "cli".
int show_inject_register(void);

#endif
