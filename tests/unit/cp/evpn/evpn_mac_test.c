// SPDX-License-Identifier: BSD-3-Clause
// cp/evpn/evpn_mac.c: sequences of dataplane and BGP events, and the outputs
// they must (and must not) produce: RFC 7432 section 15 mobility with FRR's
// tie-breaks, sticky MACs, zebra's duplicate detection and freezing, and the
// MAC move FRR made in the lab (mac-move-bgp.pcap).
#include "evpn_test.h"

#include "cp/evpn/evpn_ecomm.h"
#include "cp/evpn/evpn_mac.h"
#include "cp/evpn/evpn_nlri.h"

#include <arpa/inet.h>
#include <errno.h>

enum { EV_INSTALL = 1, EV_REMOVE, EV_ADV, EV_WITHDRAW };

struct ev {
	int kind;
	uint32_t vni;
	uint8_t mac[6];
	uint32_t seq;
	bool sticky;
	bool pinned; // EV_INSTALL: the dataplane must not move it to a local sighting
	struct dp_ip vtep;
	uint32_t dvni;
};

static struct ev evs[64];
static unsigned n_evs;

static void record(int kind, uint32_t vni, const uint8_t *mac)
{
	assert_true(n_evs < 64);
	memset(&evs[n_evs], 0, sizeof(evs[0]));
	evs[n_evs].kind = kind;
	evs[n_evs].vni = vni;
	memcpy(evs[n_evs].mac, mac, 6);
	n_evs++;
}

// What the dataplane holds per MAC, as the callbacks tell it: checks that
// every remove, forget and replace names the VTEP of the programmed entry
// (evpn_dp keeps only a count of MACs per VTEP and trusts that).
#define MODEL_MACS 8
static struct {
	bool on;
	bool programmed[MODEL_MACS];
	struct dp_ip vtep[MODEL_MACS];
	int fail_install; // install_remote returns this (0: success)
	unsigned forgets;
	struct dp_ip last_forget;
} dp;

static unsigned model_slot(const uint8_t *mac)
{
	assert_true(mac[5] < MODEL_MACS);
	return mac[5];
}

static int on_install(void *arg, uint32_t vni, const uint8_t mac[6],
	const struct evpn_mac_path *p, bool pinned, const struct dp_ip *replaces)
{
	(void)arg;
	record(EV_INSTALL, vni, mac);
	evs[n_evs - 1].vtep = p->vtep;
	evs[n_evs - 1].sticky = p->sticky;
	evs[n_evs - 1].pinned = pinned;
	evs[n_evs - 1].dvni = p->vni;
	if (dp.on) {
		unsigned i = model_slot(mac);
		assert_int_equal(dp.programmed[i], replaces != NULL);
		if (replaces != NULL)
			assert_memory_equal(&dp.vtep[i], replaces, sizeof(*replaces));
		dp.programmed[i] = dp.fail_install == 0;
		dp.vtep[i] = p->vtep;
	}
	return dp.fail_install;
}

static void on_remove(void *arg, uint32_t vni, const uint8_t mac[6], const struct dp_ip *vtep)
{
	(void)arg;
	record(EV_REMOVE, vni, mac);
	if (dp.on) {
		unsigned i = model_slot(mac);
		assert_true(dp.programmed[i]);
		assert_memory_equal(&dp.vtep[i], vtep, sizeof(*vtep));
		dp.programmed[i] = false;
	}
}

// Not recorded in evs: the dataplane acted by itself.
static void on_forget(void *arg, uint32_t vni, const uint8_t mac[6], const struct dp_ip *vtep)
{
	(void)arg;
	(void)vni;
	dp.forgets++;
	dp.last_forget = *vtep;
	if (dp.on) {
		unsigned i = model_slot(mac);
		assert_true(dp.programmed[i]);
		assert_memory_equal(&dp.vtep[i], vtep, sizeof(*vtep));
		dp.programmed[i] = false;
	}
}

static void on_adv(void *arg, uint32_t vni, const uint8_t mac[6], uint32_t seq, bool sticky)
{
	(void)arg;
	record(EV_ADV, vni, mac);
	evs[n_evs - 1].seq = seq;
	evs[n_evs - 1].sticky = sticky;
}

static void on_withdraw(void *arg, uint32_t vni, const uint8_t mac[6])
{
	(void)arg;
	record(EV_WITHDRAW, vni, mac);
}

static const struct evpn_mac_ops ops = {on_install, on_remove, on_forget, on_adv, on_withdraw};
static const uint8_t M1[6] = {0x02, 0, 0, 0x01, 0, 0x01};
static const uint8_t M2[6] = {0x02, 0, 0, 0x01, 0, 0x02};

static struct dp_ip v4(const char *s)
{
	struct dp_ip ip = {.family = AF_INET};
	assert_int_equal(inet_pton(AF_INET, s, &ip.v4), 1);
	return ip;
}

static struct evpn_mac_path path(const char *vtep, uint32_t seq, bool sticky)
{
	return (struct evpn_mac_path){.vtep = v4(vtep), .seq = seq, .sticky = sticky, .vni = 100};
}

