// SPDX-License-Identifier: BSD-3-Clause
// STUB until the shadow module lands (pass-through, no mark and sweep).
#ifndef EVPND_DP_IPC_SHADOW_H
#define EVPND_DP_IPC_SHADOW_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "dp/dp_api.h"
int dp_ipc_shadow_init(void);
void dp_ipc_shadow_fini(void);
void dp_ipc_shadow_mark(void);
bool dp_ipc_shadow_has_state(void);
int dp_ipc_shadow_msg(const struct dp_msg *in, struct dp_msg *out);
unsigned dp_ipc_shadow_sweep(int (*emit)(const struct dp_msg *del, void *arg), void *arg);
size_t dp_ipc_shadow_stale(void);
size_t dp_ipc_shadow_count(void);
uint32_t dp_ipc_shadow_nh_to_cp(uint32_t dp_nh);
uint32_t dp_ipc_shadow_nh_to_dp(uint32_t cp_nh);
#endif
