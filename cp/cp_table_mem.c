// SPDX-License-Identifier: BSD-3-Clause
// See cp_table_mem.h.
#include "cp/cp_table_mem.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define HUGE_PAGE (2u << 20)

void *cp_table_alloc(size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	size_t bytes = n * size;
	if (bytes < HUGE_PAGE) {
		void *p = malloc(bytes ? bytes : 1);
		if (p != NULL)
			memset(p, 0, bytes);
		return p;
	}
	// a whole number of huge pages, on a huge page boundary: map one more and
	// trim both ends
	size_t len = (bytes + HUGE_PAGE - 1) & ~(size_t)(HUGE_PAGE - 1);
	uint8_t *m = mmap(NULL, len + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		-1, 0);
	if (m == MAP_FAILED) {
		errno = ENOMEM;
		return NULL;
	}
	uint8_t *p = (uint8_t *)(((uintptr_t)m + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
	if (p > m)
		munmap(m, (size_t)(p - m));
	if (p + len < m + len + HUGE_PAGE)
		munmap(p + len, (size_t)(m + len + HUGE_PAGE - (p + len)));
	madvise(p, len, MADV_HUGEPAGE); // a hint: 4 KB pages when refused
	memset(p, 0, bytes); // written now: no zero page, no copy-on-write later
	return p;
}

void cp_table_free(void *p, size_t n, size_t size)
{
	size_t bytes = n * size;
	if (p == NULL)
		return;
	if (bytes < HUGE_PAGE) {
		free(p);
		return;
	}
	munmap(p, (bytes + HUGE_PAGE - 1) & ~(size_t)(HUGE_PAGE - 1));
}
