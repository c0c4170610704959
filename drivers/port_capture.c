// SPDX-License-Identifier: BSD-3-Clause
// Packet capture of one port to a pcapng file (dp_api.h). The workers copy the
// frames in ethdev rx/tx callbacks, installed on the captured port only and removed
// when the capture ends, so the other ports run exactly as without one; the copies
// go through a ring to the control thread, which writes the file. An optional
// pcap-filter(7) expression is compiled by libpcap and run as DPDK BPF on each
// burst, so frames the filter refuses cost no copy.
#include <errno.h>
#include <inttypes.h>
#include <fcntl.h>
#include <pcap/pcap.h>
#include <rte_bpf.h>
#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_log.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_pcapng.h>
#include <rte_ring.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <urcu-qsbr.h>

#include "dp/dp_api.h"
#include "dp/core/dp_worker.h"

RTE_LOG_REGISTER(capture_logtype, evpnd.capture, INFO);
#define CAPTURE_LOG(lvl, fmt, ...)                                                                 \
	rte_log(RTE_LOG_##lvl, capture_logtype, "capture: " fmt "\n", ##__VA_ARGS__)

#define CAPTURE_SNAPLEN 9600 // whole frames, jumbo included
#define CAPTURE_RING 4096    // copies in flight to the control thread
#define CAPTURE_POOL 4095
#define CAPTURE_QUEUES 64

static struct capture {
	struct dp_capture_info info;
	rte_pcapng_t *png;
	struct rte_ring *ring;	   // copies, workers (MP) to the control thread (SC)
	struct rte_mempool *pool;  // the copies' mbufs
	struct rte_bpf *bpf;	   // the filter, or NULL
	uint16_t n_rxq, n_txq;
	const struct rte_eth_rxtx_callback *rx_cb[CAPTURE_QUEUES];
	const struct rte_eth_rxtx_callback *tx_cb[CAPTURE_QUEUES];
	uint64_t started_tsc;
	// Written by the workers: frames claimed against the count, lost, filtered out.
	atomic_uint_fast64_t claimed, dropped, filtered;
	bool ever;
} cap;

static void capture_err(char *err, size_t len, const char *fmt, const char *arg)
{
	snprintf(err, len, fmt, arg);
}

// Copies the frames of a burst (DP_BURST at most) the filter takes, within the
// count. Runs on the worker that polls or sends on the port.
static void capture_burst(uint16_t port, uint16_t queue, struct rte_mbuf **pkts, uint16_t n,
	enum rte_pcapng_direction dir)
{
	uint64_t rc[DP_BURST];
	struct rte_mbuf *copies[DP_BURST];
	unsigned n_copies = 0;
	uint64_t now = rte_get_tsc_cycles();

	if (cap.bpf != NULL)
		rte_bpf_exec_burst(cap.bpf, (void **)pkts, rc, n);
	for (uint16_t i = 0; i < n; i++) {
		if (cap.bpf != NULL && rc[i] == 0) {
			atomic_fetch_add_explicit(&cap.filtered, 1, memory_order_relaxed);
			continue;
		}
		if (cap.info.count != 0 &&
			atomic_fetch_add_explicit(&cap.claimed, 1, memory_order_relaxed) >= cap.info.count)
			break;
		struct rte_mbuf *c =
			rte_pcapng_copy(port, queue, pkts[i], cap.pool, CAPTURE_SNAPLEN, now, dir);
		if (c == NULL)
			atomic_fetch_add_explicit(&cap.dropped, 1, memory_order_relaxed);
		else
			copies[n_copies++] = c;
	}
	unsigned sent = rte_ring_mp_enqueue_burst(cap.ring, (void **)copies, n_copies, NULL);
	if (sent < n_copies) {
		rte_pktmbuf_free_bulk(copies + sent, n_copies - sent);
		atomic_fetch_add_explicit(&cap.dropped, n_copies - sent, memory_order_relaxed);
	}
}

static void capture_bursts(uint16_t port, uint16_t queue, struct rte_mbuf **pkts, uint16_t n,
	enum rte_pcapng_direction dir)
{
	for (uint16_t i = 0; i < n; i += DP_BURST)
		capture_burst(port, queue, pkts + i, RTE_MIN(n - i, DP_BURST), dir);
}

static uint16_t capture_rx(uint16_t port, uint16_t queue, struct rte_mbuf **pkts, uint16_t n,
	uint16_t max, void *arg)
{
	(void)max;
	(void)arg;
	if (n > 0)
		capture_bursts(port, queue, pkts, n, RTE_PCAPNG_DIRECTION_IN);
	return n;
}

static uint16_t capture_tx(uint16_t port, uint16_t queue, struct rte_mbuf **pkts, uint16_t n,
	void *arg)
{
	(void)arg;
	if (n > 0)
		capture_bursts(port, queue, pkts, n, RTE_PCAPNG_DIRECTION_OUT);
	return n;
}

static int filter_compile(const char *expr, char *err, size_t errlen)
{
	struct bpf_program prog;
	pcap_t *pc = pcap_open_dead(DLT_EN10MB, CAPTURE_SNAPLEN);

	if (pc == NULL)
		return -ENOMEM;
	if (pcap_compile(pc, &prog, expr, 1, PCAP_NETMASK_UNKNOWN) != 0) {
		capture_err(err, errlen, "bad filter: %s", pcap_geterr(pc));
		pcap_close(pc);
		return -EINVAL;
	}
	struct rte_bpf_prm *prm = rte_bpf_convert(&prog);
	pcap_freecode(&prog);
	pcap_close(pc);
	if (prm == NULL) {
		capture_err(err, errlen, "filter: %s", rte_strerror(rte_errno));
		return -EINVAL;
	}
	cap.bpf = rte_bpf_load(prm);
	rte_free(prm);
	if (cap.bpf == NULL) {
		capture_err(err, errlen, "filter: cannot load it: %s", rte_strerror(rte_errno));
		return -EINVAL;
	}
	return 0;
}

static int capture_buffers(char *err, size_t errlen)
{
	cap.ring = rte_ring_create("capture", CAPTURE_RING, SOCKET_ID_ANY, RING_F_SC_DEQ);
	cap.pool = rte_pktmbuf_pool_create("capture", CAPTURE_POOL, 0, 0,
		rte_pcapng_mbuf_size(CAPTURE_SNAPLEN), SOCKET_ID_ANY);
	if (cap.ring == NULL || cap.pool == NULL) {
		capture_err(err, errlen, "cannot allocate capture buffers: %s", rte_strerror(rte_errno));
		return -ENOMEM;
	}
	return 0;
}

static int capture_file(const char *path, char *err, size_t errlen)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);

	if (fd < 0) {
		int e = errno;
		char why[300];
		snprintf(why, sizeof(why), "%s: %s", path, strerror(e));
		capture_err(err, errlen, "cannot create %s", why);
		return -e;
	}
	cap.png = rte_pcapng_fdopen(fd, NULL, NULL, "evpnd " EVPND_VERSION, NULL);
	if (cap.png == NULL) {
		close(fd);
		capture_err(err, errlen, "cannot write pcapng to %s", path);
		return -EIO;
	}
	return 0;
}

