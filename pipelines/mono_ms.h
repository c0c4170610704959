// SPDX-License-Identifier: BSD-3-Clause
// The processes' clock: CLOCK_MONOTONIC in milliseconds (timers, back-offs, logs of
// durations), as the control plane's timers count.
#ifndef EVPND_MONO_MS_H
#define EVPND_MONO_MS_H

#include <stdint.h>
#include <time.h>

static inline uint64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

#endif
