#!/bin/bash
# demo.sh: evpnd in five minutes. Installs what it needs (Debian 12), builds evpnd,
# then builds this lab in network namespaces: evpnd and an FRR + Linux kernel VXLAN
# VTEP exchange BGP EVPN routes through an FRR route reflector, hosts ping across,
# and a host moves from the kernel VTEP to evpnd while it is being pinged.
#
#     h1 10.1.0.1                hm 10.1.0.9 (one MAC, a link to each VTEP)    h2 10.1.0.2
#       |                      eth1 :  (down)              eth0 |  (up)           |
#   [ evpnd VTEP 192.0.2.1   ]......:                           |   [ kernel VTEP 192.0.2.2 ]
#   [ DPDK, af_packet ports  ]=========== underlay 192.0.2.0/24 ====[ br100 + vxlan100      ]
#   [ BGP EVPN on mgmt0      ]               VXLAN VNI 100          [ FRR bgpd + zebra      ]
#         10.0.0.1 |                                                   | 10.0.0.2
#                  +------------- mgmt 10.0.0.0/24 (BGP) -------------+
#                                           | 10.0.0.3
#                               [ FRR bgpd: route reflector ]
#
# Namespaces evdemo-{ev,kv,rr,fab,h1,h2,hm}; the lab itself is the one the EVPN
# integration tests use (tests/integration/evpn_lab.sh).
#
#   sudo tests/demo.sh            # BGP EVPN, then tears the lab down
#   sudo tests/demo.sh static     # the older demo: static flood list and remote MAC, no BGP
#   sudo PAUSE=1 tests/demo.sh    # stops before the teardown so you can look around
#   MOVE_MAX_LOST=N               # pings each host may lose over the move (default 50)
#   BUILD=/path/to/build ...      # use that build directory (default ./build)
#
# Exit status 0 when every check passed (routes, tables, pings, the move).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
mode=${1:-evpn}

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
say() { printf '   %s\n' "$*"; }
# show CMD...: prints the command, then runs it.
show() {
	printf '\n   $ %s\n' "$*"
	"$@" | sed 's/^/   /'
}

case $mode in
evpn | static) ;;
*)
	echo "usage: $0 [static]" >&2
	exit 2
	;;
esac
if [ "$(id -u)" -ne 0 ]; then
	echo "demo.sh: run as root (sudo $0): it creates network namespaces" >&2
	exit 1
fi

# Packages and build; not again when lib.sh has re-started this script under its timeout.
if [ -z "${DEMO_BUILT:-}" ]; then
	step "1. Packages (Debian 12): DPDK, liburcu, meson, iproute2, ping, tshark, scapy, FRR"
	"$top/tests/deps.sh" demo
	say "all present"

	step "2. Build ($build)"
	if [ ! -f "$build/build.ninja" ]; then
		meson setup "$build" "$top" | tail -n 4
	fi
	ninja -C "$build" evpnd evpnctl
	say "built $build/evpnd and $build/evpnctl"
	export DEMO_BUILT=1
fi

demo_static() {
	NS_EV=evdemo-vtep1   # evpnd
	NS_KV=evdemo-vtep2   # Linux kernel VTEP
	NS_H1=evdemo-h1      # host behind evpnd
	NS_H2=evdemo-h2      # host behind the kernel VTEP

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
 ! Remote MACs come from BGP EVPN (tests/demo.sh without "static") or, as here, from the
 ! configuration: evpnd does not learn MACs from VXLAN packets.
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
}

if [ "$mode" = static ]; then
	demo_static
	exit 0
fi

# ===========================================================================
# The BGP EVPN demo. lib.sh gives namespaces (prefix evdemo), a timeout over the rest
# of this script and the clean-up; evpn_lab.sh the lab and its checks.
export BUILD=$build IT_PREFIX=evdemo IT_TIMEOUT=${DEMO_TIMEOUT:-180}
# The timeout would run this script outside the terminal's foreground: no reading.
[ -z "${PAUSE:-}" ] || export IT_UNDER_TIMEOUT=1
# Left over from an interrupted run (lib.sh would re-create them).
for n in fab ev kv rr h1 h2 hm; do
	if ip netns pids "evdemo-$n" >/dev/null 2>&1; then
		for pid in $(ip netns pids "evdemo-$n"); do kill -KILL "$pid" 2>/dev/null || true; done
		ip netns del "evdemo-$n" 2>/dev/null || true
	fi
