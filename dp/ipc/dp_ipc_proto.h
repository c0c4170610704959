// SPDX-License-Identifier: BSD-3-Clause
// The wire between the control process and the forwarding process (evpnd --split):
// the dataplane API of dp/dp_api.h carried over one SOCK_SEQPACKET Unix socket. One
// datagram is one frame: a header, then `count` records of the op's type. Both ends
// are the same build on the same host, so structs go as they are in memory; the
// hello checks the version and the sizes.
#ifndef EVPND_DP_IPC_PROTO_H
#define EVPND_DP_IPC_PROTO_H

#include <stdint.h>

#include "dp/dp_api.h"

#define DP_IPC_VERSION 1
#define DP_IPC_DEFAULT_SOCK "/run/evpnd-dataplane.sock"
#define DP_IPC_FRAME_MAX 65536 // bytes in one datagram
#define DP_IPC_NAME 48	       // node, counter and stream names, inline

enum dp_ipc_op {
	// control -> forwarding
	DP_IPC_HELLO = 1,    // struct dp_ipc_hello; answered by a HELLO
	DP_IPC_MSGS,	     // struct dp_msg x count: for the table writer, in order
	DP_IPC_SYNC_DONE,    // everything is sent again: the tables' stale rest goes (sweep)
	DP_IPC_RPC,	     // struct dp_ipc_rpc: one query; answered by RECORDS..., END
	DP_IPC_CONFIGURED,   // the configuration's messages are all sent (the first time: the
			     // workers may start, as they do in one process)
	// forwarding -> control
	DP_IPC_NOTIFY,	     // struct dp_notify x count
	DP_IPC_RECORDS,	     // the records of the query under way (its record type)
	DP_IPC_END,	     // struct dp_ipc_end: the query's result
	DP_IPC_REFUSED,	     // another control process is connected: this one is closed
};

struct dp_ipc_hdr {
	uint16_t op; // enum dp_ipc_op
	uint16_t rpc; // DP_IPC_RECORDS, DP_IPC_END: the query's enum dp_ipc_rpc_op
	uint32_t count;
	// DP_IPC_RPC: the query's number, echoed in its RECORDS and END, so that the answer
	// of a query its asker gave up on (a signal, a timeout) is never taken for another's
	uint32_t seq;
	uint32_t pad; // 16 octets: the records after it start 8-aligned, as in a struct
};
_Static_assert(sizeof(struct dp_ipc_hdr) % 8 == 0, "records must follow the header aligned");

struct dp_ipc_hello {
	uint32_t version;
	uint32_t msg_size, notify_size; // sizeof(struct dp_msg), sizeof(struct dp_notify)
	uint32_t pid;
	// forwarding -> control: the tables hold what an earlier control process set (the
	// new one is a restart over preserved forwarding state), and since when
	uint8_t has_state;
	uint32_t controls; // control processes connected since the forwarding process started
	uint64_t uptime_ms;
};

enum dp_ipc_rpc_op {
	DP_RPC_PORT_WALK = 1,
	DP_RPC_BD_WALK,
	DP_RPC_MAC_WALK, // u16: bd
	DP_RPC_MAC_GET,	 // u16 bd, mac
	DP_RPC_NH_WALK,
	DP_RPC_LABEL_WALK,
	DP_RPC_COUNTER_WALK,
	DP_RPC_NODE_WALK,
	DP_RPC_NEIGH_GET, // bd, ip
	DP_RPC_PORT_BY_NAME, // name
	DP_RPC_CAPTURE_START,
	DP_RPC_CAPTURE_STOP,
	DP_RPC_CAPTURE_GET,
	DP_RPC_TRACE_ADD, // u64[0]: n
	DP_RPC_TRACE_CLEAR,
	DP_RPC_TRACE_PENDING,
	DP_RPC_TRACE_WALK,
	DP_RPC_TESTER_START,
	DP_RPC_TESTER_TRIAL, // u64: stream, pps, ms
	DP_RPC_TESTER_STOP,
	DP_RPC_TESTER_STATE,
	DP_RPC_TESTER_MOVE, // u64: stream, host, vtep
	DP_RPC_TESTER_WALK,
	DP_RPC_SHOW_SPLIT, // the forwarding process's side of "show dataplane process"
	DP_RPC_MAX,
};

// A query and its arguments (only those of its op are read).
struct dp_ipc_rpc {
	uint16_t op; // enum dp_ipc_rpc_op
	uint16_t bd;
	uint8_t mac[6];
	struct dp_ip ip;
	uint64_t u64[3];
	char name[256]; // PORT_BY_NAME; CAPTURE_START: the port's name
	// CAPTURE_START
	uint16_t port;
	uint8_t dir;
	uint64_t count;
	uint32_t seconds;
	char filter[256];
	char path[256];
};

// The end of a query: its return value and what it gives besides records.
struct dp_ipc_end {
	int32_t ret;
	union {
		struct dp_mac_info mac;	      // MAC_GET
		uint8_t neigh_mac[6];	      // NEIGH_GET
		struct dp_capture_info capture; // CAPTURE_GET
		char err[256];		      // CAPTURE_START
		struct dp_tester_state tester; // TESTER_STATE
		uint32_t move[3];	      // TESTER_MOVE: vtep, old_vtep, measured
		uint64_t pending;	      // TRACE_PENDING
	};
};

// Records whose in-process form points at names: the names go inline.
struct dp_ipc_counter {
	char node[DP_IPC_NAME];
	char name[DP_IPC_NAME];
	uint8_t drop;
	uint64_t value;
};

struct dp_ipc_node {
	char name[DP_IPC_NAME];
	uint64_t calls, packets, cycles;
};

struct dp_ipc_trace {
	struct dp_trace_info t; // node[] pointers meaningless on the wire
	char node[DP_TRACE_MAX_HOPS][DP_IPC_NAME];
};

struct dp_ipc_tester {
	struct dp_tester_info t; // name pointer meaningless on the wire
	char name[DP_IPC_NAME];
};

#endif