static struct evpn_mac_table *table(const char *local_vtep)
{
	struct evpn_mac_cfg cfg;
	evpn_mac_cfg_default(&cfg);
	cfg.local_vtep = v4(local_vtep);
	n_evs = 0;
	memset(&dp, 0, sizeof(dp));
	struct evpn_mac_table *t = evpn_mac_table_new(&cfg, &ops, NULL);
	assert_non_null(t);
	return t;
}

static void expect_none(void)
{
	assert_int_equal(n_evs, 0);
}

static void expect_adv(unsigned i, uint32_t seq, bool sticky)
{
	assert_true(i < n_evs);
	assert_int_equal(evs[i].kind, EV_ADV);
	assert_int_equal(evs[i].seq, seq);
	assert_int_equal(evs[i].sticky, sticky);
}

static void expect_install(unsigned i, const char *vtep)
{
	struct dp_ip want = v4(vtep);
	assert_true(i < n_evs);
	assert_int_equal(evs[i].kind, EV_INSTALL);
	assert_memory_equal(&evs[i].vtep.v4, &want.v4, 4);
}

static void expect_kind(unsigned i, int kind)
{
	assert_true(i < n_evs);
	assert_int_equal(evs[i].kind, kind);
}

static void local_lifecycle(void **state)
{
	(void)state;
	struct evpn_mac_table *t = table("198.51.100.1");
	struct evpn_mac_info info;

	assert_int_equal(evpn_mac_local_learn(t, 100, M1, 3, 0, false, 1000), 0);
	assert_int_equal(n_evs, 1);
	expect_adv(0, 0, false);
	n_evs = 0;
	// A move between local ports changes nothing in BGP.
	assert_int_equal(evpn_mac_local_learn(t, 100, M1, 4, 0, false, 2000), 0);
	expect_none();
	assert_int_equal(evpn_mac_get(t, 100, M1, &info), 0);
	assert_true(info.local);
	assert_int_equal(info.port, 4);
	assert_true(info.advertised);
	assert_int_equal(evpn_mac_local_age(t, 100, M1, 3000), 0);
	assert_int_equal(n_evs, 1);
	expect_kind(0, EV_WITHDRAW);
	assert_int_equal(evpn_mac_count(t), 0);
	assert_int_equal(evpn_mac_get(t, 100, M1, &info), -ENOENT);
	assert_int_equal(evpn_mac_local_age(t, 100, M1, 3000), -ENOENT);
	// Re-learned after aging: the sequence starts again at 0 (FRR's silent host).
	n_evs = 0;
	evpn_mac_local_learn(t, 100, M1, 3, 0, false, 4000);
	expect_adv(0, 0, false);
	evpn_mac_table_free(t);
}

// The lab's move of h1 (02:00:00:01:00:01) from vtep2 to vtep1, seen from
// both VTEPs, with the routes taken from mac-move-bgp.pcap.
static void frr_mac_move(void **state)
{
	(void)state;
	size_t l4, l6;
	uint8_t *w = evpn_fixture("move_f4_m0.bin", &l4); // vtep2 withdraws
	uint8_t *a = evpn_fixture("move_f6_m0.bin", &l6); // vtep1 advertises MM:1
	struct evpn_test_update uw, ua;
	struct evpn_nlri_iter it;
	struct evpn_route rw, ra;
	struct evpn_ecomm_info ec;

	evpn_test_parse(w, l4, &uw);
	evpn_test_parse(a, l6, &ua);
	evpn_nlri_iter_init(&it, uw.unreach, uw.unreach_len, false);
	assert_int_equal(evpn_nlri_next(&it, &rw), 1);
	evpn_nlri_iter_init(&it, ua.reach, ua.reach_len, false);
	assert_int_equal(evpn_nlri_next(&it, &ra), 1);
	evpn_ecomm_scan(ua.ecomm, ua.ecomm_len, &ec);
	assert_memory_equal(rw.mac, M1, 6);
	assert_memory_equal(ra.mac, M1, 6);
	assert_int_equal(ec.mm_seq, 1);

	// vtep1: h1 was behind vtep2 (its route had no MAC mobility: sequence 0).
	struct evpn_mac_table *t = table("198.51.100.1");
	struct evpn_mac_path p2 = {.vtep = v4("198.51.100.2"), .vni = evpn_label_to_vni(100)};
	evpn_mac_remote_add(t, 100, rw.mac, &p2, 0);
	assert_int_equal(n_evs, 1);
	expect_install(0, "198.51.100.2");
	assert_int_equal(evs[0].dvni, 100);
	n_evs = 0;
	// h1 shows up on an access port: advertised with sequence 0 + 1, what FRR sent;
	// the dataplane's local entry replaced the remote one: released, not removed.
	evpn_mac_local_learn(t, 100, ra.mac, 1, 0, false, 1165);
	assert_int_equal(n_evs, 1);
	expect_adv(0, ec.mm_seq, ec.sticky);
	assert_int_equal(dp.forgets, 1);
	assert_memory_equal(&dp.last_forget, &p2.vtep, sizeof(p2.vtep));
	n_evs = 0;
	// vtep2's withdraw changes nothing here.
	evpn_mac_remote_del(t, 100, rw.mac, &p2.vtep, 1191);
	expect_none();
	evpn_mac_table_free(t);

	// vtep2: h1 was local (sequence 0); vtep1's MM:1 route makes it yield:
	// withdraw (the capture's frame 4) and program the MAC behind vtep1.
	t = table("198.51.100.2");
	evpn_mac_local_learn(t, 100, M1, 1, 0, false, 0);
	expect_adv(0, 0, false);
	n_evs = 0;
	struct dp_ip nh1 = {.family = AF_INET};
	memcpy(&nh1.v4, ua.reach_nh, 4);
	struct evpn_mac_path p1 = {.vtep = nh1,
		.seq = ec.mm_seq,
		.sticky = ec.sticky,
		.vni = evpn_label_to_vni(ra.label[0])};
	evpn_mac_remote_add(t, 100, ra.mac, &p1, 1191);
	assert_int_equal(n_evs, 2);
	expect_kind(0, EV_WITHDRAW);
	expect_install(1, "198.51.100.1");
	struct evpn_mac_info info;
	evpn_mac_get(t, 100, M1, &info);
	assert_false(info.local);
	assert_true(info.remote_installed);
	assert_int_equal(info.moves, 1);
	evpn_mac_table_free(t);
	free(w);
	free(a);
}