static int capture_hook(uint16_t port, char *err, size_t errlen)
{
	struct rte_eth_dev_info dev;

	if (rte_eth_dev_info_get(port, &dev) != 0)
		return -ENODEV;
	cap.n_rxq = (cap.info.dir & DP_CAPTURE_IN) ? RTE_MIN(dev.nb_rx_queues, CAPTURE_QUEUES) : 0;
	cap.n_txq = (cap.info.dir & DP_CAPTURE_OUT) ? RTE_MIN(dev.nb_tx_queues, CAPTURE_QUEUES) : 0;
	for (uint16_t q = 0; q < cap.n_rxq; q++)
		if ((cap.rx_cb[q] = rte_eth_add_rx_callback(port, q, capture_rx, NULL)) == NULL)
			goto fail;
	for (uint16_t q = 0; q < cap.n_txq; q++)
		if ((cap.tx_cb[q] = rte_eth_add_tx_callback(port, q, capture_tx, NULL)) == NULL)
			goto fail;
	return 0;
fail:
	capture_err(err, errlen, "cannot hook the port: %s", rte_strerror(rte_errno));
	return -ENOTSUP;
}

// Removes the callbacks and frees them once no worker can be running one (a QSBR
// grace period: the workers pass a quiescent state every poll loop).
static void capture_unhook(void)
{
	uint16_t port = cap.info.port;

	for (uint16_t q = 0; q < cap.n_rxq; q++)
		if (cap.rx_cb[q] != NULL)
			rte_eth_remove_rx_callback(port, q, cap.rx_cb[q]);
	for (uint16_t q = 0; q < cap.n_txq; q++)
		if (cap.tx_cb[q] != NULL)
			rte_eth_remove_tx_callback(port, q, cap.tx_cb[q]);
	synchronize_rcu();
	for (uint16_t q = 0; q < CAPTURE_QUEUES; q++) {
		rte_free((void *)(uintptr_t)cap.rx_cb[q]);
		rte_free((void *)(uintptr_t)cap.tx_cb[q]);
		cap.rx_cb[q] = cap.tx_cb[q] = NULL;
	}
}

