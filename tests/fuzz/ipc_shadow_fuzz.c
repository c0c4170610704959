// SPDX-License-Identifier: BSD-3-Clause
// libFuzzer target for the forwarding process's shadow of the control process's
// messages (dp/ipc/dp_ipc_shadow.c): what a control process sends over the wire
// (evpnd --split), in any order, with restarts (mark) and re-syncs (sweep) between.
// An input is a list of 5-octet steps: op, a, b, c, flags. op 0xf0 marks (a control
// process connects), 0xf1 sweeps; any other op is a message of type op % 27 whose
// fields come from a, b, c and flags, kept small so that messages refer to each other
// (bridge domains 1-4, next hops and route next hops 1-8, ports 0-3). Oracles beyond
// the sanitizers: a message given to the writer has dataplane ids in range; after a
// sweep nothing is stale; the record count never exceeds the messages taken; a sweep
// emits only deletes. Build and run with tests/fuzz/run_ipc.sh N.
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "dp/ipc/dp_ipc_shadow.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct dp_ip ip_of(uint8_t c, uint8_t flags)
{
	struct dp_ip ip = {.family = flags & 0x40 ? AF_INET6 : AF_INET};

	if (ip.family == AF_INET)
		ip.v4.s_addr = htonl(0x0a000000u | c);
	else {
		ip.bytes[0] = 0xfd;
		ip.bytes[15] = c;
	}
	return ip;
}

static struct dp_msg build(const uint8_t s[5])
{
	struct dp_msg m;
	uint8_t a = s[1], b = s[2], c = s[3], f = s[4];
	uint8_t mac[6] = {2, 0, 0, 0, (uint8_t)(f & 3), c};

	memset(&m, 0, sizeof(m));
	m.type = (uint16_t)(s[0] % 27);
	m.cookie = c;
	switch (m.type) {
	case DP_MSG_VTEP_ADDR: m.vtep.ip = ip_of(c, f); break;
	case DP_MSG_UNDERLAY_ADDR:
		m.uaddr = (struct dp_msg_underlay_addr){.port = a % 4, .prefix_len = 24, .ip = ip_of(c, f)};
		break;
	case DP_MSG_BD_SET:
	case DP_MSG_BD_DEL:
		m.bd = (struct dp_msg_bd){.bd = 1 + a % 4, .vni = 100 + b % 4, .learning = f & 1,
			.has_gw = f & 2, .vrf = c % 3};
		break;
	case DP_MSG_MEMBER_ADD:
	case DP_MSG_MEMBER_DEL:
		m.member = (struct dp_msg_member){.bd = 1 + a % 4, .port = b % 4, .vlan = c % 3};
		break;
	case DP_MSG_NH_SET:
	case DP_MSG_NH_DEL:
		m.nh = (struct dp_msg_nh){.nh = 1 + a % 8, .encap = f % 4, .resolved = f & 4,
			.port = b % 4, .remote = ip_of(c, f), .local = ip_of(1, f),
			.n_labels = (uint8_t)(f >> 4) % 3, .labels = {16 + b, 17 + c}};
		memcpy(m.nh.dst_mac, mac, 6);
		break;
	case DP_MSG_FLOOD_ADD:
	case DP_MSG_FLOOD_DEL:
		m.flood = (struct dp_msg_flood){.bd = 1 + a % 4, .nh = 1 + b % 8, .vni = c};
		break;
	case DP_MSG_MAC_ADD:
	case DP_MSG_MAC_DEL:
	case DP_MSG_MAC_FLUSH:
		m.mac = (struct dp_msg_mac){.bd = 1 + a % 4, .kind = f % 3, .pinned = f & 8,
			.port = b % 4, .nh = 1 + b % 8, .vni = c};
		memcpy(m.mac.mac, mac, 6);
		break;
	case DP_MSG_NEIGH_ADD:
	case DP_MSG_NEIGH_DEL:
		m.neigh = (struct dp_msg_neigh){.bd = 1 + a % 4, .router = f & 1, .gateway = f & 2,
			.ip = ip_of(c, f)};
		memcpy(m.neigh.mac, mac, 6);
		break;
	case DP_MSG_NEIGH_SOLICIT:
		m.solicit = (struct dp_msg_solicit){.port = a % 4, .target = ip_of(c, f)};
		break;
	case DP_MSG_RNH_SET:
	case DP_MSG_RNH_DEL:
		m.rnh = (struct dp_msg_rnh){.id = 1 + a % 8, .kind = 1 + f % 6, .bd = 1 + b % 4,
			.via = ip_of(c, f), .nh = 1 + b % 8, .vni = 5000, .n_members = 2 + c % 3,
			.members = {1 + b % 8, 1 + c % 8, 1 + (b ^ c) % 8}};
		memcpy(m.rnh.mac, mac, 6);
		break;
	case DP_MSG_ROUTE_ADD:
	case DP_MSG_ROUTE_DEL:
		m.route = (struct dp_msg_route){.vrf = a % 3, .len = 24, .prefix = ip_of(c, f),
			.rnh = 1 + b % 8};
		break;
	case DP_MSG_L3VNI_SET:
	case DP_MSG_L3VNI_DEL:
		m.l3vni = (struct dp_msg_l3vni){.vrf = a % 3, .vni = 5000 + b % 3};
		memcpy(m.l3vni.router_mac, mac, 6);
		break;
	case DP_MSG_LABEL_SET:
	case DP_MSG_LABEL_DEL:
		m.label = (struct dp_msg_label){.label = 16 + c, .action = 1 + f % 5,
			.control_word = f & 8, .bd = 1 + a % 4, .vrf = a % 3, .out_label = 100 + b,
			.nh = 1 + b % 8};
		break;
	default:
		break;
	}
	return m;
}

