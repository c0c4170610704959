// SPDX-License-Identifier: BSD-3-Clause
// The nodes the VTEP runs. Adding a node: its own file (dp/...), and its name here.
// The sweep runs the vector-fed nodes in this order, producers before consumers, so one
// sweep empties the vectors of a path without a loop (a loop between layers costs one
// more sweep per lap).
#include "pipelines/vtep_pipeline.h"

const struct dp_pipeline vtep_pipeline = {
	.name = "vtep",
	.entry_access = "access_input",
	.entry_underlay = "underlay_input",
	.nodes = {"arp_input", "nd_input", "vxlan_decap", "mpls_input", "l3vni_input", "l2_fwd",
		"arp_proxy", "nd_proxy", "gw_input", "ip_forward", "ip_glean", "ip_icmp_error",
		"bum_flood", "vxlan_encap", "mpls_encap"},
};