// Equal sequence numbers: the lower VTEP IP wins, our own route included.
static void equal_seq_lowest_ip(void **state)
{
	(void)state;
	struct evpn_mac_path p;

	struct evpn_mac_table *t = table("198.51.100.2");
	evpn_mac_local_learn(t, 100, M1, 1, 0, false, 0);
	n_evs = 0;
	p = path("198.51.100.1", 0, false);
	evpn_mac_remote_add(t, 100, M1, &p, 10);
	assert_int_equal(n_evs, 2);
	expect_kind(0, EV_WITHDRAW);
	expect_install(1, "198.51.100.1");
	evpn_mac_table_free(t);

	t = table("198.51.100.1");
	evpn_mac_local_learn(t, 100, M1, 1, 0, false, 0);
	n_evs = 0;
	p = path("198.51.100.2", 0, false);
	evpn_mac_remote_add(t, 100, M1, &p, 10);
	expect_none(); // ours is lower: kept
	evpn_mac_table_free(t);

	// A lower sequence never wins, whatever the IP.
	t = table("198.51.100.1");
	p = path("198.51.100.2", 3, false);
	evpn_mac_remote_add(t, 100, M1, &p, 0);
	evpn_mac_local_learn(t, 100, M1, 1, 0, false, 10);
	expect_adv(1, 4, false);
	n_evs = 0;
	p = path("198.51.100.0", 3, false);
	evpn_mac_remote_add(t, 100, M1, &p, 20);
	expect_none();
	evpn_mac_table_free(t);
}

static void remote_paths(void **state)
{
	(void)state;
	struct evpn_mac_table *t = table("198.51.100.1");
	struct evpn_mac_path a = path("198.51.100.3", 1, false);
	struct evpn_mac_path b = path("198.51.100.2", 1, false);
	struct evpn_mac_path c = path("198.51.100.4", 2, false);
	struct dp_ip none = v4("198.51.100.9");

	evpn_mac_remote_add(t, 100, M1, &a, 0);
	expect_install(0, "198.51.100.3");
	evpn_mac_remote_add(t, 100, M1, &b, 0); // same seq, lower IP
	expect_install(1, "198.51.100.2");
	evpn_mac_remote_add(t, 100, M1, &b, 0); // repeated: nothing
	assert_int_equal(n_evs, 2);
	evpn_mac_remote_add(t, 100, M1, &c, 0); // higher seq
	expect_install(2, "198.51.100.4");
	assert_int_equal(evpn_mac_remote_del(t, 100, M1, &none, 0), -ENOENT);
	evpn_mac_remote_del(t, 100, M1, &c.vtep, 0);
	expect_install(3, "198.51.100.2");
	evpn_mac_remote_del(t, 100, M1, &b.vtep, 0);
	expect_install(4, "198.51.100.3");
	evpn_mac_remote_del(t, 100, M1, &a.vtep, 0);
	expect_kind(5, EV_REMOVE);
	assert_int_equal(n_evs, 6);
	assert_int_equal(evpn_mac_count(t), 0);
	// The VNI from the route is what gets programmed.
	n_evs = 0;
	a.vni = 5100;
	evpn_mac_remote_add(t, 100, M1, &a, 0);
	assert_int_equal(evs[0].dvni, 5100);
	a.vni = 5200; // same VTEP, new VNI: reprogrammed
	evpn_mac_remote_add(t, 100, M1, &a, 0);
	assert_int_equal(n_evs, 2);
	assert_int_equal(evs[1].dvni, 5200);
	evpn_mac_table_free(t);
}

