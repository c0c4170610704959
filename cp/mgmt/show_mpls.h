// SPDX-License-Identifier: BSD-3-Clause
#ifndef EVPND_SHOW_MPLS_H
#define EVPND_SHOW_MPLS_H

int show_mpls_register(void);

#endif
