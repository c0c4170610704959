#!/bin/bash
# perf/evpn/metrics_scrape.sh: what a Prometheus scrape costs with N EVPN routes held.
#
#   sudo perf/evpn/metrics_scrape.sh [BUILD_DIR]      (N="1000 100000" by default)
#
# evpn_feed (iBGP, as scale.sh) sends N type-2 MAC-only routes of VNI 100 to evpnd;
# once they are all in the dataplane, SCRAPES scrapes (default 10) of
# http://127.0.0.1:9440/metrics with curl in evpnd's namespace. Reported per N: the
# answer's size, the mean and longest time per scrape (curl's time_total), and the
# longest control-loop iteration before and after the scrapes (`show stats`
# loop_max_us: a scrape is built whole on the control thread).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
BUILD=$(cd "${1:-${BUILD:-$here/../../build}}" && pwd)
NS_LIST=${N:-1000 100000}
SCRAPES=${SCRAPES:-10}
OUT=${OUT:-$(mktemp -d /tmp/evpn-metrics.XXXXXX)}
PFX=evm$$
EV_SOCK=$OUT/evpnd.sock
FEED=$BUILD/perf/evpn_feed
URL=http://127.0.0.1:9440/metrics

[ "$(id -u)" -eq 0 ] || { echo "metrics_scrape.sh: needs root (namespaces)" >&2; exit 125; }
for f in "$BUILD/evpnd" "$BUILD/evpnctl" "$FEED"; do
	[ -x "$f" ] || { echo "metrics_scrape.sh: no $f" >&2; exit 2; }
done
# shellcheck source=../perf_ns.sh
. "$here/../perf_ns.sh"
trap 'set +e; perf_teardown' EXIT

perf_ns_add feed ev
ip link add f-ev netns "$PFX-feed" type veth peer name mgmt0 netns "$PFX-ev"
nsx feed ip addr add 10.0.0.9/24 dev f-ev
nsx feed ip link set f-ev up
nsx ev ip addr add 10.0.0.1/24 dev mgmt0
nsx ev ip link set mgmt0 up

evctl() { "$BUILD/evpnctl" -s "$EV_SOCK" -t 30 "$@"; }
remote_macs() { evctl show bridge-domain json 2>/dev/null | grep -o '"remoteMacs": *[0-9]*' | grep -o '[0-9]*$'; }
loop_max_us() { evctl show stats all | awk '$2 == "loop_max_us" { print $3 }'; }

run() { # run N: one result line
	local n=$1 mts=1024
	while [ $mts -lt $((n + n / 4)) ]; do mts=$((mts * 2)); done
	cat >"$OUT/evpnd-$n.conf" <<CONF
dataplane
 mac-table-size $mts
 port uplink0 devargs net_null0,no-rx=1
underlay
 vtep-address 192.0.2.1
 address 192.0.2.1/24 port uplink0
bridge-domain 100
 vni 100
router bgp 65000
 bgp router-id 10.0.0.1
 no bgp default ipv4-unicast
 neighbor 10.0.0.9 remote-as 65000
 address-family l2vpn evpn
  neighbor 10.0.0.9 activate
  advertise-all-vni
 exit-address-family
CONF
	# ip netns exec itself, not nsx: $! is then evpnd's pid (nsx would be a subshell's)
	ip netns exec "$PFX-ev" "$BUILD/evpnd" -f "$OUT/evpnd-$n.conf" -s "$EV_SOCK" -- --no-huge -m 1024 --no-pci \
		--no-shconf --file-prefix "${PFX}ev" >"$OUT/evpnd-$n.log" 2>&1 &
	local ev=$!
	pids+=("$ev")
	for _ in $(seq 150); do evctl show port >/dev/null 2>&1 && break; sleep 0.2; done
	ip netns exec "$PFX-feed" "$FEED" -c 10.0.0.1 -s 10.0.0.9 -a 65000 -n "$n" -N 192.0.2.4 >"$OUT/feed-$n.log" 2>&1 &
	local fd=$!
	pids+=("$fd")
	local deadline=$(($(date +%s) + 600))
	while [ "$(remote_macs || echo 0)" -lt "$n" ]; do
		[ "$(date +%s)" -lt $deadline ] || { log "timeout: $(remote_macs) of $n"; return 1; }
		sleep 0.2
	done
	sleep 1
	local l0 l1
	l0=$(loop_max_us)
	nsx ev sh -c "for i in \$(seq $SCRAPES); do curl -s -o /dev/null -w '%{size_download} %{time_total}\n' $URL; done" \
		>"$OUT/scrape-$n.txt"
	l1=$(loop_max_us)
	awk -v n="$n" -v l0="$l0" -v l1="$l1" '{ c++; b = $1; t += $2; if ($2 > m) m = $2 }
		END { printf "| %d | %d | %.1f | %.1f | %d | %d |\n", n, b, t / c * 1000, m * 1000, l0, l1 }' \
		"$OUT/scrape-$n.txt"
	kill -TERM "$fd" "$ev" 2>/dev/null || true
	wait "$ev" 2>/dev/null || true
	wait "$fd" 2>/dev/null || true
}

echo "machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); command: N=\"$NS_LIST\" SCRAPES=$SCRAPES perf/evpn/metrics_scrape.sh"
echo
echo "| type-2 routes | scrape (bytes) | mean (ms) | longest (ms) | loop_max_us before | after |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: |"
for n in $NS_LIST; do run "$n"; done