static void sticky(void **state)
{
	(void)state;
	struct evpn_mac_table *t = table("198.51.100.1");
	struct evpn_mac_path s = path("198.51.100.2", 0, true);

	// A sticky remote MAC does not move to a local learn; it is programmed again.
	evpn_mac_remote_add(t, 100, M1, &s, 0);
	expect_install(0, "198.51.100.2");
	assert_true(evs[0].sticky);
	evpn_mac_local_learn(t, 100, M1, 1, 0, false, 10);
	assert_int_equal(n_evs, 2);
	expect_install(1, "198.51.100.2");
	evpn_mac_table_free(t);

	// A static local MAC does not move to a higher sequence elsewhere.
	t = table("198.51.100.1");
	evpn_mac_local_learn(t, 100, M1, 1, 0, true, 0);
	expect_adv(0, 0, true);
	struct evpn_mac_path p = path("198.51.100.0", 7, false);
	evpn_mac_remote_add(t, 100, M1, &p, 10);
	assert_int_equal(n_evs, 1);
	// Both sticky: FRR's order goes on to the sequence (and we warn).
	struct evpn_mac_path ps = path("198.51.100.2", 1, true);
	evpn_mac_remote_add(t, 100, M1, &ps, 20);
	assert_int_equal(n_evs, 3);
	expect_kind(1, EV_WITHDRAW);
	expect_install(2, "198.51.100.2");
	evpn_mac_table_free(t);
}

// The dataplane moves a remote MAC to a local sighting by itself unless it is pinned,
// and only this table says when: a sticky MAC is; a MAC frozen as a duplicate behind
// a VTEP is programmed again, pinned, in place of itself; a thaw unpins it the same way.
static void pinned_in_dataplane(void **state)
{
	(void)state;
	struct evpn_mac_table *t = table("198.51.100.1");
	struct evpn_mac_path s = path("198.51.100.2", 0, true), p = path("198.51.100.3", 0, false);

	dp.on = true; // every install names what it replaces
	evpn_mac_remote_add(t, 100, M1, &s, 0);
	evpn_mac_remote_add(t, 100, M2, &p, 0);
	assert_int_equal(n_evs, 2);
	expect_install(0, "198.51.100.2");
	assert_true(evs[0].pinned);
	expect_install(1, "198.51.100.3");
	assert_false(evs[1].pinned);
	evpn_mac_table_free(t);

	// Two moves freeze it (local, then remote again).
	struct evpn_mac_cfg cfg;
	struct evpn_mac_info info;
	evpn_mac_cfg_default(&cfg);
	cfg.local_vtep = v4("198.51.100.1");
	cfg.dad_max_moves = 2;
	n_evs = 0;
	memset(&dp, 0, sizeof(dp));
	dp.on = true;
	t = evpn_mac_table_new(&cfg, &ops, NULL);
	evpn_mac_remote_add(t, 100, M1, &p, 0);
	evpn_mac_local_learn(t, 100, M1, 1, 0, false, 1000); // the dataplane moved it
	n_evs = 0;
	p.seq = 2;
	evpn_mac_remote_add(t, 100, M1, &p, 2000);
	evpn_mac_get(t, 100, M1, &info);
	assert_true(info.frozen);
	assert_int_equal(n_evs, 3);
	expect_kind(0, EV_WITHDRAW);
	expect_install(1, "198.51.100.3");
	assert_false(evs[1].pinned);
	expect_install(2, "198.51.100.3"); // the same entry, now pinned
	assert_true(evs[2].pinned);
	// Frozen: nothing more for it, however often it changes.
	n_evs = 0;
	p.seq = 3;
	evpn_mac_remote_add(t, 100, M1, &p, 2500);
	expect_none();
	// Thawed: the same entry again, unpinned; the next local sighting moves it.
	assert_int_equal(evpn_mac_clear_dup(t, 100, M1, 3000), 1);
	assert_int_equal(n_evs, 1);
	expect_install(0, "198.51.100.3");
	assert_false(evs[0].pinned);
	evpn_mac_get(t, 100, M1, &info);
	assert_false(info.frozen);
	assert_true(info.remote_installed);
	evpn_mac_table_free(t);
}

