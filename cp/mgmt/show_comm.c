// SPDX-License-Identifier: BSD-3-Clause
// See show_comm.h. The well-known names and their JSON spellings are FRR 8.4's.
#include "cp/mgmt/show_comm.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "cp/bgp/bgp_attr.h"

struct well_known {
	uint32_t value;
	const char *text;
	const char *json;
};

static const struct well_known well_known[] = {
	{0x00000000, "internet", "internet"},
	{0xffff0000, "graceful-shutdown", "gracefulShutdown"},
	{0xffff0001, "accept-own", "acceptown"},
	{0xffff0002, "route-filter-translated-v4", "routeFilterTranslatedV4"},
	{0xffff0003, "route-filter-v4", "routeFilterV4"},
	{0xffff0004, "route-filter-translated-v6", "routeFilterTranslatedV6"},
	{0xffff0005, "route-filter-v6", "routeFilterV6"},
	{0xffff0006, "llgr-stale", "llgrStale"},
	{0xffff0007, "no-llgr", "noLlgr"},
	{0xffff0008, "accept-own-nexthop", "acceptownnexthop"},
	{0xffff029a, "blackhole", "blackhole"},
	{0xffffff01, "no-export", "noExport"},
	{0xffffff02, "no-advertise", "noAdvertise"},
	{0xffffff03, "local-AS", "localAs"},
	{0xffffff04, "no-peer", "noPeer"},
};

static const struct well_known *well_known_find(uint32_t c)
{
	for (size_t i = 0; i < sizeof(well_known) / sizeof(well_known[0]); i++)
		if (well_known[i].value == c)
			return &well_known[i];
	return NULL;
}

#define COMM_TEXT_MAX 28  // "route-filter-translated-v4 "
#define LARGE_TEXT_MAX 34 // "4294967295:4294967295:4294967295 "

// One community: its name (text or JSON spelling) or "AS:value".
static const char *comm_one(struct bgp_bytes list, unsigned i, bool json, char *buf)
{
	uint32_t c = bgp_community_at(list, i);
	const struct well_known *k = well_known_find(c);

	if (k != NULL)
		return json ? k->json : k->text;
	snprintf(buf, COMM_TEXT_MAX, "%u:%u", c >> 16, c & 0xffff);
	return buf;
}

static const char *large_one(struct bgp_bytes list, unsigned i, bool json, char *buf)
{
	struct bgp_large_comm l = bgp_large_comm_at(list, i);

	(void)json;
	snprintf(buf, LARGE_TEXT_MAX, "%u:%u:%u", l.global, l.local1, l.local2);
	return buf;
}

typedef const char *one_fn(struct bgp_bytes list, unsigned i, bool json, char *buf);

// The n elements separated by blanks, each at most max - 1 characters.
static char *list_str(struct bgp_bytes list, unsigned n, size_t max, one_fn *one)
{
	char *s = malloc((size_t)n * max + 1), one_buf[LARGE_TEXT_MAX];
	size_t off = 0;

	if (s == NULL)
		return NULL;
	s[0] = '\0';
	for (unsigned i = 0; i < n; i++)
		off += (size_t)sprintf(
			s + off, "%s%s", i > 0 ? " " : "", one(list, i, false, one_buf));
	return s;
}

static void list_json(struct json_writer *w, const char *key, struct bgp_bytes list, unsigned n,
	size_t max, one_fn *one)
{
	char *s, one_buf[LARGE_TEXT_MAX];

	if (n == 0)
		return;
	s = list_str(list, n, max, one);
	json_key(w, key);
	json_obj_begin(w);
	json_kv_str(w, "string", s != NULL ? s : "");
	json_key(w, "list");
	json_arr_begin(w);
	for (unsigned i = 0; i < n; i++)
		json_str(w, one(list, i, true, one_buf));
	json_arr_end(w);
	json_obj_end(w);
	free(s);
}

char *show_comm_str(struct bgp_bytes list)
{
	return list_str(list, list.len / 4u, COMM_TEXT_MAX, comm_one);
}

char *show_large_str(struct bgp_bytes list)
{
	return list_str(list, list.len / 12u, LARGE_TEXT_MAX, large_one);
}

void show_comm_json(struct json_writer *w, struct bgp_bytes list)
{
	list_json(w, "community", list, list.len / 4u, COMM_TEXT_MAX, comm_one);
}

void show_large_json(struct json_writer *w, struct bgp_bytes list)
{
	list_json(w, "largeCommunity", list, list.len / 12u, LARGE_TEXT_MAX, large_one);
}
