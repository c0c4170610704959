// SPDX-License-Identifier: BSD-3-Clause
// The registered address families (bgp_family.h): one table per family index.
#include "cp/bgp/bgp_family.h"

#include <errno.h>

const struct bgp_family *bgp_families[BGP_AF_MAX] = {
	[BGP_AF_IPV4_UNICAST] = &bgp_family_ipv4_unicast,
	[BGP_AF_IPV6_UNICAST] = &bgp_family_ipv6_unicast,
};

int bgp_family_register(const struct bgp_family *f)
{
	if (f == NULL || (unsigned)f->af >= BGP_AF_MAX || f->key == NULL)
		return -EINVAL;
	if (bgp_families[f->af] != NULL && bgp_families[f->af] != f)
		return -EEXIST;
	bgp_families[f->af] = f;
	return 0;
}

void bgp_family_unregister(enum bgp_af af)
{
	if ((unsigned)af < BGP_AF_MAX)
		bgp_families[af] = NULL;
}
