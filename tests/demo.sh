#!/bin/bash
# demo.sh: evpnd in five minutes. Installs what it needs (Debian 12), builds evpnd,
# then builds this lab in network namespaces and pings across it:
#
#   h1 10.1.0.1                                                     h2 10.1.0.2
#     | eth0                                                          | eth0
#     | h0                                                            | h2-port
#   [ evpnd: port host0 (access)   ]       underlay       [ Linux kernel VTEP:      ]
#   [        port uplink0 (VTEP)   ]--ul0 -------- ul-----[ br100 + vxlan100        ]
#   [ 192.0.2.1, VNI 100           ]   192.0.2.0/24       [ 192.0.2.2, VNI 100      ]
#        namespace evdemo-vtep1                              namespace evdemo-vtep2
#
# evpnd runs the DPDK dataplane on lcore 1 with af_packet ports on the veth ends of
# its namespace. The kernel VTEP is what Linux users run today: a bridge and a VXLAN
# device with head-end replication to evpnd (no BGP yet: the flood lists are static).
#
#   sudo tests/demo.sh            # everything, then tears the lab down
#   sudo PAUSE=1 tests/demo.sh    # stops before the teardown so you can look around
#   BUILD=/path/to/build ...      # use that build directory (default ./build)
#
# Exit status 0 when the pings went through.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
NS_EV=evdemo-vtep1   # evpnd
NS_KV=evdemo-vtep2   # Linux kernel VTEP
NS_H1=evdemo-h1      # host behind evpnd
NS_H2=evdemo-h2      # host behind the kernel VTEP
work=
evpnd_pid=

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
say() { printf '   %s\n' "$*"; }
# show CMD...: prints the command, then runs it.
show() {
	printf '\n   $ %s\n' "$*"
	"$@" | sed 's/^/   /'
}
in_ns() {
	local ns=$1
	shift
	ip netns exec "$ns" "$@"
}
ctl() { "$build/evpnctl" -s "$work/evpnd.sock" "$@"; }

teardown() {
	local rc=$?
	set +e
	trap - EXIT INT TERM
	step "Tearing down"
	if [ -n "$evpnd_pid" ] && kill -0 "$evpnd_pid" 2>/dev/null; then
		kill -TERM "$evpnd_pid"
		wait "$evpnd_pid"
		say "evpnd stopped (exit status $?)"
	fi
	for ns in $NS_EV $NS_KV $NS_H1 $NS_H2; do
		ip netns del "$ns" 2>/dev/null && say "namespace $ns deleted"
	done
	if [ "$rc" -ne 0 ] && [ -n "$work" ]; then
		say "demo FAILED (exit $rc); evpnd's log: $work/evpnd.log"
	else
		rm -rf "$work"
	fi
	exit "$rc"
}

if [ "$(id -u)" -ne 0 ]; then
	echo "demo.sh: run as root (sudo $0): it creates network namespaces" >&2
	exit 1
fi

# ---------------------------------------------------------------------------
step "1. Packages (Debian 12): DPDK, liburcu, meson, iproute2, ping, tshark, scapy"
"$top/tests/deps.sh" demo
say "all present"

step "2. Build ($build)"
if [ ! -f "$build/build.ninja" ]; then
	meson setup "$build" "$top" | tail -n 4
fi
ninja -C "$build" evpnd evpnctl
say "built $build/evpnd and $build/evpnctl"

# ---------------------------------------------------------------------------
step "3. Namespaces and links"
for ns in $NS_EV $NS_KV $NS_H1 $NS_H2; do
	ip netns del "$ns" 2>/dev/null || true # left over from an interrupted run
done
work=$(mktemp -d /tmp/evdemo.XXXXXX)
trap teardown EXIT
trap 'exit 130' INT TERM
for ns in $NS_EV $NS_KV $NS_H1 $NS_H2; do
	ip netns add "$ns"
	# IPv6 off: keeps the demo's tables free of router solicitations and the like.
	in_ns "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	in_ns "$ns" ip link set lo up
done
# veth pairs: host -> VTEP, and the underlay between the VTEPs. The underlay MTU
# leaves room for the 50 bytes VXLAN adds to a 1500-byte frame.
ip link add eth0 netns $NS_H1 type veth peer name h0 netns $NS_EV
ip link add ul0 netns $NS_EV mtu 1600 type veth peer name ul netns $NS_KV mtu 1600
ip link add h2-port netns $NS_KV type veth peer name eth0 netns $NS_H2
in_ns $NS_EV ip link set h0 up
in_ns $NS_EV ip link set ul0 up
say "$NS_H1:eth0 <-> $NS_EV:h0       (evpnd's access port host0)"
say "$NS_EV:ul0  <-> $NS_KV:ul       (the underlay, MTU 1600)"
say "$NS_KV:h2-port <-> $NS_H2:eth0  (the kernel VTEP's access port)"

