// SPDX-License-Identifier: BSD-3-Clause
#include <errno.h>
#include <rte_bus.h>
#include <rte_dev.h>
#include <rte_ethdev.h>
#include <rte_log.h>
#include <string.h>

#include "drivers/port.h"
#include "drivers/port_link.h"

#define RX_DESC 1024
#define TX_DESC 1024

RTE_LOG_REGISTER(port_logtype, evpnd.port, INFO);
#define PORT_LOG(lvl, fmt, ...) rte_log(RTE_LOG_##lvl, port_logtype, "port: " fmt "\n", ##__VA_ARGS__)

// The ethdev name of a devargs string: the vdev or PCI name before the first comma.
static int port_find(const char *devargs, uint16_t *port_id)
{
	char name[RTE_ETH_NAME_MAX_LEN];
	size_t len = strcspn(devargs, ",");
	if (len == 0 || len >= sizeof(name))
		return -EINVAL;
	memcpy(name, devargs, len);
	name[len] = '\0';
	if (rte_eth_dev_get_port_by_name(name, port_id) == 0)
		return 0;
	return -ENODEV;
}

static int port_probe(const char *devargs, uint16_t *port_id)
{
	int ret;
	if (port_find(devargs, port_id) == 0)
		return 0; // already probed (PCI devices on the EAL allow list)
	ret = rte_dev_probe(devargs);
	if (ret < 0)
		return ret;
	return port_find(devargs, port_id);
}

static void port_rss_conf(struct rte_eth_conf *conf, const struct rte_eth_dev_info *info,
	uint16_t nb_rxq)
{
	if (nb_rxq <= 1)
		return;
	conf->rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
	conf->rx_adv_conf.rss_conf.rss_hf =
		(RTE_ETH_RSS_IP | RTE_ETH_RSS_UDP | RTE_ETH_RSS_TCP) & info->flow_type_rss_offloads;
}

static int port_setup_queues(uint16_t id, const struct port_conf *c, uint16_t nb_rxq,
	uint16_t nb_txq)
{
	int socket = rte_eth_dev_socket_id(id);
	int ret;
	for (uint16_t q = 0; q < nb_rxq; q++)
		if ((ret = rte_eth_rx_queue_setup(id, q, RX_DESC, socket, NULL, c->pool)) < 0)
			return ret;
	for (uint16_t q = 0; q < nb_txq; q++)
		if ((ret = rte_eth_tx_queue_setup(id, q, TX_DESC, socket, NULL)) < 0)
			return ret;
	return 0;
}

int port_open(const struct port_conf *c)
{
	struct rte_eth_conf conf = {0};
	struct rte_eth_dev_info info;
	uint16_t id, nb_rxq, nb_txq = c->n_workers;
	int ret;

	if ((ret = port_probe(c->devargs, &id)) < 0) {
		PORT_LOG(ERR, "%s: cannot probe '%s': %s", c->name, c->devargs, strerror(-ret));
		return ret;
	}
	if ((ret = rte_eth_dev_info_get(id, &info)) < 0)
		return ret;
	nb_rxq = c->rx_queues ? c->rx_queues : RTE_MIN(c->n_workers, info.max_rx_queues);
	if (nb_rxq == 0 || nb_rxq > info.max_rx_queues || nb_txq > info.max_tx_queues) {
		PORT_LOG(ERR, "%s: needs %u rx and %u tx queues, device offers %u and %u "
			"(af_packet: add qpairs=N to the devargs)", c->name, nb_rxq, nb_txq,
			info.max_rx_queues, info.max_tx_queues);
		return -EINVAL;
	}
	port_rss_conf(&conf, &info, nb_rxq);
	// The NIC's verdict on UDP checksums spares vxlan_decap its software check over
	// IPv6 (about 145 instructions a packet); ports without it (af_packet, tap) get that.
	conf.rxmode.offloads |= info.rx_offload_capa & RTE_ETH_RX_OFFLOAD_UDP_CKSUM;
	// Link changes as interrupts where the PMD has them (drivers/port_link.c).
	conf.intr_conf.lsc = info.dev_flags != NULL && (*info.dev_flags & RTE_ETH_DEV_INTR_LSC);
	if ((ret = rte_eth_dev_configure(id, nb_rxq, nb_txq, &conf)) < 0 ||
		(ret = port_setup_queues(id, c, nb_rxq, nb_txq)) < 0) {
		PORT_LOG(ERR, "%s: configure failed: %s", c->name, strerror(-ret));
		return ret;
	}
	if (c->mtu && (ret = rte_eth_dev_set_mtu(id, c->mtu)) < 0) {
		PORT_LOG(ERR, "%s%sport %s: mtu %u cannot be set: %s",
			c->mtu_where ? c->mtu_where : "", c->mtu_where ? ": " : "", c->name, c->mtu,
			strerror(-ret));
		return ret; // as any bad line of the configuration: start-up stops
	}
	port_link_watch(id, c->devargs, info.driver_name, conf.intr_conf.lsc);
	if ((ret = rte_eth_dev_start(id)) < 0) {
		port_link_unwatch(id);
		PORT_LOG(ERR, "%s: start failed: %s", c->name, strerror(-ret));
		return ret;
	}
	// A bridge port and a VTEP port see frames for other MACs; we filter ourselves.
	rte_eth_promiscuous_enable(id);
	PORT_LOG(INFO, "%s: port %u (%s) up with %u rx / %u tx queues", c->name, id,
		info.driver_name, nb_rxq, nb_txq);
	return id;
}

void port_close(uint16_t port_id)
{
	port_link_unwatch(port_id);
	rte_eth_dev_stop(port_id);
	rte_eth_dev_close(port_id);
}

uint16_t port_rx_queues(uint16_t port_id)
{
	struct rte_eth_dev_info info;
	if (rte_eth_dev_info_get(port_id, &info) < 0)
		return 0;
	return info.nb_rx_queues;
}
