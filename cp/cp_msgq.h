// SPDX-License-Identifier: BSD-3-Clause
// The control plane's way to send dataplane messages: in order, never lost. When the
// ring to the table writer is full (a million routes at once), messages wait in a
// backlog here and go as the writer drains the ring (explicit backpressure).
#ifndef EVPND_CP_MSGQ_H
#define EVPND_CP_MSGQ_H

#include <stddef.h>

#include "dp/dp_api.h"

// Queues one message; 0, or -ENOMEM if the backlog cannot grow (then it is lost).
int cp_send(const struct dp_msg *m);
// Moves what fits from the backlog to the ring; returns how many went.
unsigned cp_send_flush(void);
size_t cp_send_backlog(void);
void cp_send_fini(void);

#endif
