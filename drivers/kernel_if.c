// SPDX-License-Identifier: BSD-3-Clause
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/ethtool.h>
#include <linux/if_tun.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <net/route.h>
#include <stdio.h>
#include <stdlib.h>
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

// The label an IPv4 address goes under: the interface's own name for its first, an
// alias ("ts0:1") for each more (SIOCSIFADDR on the name replaces the first: a port with
// several underlay addresses, the tester's emulated VTEPs, kept only its last). 0,
// -EEXIST (there already), -ENAMETOOLONG.
static int kif_addr4_label(const char *name, const struct in_addr *a, struct ifreq *ifr)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)&ifr->ifr_addr;

	for (unsigned alias = 0; alias < 256; alias++) {
		int n = alias ? snprintf(ifr->ifr_name, IFNAMSIZ, "%s:%u", name, alias) :
				snprintf(ifr->ifr_name, IFNAMSIZ, "%s", name);
		if (n >= IFNAMSIZ)
			return -ENAMETOOLONG;
		sin->sin_family = AF_INET;
		if (kif_ioctl(AF_INET, SIOCGIFADDR, ifr) < 0)
			return 0; // no address under this label
		if (sin->sin_addr.s_addr == a->s_addr)
			return -EEXIST;
	}
	return -ENOSPC;
}

static int kif_add_addr4(const char *name, const struct in_addr *a, uint8_t len)
{
	struct ifreq ifr;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ifr.ifr_addr;
	int ret;

	memset(&ifr, 0, sizeof(ifr));
	if ((ret = kif_addr4_label(name, a, &ifr)) < 0)
		return ret;
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

int kernel_if_port_ifname(const char *devargs, char *name, size_t len)
{
	static const char drv[] = "net_af_packet", key[] = ",iface=";
	const char *v, *end;

	if (strncmp(devargs, drv, sizeof(drv) - 1) != 0 || (v = strstr(devargs, key)) == NULL)
		return -ENOENT;
	v += sizeof(key) - 1;
	end = v + strcspn(v, ",");
	// the name becomes part of /proc/sys paths: no '/' (nor a too long one)
	if (end == v || (size_t)(end - v) >= len || end - v >= IFNAMSIZ ||
		memchr(v, '/', (size_t)(end - v)))
		return -EINVAL;
	memcpy(name, v, (size_t)(end - v));
	name[end - v] = '\0';
	return 0;
}

static int sysctl_path(char *path, size_t len, const char *fam, const char *ifname,
	const char *key)
{
	int n = snprintf(path, len, "/proc/sys/net/%s/conf/%s/%s", fam, ifname, key);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

static int sysctl_read(const char *fam, const char *ifname, const char *key)
{
	char path[128], buf[16] = "";
	FILE *f;
	int ret = sysctl_path(path, sizeof(path), fam, ifname, key);

	if (ret < 0)
		return ret;
	if ((f = fopen(path, "re")) == NULL)
		return -errno;
	ret = fgets(buf, sizeof(buf), f) != NULL ? atoi(buf) : -EIO;
	fclose(f);
	return ret;
}

static int sysctl_write(const char *fam, const char *ifname, const char *key, int val)
{
	char path[128];
	FILE *f;
	int ret = sysctl_path(path, sizeof(path), fam, ifname, key);

	if (ret < 0)
		return ret;
	if ((f = fopen(path, "we")) == NULL)
		return -errno;
	ret = fprintf(f, "%d\n", val) < 0 ? -EIO : 0;
	if (fclose(f) != 0 && ret == 0)
		ret = -errno;
	return ret;
}

// What keeps the host stack off the port's interface, as the README tells a host
// that must do it by hand: ARP never answered there; IPv4 dropped by the strict
// reverse-path check (no route leads out of that interface, it has no address);
// no IPv6 at all there.
static const struct {
	const char *fam, *key;
	int val;
} quiet[] = {
	{"ipv4", "arp_ignore", 8},
	{"ipv4", "rp_filter", 1},
	{"ipv6", "disable_ipv6", 1},
};

int kernel_if_quiet(const char *ifname, char *why, size_t len)
{
	int ret;

	for (size_t i = 0; i < sizeof(quiet) / sizeof(quiet[0]); i++) {
		ret = sysctl_write(quiet[i].fam, ifname, quiet[i].key, quiet[i].val);
		if (ret == -ENOENT && strcmp(quiet[i].fam, "ipv6") == 0)
			continue; // a kernel without IPv6: nothing to answer ND
		if (ret < 0) {
			snprintf(why, len, "cannot set net.%s.conf.%s.%s=%d: %s", quiet[i].fam,
				ifname, quiet[i].key, quiet[i].val, strerror(-ret));
			return ret;
		}
	}
	// The kernel applies the larger of "all" and the interface's value: loose mode
	// (2) in "all" accepts whatever has a route back, through the TAP.
	if (sysctl_read("ipv4", "all", "rp_filter") == 2) {
		snprintf(why, len, "net.ipv4.conf.all.rp_filter is 2 (loose): the kernel still "
				   "answers IPv4 on %s", ifname);
		return -EINVAL;
	}
	snprintf(why, len, "arp_ignore=8 rp_filter=1 disable_ipv6=1");
	return 0;
}

bool kernel_if_is_veth(const char *ifname)
{
	struct ethtool_drvinfo info = {.cmd = ETHTOOL_GDRVINFO};
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", ifname);
	ifr.ifr_data = (void *)&info;
	return kif_ioctl(AF_INET, SIOCETHTOOL, &ifr) == 0 && strcmp(info.driver, "veth") == 0;
}

void kernel_if_close(int fd)
{
	if (fd >= 0)
		close(fd);
}