// Frees what a capture holds; the file gets whatever the ring still has first.
static void capture_release(void)
{
	if (cap.png != NULL) {
		dp_capture_poll(0);
		rte_pcapng_close(cap.png);
	}
	rte_bpf_destroy(cap.bpf);
	rte_ring_free(cap.ring);
	rte_mempool_free(cap.pool);
	cap.png = NULL;
	cap.bpf = NULL;
	cap.ring = NULL;
	cap.pool = NULL;
}

static uint64_t capture_elapsed_ms(void)
{
	return (rte_get_tsc_cycles() - cap.started_tsc) * 1000 / rte_get_tsc_hz();
}

static void capture_end(const char *why)
{
	cap.info.running = false;
	cap.info.elapsed_ms = capture_elapsed_ms();
	capture_unhook();
	capture_release(); // after the unhook: the last copies are in the ring now
	cap.info.dropped = atomic_load_explicit(&cap.dropped, memory_order_relaxed);
	cap.info.filtered = atomic_load_explicit(&cap.filtered, memory_order_relaxed);
	snprintf(cap.info.ended, sizeof(cap.info.ended), "%s", why);
	CAPTURE_LOG(INFO, "port %s to %s ended (%s): %" PRIu64 " frames written, %" PRIu64 " lost",
		cap.info.port_name, cap.info.path, why, cap.info.captured, cap.info.dropped);
}

int dp_capture_start(const struct dp_capture_req *req, char *err, size_t errlen)
{
	int ret;

	if (cap.info.running) {
		capture_err(err, errlen, "a capture is running (to %s): stop it first", cap.info.path);
		return -EBUSY;
	}
	if (!rte_eth_dev_is_valid_port(req->port) || (req->dir & (DP_CAPTURE_IN | DP_CAPTURE_OUT)) == 0)
		return -EINVAL;
	struct dp_capture_info last = cap.info; // "show capture" keeps it if this one fails
	bool ever = cap.ever;
	memset(&cap, 0, sizeof(cap));
	cap.info.port = req->port;
	snprintf(cap.info.port_name, sizeof(cap.info.port_name), "%s", req->port_name);
	cap.info.dir = req->dir;
	cap.info.count = req->count;
	cap.info.seconds = req->seconds;
	snprintf(cap.info.path, sizeof(cap.info.path), "%s", req->path);
	snprintf(cap.info.filter, sizeof(cap.info.filter), "%s", req->filter ? req->filter : "");
	if ((req->filter != NULL && (ret = filter_compile(req->filter, err, errlen)) < 0) ||
		(ret = capture_buffers(err, errlen)) < 0 || (ret = capture_file(req->path, err, errlen)) < 0)
		goto fail;
	cap.started_tsc = rte_get_tsc_cycles();
	cap.ever = true;
	cap.info.running = true;
	if ((ret = capture_hook(req->port, err, errlen)) < 0) {
		capture_end("failed");
		return ret;
	}
	CAPTURE_LOG(INFO, "port %s to %s started", req->port_name, req->path);
	return 0;
fail:
	capture_release();
	cap.info = last;
	cap.ever = ever;
	return ret;
}

int dp_capture_stop(void)
{
	if (!cap.info.running)
		return -ENOENT;
	capture_end("stopped");
	return 0;
}

int dp_capture_get(struct dp_capture_info *out)
{
	if (!cap.ever)
		return -ENOENT;
	if (cap.info.running) {
		cap.info.elapsed_ms = capture_elapsed_ms();
		cap.info.dropped = atomic_load_explicit(&cap.dropped, memory_order_relaxed);
		cap.info.filtered = atomic_load_explicit(&cap.filtered, memory_order_relaxed);
	}
	*out = cap.info;
	return 0;
}

unsigned dp_capture_poll(uint64_t now_ms)
{
	struct rte_mbuf *pkts[DP_BURST];
	unsigned total = 0, n;

	(void)now_ms;
	if (cap.png == NULL)
		return 0;
	while ((n = rte_ring_sc_dequeue_burst(cap.ring, (void **)pkts, DP_BURST, NULL)) > 0) {
		if (rte_pcapng_write_packets(cap.png, pkts, (uint16_t)n) < 0)
			atomic_fetch_add_explicit(&cap.dropped, n, memory_order_relaxed);
		else
			cap.info.captured += n;
		rte_pktmbuf_free_bulk(pkts, n);
		total += n;
	}
	if (!cap.info.running)
		return total;
	// Every frame of the count is claimed and the ring is empty: the copies still
	// on their way are written by capture_end's last drain, after the unhook.
	if (cap.info.count != 0 &&
		atomic_load_explicit(&cap.claimed, memory_order_relaxed) >= cap.info.count)
		capture_end("count");
	else if (cap.info.seconds != 0 && capture_elapsed_ms() >= cap.info.seconds * 1000ull)
		capture_end("seconds");
	return total;
}
