// SPDX-License-Identifier: BSD-3-Clause
// The shadow's id translation of one message: the next hops and route next hops it
// names, from the control process's ids to the dataplane's, and the id a new next hop
// or route next hop takes (the stale one with the same identity, or a free one).
#ifndef EVPND_SHADOW_XLATE_H
#define EVPND_SHADOW_XLATE_H

#include <stdbool.h>
#include <stdint.h>

#include "dp/dp_api.h"
#include "dp/ipc/shadow_ids.h"
#include "dp/ipc/shadow_table.h"

struct shadow {
	struct shadow_table t;
	struct shadow_ids nh, rnh;
	size_t stale; // records stale
};

// The ids m names but does not set (mac.nh, flood.nh, rnh.nh, rnh.members, route.rnh,
// label.nh) and the key of an NH_DEL or RNH_DEL. Unknown: -ENOENT, or 0 in a delete
// where the id is not the key (the writer ignores it); out of range: -EINVAL.
int shadow_xlate_refs(struct shadow *s, struct dp_msg *m);
// An NH_SET's or RNH_SET's own id, refs translated already: its dataplane id when the
// control process set it before, else a stale one with the same identity, else a free
// one (*taken true: the caller releases it if it cannot record the message).
// -EINVAL (0 or out of range), -ENOSPC.
int shadow_xlate_claim(struct shadow *s, struct dp_msg *m, bool *taken);
// The id space of a next hop's or route next hop's message (NULL for other types) and
// its own id there.
struct shadow_ids *shadow_ids_of(struct shadow *s, const struct dp_msg *m);
uint32_t shadow_own_id(const struct dp_msg *m);
// The hash of what makes two of them the same (a next hop: its encapsulation, remote,
// local and labels; a route next hop: all but its id), for the stale index.
uint32_t shadow_identity_hash(const struct dp_msg *m);

#endif
