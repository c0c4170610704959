// SPDX-License-Identifier: BSD-3-Clause
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <net/route.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "drivers/kernel_if.h"

// Not in glibc's headers: the ioctl argument for IPv6 addresses (linux/ipv6.h).
struct kif_in6_ifreq {
	struct in6_addr addr;
	uint32_t prefixlen;
	int ifindex;
};

static int kif_ioctl(int family, unsigned long req, void *arg)
{
	int s = socket(family, SOCK_DGRAM, 0), ret = 0;
	if (s < 0)
		return -errno;
	if (ioctl(s, req, arg) < 0)
		ret = -errno;
	close(s);
	return ret;
}

static int kif_set_link(const char *name, const struct rte_ether_addr *mac, uint16_t mtu)
{
	struct ifreq ifr;
	int ret;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", name);
	ifr.ifr_hwaddr.sa_family = 1; // ARPHRD_ETHER
	memcpy(ifr.ifr_hwaddr.sa_data, mac, RTE_ETHER_ADDR_LEN);
	if ((ret = kif_ioctl(AF_INET, SIOCSIFHWADDR, &ifr)) < 0)
		return ret;
	if (mtu) {
		ifr.ifr_mtu = mtu;
		if ((ret = kif_ioctl(AF_INET, SIOCSIFMTU, &ifr)) < 0)
			return ret;
	}
	if ((ret = kif_ioctl(AF_INET, SIOCGIFFLAGS, &ifr)) < 0)
		return ret;
	ifr.ifr_flags |= IFF_UP;
	return kif_ioctl(AF_INET, SIOCSIFFLAGS, &ifr);
}

int kernel_if_open(const char *name, const struct rte_ether_addr *mac, uint16_t mtu)
{
	struct ifreq ifr;
	int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC), ret;

	if (fd < 0)
		return -errno;
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", name);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		ret = -errno;
		close(fd);
		return ret;
	}
	if ((ret = kif_set_link(name, mac, mtu)) < 0) {
		close(fd);
		return ret;
	}
	return fd;
}

static int kif_add_addr4(const char *name, const struct in_addr *a, uint8_t len)
{
	struct ifreq ifr;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ifr.ifr_addr;
	int ret;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", name);
	sin->sin_family = AF_INET;
	sin->sin_addr = *a;
	if ((ret = kif_ioctl(AF_INET, SIOCSIFADDR, &ifr)) < 0)
		return ret;
	sin->sin_addr.s_addr = len ? htonl(~0u << (32 - len)) : 0;
	return kif_ioctl(AF_INET, SIOCSIFNETMASK, &ifr);
}

static int kif_add_addr6(const char *name, const struct in6_addr *a, uint8_t len)
{
	struct kif_in6_ifreq r = {.addr = *a, .prefixlen = len, .ifindex = (int)if_nametoindex(name)};
	if (r.ifindex == 0)
		return -ENODEV;
	return kif_ioctl(AF_INET6, SIOCSIFADDR, &r);
}

int kernel_if_add_addr(const char *name, int family, const void *addr, uint8_t prefix_len)
{
	int ret = family == AF_INET ? kif_add_addr4(name, addr, prefix_len) :
				      kif_add_addr6(name, addr, prefix_len);
	return ret == -EEXIST ? 0 : ret;
}

static int kif_add_route4(const char *name, const struct in_addr *dst, uint8_t len,
	const struct in_addr *gw)
{
	struct rtentry rt;
	char dev[IFNAMSIZ];

	memset(&rt, 0, sizeof(rt));
	snprintf(dev, sizeof(dev), "%s", name);
	((struct sockaddr_in *)&rt.rt_dst)->sin_family = AF_INET;
	((struct sockaddr_in *)&rt.rt_dst)->sin_addr = *dst;
	((struct sockaddr_in *)&rt.rt_genmask)->sin_family = AF_INET;
	((struct sockaddr_in *)&rt.rt_genmask)->sin_addr.s_addr = len ? htonl(~0u << (32 - len)) : 0;
	((struct sockaddr_in *)&rt.rt_gateway)->sin_family = AF_INET;
	((struct sockaddr_in *)&rt.rt_gateway)->sin_addr = *gw;
	rt.rt_flags = RTF_UP | RTF_GATEWAY;
	rt.rt_dev = dev;
	return kif_ioctl(AF_INET, SIOCADDRT, &rt);
}

static int kif_add_route6(const char *name, const struct in6_addr *dst, uint8_t len,
	const struct in6_addr *gw)
{
	struct in6_rtmsg rt;
	memset(&rt, 0, sizeof(rt));
	rt.rtmsg_dst = *dst;
	rt.rtmsg_dst_len = len;
	rt.rtmsg_gateway = *gw;
	rt.rtmsg_flags = RTF_UP | RTF_GATEWAY;
	rt.rtmsg_metric = 1;
	rt.rtmsg_ifindex = (int)if_nametoindex(name);
	if (rt.rtmsg_ifindex == 0)
		return -ENODEV;
	return kif_ioctl(AF_INET6, SIOCADDRT, &rt);
}

int kernel_if_add_route(const char *name, int family, const void *dst, uint8_t len,
	const void *gw)
{
	int ret = family == AF_INET ? kif_add_route4(name, dst, len, gw) :
				      kif_add_route6(name, dst, len, gw);
	return ret == -EEXIST ? 0 : ret;
}

void kernel_if_close(int fd)
{
	if (fd >= 0)
		close(fd);
}
