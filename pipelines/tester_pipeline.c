// SPDX-License-Identifier: BSD-3-Clause
// The packet-rate tester (dp/tester/tester.h): tester_gen sends every stream from the
// workers' loops, tester_rx takes every port's frames, role or not (a port the
// configuration makes underlay keeps its kernel-interface: ARP and BGP go to the host).
#include "pipelines/tester_pipeline.h"

const struct dp_pipeline tester_pipeline = {
	.name = "tester",
	.entry_access = "tester_rx",
	.entry_underlay = "tester_rx",
	.source = "tester_gen",
	.rx_any_port = true,
};
