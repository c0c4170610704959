// SPDX-License-Identifier: BSD-3-Clause
// Port links as the dataplane acts on them. When an access port's link goes down, the
// hosts learned behind it are gone from here (moved to another VTEP, or down): their
// MACs leave the table at once, as a Linux bridge flushes on carrier loss, and the
// control plane withdraws their routes instead of attracting their traffic until
// they age out. The state is read on the control thread (drivers/port_link.c), never
// by the workers.
#include "dp/writer/writer.h"

void dp_port_link_set(uint16_t port, bool up)
{
	struct dp_notify n = {.type = DP_NOTIFY_PORT_LINK, .port = port, .link_up = up};
	uint8_t state = up ? DP_LINK_UP : DP_LINK_DOWN, was;

	if (port >= DP_MAX_PORTS || dp_tables.port[port] == NULL || dp_writer.link[port] == state)
		return;
	was = dp_writer.link[port];
	dp_writer.link[port] = state;
	if (was == DP_LINK_UNKNOWN && up)
		return; // the first reading after start: ports come up, nothing changed
	// The workers' learn events still on their rings go first, so that a frame the
	// port received just before its link went down does not bring its MAC back.
	if (!up) {
		writer_drain_events();
		n.n_flushed = writer_mac_flush(
			&(struct writer_flush){.port = port, .learned_only = true, .notify = true});
	}
	writer_notify(&n);
}
