# shellcheck shell=bash
# lib.sh: what every integration test shares. A test sources it first:
#
#   . "$(dirname "$0")/lib.sh"
#   require_root
#   ns_add ev kv h1 ...
#
# A test makes its own network namespaces (names start with a prefix unique to the
# run, "it<pid>-"), runs at most one evpnd, and removes everything on exit, whether it
# passed, failed or was killed by its timeout. Exit status: 0 pass, 1 fail, 125 skip.
#
# Environment:
#   BUILD       meson build directory holding evpnd and evpnctl (default: ./build
#               at the top of the repository)
#   IT_TIMEOUT  seconds before the test is killed (default 120)
#   IT_KEEP=1   keep the work directory (configs, logs, captures) even on success
#   IT_PREFIX   namespace name prefix (default it<pid>)

set -euo pipefail

IT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$IT_DIR/../.." && pwd)
TEST=$(basename "$0" .sh)
BUILD=${BUILD:-$REPO/build}
BUILD=$(cd "$BUILD" 2>/dev/null && pwd || echo "$BUILD")
EVPND=$BUILD/evpnd
EVPNCTL=$BUILD/evpnctl
# The system interpreter: it has scapy (python3-scapy); the first python3 on PATH may not.
PY=/usr/bin/python3
export BUILD

# Every test runs under a timeout, also when started by hand.
if [ -z "${IT_UNDER_TIMEOUT:-}" ]; then
	export IT_UNDER_TIMEOUT=1
	exec timeout -k 10 "${IT_TIMEOUT:-120}" "$0" "$@"
fi

PFX=${IT_PREFIX:-it$$} # namespace prefix, unique per run (run.sh sweeps it afterwards)
IT_NS=()             # namespaces made by ns_add
IT_PIDS=()           # background processes to stop on exit
IT_FAILS=0
IT_T0=$(date +%s.%N)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/evpnd-$TEST.XXXXXX")
EV_PID=
EV_SOCK=$WORK/evpnd.sock
EV_LOG=$WORK/evpnd.log
declare -A CAP_PID=()

# ---------------------------------------------------------------- reporting

log() { printf '%s %s: %s\n' "$(date +%T.%3N)" "$TEST" "$*"; }
pass() { log "ok: $*"; }
fail() {
	log "FAIL: $*"
	IT_FAILS=$((IT_FAILS + 1))
}
# A failure that makes the rest of the test pointless.
die() {
	fail "$*"
	exit 1
}
skip() {
	log "SKIP: $*"
	exit 125
}
# check "what" CMD...: pass if CMD succeeds, fail (and go on) otherwise.
check() {
	local what=$1
	shift
	if "$@"; then pass "$what"; else fail "$what"; fi
}
# check_eq "what" GOT WANT
check_eq() {
	if [ "$2" = "$3" ]; then pass "$1 ($2)"; else fail "$1: got '$2', want '$3'"; fi
}
# The last line of a test.
it_done() {
	local secs
	secs=$(awk -v a="$IT_T0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
	if [ "$IT_FAILS" -gt 0 ]; then
		log "$IT_FAILS check(s) failed (${secs} s); work files in $WORK"
		IT_KEEP=1
		exit 1
	fi
	log "all checks passed (${secs} s)"
	exit 0
}

require_root() {
	[ "$(id -u)" -eq 0 ] || skip "needs root (network namespaces)"
}
require_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || skip "needs $c"
	done
}
require_scapy() {
	"$PY" -c 'import scapy.all' 2>/dev/null || skip "needs python3-scapy for $PY"
}
require_build() {
	if [ ! -x "$EVPND" ] || [ ! -x "$EVPNCTL" ]; then
		die "no evpnd/evpnctl in $BUILD (set BUILD to the meson build directory)"
	fi
}

# wait_until SECONDS CMD...: polls CMD every 0.2 s; false if it never succeeded.
wait_until() {
	local deadline
	deadline=$(($(date +%s%N) + $1 * 1000000000))
	shift
	while ! "$@"; do
		[ "$(date +%s%N)" -lt "$deadline" ] || return 1
		sleep 0.2
	done
}

# ---------------------------------------------------------------- cleanup

