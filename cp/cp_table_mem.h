// SPDX-License-Identifier: BSD-3-Clause
// Memory for the control plane's big hash tables (the index arrays of the
// EVPN RIB, the IPv4/IPv6 RIB and the MAC mobility table: tens of MB at a
// million routes, probed at random). Two things plain calloc gets wrong there:
// - 4 KB pages: every probe is a TLB miss, and a page walk under a hypervisor
//   costs several memory accesses. Arrays of 2 MB and more are mapped with
//   transparent huge pages asked for (MADV_HUGEPAGE; the system default on
//   Debian is "madvise").
// - calloc's fresh pages are the zero page until written, and the first write
//   after a read (probing an empty table) is a copy-on-write fault with a TLB
//   shootdown IPI to every CPU the process runs on, the busy-polling workers
//   included. The memory is written once here instead.
#ifndef EVPND_CP_TABLE_MEM_H
#define EVPND_CP_TABLE_MEM_H

#include <stddef.h>

// Zeroed memory of n * size bytes, or NULL (errno ENOMEM).
void *cp_table_alloc(size_t n, size_t size);
// Frees what cp_table_alloc(n, size) returned (the same n and size).
void cp_table_free(void *p, size_t n, size_t size);

#endif
