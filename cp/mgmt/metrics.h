// SPDX-License-Identifier: BSD-3-Clause
// The metrics of evpnd in Prometheus' text format: ports, nodes, drops by reason,
// bridge domains, VRFs, the table writer and its ring, BGP neighbors and RIB. Read
// through the same functions the `show` commands use (dp/dp_api.h walks,
// show_bgp.h), on the control thread. Served over HTTP by metrics_http.c and as
// `evpnctl show metrics`.
#ifndef EVPND_METRICS_H
#define EVPND_METRICS_H

#include "cp/config/config.h"
#include "cp/mgmt/mgmt_out.h"

// Remembers the tables' configured sizes and registers `show metrics`. 0 or -errno.
int metrics_register(const struct evpnd_config *cfg);
// Every metric, appended to out. 0 or -errno.
int metrics_collect(struct mgmt_out *out);

#endif