step "4. The Linux kernel VTEP ($NS_KV, 192.0.2.2)"
in_ns $NS_KV ip addr add 192.0.2.2/24 dev ul
in_ns $NS_KV ip link set ul up
in_ns $NS_KV ip link add br100 type bridge mcast_snooping 0
in_ns $NS_KV ip link add vxlan100 type vxlan id 100 local 192.0.2.2 dstport 4789 nolearning
in_ns $NS_KV ip link set vxlan100 master br100 up
in_ns $NS_KV ip link set h2-port master br100 up
in_ns $NS_KV ip link set br100 up
# Broadcast and unknown unicast go to evpnd (head-end replication).
in_ns $NS_KV bridge fdb append 00:00:00:00:00:00 dev vxlan100 dst 192.0.2.1
show in_ns $NS_KV ip -d -br link show vxlan100
show in_ns $NS_KV bridge fdb show dev vxlan100

step "5. The hosts"
in_ns $NS_H1 ip link set eth0 address 02:00:00:01:00:01
in_ns $NS_H1 ip addr add 10.1.0.1/24 dev eth0
in_ns $NS_H1 ip link set eth0 up
in_ns $NS_H2 ip link set eth0 address 02:00:00:01:00:02
in_ns $NS_H2 ip addr add 10.1.0.2/24 dev eth0
in_ns $NS_H2 ip link set eth0 up
say "h1 10.1.0.1/24 (02:00:00:01:00:01) behind evpnd"
say "h2 10.1.0.2/24 (02:00:00:01:00:02) behind the kernel VTEP: one subnet, VNI 100"

# ---------------------------------------------------------------------------
step "6. evpnd's configuration ($work/evpnd.conf)"
cat >"$work/evpnd.conf" <<'EOF'
! evpnd as a static L2 VTEP: VNI 100 between an access port and VXLAN.
dataplane
 main-lcore 0
 worker-lcores 1
 mbufs 8192
 port uplink0 devargs net_af_packet0,iface=ul0
 port host0 devargs net_af_packet1,iface=h0
underlay
 vtep-address 192.0.2.1
 address 192.0.2.1/24 port uplink0
bridge-domain 100
 vni 100
 mac-aging-time 300
 member host0 untagged
 ! Broadcast, unknown unicast and multicast: head-end replication to these VTEPs.
 flood-vtep 192.0.2.2
 ! Remote MACs come from BGP EVPN (on the way) or, as here, from the configuration:
 ! evpnd does not learn MACs from VXLAN packets.
 mac 02:00:00:01:00:02 remote-vtep 192.0.2.2
EOF
sed 's/^/   | /' "$work/evpnd.conf"
show "$build/evpnd" -n -f "$work/evpnd.conf"

step "7. Start evpnd in $NS_EV"
# Without hugepages: DPDK takes 512 MB of ordinary memory. --file-prefix keeps this
# instance apart from any other DPDK process on the machine.
say "\$ ip netns exec $NS_EV evpnd -f evpnd.conf -s evpnd.sock -- --no-huge -m 512 --no-pci --no-shconf --file-prefix evdemo"
# (ip netns exec execs evpnd: $! is evpnd's own pid.)
ip netns exec $NS_EV "$build/evpnd" -f "$work/evpnd.conf" -s "$work/evpnd.sock" -v -- \
	--no-huge -m 512 --no-pci --no-shconf --file-prefix evdemo >"$work/evpnd.log" 2>&1 &
evpnd_pid=$!
for _ in $(seq 100); do
	ctl show port >/dev/null 2>&1 && break
	kill -0 $evpnd_pid 2>/dev/null || {
		cat "$work/evpnd.log"
		exit 1
	}
	sleep 0.2
done
say "evpnd is up (pid $evpnd_pid); evpnctl talks to it over $work/evpnd.sock"
# evpnd resolves the remote VTEP's MAC by ARP, as a router would.
for _ in $(seq 50); do
	ctl show vtep | grep -q " resolved " && break
	sleep 0.2
done
show ctl show port
show ctl show bridge-domain
show ctl show vtep

# ---------------------------------------------------------------------------
step "8. Ping across the VXLAN tunnel"
show in_ns $NS_H1 ping -c 3 -i 0.2 -w 10 10.1.0.2
show in_ns $NS_H2 ping -c 3 -i 0.2 -w 10 10.1.0.1
show in_ns $NS_H1 ping -c 3 -i 0.2 -w 10 -s 1400 -M "do" 10.1.0.2

step "9. What evpnd learned and counted"
say "h1's MAC is local, learned on port host0; h2's is the static remote one (VTEP 192.0.2.2)."
say "The first ARP request was flooded (bum_flood); the pings went straight to vxlan_encap."
show ctl show mac
show ctl show stats
say "The kernel VTEP's side:"
show in_ns $NS_KV bridge fdb show br br100 dynamic

if [ -n "${PAUSE:-}" ]; then
	step "Paused. Try, in another shell:"
	say "$build/evpnctl -s $work/evpnd.sock show mac json"
	say "ip netns exec $NS_H1 ping 10.1.0.2"
	say "ip netns exec $NS_KV tshark -i ul -f 'udp port 4789' -O vxlan"
	read -r -p "   Press Enter to tear everything down. "
fi
step "Success: h1 and h2 talk through evpnd and a Linux kernel VTEP over VXLAN VNI 100"