// Ping-pong between here and 198.51.100.2: the fifth move in 180 s freezes it.
static void duplicate_detection(void **state)
{
	(void)state;
	struct evpn_mac_table *t = table("198.51.100.1");
	struct evpn_mac_info info;
	uint32_t seq = 0;
	uint64_t now = 0;

	struct evpn_mac_path p = path("198.51.100.2", seq, false);
	evpn_mac_remote_add(t, 100, M1, &p, now);
	// moves: 1 local, 2 remote, 3 local, 4 remote, 5 local -> duplicate.
	for (int move = 1; move <= 5; move++) {
		n_evs = 0;
		now += 1000;
		if (move % 2) {
			evpn_mac_local_learn(t, 100, M1, 1, 0, false, now);
			seq++;
			expect_adv(0, seq, false);
		} else {
			p.seq = ++seq;
			evpn_mac_remote_add(t, 100, M1, &p, now);
			expect_kind(0, EV_WITHDRAW);
			expect_install(1, "198.51.100.2");
		}
		evpn_mac_get(t, 100, M1, &info);
		assert_int_equal(info.dad_count, (uint32_t)move);
		assert_int_equal(info.duplicate, move == 5);
		assert_int_equal(info.frozen, move == 5);
	}
	// Frozen: a better remote route changes nothing, nor does aging.
	n_evs = 0;
	p.seq = ++seq;
	evpn_mac_remote_add(t, 100, M1, &p, now + 1);
	expect_none();
	evpn_mac_get(t, 100, M1, &info);
	assert_true(info.local);
	assert_true(info.advertised);
	assert_int_equal(info.remote_seq, seq);
	// Cleared: the best (the remote path) is applied at once.
	assert_int_equal(evpn_mac_clear_dup(t, 100, NULL, now + 2), 1);
	assert_int_equal(n_evs, 2);
	expect_kind(0, EV_WITHDRAW);
	expect_install(1, "198.51.100.2");
	evpn_mac_get(t, 100, M1, &info);
	assert_false(info.duplicate);
	assert_false(info.frozen);
	assert_int_equal(evpn_mac_clear_dup(t, 0, NULL, now + 3), 0);
	evpn_mac_table_free(t);
}

// The same ping-pong when the MAC leaves before it shows up at the other side (a link
// down flushes it here, a Linux bridge flushes it on carrier loss there): still five
// moves. In between the MAC is nowhere, and seen nowhere. An entry kept so goes once
// its window closes.
static void duplicate_detection_leave_first(void **state)
{
	(void)state;
	struct evpn_mac_table *t = table("198.51.100.1");
	struct evpn_mac_info info;
	struct evpn_mac_path p = path("198.51.100.2", 0, false);
	uint64_t now = 0;

	evpn_mac_remote_add(t, 100, M1, &p, now);
	for (int move = 1; move <= 5; move++) {
		now += 1000;
		if (move == 1) { // learned here first, then withdrawn there
			evpn_mac_local_learn(t, 100, M1, 1, 0, false, now);
			assert_int_equal(evpn_mac_remote_del_path(t, 100, M1, &p, now), 0);
		} else if (move % 2) {
			assert_int_equal(evpn_mac_remote_del_path(t, 100, M1, &p, now), 0);
			assert_int_equal(evpn_mac_get(t, 100, M1, &info), -ENOENT);
			evpn_mac_local_learn(t, 100, M1, 1, 0, false, now);
		} else {
			assert_int_equal(evpn_mac_local_age(t, 100, M1, now), 0);
			assert_int_equal(evpn_mac_get(t, 100, M1, &info), -ENOENT);
			assert_int_equal(evpn_mac_count(t), 0);
			p.seq++;
			evpn_mac_remote_add(t, 100, M1, &p, now);
		}
		assert_int_equal(evpn_mac_get(t, 100, M1, &info), 0);
		assert_int_equal(info.dad_count, (uint32_t)move);
		assert_int_equal(info.duplicate, move == 5);
	}
	// M2: one move opens a window, then it leaves; once the window closed it is
	// forgotten, and showing up again is no move.
	evpn_mac_remote_add(t, 100, M2, &p, now);
	evpn_mac_local_learn(t, 100, M2, 1, 0, false, now);
	evpn_mac_remote_del_path(t, 100, M2, &p, now);
	evpn_mac_local_age(t, 100, M2, now);
	assert_int_equal(evpn_mac_get(t, 100, M2, &info), -ENOENT);
	evpn_mac_tick(t, now + 100 * 1000); // window still open: kept
	evpn_mac_tick(t, now + 181 * 1000);
	assert_int_equal(evpn_mac_local_learn(t, 100, M2, 1, 0, false, now + 182 * 1000), 0);
	assert_int_equal(evpn_mac_get(t, 100, M2, &info), 0);
	assert_int_equal(info.moves, 0);
	assert_int_equal(evpn_mac_count(t), 2);
	evpn_mac_table_free(t);
}

// Moves spread wider than the window never add up to a duplicate.
static void dad_window(void **state)
{
	(void)state;
	struct evpn_mac_table *t = table("198.51.100.1");
	struct evpn_mac_info info;
	uint32_t seq = 0;
	struct evpn_mac_path p = path("198.51.100.2", 0, false);
	uint64_t now = 0;

	evpn_mac_remote_add(t, 100, M1, &p, now);
	for (int move = 1; move <= 12; move++) {
		now += 91 * 1000; // two moves per window at most
		if (move % 2) {
			evpn_mac_local_learn(t, 100, M1, 1, 0, false, now);
			seq++;
		} else {
			p.seq = ++seq;
			evpn_mac_remote_add(t, 100, M1, &p, now);
		}
		evpn_mac_get(t, 100, M1, &info);
		assert_false(info.duplicate);
	}
	assert_int_equal(info.moves, 12);
	evpn_mac_table_free(t);
}

