// SPDX-License-Identifier: BSD-3-Clause
// The link-state interrupt callback runs on the EAL interrupt thread: it only marks
// the port, and the control thread reads it on its next poll. af_packet raises no
// interrupt and reports its link up whatever its kernel interface does, so for it the
// interface's IFF_UP and IFF_RUNNING (carrier: a veth whose peer went down loses it)
// decide, read with one ioctl per poll.
#include <net/if.h>
#include <rte_ethdev.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "drivers/port_link.h"

#define LINK_POLL_MS 10 // at most one lost ping at a 10 ms interval

struct link_watch {
	bool watched;
	bool lsc;
	char kernel_if[IF_NAMESIZE]; // af_packet: the kernel interface it reads
	atomic_bool marked;	     // set by the interrupt callback
};

static struct link_watch watch[RTE_MAX_ETHPORTS];
static atomic_bool any_marked;
static uint64_t last_poll_ms;
static int ioctl_fd = -1;
static unsigned n_watched;

static int on_lsc(uint16_t port, enum rte_eth_event_type type, void *arg, void *ret_param)
{
	(void)type;
	(void)arg;
	(void)ret_param;
	if (port < RTE_MAX_ETHPORTS)
		atomic_store(&watch[port].marked, true);
	atomic_store(&any_marked, true);
	return 0;
}

// The value of "iface=" in an af_packet devargs string.
static void devargs_iface(const char *devargs, char *out, size_t len)
{
	const char *p = strstr(devargs, ",iface=");
	out[0] = '\0';
	if (p != NULL)
		snprintf(out, len, "%.*s", (int)strcspn(p + 7, ","), p + 7);
}

void port_link_watch(uint16_t port, const char *devargs, const char *driver, bool lsc)
{
	struct link_watch *w;
	if (port >= RTE_MAX_ETHPORTS)
		return;
	w = &watch[port];
	memset(w, 0, sizeof(*w));
	if (strcmp(driver, "net_af_packet") == 0)
		devargs_iface(devargs, w->kernel_if, sizeof(w->kernel_if));
	if (w->kernel_if[0] != '\0' && ioctl_fd < 0)
		ioctl_fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	w->lsc = lsc &&
		 rte_eth_dev_callback_register(port, RTE_ETH_EVENT_INTR_LSC, on_lsc, NULL) == 0;
	w->watched = true;
	n_watched++;
}

void port_link_unwatch(uint16_t port)
{
	if (port >= RTE_MAX_ETHPORTS || !watch[port].watched)
		return;
	if (watch[port].lsc)
		rte_eth_dev_callback_unregister(port, RTE_ETH_EVENT_INTR_LSC, on_lsc, NULL);
	watch[port].watched = false;
	if (--n_watched == 0 && ioctl_fd >= 0) {
		close(ioctl_fd);
		ioctl_fd = -1;
	}
}

static bool kernel_if_running(const char *name)
{
	struct ifreq ifr;
	if (ioctl_fd < 0)
		return true; // cannot tell: the PMD's word stands
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(ioctl_fd, SIOCGIFFLAGS, &ifr) < 0)
		return false; // the interface is gone
	return (ifr.ifr_flags & (IFF_UP | IFF_RUNNING)) == (IFF_UP | IFF_RUNNING);
}

// With link interrupts on, ethdev answers from the state the interrupt left (a copy),
// so the 10 ms poll costs a real NIC no register read.
bool port_link_up(uint16_t port)
{
	struct rte_eth_link link;
	if (rte_eth_link_get_nowait(port, &link) < 0 || link.link_status != RTE_ETH_LINK_UP)
		return false;
	return port >= RTE_MAX_ETHPORTS || watch[port].kernel_if[0] == '\0' ||
	       kernel_if_running(watch[port].kernel_if);
}

unsigned port_link_poll(uint64_t now_ms, port_link_cb cb)
{
	bool all = now_ms - last_poll_ms >= LINK_POLL_MS;
	unsigned n = 0;

	if (!all && !atomic_exchange(&any_marked, false))
		return 0;
	if (all)
		last_poll_ms = now_ms;
	for (uint16_t p = 0; p < RTE_MAX_ETHPORTS; p++) {
		bool marked = atomic_exchange(&watch[p].marked, false);
		if (!watch[p].watched || !(all || marked))
			continue;
		cb(p, port_link_up(p));
		n++;
	}
	return n;
}
