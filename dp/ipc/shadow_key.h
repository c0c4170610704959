// SPDX-License-Identifier: BSD-3-Clause
// What the shadow makes of each message type: the object it sets or deletes, that
// object's key (which fields tell one object from another) and its delete message.
#ifndef EVPND_SHADOW_KEY_H
#define EVPND_SHADOW_KEY_H

#include <stdbool.h>
#include <stdint.h>

#include "dp/dp_api.h"

enum shadow_obj {
	SHADOW_OBJ_NONE = 0, // passed through, not recorded
	SHADOW_OBJ_VTEP,
	SHADOW_OBJ_UADDR,
	SHADOW_OBJ_BD,
	SHADOW_OBJ_MEMBER,
	SHADOW_OBJ_NH,
	SHADOW_OBJ_FLOOD,
	SHADOW_OBJ_MAC,
	SHADOW_OBJ_NEIGH,
	SHADOW_OBJ_RNH,
	SHADOW_OBJ_ROUTE,
	SHADOW_OBJ_L3VNI,
	SHADOW_OBJ_LABEL,
};

struct shadow_type {
	uint8_t obj;  // enum shadow_obj
	uint8_t size; // of the message's union member
	uint8_t del;  // the type that deletes the object (DP_MSG_NONE: there is none)
	bool is_del;
	bool always; // applied even when identical: the dataplane changes it on its own
};

// The type's description, or NULL for a type that does not exist.
const struct shadow_type *shadow_type(uint16_t type);

// An object's identity: its kind and key fields, zero-padded, so that memcmp compares.
union shadow_key {
	struct {
		uint8_t obj;
		uint8_t b[23];
	};
	uint64_t w[3];
};

// The key of a recorded type's message.
void shadow_key_make(const struct dp_msg *m, union shadow_key *k);
uint32_t shadow_key_hash(const union shadow_key *k);
// Any bytes' hash (the identity of a next hop).
uint32_t shadow_hash_bytes(const void *p, size_t n);

#endif
