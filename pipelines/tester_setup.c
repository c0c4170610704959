// SPDX-License-Identifier: BSD-3-Clause
// The configuration's streams (cp/config) as the tester's dataplane takes them
// (dp/tester): ports by id, addresses in network order, rates in packets per second.
#include <errno.h>
#include <string.h>

#include "cp/config/config.h"
#include "cp/cp_log.h"
#include "dp/tester/tester.h"
#include "pipelines/tester_setup.h"

static void stream_conf(const struct cfg_stream *s, const uint16_t *port_ids,
	struct tester_stream_conf *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "%s", s->name);
	c->encap = s->encap; // enum cfg_stream_encap has enum tester_encap's order
	c->tx_port = port_ids[s->port];
	c->rx_port = s->rx_port >= 0 ? port_ids[s->rx_port] : TESTER_ANY_PORT;
	memcpy(&c->next_hop_mac, s->next_hop_mac, 6);
	c->src_vtep = s->src_vtep.v4.s_addr;
	c->n_vteps = s->n_vteps;
	c->dst_vtep = s->dst_vtep.v4.s_addr;
	c->vni = s->vni;
	c->n_labels = s->n_labels;
	memcpy(c->labels, s->labels, sizeof(c->labels));
	c->rx_label = s->rx_label;
	memcpy(&c->src_mac, s->src_mac, 6);
	c->n_macs = s->n_macs;
	memcpy(&c->dst_mac, s->dst_mac, 6);
	c->src_ip = s->src_ip.v4.s_addr;
	c->dst_ip = s->dst_ip.v4.s_addr;
	memcpy(c->sizes, s->sizes, sizeof(c->sizes));
	c->n_sizes = s->n_sizes;
	c->pps = cfg_stream_pps(s);
	c->count = s->count;
	c->duration_ms = (uint64_t)s->duration * 1000;
}

int tester_setup(const struct evpnd_config *cfg, const uint16_t *port_ids)
{
	static struct tester_stream_conf conf[CFG_TESTER_MAX_STREAMS];
	int ret;

	_Static_assert(CFG_TESTER_MAX_STREAMS == TESTER_MAX_STREAMS, "one limit");
	_Static_assert(CFG_STREAM_MAX_SIZES == TESTER_MAX_SIZES, "one limit");
	_Static_assert(CFG_STREAM_MAX_LABELS == TESTER_MAX_LABELS, "one limit");
	_Static_assert((int)CFG_STREAM_MPLS_UDP == (int)TESTER_ENCAP_MPLS_UDP, "one order");
	for (size_t i = 0; i < cfg->tester.n_streams; i++)
		stream_conf(&cfg->tester.streams[i], port_ids, &conf[i]);
	if ((ret = tester_init(conf, (unsigned)cfg->tester.n_streams, (unsigned)cfg->n_workers)) < 0) {
		CP_ERR("tester", "streams: %s", strerror(-ret));
		return ret;
	}
	CP_INFO("tester", "%zu streams on %zu workers; evpnctl tester start", cfg->tester.n_streams,
		cfg->n_workers);
	return 0;
}