// With a freeze time the MAC thaws by itself.
static void freeze_timer(void **state)
{
	(void)state;
	struct evpn_mac_cfg cfg;
	struct evpn_mac_info info;
	evpn_mac_cfg_default(&cfg);
	cfg.local_vtep = v4("198.51.100.1");
	cfg.dad_max_moves = 2;
	cfg.dad_freeze_sec = 30;
	n_evs = 0;
	struct evpn_mac_table *t = evpn_mac_table_new(&cfg, &ops, NULL);
	struct evpn_mac_path p = path("198.51.100.2", 0, false);

	evpn_mac_remote_add(t, 100, M1, &p, 0);
	evpn_mac_local_learn(t, 100, M1, 1, 0, false, 1000);
	p.seq = 2;
	evpn_mac_remote_add(t, 100, M1, &p, 2000);
	evpn_mac_get(t, 100, M1, &info);
	assert_true(info.frozen);
	n_evs = 0;
	evpn_mac_local_learn(t, 100, M1, 1, 0, false, 3000); // held
	expect_none();
	evpn_mac_tick(t, 31999);
	expect_none();
	evpn_mac_tick(t, 32000);
	// Thawed: local seq 3 vs remote 2: ours wins and goes out.
	assert_int_equal(n_evs, 1);
	expect_adv(0, 3, false);
	evpn_mac_table_free(t);
}

static int count_cb(const struct evpn_mac_info *i, void *arg)
{
	(void)i;
	(*(unsigned *)arg)++;
	return 0;
}

static int stop_cb(const struct evpn_mac_info *i, void *arg)
{
	(void)i;
	(void)arg;
	return 7;
}

static void many_and_bounds(void **state)
{
	(void)state;
	struct evpn_mac_cfg cfg;
	evpn_mac_cfg_default(&cfg);
	cfg.local_vtep = v4("198.51.100.1");
	cfg.max_entries = 20000;
	struct evpn_mac_table *t = evpn_mac_table_new(&cfg, &ops, NULL);
	struct evpn_mac_path p = path("198.51.100.2", 0, false);

	for (uint32_t i = 0; i < 20000; i++) {
		uint8_t mac[6] = {0x02, 0, 0, (uint8_t)(i >> 16), (uint8_t)(i >> 8), (uint8_t)i};
		n_evs = 0;
		assert_int_equal(evpn_mac_remote_add(t, 100 + i % 2, mac, &p, 0), 0);
	}
	assert_int_equal(evpn_mac_count(t), 20000);
	assert_int_equal(
		evpn_mac_remote_add(t, 100, (const uint8_t *)"\x04\0\0\0\0\0", &p, 0), -ENOSPC);
	assert_int_equal(
		evpn_mac_local_learn(t, 100, (const uint8_t *)"\x04\0\0\0\0\0", 1, 0, false, 0),
		-ENOSPC);
	unsigned n = 0;
	assert_int_equal(evpn_mac_walk(t, 101, count_cb, &n), 0);
	assert_int_equal(n, 10000);
	assert_int_equal(evpn_mac_walk(t, 0, stop_cb, NULL), 7);
	// in a scattered order: deletions move other entries back in the index
	for (uint32_t k = 0; k < 20000; k++) {
		uint32_t i = k * 7919 % 20000;
		uint8_t mac[6] = {0x02, 0, 0, (uint8_t)(i >> 16), (uint8_t)(i >> 8), (uint8_t)i};
		n_evs = 0;
		assert_int_equal(evpn_mac_remote_del(t, 100 + i % 2, mac, &p.vtep, 0), 0);
		expect_kind(0, EV_REMOVE);
		if (k % 1000 == 0) { // every other one still found
			struct evpn_mac_info info;
			for (uint32_t m = k + 1; m < 20000; m += 97) {
				uint32_t o = m * 7919 % 20000;
				uint8_t om[6] = {0x02, 0, 0, (uint8_t)(o >> 16), (uint8_t)(o >> 8), (uint8_t)o};
				assert_int_equal(evpn_mac_get(t, 100 + o % 2, om, &info), 0);
			}
		}
	}
	assert_int_equal(evpn_mac_count(t), 0);
	evpn_mac_table_free(t);
}

// A path named by its RD: a new next hop for the same route replaces the path
// (the RIB sends only the new best), and the withdrawal by RD leaves nothing.
static void same_route_new_nexthop(void **state)
{
	(void)state;
	struct evpn_mac_table *t = table("198.51.100.1");
	struct evpn_mac_path a = path("198.51.100.2", 0, false), b = path("198.51.100.3", 1, false);
	struct evpn_mac_info info;

	a.has_rd = b.has_rd = true;
	memcpy(a.rd, "\0\1RD-A!", 8);
	memcpy(b.rd, a.rd, 8);
	assert_int_equal(evpn_mac_remote_add(t, 100, M1, &a, 0), 0);
	expect_install(0, "198.51.100.2");
	n_evs = 0;
	assert_int_equal(evpn_mac_remote_add(t, 100, M1, &b, 1), 0);
	expect_install(0, "198.51.100.3");
	assert_int_equal(evpn_mac_get(t, 100, M1, &info), 0);
	assert_int_equal(info.n_remote, 1);
	n_evs = 0;
	assert_int_equal(evpn_mac_remote_del_path(t, 100, M1, &b, 2), 0);
	expect_kind(0, EV_REMOVE);
	assert_int_equal(n_evs, 1);
	assert_int_equal(evpn_mac_get(t, 100, M1, &info), -ENOENT);
	evpn_mac_table_free(t);
}