static bool is_del(uint16_t type)
{
	switch (type) {
	case DP_MSG_BD_DEL: case DP_MSG_MEMBER_DEL: case DP_MSG_NH_DEL: case DP_MSG_FLOOD_DEL:
	case DP_MSG_MAC_DEL: case DP_MSG_NEIGH_DEL: case DP_MSG_RNH_DEL: case DP_MSG_ROUTE_DEL:
	case DP_MSG_L3VNI_DEL: case DP_MSG_LABEL_DEL:
		return true;
	default:
		return false;
	}
}

static void check_ids(const struct dp_msg *m)
{
	uint32_t nh = 0, rnh = 0;

	switch (m->type) {
	case DP_MSG_NH_SET: nh = m->nh.nh; break;
	case DP_MSG_FLOOD_ADD: nh = m->flood.nh; break;
	case DP_MSG_RNH_SET:
		rnh = m->rnh.id;
		for (unsigned i = 0; m->rnh.kind == DP_RNH_ECMP && i < m->rnh.n_members; i++)
			if (m->rnh.members[i] == 0 || m->rnh.members[i] >= DP_MAX_RNH)
				abort();
		break;
	case DP_MSG_ROUTE_ADD: rnh = m->route.rnh; break;
	default: return;
	}
	if (nh >= DP_MAX_NEXTHOPS || rnh >= DP_MAX_RNH)
		abort();
	if ((m->type == DP_MSG_NH_SET || m->type == DP_MSG_FLOOD_ADD) && nh == 0)
		abort();
}

static int sweep_emit(const struct dp_msg *del, void *arg)
{
	(void)arg;
	if (!is_del(del->type))
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t taken = 0;

	if (dp_ipc_shadow_init() < 0)
		return 0;
	for (size_t i = 0; i + 5 <= size; i += 5) {
		struct dp_msg m, out;
		if (data[i] == 0xf0) {
			dp_ipc_shadow_mark();
			continue;
		}
		if (data[i] == 0xf1) {
			dp_ipc_shadow_sweep(sweep_emit, NULL);
			if (dp_ipc_shadow_stale() != 0)
				abort();
			continue;
		}
		m = build(data + i);
		taken++;
		if (dp_ipc_shadow_msg(&m, &out) == 1)
			check_ids(&out);
		if (dp_ipc_shadow_count() > taken || dp_ipc_shadow_stale() > dp_ipc_shadow_count())
			abort();
	}
	dp_ipc_shadow_fini();
	return 0;
}