done
# shellcheck source=tests/integration/lib.sh
. "$top/tests/integration/lib.sh"
# shellcheck source=tests/integration/evpn_lab.sh
. "$top/tests/integration/evpn_lab.sh"

# Readable output instead of the tests' timestamped log lines.
log() { printf '   %s\n' "$*"; }
# at NS CMD...: prints and runs CMD in one of the lab's namespaces.
at() {
	local n=$1
	shift
	printf '\n   %s# %s\n' "$n" "$*"
	nsx "$n" "$@" 2>&1 | sed 's/^/   /'
}
# ev_show WORDS: evpnctl against evpnd, printed.
ev_show() {
	printf '\n   ev# evpnctl %s\n' "$*"
	evctl "$@" | sed 's/^/   /'
}
# vty_show NS COMMAND: vtysh in NS, printed.
vty_show() {
	local n=$1
	shift
	printf "\n   %s# vtysh -c '%s'\n" "$n" "$*"
	vty "$n" "$*" | sed 's/^/   /'
}

demo_exit() {
	local rc=$? f
	set +e
	trap - EXIT INT TERM
	step "Tearing down"
	if evpnd_alive; then
		kill -TERM "$EV_PID"
		for _ in $(seq 100); do
			kill -0 "$EV_PID" 2>/dev/null || break
			sleep 0.1
		done
		wait "$EV_PID"
		say "evpnd stopped (exit status $?)"
	fi
	for f in "$WORK"/frr-*/*.pid; do
		[ -f "$f" ] && kill -TERM "$(cat "$f")" 2>/dev/null
	done
	for f in "$WORK"/frr-*/*.pid; do
		for _ in $(seq 30); do
			[ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null || break
			sleep 0.1
		done
	done
	say "FRR stopped (bgpd and zebra in evdemo-kv and evdemo-rr)"
	say "namespaces deleted: ${IT_NS[*]}"
	if [ "$rc" -ne 0 ] || [ "$IT_FAILS" -gt 0 ]; then
		say "demo FAILED (exit $rc, $IT_FAILS failed check(s)); logs in $WORK"
		[ "$rc" -ne 0 ] || rc=1
	fi
	(exit "$rc")
	it_cleanup
}
trap demo_exit EXIT

evpn_lab_require

# ---------------------------------------------------------------------------
step "3. Namespaces and links"
evpn_lab_topology
chmod 755 "$WORK" # FRR runs as user frr
say "evdemo-h1:eth0  <-> evdemo-ev:h0      evpnd's access port host0"
say "evdemo-hm:eth1  <-> evdemo-ev:hme     evpnd's access port host1 (down: hm is elsewhere)"
say "evdemo-ev:ul0   <-> fab bridge br-ul  evpnd's VXLAN uplink uplink0 (192.0.2.1)"
say "evdemo-kv:ul    <-> fab bridge br-ul  the kernel VTEP's underlay (192.0.2.2)"
say "evdemo-kv:hk    <-> evdemo-h2:eth0    kernel VTEP access port, bridge br100"
say "evdemo-kv:hmk   <-> evdemo-hm:eth0    kernel VTEP access port, bridge br100 (hm is here)"
say "mgmt0/mgmt/eth0 of ev/kv/rr <-> fab bridge br-mg: BGP, 10.0.0.1/.2/.3"
say "h1 10.1.0.1 ($H1MAC), h2 10.1.0.2 ($H2MAC), hm 10.1.0.9 ($HMMAC): one subnet, VNI 100"

step "4. The FRR + Linux kernel VTEP (evdemo-kv, 192.0.2.2)"
say "A bridge and a VXLAN device without data-plane learning: zebra reads the local MACs"
say "from the bridge and bgpd advertises them; remote MACs and flood lists come back from BGP."
# (zebra says on stderr that this kernel has no MPLS: not needed here)
evpn_lab_kv 2> >(grep -v 'Disabling MPLS' >&2)
at kv ip -d -br link show type vxlan
sed 's/^/   | /' "$(frr_dir kv)/bgpd.conf"

step "5. The FRR route reflector (evdemo-rr, 10.0.0.3)"
evpn_lab_rr_frr 2> >(grep -v 'Disabling MPLS' >&2)
sed 's/^/   | /' "$(frr_dir rr)/bgpd.conf"

step "6. evpnd's configuration"
evpn_lab_evpnd_conf
sed 's/^/   | /' "$WORK/evpnd.conf"
show "$EVPND" -n -f "$WORK/evpnd.conf"

step "7. Start evpnd in evdemo-ev"
say "\$ ip netns exec evdemo-ev evpnd -f evpnd.conf -s evpnd.sock -- --no-huge -m 512 --no-pci --no-shconf --file-prefix evdemoev"
start_evpnd ev "$WORK/evpnd.conf"

step "8. BGP sessions (evpnd and the FRR VTEP, each with the route reflector) and type-3 routes"
wait_until 30 ev_up || die "evpnd's session with the route reflector did not come up"
pass "evpnd's session with the route reflector is Established"
wait_until 30 kv_up || die "the FRR VTEP's session with the route reflector did not come up"
pass "the FRR VTEP's session with the route reflector is Established"
wait_until 10 rr_up || die "the route reflector does not have both sessions up"
say "Each VTEP advertises a type-3 route per VNI: \"flood VNI 100 to me\" (ingress replication)."
check "FRR has evpnd's type-3 [3]:[0]:[32]:[192.0.2.1]" wait_until 15 kv_has "[3]:[0]:[32]:[192.0.2.1]"
check "evpnd has FRR's type-3 [3]:[0]:[32]:[192.0.2.2]" wait_until 15 ev_has "[3]:[0]:[32]:[192.0.2.2]"
ev_show show bgp summary
# (the summary's PfxRcd and RIB counts are IPv4 unicast ones; the EVPN count is here:)
say "EVPN NLRI received by evpnd from 10.0.0.3: $(evctl show bgp neighbors 10.0.0.3 json |
	json_q "d['10.0.0.3']['evpnNlriRcd']")"
