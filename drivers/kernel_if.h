// SPDX-License-Identifier: BSD-3-Clause
// Kernel interfaces: a TAP that mirrors an underlay port for the host's IP stack, so
// BGP (TCP), ping and anything else addressed to the port's addresses run on the
// ordinary kernel stack. Same MAC as the port; the dataplane hands it the frames
// addressed to the host and sends out what the kernel writes.
#ifndef EVPND_KERNEL_IF_H
#define EVPND_KERNEL_IF_H

#include <netinet/in.h>
#include <rte_ether.h>
#include <stdbool.h>
#include <stdint.h>

// Creates (or attaches to) TAP `name`, sets its MAC and MTU, brings it up.
// Returns a non-blocking fd or -errno.
int kernel_if_open(const char *name, const struct rte_ether_addr *mac, uint16_t mtu);
// Adds an IPv4 or IPv6 address (family AF_INET/AF_INET6, addr in network order).
int kernel_if_add_addr(const char *name, int family, const void *addr, uint8_t prefix_len);
// Adds a route dst/len via gw on that interface.
int kernel_if_add_route(const char *name, int family, const void *dst, uint8_t len,
	const void *gw);
void kernel_if_close(int fd);

// The kernel interface an af_packet port reads ("net_af_packet0,iface=ul0" -> "ul0"):
// 0; -ENOENT for other drivers, -EINVAL for a missing or too long name.
int kernel_if_port_ifname(const char *devargs, char *name, size_t len);
// Keeps this namespace's host stack off interface ifname (an af_packet port with a
// kernel-interface TAP): every frame seen there reaches the kernel twice, from the
// interface itself and through the TAP, and Linux answers for the TAP's addresses
// on any interface (two ARP, ND, ping and TCP answers). Sets its sysctls; 0 with
// what was set in why, or -errno with the reason in why.
int kernel_if_quiet(const char *ifname, char *why, size_t len);
// ifname is a veth: its peer leaves TCP/UDP checksums to be completed (transmit
// offload), af_packet hands the frames over as they are, and the TAP's kernel then
// drops them unless the peer computes them (ethtool -K PEER tx off).
bool kernel_if_is_veth(const char *ifname);

#endif
