// SPDX-License-Identifier: BSD-3-Clause
// The packet-rate tester (pipelines/tester_pipeline.c): streams of test frames sent by
// tester_gen, a source node each worker's loop calls, and recognised and accounted by
// tester_rx, the entry node of every port. A test frame is an IPv4/UDP packet whose
// payload starts with struct tester_payload, sent as is (encapsulation ethernet) or
// inside VXLAN, MPLS or MPLS-in-UDP from an emulated remote VTEP/PE.
//
// Who writes what: the streams are built before the workers start and only read by
// them; a run is started and stopped by the control thread (tester.run); each worker
// keeps its own send state and its own accounting of every stream (struct
// tester_worker), reset by itself when it sees a new run. `show tester` reads them
// racily and sums them (the counters' way).
#ifndef EVPND_TESTER_H
#define EVPND_TESTER_H

#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_mbuf.h>
#include <stdbool.h>
#include <stdint.h>

#include "dp/tester/tester_acct.h"
#include "dp/tester/tester_move.h"

#define TESTER_MAX_STREAMS 64
#define TESTER_MAX_SIZES 12 // frame sizes one stream cycles through (IMIX: 7:4:1)
#define TESTER_MAX_LABELS 4 // transport labels and the service label
#define TESTER_HDR_MAX 128  // every header before the payload
#define TESTER_ANY_PORT UINT16_MAX
#define TESTER_ALL UINT16_MAX // run.only: every stream sends
#define TESTER_MAGIC 0x45565054u // "EVPT"
#define TESTER_UDP_PORT 61000 // the test packets' inner UDP destination port (unassigned)
#define TESTER_FCS 4		 // frame sizes count the FCS; mbufs do not hold it

enum tester_encap {
	TESTER_ENCAP_ETHERNET, // toward an access port
	TESTER_ENCAP_VXLAN,
	TESTER_ENCAP_MPLS,
	TESTER_ENCAP_MPLS_UDP, // RFC 7510
};

// At the start of the inner UDP payload; big-endian, as any header.
struct tester_payload {
	rte_be32_t magic;
	rte_be16_t stream;
	rte_be16_t pad;
	rte_be64_t seq;
	rte_be64_t tsc; // the sender's TSC (one host: the receiver's clock)
} __rte_packed;

// A stream as the configuration gives it.
struct tester_stream_conf {
	char name[32];
	uint8_t encap; // enum tester_encap
	uint16_t tx_port;
	uint16_t rx_port; // where it should come back, TESTER_ANY_PORT: anywhere
	struct rte_ether_addr next_hop_mac; // outer destination (the device under test)
	rte_be32_t src_vtep;		    // emulated VTEP/PE (first of n_vteps)
	uint32_t n_vteps;
	rte_be32_t dst_vtep; // the device under test's VTEP address
	uint32_t vni;	     // VXLAN: sent; any: expected back when encapsulated (0: not checked)
	uint8_t n_labels;    // MPLS: outermost first, the last is the service label
	uint32_t labels[TESTER_MAX_LABELS];
	uint32_t rx_label; // expected service label when it comes back as MPLS (0: not checked)
	struct rte_ether_addr src_mac; // first emulated host; n_macs counted up from it
	uint32_t n_macs;
	struct rte_ether_addr dst_mac;
	rte_be32_t src_ip, dst_ip; // inner
	uint16_t sizes[TESTER_MAX_SIZES]; // frame sizes with FCS, cycled
	uint8_t n_sizes;
	uint64_t pps;	 // 0: as fast as the port takes
	uint64_t count;	 // 0: until the duration ends
	uint64_t duration_ms; // 0: until count (or a stop)
};

