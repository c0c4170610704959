// SPDX-License-Identifier: BSD-3-Clause
// Which VNIs import a received route: an index from import route target to
// the VNIs that list it, so that a route costs a lookup per route target it
// carries instead of a scan of every VNI's import list (with thousands of
// VNIs and a million routes, the scan dominated). Rebuilt when the instance's
// VNIs or route targets change (evpn_inst.gen). Same matching rule as
// evpn_vni_imports: the non-transitive bit (0x40 of the type) is ignored.
#ifndef EVPND_EVPN_RT_INDEX_H
#define EVPND_EVPN_RT_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "cp/evpn/evpn_vni.h"

// The indexes (into in->vnis, each once) of the VNIs importing at least one
// route target among the extended communities ecomm[0..len). Returns how
// many, with *idx pointing at them (valid until the next call or a change of
// the instance); -ENOMEM.
int evpn_rt_index_match(
	struct evpn_inst *in, const uint8_t *ecomm, size_t len, const uint32_t **idx);

void evpn_rt_index_free(struct evpn_inst *in);

#endif
