// SPDX-License-Identifier: BSD-3-Clause
// `show dataplane nodes` (text and json): the nodes of the running pipeline, their
// calls, packets and cycles, through dp/dp_api.h.
#ifndef EVPND_SHOW_NODES_H
#define EVPND_SHOW_NODES_H

int show_nodes_register(void);

#endif