vty_show rr show bgp l2vpn evpn summary

step "9. evpnd's VNI: its flood list now comes from FRR's type-3 route"
vtep_flood() { [ "$(evctl show evpn vni 100 json | json_q "d['remoteVteps']")" = '["192.0.2.2"]' ]; }
check "evpnd floods VNI 100 to 192.0.2.2" wait_until 10 vtep_flood
ev_show show evpn vni

step "10. First packets: h1 pings h2; both VTEPs learn their host and advertise it (type 2)"
check "h1 -> h2 ping" ping_ok h1 10.1.0.2
check "FRR has evpnd's type-2 for h1" wait_until 10 kv_has "[2]:[0]:[48]:[$H1MAC]"
check "evpnd has FRR's type-2 for h2" wait_until 10 ev_has "[2]:[0]:[48]:[$H2MAC]"
fdb_h1() { nsx kv bridge fdb show dev vxlan100 | grep -F "$H1MAC" | grep -F "dst 192.0.2.1" | grep -q extern_learn; }
check "kernel FDB: h1 behind 192.0.2.1, extern_learn" wait_until 10 fdb_h1
mac_is() { [ "$(ev_mac "$1" type)" = "$2" ]; }
check "evpnd: h2 is a remote EVPN MAC" wait_until 10 mac_is $H2MAC remote
ev_show show bgp l2vpn evpn
vty_show kv show bgp l2vpn evpn
ev_show show evpn vni
ev_show show evpn mac vni 100
say "evpnd's dataplane MAC table (h2 remote, VNI 100, VTEP 192.0.2.2):"
ev_show show mac
say "The kernel VTEP's FDB: h1 behind evpnd (dst 192.0.2.1), installed by zebra (extern_learn):"
at kv bridge fdb show dev vxlan100

step "11. Pings across, both ways"
show nsx h1 ping -c 3 -i 0.2 -w 10 10.1.0.2
show nsx h2 ping -c 3 -i 0.2 -w 10 10.1.0.1

