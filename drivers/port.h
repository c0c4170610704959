// SPDX-License-Identifier: BSD-3-Clause
// Ports: an ethdev from a devargs string (a PCI address or a vdev such as
// net_af_packet0,iface=eth0), with one rx queue per worker where the device allows
// (RSS spreads flows) and one tx queue per worker.
#ifndef EVPND_PORT_H
#define EVPND_PORT_H

#include <rte_mempool.h>
#include <stdint.h>

struct port_conf {
	const char *name;
	const char *devargs;
	uint16_t n_workers;
	uint16_t rx_queues; // 0 = one per worker if the device has that many
	uint16_t mtu;       // 0 = the driver's default
	const char *mtu_where; // "FILE:LINE" of the mtu, for the error; may be NULL
	struct rte_mempool *pool;
};

// Probes, configures and starts the port. Returns the port id, or -errno with a log
// line saying what the device refused (an MTU it cannot take is refused too, like
// any other bad line of the configuration).
int port_open(const struct port_conf *c);
void port_close(uint16_t port_id);
uint16_t port_rx_queues(uint16_t port_id);

#endif
