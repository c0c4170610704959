// SPDX-License-Identifier: BSD-3-Clause
#ifndef EVPND_TESTER_PIPELINE_H
#define EVPND_TESTER_PIPELINE_H

#include "dp/core/dp_node.h"

// The tester: streams sent and measured (the configuration's tester section).
extern const struct dp_pipeline tester_pipeline;

#endif
