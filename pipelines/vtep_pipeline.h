// SPDX-License-Identifier: BSD-3-Clause
// The pipelines evpnd can run: which nodes, and which node takes each port's bursts.
#ifndef EVPND_VTEP_PIPELINE_H
#define EVPND_VTEP_PIPELINE_H

#include "dp/core/dp_node.h"

// The VXLAN EVPN VTEP: access ports and an underlay, bridging over VXLAN.
extern const struct dp_pipeline vtep_pipeline;

#endif