step "12. Host move: hm from the kernel VTEP to evpnd, pinged every 10 ms from h1 and h2"
# hm talks first behind the kernel VTEP, so that zebra advertises it.
check "hm (behind the kernel VTEP) -> h1 ping" ping_ok hm 10.1.0.1
at_ev() { [ "$(ev_mac "$HMMAC" type)" = "$1" ] && [ "$(ev_mac "$HMMAC" remoteVtep)" = "${2:-None}" ]; }
check "evpnd: hm remote behind 192.0.2.2" wait_until 10 at_ev remote 192.0.2.2
say "Before the move (sequence numbers local/remote):"
ev_show show evpn mac vni 100
for h in h1 h2; do
	nsx $h ping -q -i 0.01 -c 400 -W 1 10.1.0.9 >"$WORK/move-$h.out" 2>&1 &
	IT_PIDS+=("$!")
	eval "move_$h=\$!"
done
sleep 1
say "hm: eth0 (kernel VTEP) down, eth1 (evpnd) up; a gratuitous ARP as a hypervisor sends"
nsx hm ip link set eth0 down
nsx hm ip link set eth1 up
# shellcheck disable=SC2154
wait "$move_h1" "$move_h2" || true
# The move cost each pinger 0 to 5 pings in 8 runs on 2 cores at a load average of 6
# to 10: more than 50 (0.5 s without hm) is a move that went wrong, not load.
MOVE_MAX_LOST=${MOVE_MAX_LOST:-50}
for h in h1 h2; do
	sum=$(grep -m1 'packets transmitted' "$WORK/move-$h.out" || echo "no summary")
	sent=$(echo "$sum" | awk '{ print $1 }')
	got=$(echo "$sum" | awk '{ print $4 }')
	say "$h -> hm: $sum"
	if [ "$sent" = 400 ] && [ -n "$got" ]; then
		say "$h -> hm: $((sent - got)) ping(s) lost over the move (one every 10 ms)"
		check "$h -> hm: at most $MOVE_MAX_LOST pings lost over the move ($((sent - got)))" \
			[ $((sent - got)) -le "$MOVE_MAX_LOST" ]
	else
		fail "$h -> hm: the pinger did not send its 400 pings: $(cat "$WORK/move-$h.out")"
	fi
done
check "evpnd: hm local after the move" wait_until 10 at_ev local
kv_at() { [ "$(kv_mac "$HMMAC" type)" = remote ] && [ "$(kv_mac "$HMMAC" remoteVtep)" = 192.0.2.1 ]; }
check "FRR: hm remote behind 192.0.2.1" wait_until 10 kv_at
ev_seq=$(ev_mac "$HMMAC" localSequence)
kv_seq=$(kv_mac "$HMMAC" remoteSequence)
check_eq "MAC mobility: evpnd advertises hm with sequence 1 (FRR's 0 + 1)" "$ev_seq" 1
check_eq "MAC mobility: FRR installed hm with remote sequence 1" "$kv_seq" 1
ev_show show evpn mac vni 100 detail
vty_show kv show evpn mac vni 100 mac $HMMAC
vty_show kv show bgp l2vpn evpn route type macip
at kv bridge fdb show dev vxlan100
check "h2 -> hm ping after the move (across VXLAN now)" ping_ok h2 10.1.0.9
check "h1 -> hm ping after the move (local now)" ping_ok h1 10.1.0.9

check "evpnd is alive" evpnd_alive
if [ -n "${PAUSE:-}" ]; then
	step "Paused. Try, in another shell:"
	say "$EVPNCTL -s $EV_SOCK show bgp l2vpn evpn"
	say "ip netns exec $(ns kv) vtysh --vty_socket $WORK/frr-kv -c 'show evpn mac vni 100'"
	say "ip netns exec $(ns h1) ping 10.1.0.2"
	say "ip netns exec $(ns kv) tshark -i ul -f 'udp port 4789' -O vxlan"
	read -r -p "   Press Enter to tear everything down. "
fi
[ "$IT_FAILS" -eq 0 ] || exit 1
step "Success: evpnd and an FRR + kernel VTEP learn each other's hosts over BGP EVPN; hm moved and kept talking"