// A built stream (tester_stream_build): the prebuilt headers and where the per-packet
// fields are.
struct tester_stream {
	struct tester_stream_conf c;
	uint16_t worker;   // the one that sends it
	uint16_t hdr_len;  // the headers, payload excluded
	uint16_t min_len;  // hdr_len + the payload: the shortest frame (no FCS)
	uint16_t outer_ip; // offset of the outer IPv4 header (VXLAN, MPLS-in-UDP), 0: none
	uint16_t inner_eth, inner_ip;
	// The IPv4 headers' sums (rte_raw_cksum) without their length, checksum and, for
	// the outer one, source: the sender adds those per frame.
	uint32_t outer_sum, inner_sum;
	uint64_t duration_tsc;
	// A moved host (tester move): host moved_host is sent from emulated VTEP moved_vtep
	// instead of host % n_vteps. The control thread writes them during a run (vtep
	// first): the only fields of a stream it changes once the workers run.
	uint32_t moved_host; // UINT32_MAX: none
	uint32_t moved_vtep;
	uint8_t hdr[TESTER_HDR_MAX];
};

// A move measured on a stream toward the moved host: the paths are the outer IPv4
// destinations (the host's old and new emulated VTEP) its frames come back by.
struct tester_move {
	uint32_t seq; // the move's number, written last (0: none in this run)
	uint64_t tsc; // when it was made
	rte_be32_t old_path, new_path;
};

struct tester_tx {
	uint64_t pkts, bytes, alloc_failed;
	uint64_t next_size; // index in sizes
	uint32_t host;	    // the next frame's emulated host
	bool done;
};

// One worker's state, written by that worker only.
struct tester_worker {
	uint32_t gen; // the run this state belongs to
	struct tester_tx tx[TESTER_MAX_STREAMS];
	struct tester_acct rx[TESTER_MAX_STREAMS];
	// Each stream's last frame (when, by which path): where a move's outage starts
	// when the last frame by the old path came before the move.
	struct {
		uint64_t rx, tx, seq;
		rte_be32_t path;
	} last[TESTER_MAX_STREAMS];
	uint32_t move_seq[TESTER_MAX_STREAMS]; // the move mv[i] belongs to
	struct tester_move_acct mv[TESTER_MAX_STREAMS];
};

struct tester {
	uint64_t hz; // TSC
	uint16_t n_streams;
	uint16_t n_workers;
	struct tester_stream stream[TESTER_MAX_STREAMS];
	struct tester_worker *worker[64]; // DP_MAX_WORKERS
	struct tester_move move[TESTER_MAX_STREAMS]; // control writes, tester_rx reads
	uint32_t moves; // moves made so far (their numbers)
	// The run: control writes, workers read (gen last, with a release store).
	struct {
		bool running;
		uint64_t start_tsc, stop_tsc;
		uint32_t gen; // a new run: each worker resets its state
		uint16_t only; // the one stream that sends (a trial), TESTER_ALL: every one
	} run;
	// The streams' rate, count and duration as configured: a trial changes them for
	// its run only.
	struct {
		uint64_t pps, count, duration_tsc;
	} conf[TESTER_MAX_STREAMS];
};
extern struct tester tester;

// The n-th emulated host of a stream: its first MAC plus n (a 48-bit count).
static inline void tester_mac_add(uint8_t *mac, uint32_t n)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < 6; i++)
		v = v << 8 | mac[i];
	v += n;
	for (unsigned i = 6; i-- > 0; v >>= 8)
		mac[i] = (uint8_t)v;
}

// Checks and builds a stream's headers from its configuration; the stream's port MAC
// is the outer (or, for ethernet, the only) source for no emulated one. 0, -EINVAL
// (a frame size below the headers, too many headers).
int tester_stream_build(struct tester_stream *s, const struct tester_stream_conf *c,
	const struct rte_ether_addr *port_mac);
// Sets the streams up for n_workers (each sent by worker index % n_workers) before the
// workers start; allocates the workers' state. 0, -ENOMEM, -E2BIG.
int tester_init(const struct tester_stream_conf *conf, unsigned n, unsigned n_workers);
void tester_fini(void);
// A worker's state for the current run (resets it on a new run).
struct tester_worker *tester_worker_sync(unsigned worker);

// tester_gen's steps, for the tests: how many frames a stream may send now (its rate,
// count and duration; sets tx->done), and one frame (header copy and per-frame fields).
unsigned tester_gen_budget(const struct tester_stream *s, struct tester_tx *tx, uint64_t now);
void tester_gen_fill(const struct tester_stream *s, uint16_t id, struct tester_tx *tx,
	struct rte_mbuf *m, uint64_t tsc);

#endif
