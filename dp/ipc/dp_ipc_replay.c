// SPDX-License-Identifier: BSD-3-Clause
// The replay cache: the last NEIGH notification per (port, address) and the last
// MAC_IP per (bridge domain, address), in an open-addressing table that only grows
// (entries are overwritten, never removed: a MAC_IP whose MAC is no longer local is
// skipped at replay time instead).
#include "dp/ipc/dp_ipc_replay.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct slot {
	struct dp_notify n; // type 0: free
};

static struct {
	struct slot *slots;
	size_t size, used; // size: a power of two
} rc;

static bool same_key(const struct dp_notify *a, const struct dp_notify *b)
{
	return a->type == b->type && a->ip.family == b->ip.family &&
	       (a->type == DP_NOTIFY_NEIGH ? a->port == b->port : a->bd == b->bd) &&
	       memcmp(a->ip.bytes, b->ip.bytes, a->ip.family == AF_INET ? 4 : 16) == 0;
}

static size_t key_hash(const struct dp_notify *n)
{
	uint64_t h = 1469598103934665603ull ^ n->type ^ (uint64_t)n->port << 8 ^ (uint64_t)n->bd << 24;
	for (unsigned i = 0; i < 16; i++)
		h = (h ^ n->ip.bytes[i]) * 1099511628211ull;
	return (size_t)h;
}

static struct slot *find(struct slot *slots, size_t size, const struct dp_notify *n)
{
	for (size_t i = key_hash(n) & (size - 1);; i = (i + 1) & (size - 1))
		if (slots[i].n.type == 0 || same_key(&slots[i].n, n))
			return &slots[i];
}

static int grow(void)
{
	size_t size = rc.size ? rc.size * 2 : 256;
	struct slot *s = calloc(size, sizeof(*s));

	if (s == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < rc.size; i++)
		if (rc.slots[i].n.type != 0)
			*find(s, size, &rc.slots[i].n) = rc.slots[i];
	free(rc.slots);
	rc.slots = s;
	rc.size = size;
	return 0;
}

int dp_ipc_replay_note(const struct dp_notify *n)
{
	struct slot *s;

	if (n->type != DP_NOTIFY_NEIGH && n->type != DP_NOTIFY_MAC_IP)
		return 0;
	if ((rc.used + 1) * 4 > rc.size * 3 && grow() < 0)
		return -ENOMEM;
	s = find(rc.slots, rc.size, n);
	if (s->n.type == 0)
		rc.used++;
	s->n = *n;
	return 0;
}

struct link_replay {
	void (*emit)(const struct dp_notify *, void *);
	void *arg;
	unsigned n;
};

static int port_down(const struct dp_port_info *p, void *arg)
{
	struct link_replay *l = arg;
	if (p->role != 0 && !p->link_up) {
		l->emit(&(struct dp_notify){.type = DP_NOTIFY_PORT_LINK, .port = p->port}, l->arg);
		l->n++;
	}
	return 0;
}

static bool mac_is_local(uint16_t bd, const uint8_t mac[6])
{
	struct dp_mac_info m;
	return dp_mac_get(bd, mac, &m) == 0 &&
	       (m.kind == DP_MAC_LOCAL || m.kind == DP_MAC_LOCAL_STATIC);
}

// A learned MAC, told again as it was learned: the control process advertises it
// before it hears the MAC's IPs.
static int mac_learned(const struct dp_mac_info *m, void *arg)
{
	struct link_replay *l = arg;
	struct dp_notify n = {.type = DP_NOTIFY_MAC_LEARNED, .port = m->port, .bd = m->bd,
		.vlan = m->vlan};

	if (m->kind != DP_MAC_LOCAL)
		return 0;
	memcpy(n.mac, m->mac, 6);
	l->emit(&n, l->arg);
	l->n++;
	return 0;
}

unsigned dp_ipc_replay(void (*emit)(const struct dp_notify *n, void *arg), void *arg)
{
	struct link_replay l = {.emit = emit, .arg = arg};

	dp_port_walk(port_down, &l);
	dp_mac_walk(0, mac_learned, &l);
	for (size_t i = 0; i < rc.size; i++) {
		const struct dp_notify *n = &rc.slots[i].n;
		if (n->type == DP_NOTIFY_NEIGH ||
			(n->type == DP_NOTIFY_MAC_IP && mac_is_local(n->bd, n->mac))) {
			emit(n, arg);
			l.n++;
		}
	}
	return l.n;
}

void dp_ipc_replay_fini(void)
{
	free(rc.slots);
	memset(&rc, 0, sizeof(rc));
}