stop_pid() {
	local pid=$1
	kill -TERM "$pid" 2>/dev/null || return 0
	for _ in $(seq 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}

it_cleanup() {
	local rc=$? pid ns
	set +e
	trap - EXIT INT TERM
	[ "$rc" -eq 0 ] && [ "$IT_FAILS" -gt 0 ] && rc=1
	for pid in "${IT_PIDS[@]}"; do stop_pid "$pid"; done
	for ns in "${IT_NS[@]}"; do
		# Anything still running in a namespace we made was started by this test.
		for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
		ip netns del "$ns" 2>/dev/null
	done
	if { [ "$rc" -eq 0 ] || [ "$rc" -eq 125 ]; } && [ -z "${IT_KEEP:-}" ]; then
		rm -rf "$WORK"
	else
		echo "$TEST: work files kept in $WORK" >&2
	fi
	exit "$rc"
}
trap it_cleanup EXIT
trap 'log "interrupted"; exit 1' INT TERM

# ---------------------------------------------------------------- namespaces

# ns NAME: the full name of one of this test's namespaces.
ns() { echo "$PFX-$1"; }
# nsx NAME CMD...: runs CMD inside namespace NAME.
nsx() {
	local n=$1
	shift
	ip netns exec "$PFX-$n" "$@"
}

# ns_add [-6] NAME...: new namespaces with lo up. IPv6 is off unless -6: a quiet
# namespace sends no router solicitations, MLD reports or DAD probes into the lab.
ns_add() {
	local v6=0 n
	if [ "$1" = -6 ]; then
		v6=1
		shift
	fi
	for n in "$@"; do
		ip netns add "$PFX-$n"
		IT_NS+=("$PFX-$n")
		if [ "$v6" -eq 0 ]; then
			nsx "$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
				net.ipv6.conf.default.disable_ipv6=1
		fi
		nsx "$n" ip link set lo up
	done
}

# veth NS_A IF_A NS_B IF_B [MTU]: a veth pair between two namespaces, both ends up.
veth() {
	local mtu=${5:-1500}
	ip link add "$2" netns "$PFX-$1" mtu "$mtu" type veth peer name "$4" netns "$PFX-$3" mtu "$mtu"
	nsx "$1" ip link set "$2" up
	nsx "$3" ip link set "$4" up
}

# ul_switch NS [BRIDGE]: a bridge (default br-ul) in NS, the underlay switch; ul_plug NS
# PORT [BRIDGE] attaches a port. No multicast snooping: the bridge would send IGMP.
ul_switch() {
	nsx "$1" ip link add "${2:-br-ul}" type bridge mcast_snooping 0
	nsx "$1" ip link set "${2:-br-ul}" up
}
ul_plug() {
	nsx "$1" ip link set "$2" master "${3:-br-ul}" up
}

# tap_uplink NS TAP VETH: bridges evpnd's net_tap port (kernel side TAP) to VETH in
# NS. For tests that need the underlay unaltered: af_packet ports join a PACKET_FANOUT
# group with the defrag flag, so the kernel reassembles (or holds back) IPv4
# fragments before evpnd sees them. The tap's kernel MAC is changed, or the bridge
# would take frames for evpnd's MAC (the same by default) for itself; bridge netfilter
# is off, or it would drop the broken IP headers that malformed_test sends.
tap_uplink() {
	local n=$1 tap=$2 ve=$3
	nsx "$n" sysctl -qw net.bridge.bridge-nf-call-iptables=0 net.bridge.bridge-nf-call-ip6tables=0 \
		net.bridge.bridge-nf-call-arptables=0 2>/dev/null || true
	ul_switch "$n" br-tap
	nsx "$n" ip link set "$tap" address 02:00:00:00:ee:01
	ul_plug "$n" "$tap" br-tap
	ul_plug "$n" "$ve" br-tap
}

# ---------------------------------------------------------------- peers

# kvtep NS UL_IF ADDR/LEN VNI [FLOOD_DST...]: makes NS a Linux kernel VTEP. ADDR goes
# on UL_IF and is the VXLAN source; VNI as kvtep_vni makes it; BUM frames go by head-
# end replication to each FLOOD_DST (all-zero FDB entries).
kvtep() {
	local n=$1 ul=$2 addr=$3 vni=$4 ip dst
	shift 4
	ip=${addr%/*}
	if [[ $ip == *:* ]]; then
		nsx "$n" ip addr add "$addr" dev "$ul" nodad
		# Complete the UDP checksums it sends over IPv6: evpnd verifies them, and on a
		# veth the kernel leaves them partial (README, Running).
		nsx "$n" ethtool -K "$ul" tx off >/dev/null
	else
		nsx "$n" ip addr add "$addr" dev "$ul"
	fi
	nsx "$n" ip link set "$ul" up
	kvtep_vni "$n" "$vni" "$ip"
	for dst in "$@"; do
		nsx "$n" bridge fdb append 00:00:00:00:00:00 dev "vxlan$vni" dst "$dst"
	done
}
# kvtep_vni NS VNI LOCAL_IP: one more VNI on the kernel VTEP in NS, or the same again
# after its vxlan device was deleted: vxlanVNI (source LOCAL_IP) in bridge brVNI, made if
# missing. No data-plane learning on the VXLAN side, as with EVPN: unknown unicast
# floods too.
kvtep_vni() {
	local n=$1 vni=$2
	if ! nsx "$n" ip link show "br$vni" >/dev/null 2>&1; then
		# No IGMP/MLD snooping: the bridge would send its own multicast into the lab.
		nsx "$n" ip link add "br$vni" type bridge mcast_snooping 0
		nsx "$n" ip link set "br$vni" up
	fi
	nsx "$n" ip link add "vxlan$vni" mtu 1500 type vxlan id "$vni" local "$3" \
		dstport 4789 nolearning
	nsx "$n" ip link set "vxlan$vni" master "br$vni"
	nsx "$n" bridge link set dev "vxlan$vni" learning off
	nsx "$n" ip link set "vxlan$vni" up
}
# kvtep_attach NS IF VNI: an access port of the kernel VTEP's bridge.
kvtep_attach() {
	nsx "$1" ip link set "$2" master "br$3" up
}

# lab_ev_peer NS: namespaces ev and NS joined by a veth, eth0 on both sides, with
# 192.0.2.1/24 in ev and 192.0.2.2/24 in NS: a BGP peer of evpnd (kernel TCP).
lab_ev_peer() {
	ns_add ev "$1"
	veth ev eth0 "$1" eth0
	nsx ev ip addr add 192.0.2.1/24 dev eth0
	nsx "$1" ip addr add 192.0.2.2/24 dev eth0
}

# lab_ev_kv KV_ADDR/LEN EV_ADDR: evpnd's namespace ev facing a kernel VTEP, VNI 100:
#
#   h1 10.1.0.1 --- h0 [ev] ul0 ==== ul [kv: KV_ADDR, floods to EV_ADDR] hk --- h2 10.1.0.2
#
# The underlay link has MTU 1600; h1 and h2 have the MACs 02:00:00:01:00:01 and :02.
# ev gets no address: that is evpnd's (EV_ADDR) on its uplink port over ul0.
lab_ev_kv() {
	if [[ $1 == *:* ]]; then ns_add -6 kv; else ns_add kv; fi
	ns_add ev h1 h2
	veth ev ul0 kv ul 1600
	veth ev h0 h1 eth0
	veth kv hk h2 eth0
	kvtep kv ul "$1" 100 "$2"
	kvtep_attach kv hk 100
	host h1 eth0 10.1.0.1/24 02:00:00:01:00:01
	host h2 eth0 10.1.0.2/24 02:00:00:01:00:02
}

# host NS IF ADDR/LEN [MAC]: a plain host.
host() {
	[ $# -lt 4 ] || nsx "$1" ip link set "$2" address "$4"
	nsx "$1" ip addr add "$3" dev "$2"
	nsx "$1" ip link set "$2" up
}
# host_vlan NS IF VLAN ADDR/LEN [MAC]: a host on the 802.1Q subinterface IF.VLAN. On a
# kernel without 8021q, vlan_host.py tags in user space behind a tap of that name.
host_vlan() {
	local n=$1 ifc=$2 vid=$3 addr=$4 sub=$2.$3
	nsx "$n" ip link set "$ifc" up
	if ! nsx "$n" ip link add link "$ifc" name "$sub" type vlan id "$vid" 2>/dev/null; then
		ip netns exec "$PFX-$n" "$PY" "$IT_DIR/vlan_host.py" "$ifc" "$vid" "$sub" \
			>"$WORK/vlan_host-$n.log" 2>&1 &
		IT_PIDS+=("$!")
		wait_until 5 grep -q '^vlan_host:' "$WORK/vlan_host-$n.log" ||
			die "vlan_host.py did not start: $(cat "$WORK/vlan_host-$n.log")"
	fi
	[ $# -lt 5 ] || nsx "$n" ip link set "$sub" address "$5"
	nsx "$n" ip addr add "$addr" dev "$sub"
	nsx "$n" ip link set "$sub" up
}
# mac_of NS IF
mac_of() {
	nsx "$1" cat "/sys/class/net/$2/address"
}

# ping_ok NS DST [ping options]: 3 replies within 10 s (the first ARP may take a while).
ping_ok() {
	local n=$1 dst=$2
	shift 2
	nsx "$n" ping -q -c 3 -i 0.2 -W 1 -w 10 "$@" "$dst" >"$WORK/ping.out" 2>&1
}

# ---------------------------------------------------------------- FRR

FRRBIN=/usr/lib/frr
IT_FRR=() # namespaces where this test started FRR (bgp_die shows their sessions)

# require_frr [zebra]: skips unless FRR's vtysh and bgpd (and zebra) are installed.
# shellcheck disable=SC2120 # the argument is optional
require_frr() {
	require_cmd vtysh
	[ -x $FRRBIN/bgpd ] || skip "no FRR bgpd"
	[ "${1:-}" != zebra ] || [ -x $FRRBIN/zebra ] || skip "no FRR bgpd/zebra"
}

# frr_dir NS: where the FRR of NS keeps its configuration, pid files, vty sockets and
# bgpd.log.
frr_dir() { echo "$WORK/frr-$1"; }

# frr_conf NS: writes the bgpd configuration of NS: its hostname, a log file in
# frr_dir (level $FRR_LOG, default informational), then stdin.
frr_conf() {
	local d
	d=$(frr_dir "$1")
	mkdir -p "$d"
	frr_register "$1"
	{
		echo "hostname $1"
		echo "log file $d/bgpd.log ${FRR_LOG:-informational}"
		cat
	} >"$d/bgpd.conf"
}

# bgp_networks PREFIX...: "  network PREFIX" lines, for an address-family block.
bgp_networks() {
	local p
	for p in "$@"; do echo "  network $p"; done
}

# frr_bgpd NS [CONF]: FRR bgpd alone in NS (-Z: no zebra, so no next-hop tracking),
# with the configuration frr_conf wrote or a copy of the file CONF; returns once its
# vty socket is there. Also to start it again after frr_kill.
frr_bgpd() {
	frr_prepare "$@"
	frr_daemon "$1" bgpd -Z
	frr_wait_vty "$1"
}

# frr_start NS [CONF]: FRR zebra and bgpd in NS with the datacenter profile, as on a
# VTEP (zebra takes the kernel's VXLAN devices and bridges); configuration as frr_bgpd.
frr_start() {
	local d
	d=$(frr_dir "$1")
	frr_prepare "$@"
	echo "hostname $1" >"$d/zebra.conf"
	frr_daemon "$1" zebra -F datacenter
	wait_until 5 test -S "$d/zserv.api" || die "no zebra socket in $1"
	frr_daemon "$1" bgpd -F datacenter
	frr_wait_vty "$1"
}

frr_prepare() {
	local n=$1 d
	d=$(frr_dir "$n")
	mkdir -p "$d"
	[ $# -lt 2 ] || cp "$2" "$d/bgpd.conf"
	rm -f "$d/bgpd.vty" # a restart's: gone with the killed bgpd
	frr_register "$n"
	chmod 755 "$WORK" # FRR runs as user frr
	chown -R frr:frr "$d"
}
frr_register() {
	[[ " ${IT_FRR[*]} " == *" $1 "* ]] || IT_FRR+=("$1")
}
# frr_daemon NS DAEMON ARGS...: FRR's DAEMON in NS, its files in frr_dir; it forks.
frr_daemon() {
	local n=$1 daemon=$2 d
	d=$(frr_dir "$n")
	shift 2
	nsx "$n" "$FRRBIN/$daemon" -d "$@" -f "$d/$daemon.conf" -i "$d/$daemon.pid" \
		-z "$d/zserv.api" --vty_socket "$d" -A 127.0.0.1 -P 0 || die "$daemon $n did not start"
}
frr_wait_vty() {
	wait_until 10 test -S "$(frr_dir "$1")/bgpd.vty" || die "no bgpd vty in $1"
}

# frr_kill NS [SIGNAL]: sends SIGNAL (default TERM) to the bgpd of NS.
frr_kill() {
	kill -"${2:-TERM}" "$(cat "$(frr_dir "$1")/bgpd.pid")"
}

# vty NS COMMAND...: vtysh of the FRR in NS; the words make one command.
vty() {
	local n=$1
	shift
	nsx "$n" vtysh --vty_socket "$(frr_dir "$n")" -c "$*"
}
# vty_conf NS LINE...: configures the FRR in NS, one LINE after the other from
# configure terminal (a line may enter a node: "router bgp 65001").
vty_conf() {
	local n=$1 line args=(-c "configure terminal")
	shift
	for line in "$@"; do args+=(-c "$line"); done
	nsx "$n" vtysh --vty_socket "$(frr_dir "$n")" "${args[@]}" >/dev/null
}

# ---------------------------------------------------------------- ExaBGP

# exabgp_start NS ADDR: ExaBGP 4.2 in NS, bound to ADDR, its configuration from stdin
# (neighbor blocks) after two API processes they may use: "cmd" runs the lines
# exa_cmd appends to $WORK/exa.cmd, "recv" writes what it is sent (encoder json) to
# $WORK/exa.json, one JSON object a line. Log: $WORK/exabgp.log.
exabgp_start() {
	local n=$1 addr=$2
	: >"$WORK/exa.cmd"
	printf '#!/bin/sh\nexec tail -n +1 -F %s\n' "$WORK/exa.cmd" >"$WORK/exa-cmd.sh"
	printf '#!/bin/sh\n# keeps its stdout open: ExaBGP takes a closed one for a dead process\ncat >%s\n' \
		"$WORK/exa.json" >"$WORK/exa-recv.sh"
	chmod +x "$WORK/exa-cmd.sh" "$WORK/exa-recv.sh"
	{
		cat <<EOF
process cmd {
	run $WORK/exa-cmd.sh;
	encoder text;
}
process recv {
	run $WORK/exa-recv.sh;
	encoder json;
}
EOF
		cat
	} >"$WORK/exabgp.conf"
	nsx "$n" env exabgp.daemon.user=root exabgp.daemon.drop=false exabgp.api.ack=false \
		exabgp.log.destination=stdout exabgp.log.level=INFO exabgp.tcp.bind="$addr" \
		exabgp.api.pipename="$PFX-exa" exabgp.cli.enable=false \
		exabgp "$WORK/exabgp.conf" >"$WORK/exabgp.log" 2>&1 &
	IT_PIDS+=("$!")
}
# exa_cmd WORDS...: one command to ExaBGP's API ("announce route ...").
exa_cmd() { echo "$*" >>"$WORK/exa.cmd"; }

# ---------------------------------------------------------------- evpnd

# evpnd_conf_bgp AS: writes $WORK/evpnd.conf for a BGP speaker without a dataplane (a
# null port, no bridge domain): router bgp AS, router ID 198.51.100.1, then stdin
# (the rest of router bgp).
evpnd_conf_bgp() {
	{
		cat <<EOF
dataplane
 port null0 devargs net_null0,no-rx=1
underlay
 vtep-address 198.51.100.1
router bgp $1
 bgp router-id 198.51.100.1
EOF
		cat
	} >"$WORK/evpnd.conf"
}

# evpnd_conf_vtep UPLINK ADDR/LEN [HOST_IF...]: writes $WORK/evpnd.conf for a VTEP: one
# worker; port uplink0 with devargs UPLINK (net_af_packet0,iface=ul0, say); ports
# host0, host1... over the interfaces HOST_IF (af_packet 1, 2...); vtep-address ADDR,
# ADDR/LEN on uplink0; then stdin (more underlay lines, bridge domains, BGP).
evpnd_conf_vtep() {
	local uplink=$1 addr=$2 i=0 ifc
	shift 2
	{
		printf 'dataplane\n main-lcore 0\n worker-lcores 1\n mbufs 8192\n'
		echo " port uplink0 devargs $uplink"
		for ifc in "$@"; do
			echo " port host$i devargs net_af_packet$((i + 1)),iface=$ifc"
			i=$((i + 1))
		done
		printf 'underlay\n vtep-address %s\n address %s port uplink0\n' "${addr%/*}" "$addr"
		cat
	} >"$WORK/evpnd.conf"
}

# start_evpnd NS [CONFIG_FILE]: runs evpnd in NS (configuration: $WORK/evpnd.conf, as
# the evpnd_conf_* helpers write it, more options in the array EV_ARGS) and waits until
# it answers evpnctl.
EV_ARGS=()
EV_EAL_ARGS=() # more DPDK options (--lcores MAP)
EV_WRAP=()     # a command evpnd runs under (setpriv ... to drop root)
# EV_SPLIT=1 in the environment: evpnd --split (a forwarding process, evpnd-cp beside it).
start_evpnd() {
	local n=$1 conf=${2:-$WORK/evpnd.conf}
	if [ "${EV_SPLIT:-0}" = 1 ] && [[ " ${EV_ARGS[*]} " != *" --split "* ]]; then
		EV_ARGS+=(--split --dataplane-socket "$WORK/dataplane.sock")
	fi
	ip netns exec "$PFX-$n" "${EV_WRAP[@]}" "$EVPND" -f "$conf" -s "$EV_SOCK" -v "${EV_ARGS[@]}" -- \
		--no-huge -m 512 --no-pci --no-shconf --file-prefix "${PFX}ev" "${EV_EAL_ARGS[@]}" \
		>"$EV_LOG" 2>&1 &
	EV_PID=$!
	IT_PIDS+=("$EV_PID")
	if ! wait_until 30 evpnd_answers; then
		tail -20 "$EV_LOG" >&2
		die "evpnd did not come up (log: $EV_LOG)"
	fi
	log "evpnd up (pid $EV_PID)"
}
evpnd_answers() {
	kill -0 "$EV_PID" 2>/dev/null || {
		tail -20 "$EV_LOG" >&2
		die "evpnd exited during start-up"
	}
	"$EVPNCTL" -s "$EV_SOCK" -t 2 show port >/dev/null 2>&1
}
evpnd_alive() {
	[ -n "$EV_PID" ] && kill -0 "$EV_PID" 2>/dev/null
}
# stop_evpnd: SIGTERM, then checks it exited 0 within 10 s.
stop_evpnd() {
	local rc=0
	kill -TERM "$EV_PID"
	for _ in $(seq 100); do
		kill -0 "$EV_PID" 2>/dev/null || break
		sleep 0.1
	done
	wait "$EV_PID" || rc=$?
	check_eq "evpnd exit status after SIGTERM" "$rc" 0
	EV_PID=
}

# evctl WORDS...: evpnctl against this test's evpnd.
evctl() { "$EVPNCTL" -s "$EV_SOCK" -t 5 "$@"; }

# json_q EXPR: reads JSON on stdin and prints EXPR evaluated with d = the document
# (lists and dicts as JSON, booleans as true/false). Fails on invalid JSON.
json_q() {
	"$PY" -c '
import json, sys
d = json.load(sys.stdin)
r = eval(sys.argv[1], {"d": d})
if isinstance(r, bool):
    print("true" if r else "false")
elif isinstance(r, (list, dict)):
    print(json.dumps(r))
else:
    print(r)
' "$1"
}

# counter NODE NAME: a dataplane counter summed over the workers.
counter() {
	evctl show stats all json |
		json_q "sum(int(c['value']) for c in d if c['node'] == '$1' and c['counter'] == '$2')"
}
# counters_snapshot FILE: all counters as "node/counter value" lines.
counters_snapshot() {
	evctl show stats all json |
		json_q "'\n'.join('%s/%s %s' % (c['node'], c['counter'], c['value']) for c in d)" >"$1"
}

# vteps_resolved N: evpnd has resolved the underlay next hop of N remote VTEPs.
vteps_resolved() {
	[ "$(evctl show vtep json | json_q "len([v for v in d if v['resolved']])")" -ge "$1" ]
}

# port_mac NAME: the MAC address of an evpnd port.
port_mac() {
	evctl show port json | json_q "[p['mac'] for p in d if p['name'] == '$1'][0]"
}

# ---------------------------------------------------------------- BGP

# ev_bgp_state PEER: evpnd's session state with PEER (none: no such neighbor).
ev_bgp_state() {
	evctl show bgp neighbors json | json_q "d.get('$1', {}).get('bgpState', 'none')" 2>/dev/null
}
# ev_established PEER...: evpnd's sessions with every PEER are Established.
ev_established() {
	local p
	for p in "$@"; do
		[ "$(ev_bgp_state "$p")" = Established ] || return 1
	done
}
# frr_bgp_state NS PEER: the state of the session with PEER at the FRR in NS.
frr_bgp_state() {
	vty "$1" "show bgp neighbors $2 json" | json_q "d.get('$2', {}).get('bgpState', 'none')" 2>/dev/null
}
# frr_established NS PEER...: the FRR in NS has every PEER Established.
frr_established() {
	local n=$1 p
	shift
	for p in "$@"; do
		[ "$(frr_bgp_state "$n" "$p")" = Established ] || return 1
	done
}
# bgp_die MESSAGE: the sessions as evpnd and each FRR started here see them, then die.
bgp_die() {
	local n
	evctl show bgp summary || true
	evctl show bgp neighbors || true
	for n in "${IT_FRR[@]}"; do vty "$n" "show bgp summary" || true; done
	die "$*"
}

# ev_rib_has AFI PREFIX: true or false, PREFIX is in evpnd's AFI (ipv4, ipv6) unicast table.
ev_rib_has() {
	evctl show bgp "$1" unicast json | json_q "'$2' in d['routes']"
}
# frr_rib_has NS AFI PREFIX: the same at the FRR in NS.
frr_rib_has() {
	vty "$1" "show bgp $2 unicast json" | json_q "'$3' in d.get('routes', {})"
}

# frr_nbr NS PEER EXPR: EXPR with n = PEER's entry in "show bgp neighbors PEER json" at
# the FRR in NS.
frr_nbr() {
	vty "$1" "show bgp neighbors $2 json" | json_q "(lambda n: $3)(d['$2'])"
}
# frr_reconnected NS PEER N: the FRR in NS has established N sessions with PEER so far
# and the last one is up.
frr_reconnected() {
	[ "$(frr_nbr "$1" "$2" "[n['connectionsEstablished'], n['bgpState']]")" = "[$3, \"Established\"]" ]
}
# frr_refreshes NS PEER: ROUTE-REFRESH messages the FRR in NS received from PEER.
frr_refreshes() { frr_nbr "$1" "$2" "n['messageStats']['routeRefreshRecv']"; }
frr_refreshes_above() { [ "$(frr_refreshes "$1" "$2")" -gt "$3" ]; }
# clear_hard_checked NS PEER EVPND: evpnd's `clear bgp PEER` (hard) as the FRR in NS
# (PEER to evpnd; evpnd is EVPND there) sees it: evpnd's Cease/Administrative Reset,
# then exactly one new session. Routes coming back alone would not show a reset: they
# stay when nothing is cleared.
clear_hard_checked() {
	local n=$1 peer=$2 me=$3 c0 note
	# FRR logs the NOTIFICATIONs it receives with log-neighbor-changes (its
	# lastResetDueTo may name a later event: a collision as both sides reconnect).
	vty_conf "$n" "router bgp" "bgp log-neighbor-changes"
	note="%NOTIFICATION: received from neighbor $me 6/4 (Cease/Administrative Reset)"
	check_eq "$n: no Cease/Administrative Reset from evpnd before clear bgp" \
		"$(grep -cF "$note" "$(frr_dir "$n")/bgpd.log")" 0
	c0=$(frr_nbr "$n" "$me" "n['connectionsEstablished']")
	evctl clear bgp "$peer" >/dev/null
	check "$n: one new session with evpnd after clear bgp" \
		wait_until 30 frr_reconnected "$n" "$me" $((c0 + 1))
	check_eq "$n: logged evpnd's Cease/Administrative Reset once" \
		"$(grep -cF "$note" "$(frr_dir "$n")/bgpd.log")" 1
}
# gobgp_log LOG MSG PEER: the Reason (or "-") of each MSG line ("Peer Up", "Peer Down")
# about PEER in gobgpd's LOG, as text or as JSON lines (its format when its output is
# not a terminal depends on its options).
gobgp_log() {
	"$PY" - "$@" <<'EOF'
import json, re, sys
log, msg, peer = sys.argv[1:4]
for line in open(log):
    try:
        e = json.loads(line)
    except ValueError:
        e = {k: a or b for k, a, b in re.findall(r'(\w+)=(?:"((?:[^"\\]|\\.)*)"|(\S+))', line)}
    if e.get("msg") == msg and e.get("Key") == peer:
        print(e.get("Reason") or "-")
EOF
}
# gobgp_reconnected GOBGP LOG PEER N: gobgpd logged N sessions with PEER so far and the
# last one is up (GOBGP: its client command, words).
gobgp_reconnected() {
	[ "$(gobgp_log "$2" "Peer Up" "$3" | grep -c .)" = "$4" ] &&
		[ "$($1 neighbor "$3" -j | json_q "d['state']['session_state']")" = 6 ]
}
# clear_hard_checked_gobgp GOBGP PEER EVPND LOG: clear_hard_checked with gobgpd as the
# peer: GOBGP is its client command (words), LOG its log (level info), where it logs
# each session up and down, with the NOTIFICATION received.
clear_hard_checked_gobgp() {
	local gob=$1 peer=$2 me=$3 glog=$4 up0
	local reset="notification-received code 6(cease) subcode 4(administrative reset)"
	up0=$(gobgp_log "$glog" "Peer Up" "$me" | grep -c . || true)
	check "gobgpd: a session with evpnd before clear bgp" [ "$up0" -ge 1 ]
	check_eq "gobgpd: no Cease/Administrative Reset from evpnd before clear bgp" \
		"$(gobgp_log "$glog" "Peer Down" "$me" | grep -cxF "$reset")" 0
	evctl clear bgp "$peer" >/dev/null
	check "gobgpd: one new session with evpnd after clear bgp" wait_until 30 \
		gobgp_reconnected "$gob" "$glog" "$me" $((up0 + 1))
	check_eq "gobgpd: logged evpnd's Cease/Administrative Reset once" \
		"$(gobgp_log "$glog" "Peer Down" "$me" | grep -cxF "$reset")" 1
}
# clear_soft_checked NS PEER EVPND CAP_NS CAP_IF FAMILIES: evpnd's `clear bgp PEER soft`
# as the FRR in NS sees it (names as clear_hard_checked): its ROUTE-REFRESH count goes up,
# and a capture on CAP_IF in CAP_NS has one ROUTE-REFRESH request from evpnd for each of
# FAMILIES ("afi/safi" words: 1/1 IPv4 unicast, 2/1 IPv6 unicast, 25/70 EVPN), and the
# session stays up.
clear_soft_checked() {
	local n=$1 peer=$2 me=$3 r0 ip=ip f rr
	[[ $me != *:* ]] || ip=ipv6
	r0=$(frr_refreshes "$n" "$me")
	cap_start refresh "$4" "$5" "tcp port 179"
	cap_bgp_ready refresh
	evctl clear bgp "$peer" soft >/dev/null
	check "$n: a ROUTE-REFRESH from evpnd after clear bgp soft" wait_until 10 \
		frr_refreshes_above "$n" "$me" "$r0"
	cap_stop refresh
	for f in $6; do
		rr="$ip.src == $me && bgp.type == 5 && bgp.route_refresh.subtype == 0 &&
			bgp.route_refresh.afi == ${f%/*} && bgp.route_refresh.safi == ${f#*/}"
		check_eq "ROUTE-REFRESH $f from evpnd on the wire" "$(tsh_count refresh "$rr")" 1
	done
	check_eq "$n: still Established after clear bgp soft" "$(frr_nbr "$n" "$me" "n['bgpState']")" \
		Established
}

# ---------------------------------------------------------------- EVPN routes

# The EVPN routes in a BGP table, whole, one a line ("[2]:[0]:[48]:[MAC]", and
# "[2]:[0]:[48]:[MAC]:[32]:[IP]" on its own line): matching a line, not a substring,
# tells the MAC route from the MAC+IP route of the same MAC.
EVPN_ROUTES="'\n'.join(sorted({k for v in d.values() if isinstance(v, dict)
	for k, e in v.items() if isinstance(e, dict)}))"