// A path whose VTEP the underlay does not reach is kept but never selected: a
// reachable path wins even with a lower sequence or a higher address, a local
// MAC is not yielded to it, and a route moving to such a VTEP leaves the
// dataplane.
static void unreachable_paths(void **state)
{
	(void)state;
	struct evpn_mac_table *t = table("198.51.100.9");
	struct evpn_mac_path u = path("10.9.9.9", 3, false), r = path("198.51.100.2", 0, false);
	struct evpn_mac_info info;

	u.unreachable = true;
	u.has_rd = r.has_rd = true;
	memcpy(u.rd, "\0\1RD-U!", 8);
	memcpy(r.rd, "\0\1RD-R!", 8);
	assert_int_equal(evpn_mac_remote_add(t, 100, M1, &u, 0), 0);
	expect_none();
	assert_int_equal(evpn_mac_get(t, 100, M1, &info), 0);
	assert_int_equal(info.n_remote, 1);
	assert_false(info.remote_installed);
	assert_true(info.best_remote.unreachable);
	assert_int_equal(evpn_mac_remote_add(t, 100, M1, &r, 1), 0);
	expect_install(0, "198.51.100.2");
	assert_int_equal(n_evs, 1);
	// The reachable route's VTEP becomes unreachable (same RD): removed.
	n_evs = 0;
	r.unreachable = true;
	assert_int_equal(evpn_mac_remote_add(t, 100, M1, &r, 2), 0);
	expect_kind(0, EV_REMOVE);
	assert_int_equal(n_evs, 1);
	assert_int_equal(evpn_mac_get(t, 100, M1, &info), 0);
	assert_int_equal(info.n_remote, 2);
	// Learned here: advertised (above every sequence seen), not yielded.
	n_evs = 0;
	assert_int_equal(evpn_mac_local_learn(t, 100, M1, 1, 0, false, 3), 0);
	expect_adv(0, 4, false);
	assert_int_equal(n_evs, 1);
	assert_int_equal(evpn_mac_remote_del_path(t, 100, M1, &u, 4), 0);
	assert_int_equal(evpn_mac_remote_del_path(t, 100, M1, &r, 5), 0);
	assert_int_equal(n_evs, 1);
	evpn_mac_table_free(t);
}

// A failed install leaves nothing programmed; the next change installs afresh.
static void install_failure(void **state)
{
	(void)state;
	struct evpn_mac_table *t = table("198.51.100.1");
	struct evpn_mac_path a = path("198.51.100.2", 0, false), b = path("198.51.100.3", 1, false);
	struct evpn_mac_info info;
	uint8_t mac[6] = {0x02, 0, 0, 0, 0, 1};

	dp.on = true;
	dp.fail_install = -EHOSTUNREACH;
	assert_int_equal(evpn_mac_remote_add(t, 100, mac, &a, 0), 0);
	assert_int_equal(evpn_mac_get(t, 100, mac, &info), 0);
	assert_false(info.remote_installed);
	dp.fail_install = 0;
	assert_int_equal(evpn_mac_remote_add(t, 100, mac, &b, 1), 0);
	assert_int_equal(evpn_mac_get(t, 100, mac, &info), 0);
	assert_true(info.remote_installed);
	assert_memory_equal(&info.installed_vtep, &b.vtep, sizeof(b.vtep));
	// the better path fails to install: the one it replaced goes too
	dp.fail_install = -ENOBUFS;
	struct evpn_mac_path c = path("198.51.100.4", 2, false);
	assert_int_equal(evpn_mac_remote_add(t, 100, mac, &c, 2), 0);
	assert_false(dp.programmed[1]);
	assert_int_equal(evpn_mac_get(t, 100, mac, &info), 0);
	assert_false(info.remote_installed);
	evpn_mac_table_free(t);
}

