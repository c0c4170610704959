// SPDX-License-Identifier: BSD-3-Clause
#ifndef EVPND_SHOW_PROCESS_H
#define EVPND_SHOW_PROCESS_H
int show_process_register(void);
#endif