# frr_evpn_routes NS: those of the FRR in NS; ev_evpn_routes: evpnd's.
frr_evpn_routes() { vty "$1" "show bgp l2vpn evpn route json" | json_q "$EVPN_ROUTES"; }
ev_evpn_routes() { evctl show bgp l2vpn evpn route json | json_q "$EVPN_ROUTES"; }
# route_in ROUTE CMD...: ROUTE is a whole line of what CMD prints (one of the above).
route_in() {
	local r=$1 out
	shift
	out=$("$@") || return 1
	grep -qxF -- "$r" <<<"$out"
}
# route_gone ROUTE WITNESS CMD...: CMD works and shows WITNESS, a route that must be
# there, but not ROUTE. An absence seen in an empty or failed query proves nothing.
route_gone() {
	local r=$1 w=$2 out
	shift 2
	out=$("$@") || return 1
	grep -qxF -- "$w" <<<"$out" && ! grep -qxF -- "$r" <<<"$out"
}

# ---------------------------------------------------------------- captures

# cap_start NAME NS IF [FILTER]: dumpcap on IF in NS into $WORK/NAME.pcap; returns
# once the capture runs.
cap_start() {
	local name=$1 n=$2 ifc=$3 filter=${4:-}
	local args=(-i "$ifc" -P -w "$WORK/$name.pcap")
	[ -z "$filter" ] || args+=(-f "$filter")
	ip netns exec "$PFX-$n" dumpcap "${args[@]}" >"$WORK/$name.cap.log" 2>&1 &
	CAP_PID[$name]=$!
	IT_PIDS+=("$!")
	wait_until 15 grep -q "Capturing on" "$WORK/$name.cap.log" ||
		die "capture $name did not start: $(cat "$WORK/$name.cap.log")"
}
# cap_stop NAME: stops the capture and waits until the file is complete.
cap_stop() {
	local pid=${CAP_PID[$1]}
	sleep 0.3 # let the last frames reach the socket
	kill -INT "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}
# cap_seen NAME FILTER: the running capture NAME has written a frame matching FILTER.
# "Capturing on" is no proof that frames are captured yet: the first ones after it
# can be missing on a loaded machine; wait_until 10 cap_seen ... on a frame that must
# come proves the capture runs.
cap_seen() {
	[ "$(tshark -n -r "$WORK/$1.pcap" -Y "$2" -T fields -e frame.number 2>/dev/null |
		grep -c .)" -ge 1 ]
}
# cap_bgp_ready NAME: the running capture NAME has a BGP KEEPALIVE in its file (the
# sessions of these tests send one every 3 s or less): it captures for sure.
cap_bgp_ready() {
	wait_until 10 cap_seen "$1" "bgp.type == 4" ||
		fail "capture $1: no BGP KEEPALIVE in 10 s"
}
# tsh NAME TSHARK_ARGS...: tshark on a finished capture.
tsh() {
	local name=$1
	shift
	tshark -n -r "$WORK/$name.pcap" "$@" 2>/dev/null
}
# tsh_count NAME FILTER: how many frames match the display filter. When tshark fails
# (no capture file, a filter it does not know), prints nothing and fails, so that no
# count compares equal: a 0 from a failed tshark would pass an absence check.
tsh_count() {
	local out
	if ! out=$(tshark -n -r "$WORK/$1.pcap" -Y "$2" -T fields -e frame.number 2>"$WORK/tshark.err"); then
		log "tshark failed on capture $1 with filter '$2': $(grep -v "Running as" "$WORK/tshark.err")" >&2
		return 1
	fi
	grep -c . <<<"$out" || true
}
