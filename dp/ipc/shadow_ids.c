// SPDX-License-Identifier: BSD-3-Clause
// An id space the shadow translates (see shadow_ids.h).
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dp/ipc/shadow_ids.h"

enum {
	ID_FREE = 0,
	ID_TAKEN,
	ID_STALE, // taken, and in the stale index (not claimed by the new control process)
};

int shadow_ids_init(struct shadow_ids *ids, uint32_t max)
{
	memset(ids, 0, sizeof(*ids));
	ids->max = max;
	ids->to_dp = calloc(max, sizeof(uint32_t));
	ids->to_cp = calloc(max, sizeof(uint32_t));
	ids->state = calloc(max, sizeof(uint8_t));
	ids->hash = calloc(max, sizeof(uint32_t));
	ids->next = calloc(max, sizeof(uint32_t));
	ids->head = calloc(max, sizeof(uint32_t));
	ids->cursor = 1;
	if (!ids->to_dp || !ids->to_cp || !ids->state || !ids->hash || !ids->next || !ids->head) {
		shadow_ids_fini(ids);
		return -ENOMEM;
	}
	return 0;
}

void shadow_ids_fini(struct shadow_ids *ids)
{
	free(ids->to_dp);
	free(ids->to_cp);
	free(ids->state);
	free(ids->hash);
	free(ids->next);
	free(ids->head);
	memset(ids, 0, sizeof(*ids));
}

void shadow_ids_forget(struct shadow_ids *ids)
{
	memset(ids->to_dp, 0, ids->max * sizeof(uint32_t));
	memset(ids->to_cp, 0, ids->max * sizeof(uint32_t));
	memset(ids->head, 0, ids->max * sizeof(uint32_t));
	for (uint32_t dp = 1; dp < ids->max; dp++)
		if (ids->state[dp] == ID_STALE)
			ids->state[dp] = ID_TAKEN;
}

void shadow_ids_stale(struct shadow_ids *ids, uint32_t dp, uint32_t hash)
{
	uint32_t *head = &ids->head[hash % ids->max];

	ids->state[dp] = ID_STALE;
	ids->hash[dp] = hash;
	ids->next[dp] = *head;
	*head = dp;
}

// The stale index's chain from dp on, to the first of that hash.
static uint32_t same_hash(const struct shadow_ids *ids, uint32_t dp, uint32_t hash)
{
	while (dp != 0 && ids->hash[dp] != hash)
		dp = ids->next[dp];
	return dp;
}

uint32_t shadow_ids_first(const struct shadow_ids *ids, uint32_t hash)
{
	return same_hash(ids, ids->head[hash % ids->max], hash);
}

uint32_t shadow_ids_next(const struct shadow_ids *ids, uint32_t dp)
{
	return same_hash(ids, ids->next[dp], ids->hash[dp]);
}

static void unindex(struct shadow_ids *ids, uint32_t dp)
{
	uint32_t *p = &ids->head[ids->hash[dp] % ids->max];

	if (ids->state[dp] != ID_STALE)
		return;
	while (*p != dp)
		p = &ids->next[*p];
	*p = ids->next[dp];
	ids->state[dp] = ID_TAKEN;
}

uint32_t shadow_ids_alloc(struct shadow_ids *ids, uint32_t cp)
{
	if (cp > 0 && cp < ids->max && ids->state[cp] == ID_FREE)
		return cp;
	for (uint32_t n = 1; n < ids->max; n++) {
		uint32_t dp = ids->cursor;

		ids->cursor = dp + 1 < ids->max ? dp + 1 : 1;
		if (ids->state[dp] == ID_FREE)
			return dp;
	}
	return 0;
}

void shadow_ids_claim(struct shadow_ids *ids, uint32_t cp, uint32_t dp)
{
	unindex(ids, dp);
	ids->state[dp] = ID_TAKEN;
	ids->to_dp[cp] = dp;
	ids->to_cp[dp] = cp;
}

void shadow_ids_release(struct shadow_ids *ids, uint32_t dp)
{
	unindex(ids, dp);
	ids->state[dp] = ID_FREE;
	ids->to_dp[ids->to_cp[dp]] = 0; // to_cp 0: to_dp[0], which is never read, stays 0
	ids->to_cp[dp] = 0;
}

uint32_t shadow_ids_dp(const struct shadow_ids *ids, uint32_t cp)
{
	return cp < ids->max ? ids->to_dp[cp] : 0;
}

uint32_t shadow_ids_cp(const struct shadow_ids *ids, uint32_t dp)
{
	return dp < ids->max ? ids->to_cp[dp] : 0;
}

size_t shadow_ids_memory(const struct shadow_ids *ids)
{
	return (size_t)ids->max * (5 * sizeof(uint32_t) + sizeof(uint8_t));
}