// Random sequences of remote paths, local learns and ages over a few MACs and
// VTEPs: every output must match what the dataplane holds (dp model above),
// the interned route origins must be released, and when every path is gone
// and every local MAC aged, nothing is left programmed or stored.
static void dataplane_bookkeeping(void **state)
{
	(void)state;
	static const char *vteps[] = {"198.51.100.2", "198.51.100.3", "198.51.100.4"};
	uint64_t seed = 88172645463325252ull;

	for (int round = 0; round < 50; round++) {
		struct evpn_mac_table *t = table("198.51.100.1");
		dp.on = true;
		for (int step = 0; step < 400; step++) {
			seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
			uint8_t mac[6] = {0x02, 0, 0, 0, 0, (uint8_t)(seed % MODEL_MACS)};
			unsigned op = (unsigned)(seed >> 8) % 10, v = (unsigned)(seed >> 16) % 3;
			struct evpn_mac_path p = path(vteps[v], (uint32_t)(seed >> 24) % 4,
				(seed >> 30) % 16 == 0);
			p.has_rd = (seed >> 34) & 1;
			p.rd[7] = (uint8_t)v;
			p.unreachable = (seed >> 36) % 8 == 0;
			dp.fail_install = (seed >> 40) % 16 == 0 ? -EHOSTUNREACH : 0;
			n_evs = 0;
			if (op < 5)
				evpn_mac_remote_add(t, 100, mac, &p, (uint64_t)step);
			else if (op < 7)
				evpn_mac_remote_del_path(t, 100, mac, &p, (uint64_t)step);
			else if (op < 9)
				evpn_mac_local_learn(t, 100, mac, 1, 0, (seed >> 44) % 8 == 0, (uint64_t)step);
			else
				evpn_mac_local_age(t, 100, mac, (uint64_t)step);
			if (step % 97 == 0)
				evpn_mac_clear_dup(t, 0, NULL, (uint64_t)step);
		}
		// everything goes
		dp.fail_install = 0;
		for (unsigned m = 0; m < MODEL_MACS; m++) {
			uint8_t mac[6] = {0x02, 0, 0, 0, 0, (uint8_t)m};
			for (unsigned v = 0; v < 3; v++)
				for (int rd = 0; rd < 2; rd++) {
					struct evpn_mac_path p = path(vteps[v], 0, false);
					p.has_rd = rd;
					p.rd[7] = (uint8_t)v;
					while (evpn_mac_remote_del_path(t, 100, mac, &p, 1001) == 0)
						;
				}
			evpn_mac_local_age(t, 100, mac, 1002);
		}
		evpn_mac_clear_dup(t, 0, NULL, 1003); // frozen ones apply "gone" now
		for (unsigned m = 0; m < MODEL_MACS; m++)
			assert_false(dp.programmed[m]);
		assert_int_equal(evpn_mac_count(t), 0);
		evpn_mac_table_free(t);
	}
}

// Our anycast gateway MAC: a remote path for it (another VTEP's gateway, the same
// MAC) is never installed, never a move, never a duplicate; it is hidden from show.
// A remote gateway's MAC (Default Gateway community) that differs from ours is
// installed, and its moves between VTEPs never count for duplicate detection.
static void gateway_mac(void **state)
{
	(void)state;
	struct evpn_mac_table *t = table("198.51.100.1");
	struct evpn_mac_path p = path("198.51.100.2", 0, false);
	struct evpn_mac_info info;

	assert_int_equal(evpn_mac_gateway_set(t, 100, M1), 0);
	p.default_gw = true;
	for (int i = 0; i < 8; i++) {
		p.vtep = v4(i % 2 ? "198.51.100.2" : "198.51.100.3");
		assert_int_equal(evpn_mac_remote_add(t, 100, M1, &p, 1000 + i), 0);
	}
	p.default_gw = false; // a host claiming the gateway MAC is not taken either
	assert_int_equal(evpn_mac_remote_add(t, 100, M1, &p, 2000), 0);
	expect_none();
	assert_int_equal(evpn_mac_gw_ignored(t), 9);
	assert_int_equal(evpn_mac_get(t, 100, M1, &info), -ENOENT);
	assert_int_equal(evpn_mac_count(t), 0);
	assert_int_equal(evpn_mac_local_learn(t, 100, M1, 3, 0, false, 3000), 0);
	expect_none();
	// Another VTEP's gateway MAC, not ours: installed; moving between VTEPs (as
	// an anycast MAC seen from several) never makes it a duplicate.
	p.default_gw = true;
	for (int i = 0; i < 8; i++) {
		p.vtep = v4(i % 2 ? "198.51.100.2" : "198.51.100.3");
		assert_int_equal(evpn_mac_remote_add(t, 100, M2, &p, 4000 + i), 0);
		p.has_rd = true;
		p.rd[7] = (uint8_t)i; // a route of its own per VTEP
	}
	assert_int_equal(evpn_mac_get(t, 100, M2, &info), 0);
	assert_true(info.remote_installed);
	assert_false(info.duplicate);
	assert_int_equal(info.dad_count, 0);
	evpn_mac_table_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(local_lifecycle),
		cmocka_unit_test(gateway_mac),
		cmocka_unit_test(frr_mac_move),
		cmocka_unit_test(equal_seq_lowest_ip),
		cmocka_unit_test(remote_paths),
		cmocka_unit_test(sticky),
		cmocka_unit_test(pinned_in_dataplane),
		cmocka_unit_test(duplicate_detection),
		cmocka_unit_test(duplicate_detection_leave_first),
		cmocka_unit_test(dad_window),
		cmocka_unit_test(freeze_timer),
		cmocka_unit_test(many_and_bounds),
		cmocka_unit_test(same_route_new_nexthop),
		cmocka_unit_test(unreachable_paths),
		cmocka_unit_test(install_failure),
		cmocka_unit_test(dataplane_bookkeeping),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
