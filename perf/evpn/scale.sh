#!/bin/bash
# perf/evpn/scale.sh: EVPN control plane to dataplane scale, evpnd beside FRR
# bgpd + zebra + kernel VXLAN on the same feed in the same run
# (../../../shared/BENCH.md "Route scale", issue 4 "Performance").
#
#   sudo perf/evpn/scale.sh [BUILD_DIR]          (README.md next to this file)
#
# evpn_feed (perf/evpn/evpn_feed.c, iBGP AS 65000) opens a session to the VTEP
# under test and sends N type-2 MAC-only routes of VNI 100 (RD 192.0.2.4:100,
# RT 65000:100, encapsulation VXLAN, next hop 192.0.2.4, a VTEP in the
# underlay subnet of both VTEPs), as many NLRI per UPDATE as fit, then
# End-of-RIB. Measured:
#  evpnd: Established (the feeder's clock) -> every MAC in the dataplane table
#    (`evpnctl show bridge-domain json` remoteMacs, polled), and VmRSS growth
#    per route, split by /proc/PID/smaps into the DPDK memory (the dataplane MAC
#    table, pre-sized by mac-table-size) and the rest (control plane: BGP RIB,
#    EVPN MAC mobility table). The table's own size is also measured
#    as the difference in start-up RSS between mac-table-size 1024 and the size
#    used.
#  FRR: Established -> all N MACs in the kernel FDB (an rtnetlink listener
#    counts unique RTM_NEWNEIGH with dst 192.0.2.4; `bridge fdb show` confirms),
#    bgpd and zebra VmRSS growth per route.
#
# MODE=host (symmetric IRB, issue 10): N MAC+IP routes of hosts in a subnet evpnd does
# not have (VNI 200), with the L3VNI 5000 of evpnd's vrf t1 and a router MAC: each one a
# /32 host route in the VRF's FIB. MODE=prefix: N type-5 routes of /24 prefixes of that
# VRF (RT 65000:5000). Measured the same way, "in dataplane" being the routes in the
# FIBs (show stats: writer fib_routes, less the connected ones before the feed). The
# FRR reference of these two modes is not written yet (SKIP_FRR is implied). EV_MEM:
# evpnd's DPDK memory in MB (default 1024; 1M routes of these modes want 2048).
# Environment: N (default 100000; a list "100000 1000000" runs each), SKIP_FRR=1,
# EXTRA_VNIS (more VNIs on the evpnd side, see extra_vnis),
# SKIP_EVPND=1, BASE_BUILD (a second evpnd build dir, run after each evpnd run
# as "evpnd-base": before/after a change in the same run), MTS (mac-table-size, default the next power of two >= 1.25 N),
# OUT (directory for logs and results; default a new one under /tmp),
# EV_VERBOSE=1 (evpnd -v: debug log, slower), PERF_RECORD=1 (perf record -e
# cpu-clock -g of evpnd during the feed into OUT/perf-N.data).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
BUILD=$(cd "${1:-${BUILD:-$here/../../build}}" && pwd)
NS_LIST=${N:-100000}
MODE=${MODE:-mac}
case $MODE in
mac) FEED_ARGS=() ;;
host) FEED_ARGS=(-v 200 -L 5000) SKIP_FRR=1 ;;
prefix) FEED_ARGS=(-L 5000 -P 24) SKIP_FRR=1 ;;
*) echo "scale.sh: MODE is mac, host or prefix" >&2; exit 2 ;;
esac
OUT=${OUT:-$(mktemp -d /tmp/evpn-scale.XXXXXX)}
FRRBIN=/usr/lib/frr
PY=/usr/bin/python3
PFX=evs$$
EV_SOCK=$OUT/evpnd.sock
FEED=$BUILD/perf/evpn_feed

[ "$(id -u)" -eq 0 ] || { echo "scale.sh: needs root (namespaces)" >&2; exit 125; }
for f in "$BUILD/evpnd" "$BUILD/evpnctl" "$FEED"; do
	[ -x "$f" ] || { echo "scale.sh: no $f" >&2; exit 2; }
done
mkdir -p "$OUT"
chmod 755 "$OUT"

. "$here/../perf_ns.sh"
trap 'set +e; perf_teardown' EXIT
# ---- topology: feed (the speaker) -- ev (evpnd) ; feed -- kv (FRR + kernel)
perf_ns_add feed ev kv
ip link add f-ev netns "$PFX-feed" type veth peer name mgmt0 netns "$PFX-ev"
ip link add f-kv netns "$PFX-feed" type veth peer name mgmt netns "$PFX-kv"
nsx feed ip addr add 10.0.0.9/24 dev f-ev
nsx feed ip addr add 10.0.1.9/24 dev f-kv
nsx feed ip link set f-ev up
nsx feed ip link set f-kv up
nsx ev ip addr add 10.0.0.1/24 dev mgmt0
nsx ev ip link set mgmt0 up
nsx kv ip addr add 10.0.1.2/24 dev mgmt
nsx kv ip link set mgmt up
# the kernel VTEP: underlay 192.0.2.2/24 on a veth (no dummy module here), br100 + vxlan100
nsx kv ip link add ul type veth peer name ulp
nsx kv ip link set ulp up
nsx kv ip addr add 192.0.2.2/24 dev ul
nsx kv ip link set ul up
nsx kv ip link add br100 type bridge mcast_snooping 0
nsx kv ip link add vxlan100 type vxlan id 100 local 192.0.2.2 dstport 4789 nolearning
nsx kv ip link set vxlan100 master br100
nsx kv bridge link set dev vxlan100 learning off
nsx kv ip link set vxlan100 up
nsx kv ip link set br100 up

# feed NAME PEER SOURCE N: starts the feeder (FEED_PID), waits for Established,
# sets T_EST (us).
feed() {
	local log=$OUT/feed-$1-$4.log
	ip netns exec "$PFX-feed" "$FEED" -c "$2" -s "$3" -a 65000 -n "$4" -N 192.0.2.4 "${FEED_ARGS[@]}" \
		>"$log" 2>&1 &
	FEED_PID=$!
	pids+=("$FEED_PID")
	for _ in $(seq 12000); do
		grep -q '^established' "$log" && break
		sleep 0.005
	done
	T_EST=$(awk '/^established/ { print $2 }' "$log")
	[ -n "$T_EST" ] || { log "feeder: no session ($(cat "$log"))"; return 1; }
}

# ---- evpnd
ev_conf() { # ev_conf MTS
	cat <<CONF
dataplane
 main-lcore 0
 worker-lcores 1
 mbufs 8192
 mac-table-size $1
$(fib_conf)
 port uplink0 devargs net_null0,no-rx=1
 port host0 devargs net_null1,no-rx=1
underlay
 vtep-address 192.0.2.1
 address 192.0.2.1/24 port uplink0
bridge-domain 100
 vni 100
 member host0 untagged
$(l3_conf)
$(extra_vnis)
router bgp 65000
 bgp router-id 10.0.0.1
 no bgp default ipv4-unicast
 neighbor 10.0.0.9 remote-as 65000
 address-family l2vpn evpn
  neighbor 10.0.0.9 activate
  advertise-all-vni
 exit-address-family
CONF
}
# MODE host and prefix: FIBs sized for the feed (fib-size: the next power of two >= 1.25 N).
fib_conf() {
	[ "$MODE" != mac ] || return 0
	local f=65536
	while [ $f -lt $((FEED_N + FEED_N / 4)) ]; do f=$((f * 2)); done
	echo " fib-size $f"
}
# MODE host and prefix: bridge domain 100 routes in vrf t1, L3VNI 5000.
l3_conf() {
	[ "$MODE" != mac ] || return 0
	printf ' gateway-mac 00:00:5e:00:01:01\n gateway-address 198.51.100.254/24\n vrf t1\n'
	printf 'vrf t1\n vni 5000\n'
}
# EXTRA_VNIS=K: K more bridge domains (ids 1000.., VNIs 10000..) without members,
# so that import has K + 1 VNIs to choose from (route-target lookup at scale)
extra_vnis() {
	for i in $(seq 0 $((${EXTRA_VNIS:-0} - 1))); do
		printf 'bridge-domain %d\n vni %d\n' $((1000 + i)) $((10000 + i))
	done
}
ev_start() { # ev_start MTS TAG: evpnd up (EV_PID)
	ev_conf "$1" >"$OUT/evpnd-$2.conf"
	local v=
	[ -z "${EV_VERBOSE:-}" ] || v=-v
	ip netns exec "$PFX-ev" "$EVBIN/evpnd" -f "$OUT/evpnd-$2.conf" -s "$EV_SOCK" $v -- --no-huge -m "${EV_MEM:-1024}" \
		--no-pci --no-shconf --file-prefix "${PFX}ev" >"$OUT/evpnd-$2.log" 2>&1 &
	EV_PID=$!
	pids+=("$EV_PID")
	for _ in $(seq 150); do
		"$BUILD/evpnctl" -s "$EV_SOCK" -t 2 show bridge-domain >/dev/null 2>&1 && return 0
		kill -0 $EV_PID 2>/dev/null || break
		sleep 0.2
	done
	log "evpnd did not start: $(tail -5 "$OUT/evpnd-$2.log")"
	return 1
}
ev_stop() {
	kill -TERM "$EV_PID" 2>/dev/null || true
	wait "$EV_PID" 2>/dev/null || true
}
# ev_remote: what the feed put in the dataplane: remote MACs, or (MODE host, prefix)
# the routes in the FIBs beyond the FIB_BASE there were before it.
ev_remote() {
	if [ "$MODE" = mac ]; then
		"$BUILD/evpnctl" -s "$EV_SOCK" -t 10 show bridge-domain json 2>/dev/null |
			grep -o '"remoteMacs": *[0-9]*' | head -1 | grep -o '[0-9]*$'
	else
		echo $(($(ev_fib_routes) - ${FIB_BASE:-0}))
	fi
}
ev_fib_routes() {
	"$BUILD/evpnctl" -s "$EV_SOCK" -t 10 show stats all 2>/dev/null |
		awk '$1 == "writer" && $2 == "fib_routes" { print $3 + 0 }'
}
ev_nlri() {
	"$BUILD/evpnctl" -s "$EV_SOCK" -t 10 show bgp neighbors 10.0.0.9 json 2>/dev/null |
		grep -o '"evpnNlriRcd": *[0-9]*' | head -1 | grep -o '[0-9]*$'
}

# ev_loop_max: "LOOP STEP": the longest control-loop iteration and the longest writer
# step (dp_writer_poll, part of one iteration) so far (us), from `show stats`
ev_loop_max() {
	"$BUILD/evpnctl" -s "$EV_SOCK" -t 10 show stats all 2>/dev/null |
		awk '$2 == "loop_max_us" { l = $3 } $2 == "step_max_us" { s = $3 } END { print l + 0, s + 0 }'
}

run_evpnd() { # run_evpnd N -> one RESULT line
	local n=$1 mts=${MTS:-} small tb0 db0 tot0 dp0 tot1 dp1 c=0 tb="" t_all="" deadline
	FEED_N=$n
	if [ -z "$mts" ]; then mts=1024; while [ $mts -lt $((n + n / 4)) ]; do mts=$((mts * 2)); done; fi
	# start-up RSS with the smallest MAC table, then with mts: the table's own cost
	ev_start 1024 small-$EVNAME-$n
	sleep 2
	read -r tb0 db0 < <(smaps_split $EV_PID)
	ev_stop
	ev_start "$mts" $EVNAME-$n
	sleep 2
	read -r tot0 dp0 < <(smaps_split $EV_PID)
	log "evpnd pid $EV_PID, mac-table-size $mts: RSS $tot0 kB (DPDK memory $dp0 kB); with mac-table-size 1024: $tb0 kB ($db0 kB)"
	local perf_pid=
	if [ -n "${PERF_RECORD:-}" ]; then # software clock sampling: no cycle counters on these VMs
		perf record -q -e cpu-clock -F 2000 -g -p "$EV_PID" -o "$OUT/perf-$n.data" >/dev/null 2>&1 &
		perf_pid=$!
		sleep 1
	fi
	local c0 l0
	FIB_BASE=$(ev_fib_routes)
	c0=$(cpu_ms $EV_PID $EV_PID) # the main thread: control plane and dataplane writer
	l0=$(cut -d' ' -f1 /proc/loadavg)
	feed $EVNAME 10.0.0.1 10.0.0.9 "$n"
	deadline=$(($(date +%s) + 600))
	while [ "$(date +%s)" -lt $deadline ]; do
		c=$(ev_remote || echo 0)
		[ -n "$tb" ] || { [ "$(ev_nlri || echo 0)" -ge "$n" ] && tb=$(us); }
		if [ "${c:-0}" -ge "$n" ]; then t_all=$(us); break; fi
		sleep 0.002
	done
	[ -n "$t_all" ] || log "evpnd: timeout at $c of $n"
	[ -n "$tb" ] || tb=$t_all
	local c1
	c1=$(cpu_ms $EV_PID $EV_PID)
	[ -z "$perf_pid" ] || { kill -INT "$perf_pid"; wait "$perf_pid" || true; }
	sleep 1
	read -r tot1 dp1 < <(smaps_split $EV_PID)
	local sent
	sent=$(awk '/^sent/ { print $3 " UPDATEs, " $4 " bytes, written " int(($5 - '"$T_EST"') / 1000) " ms after Established" }' "$OUT/feed-$EVNAME-$n.log")
	log "evpnd: feeder $sent; dataplane remoteMacs=$c; RSS $tot0 -> $tot1 kB (DPDK $dp0 -> $dp1 kB)"
	"$BUILD/evpnctl" -s "$EV_SOCK" show bridge-domain >"$OUT/$EVNAME-bd-$n.txt" 2>&1 || true
	grep -E '^(VmRSS|VmHWM|RssAnon|RssFile)' /proc/$EV_PID/status >"$OUT/$EVNAME-status-$n.txt"
	# The feeder goes away: the session drops and all N routes are withdrawn.
	local loop_in step_in t_w0 t_gone=""
	read -r loop_in step_in < <(ev_loop_max)
	t_w0=$(us)
	kill -TERM "$FEED_PID" 2>/dev/null || true
	wait "$FEED_PID" 2>/dev/null || true
	deadline=$(($(date +%s) + 600))
	while [ "$(date +%s)" -lt $deadline ]; do
		c=$(ev_remote || echo -1)
		if [ "${c:--1}" -eq 0 ]; then t_gone=$(us); break; fi
		sleep 0.002
	done
	[ -n "$t_gone" ] || log "evpnd: withdrawal timeout at $c remote MACs"
	local loop_all step_all
	read -r loop_all step_all < <(ev_loop_max)
	log "evpnd: withdrawn in $(((${t_gone:-$t_w0} - t_w0) / 1000)) ms; longest control-loop iteration: $loop_in us while the routes arrived, $loop_all us over arrival and withdrawal; longest writer step: $step_in us, $step_all us"
	echo "RESULT $EVNAME n=$n est=$T_EST bgp=$tb all=${t_all:-0} rss0=$tot0 rss1=$tot1 dp0=$dp0 dp1=$dp1 small=$tb0 mts=$mts cpu=$((c1 - c0)) load=${l0%.*} loopin=${loop_in:-0} loopall=${loop_all:-0} stepin=${step_in:-0} stepall=${step_all:-0} wd=$(((${t_gone:-$t_w0} - t_w0) / 1000))"
	ev_stop
}

# ---- FRR bgpd + zebra + kernel
FRRD=$OUT/frr
vty() { nsx kv vtysh --vty_socket "$FRRD" -c "$*"; }
frr_start() {
	mkdir -p "$FRRD"
	echo "hostname kv" >"$FRRD/zebra.conf"
	cat >"$FRRD/bgpd.conf" <<CONF
hostname kv
log file $FRRD/bgpd.log notifications
router bgp 65000
 bgp router-id 10.0.1.2
 no bgp default ipv4-unicast
 neighbor 10.0.1.9 remote-as 65000
 address-family l2vpn evpn
  neighbor 10.0.1.9 activate
  advertise-all-vni
 exit-address-family
CONF
	chown -R frr:frr "$FRRD"
	rm -f "$FRRD"/*.pid "$FRRD"/*.vty "$FRRD/zserv.api"
	# -s: zebra's netlink receive buffer, as the reference lab (100k MACs)
	nsx kv $FRRBIN/zebra -d -F datacenter -f "$FRRD/zebra.conf" -i "$FRRD/zebra.pid" -z "$FRRD/zserv.api" \
		--vty_socket "$FRRD" -A 127.0.0.1 -P 0 -s 90000000
	for _ in $(seq 50); do [ -S "$FRRD/zserv.api" ] && break; sleep 0.1; done
	nsx kv $FRRBIN/bgpd -d -F datacenter -f "$FRRD/bgpd.conf" -i "$FRRD/bgpd.pid" -z "$FRRD/zserv.api" \
		--vty_socket "$FRRD" -A 127.0.0.1 -P 0
	for _ in $(seq 50); do [ -S "$FRRD/bgpd.vty" ] && break; sleep 0.1; done
}
frr_stop() {
	local p f
	for f in bgpd zebra; do
		p=$(cat "$FRRD/$f.pid" 2>/dev/null) || continue
		kill "$p" 2>/dev/null || true
		for _ in $(seq 300); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
	done
}
# fdbmon DST N FILE: counts unique MACs of RTM_NEWNEIGH (AF_BRIDGE) whose VXLAN
# dst is DST; writes "ready", then "all <us>" when N are in, "count <n>" at the end.
cat >"$OUT/fdbmon.py" <<'EOF'
import signal, socket, struct, sys, time
dst, want, out = socket.inet_aton(sys.argv[1]), int(sys.argv[2]), open(sys.argv[3], 'w', buffering=1)
sk = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
sk.setsockopt(socket.SOL_SOCKET, 33, 256 << 20)  # SO_RCVBUFFORCE
sk.bind((0, 1 << 2))                              # RTNLGRP_NEIGH
seen, lost, done = set(), 0, False
signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
out.write('ready\n')
try:
    while True:
        try:
            buf = sk.recv(4 << 20)
        except OSError:
            lost += 1
            continue
        t = time.time()
        off = 0
        while off + 16 <= len(buf):
            ln, typ = struct.unpack_from('=IH', buf, off)
            if ln < 16:
                break
            if typ == 28 and buf[off + 16] == 7:   # RTM_NEWNEIGH, AF_BRIDGE
                a, mac, d = off + 28, None, None
                while a + 4 <= off + ln:
                    al, at = struct.unpack_from('=HH', buf, a)
                    if al < 4:
                        break
                    if at == 2:
                        mac = buf[a + 4:a + 10]
                    elif at == 1:
                        d = buf[a + 4:a + 8]
                    a += (al + 3) & ~3
                if d == dst and mac is not None:
                    seen.add(mac)
                    if not done and len(seen) >= want:
                        done = True
                        out.write('all %d\n' % int(t * 1e6))
            off += (ln + 3) & ~3
finally:
    out.write('count %d overruns %d\n' % (len(seen), lost))
EOF
fdb_count() { nsx kv bridge fdb show dev vxlan100 | grep -c 'dst 192.0.2.4 ' || true; }
run_frr() { # run_frr N -> one RESULT line
	local n=$1 bp zp b0 z0 b1 z1 mon=$OUT/fdbmon-$n.txt mpid st pfx zm tb="" tz="" t_all="" deadline tdump=0
	frr_start
	bp=$(cat "$FRRD/bgpd.pid")
	zp=$(cat "$FRRD/zebra.pid")
	sleep 3
	b0=$(rss_kb "$bp")
	z0=$(rss_kb "$zp")
	ip netns exec "$PFX-kv" "$PY" "$OUT/fdbmon.py" 192.0.2.4 "$n" "$mon" &
	mpid=$!
	pids+=("$mpid")
	for _ in $(seq 100); do grep -q ready "$mon" 2>/dev/null && break; sleep 0.05; done
	log "FRR bgpd pid $bp ($b0 kB), zebra pid $zp ($z0 kB)"
	local cb0 cz0 l0
	cb0=$(cpu_ms "$bp")
	cz0=$(cpu_ms "$zp")
	l0=$(cut -d' ' -f1 /proc/loadavg)
	feed frr 10.0.1.2 10.0.1.9 "$n"
	deadline=$(($(date +%s) + 900))
	while [ "$(date +%s)" -lt $deadline ]; do
		if [ -z "$tb" ] || [ -z "$tz" ]; then
			read -r pfx zm < <({ vty 'show bgp l2vpn evpn summary json'; vty 'show evpn vni 100 json'; } 2>/dev/null |
				"$PY" -c 'import json,sys
d=json.JSONDecoder(); s=sys.stdin.read().strip(); a,i=d.raw_decode(s); b,_=d.raw_decode(s[i:].strip())
print(a.get("peers",{}).get("10.0.1.9",{}).get("pfxRcd",0), b.get("numMacs",0))' 2>/dev/null || echo "0 0")
			[ -n "$tb" ] || { [ "${pfx:-0}" -ge "$n" ] && tb=$(us) && log "FRR: bgpd pfxRcd $pfx at +$(((tb - T_EST) / 1000)) ms"; }
			[ -n "$tz" ] || { [ "${zm:-0}" -ge "$n" ] && tz=$(us) && log "FRR: zebra numMacs $zm at +$(((tz - T_EST) / 1000)) ms"; }
		fi
		if grep -q '^all' "$mon"; then t_all=$(awk '/^all/ { print $2 }' "$mon"); fi
		# The listener may lose events (ENOBUFS): then a dump, every 2 s once zebra has
		# all; not above 200k: the kernel's FDB dump of a VXLAN device is quadratic (a
		# `bridge fdb show` of 1M entries ran for more than 10 minutes here).
		if [ -n "$tz" ] && [ -z "$t_all" ] && [ "$n" -gt 200000 ] && [ $(($(us) - tz)) -gt 120000000 ]; then
			log "FRR: kernel FDB completion not measured (listener missed events, dump too slow)"
			break
		fi
		if [ -z "$t_all" ] && [ -n "$tz" ] && [ "$n" -le 200000 ] && [ $(($(us) - ${tdump:-0})) -gt 2000000 ]; then
			tdump=$(us)
			[ "$(fdb_count)" -ge "$n" ] && t_all=$(us) && log "FRR: all $n in the FDB dump (fdbmon missed events)"
		fi
		[ -n "$t_all" ] && [ -n "$tb" ] && [ -n "$tz" ] && break
		sleep 0.1
	done
	[ -n "$t_all" ] || log "FRR: timeout (pfxRcd ${pfx:-?}, zebra ${zm:-?})"
	local cpu=$(($(cpu_ms "$bp") - cb0 + $(cpu_ms "$zp") - cz0))
	sleep 2
	b1=$(rss_kb "$bp")
	z1=$(rss_kb "$zp")
	local fc=-1
	[ "$n" -gt 200000 ] || fc=$(fdb_count)
	kill -TERM $mpid 2>/dev/null || true
	wait $mpid 2>/dev/null || true
	log "FRR: kernel FDB dump holds $fc entries with dst 192.0.2.4; fdbmon: $(tail -1 "$mon"); bgpd $b0 -> $b1 kB, zebra $z0 -> $z1 kB"
	echo "RESULT frr n=$n est=$T_EST bgp=${tb:-0} zebra=${tz:-0} all=${t_all:-0} bgpd0=$b0 bgpd1=$b1 zebra0=$z0 zebra1=$z1 fdb=$fc cpu=$cpu load=${l0%.*}"
	kill -TERM "$FEED_PID" 2>/dev/null || true
	wait "$FEED_PID" 2>/dev/null || true
	frr_stop
	nsx kv ip link set vxlan100 down # flush the FDB for the next N
	nsx kv ip link set vxlan100 up
}

: >"$OUT/raw.txt"
for n in $NS_LIST; do
	if [ -z "${SKIP_EVPND:-}" ]; then
		EVBIN=$BUILD EVNAME=evpnd run_evpnd "$n" | tee -a "$OUT/raw.txt"
		[ -z "${BASE_BUILD:-}" ] || EVBIN=$BASE_BUILD EVNAME=evpnd-base run_evpnd "$n" | tee -a "$OUT/raw.txt"
	fi
	[ -n "${SKIP_FRR:-}" ] || run_frr "$n" | tee -a "$OUT/raw.txt"
done

"$PY" - "$OUT" "$BUILD" "$NS_LIST" <<'PY'
import json, os, subprocess, sys
out, build, ns = sys.argv[1], sys.argv[2], sys.argv[3]
rows = []
for l in open(os.path.join(out, "raw.txt")):
    if not l.startswith("RESULT"):
        continue
    p = l.split()
    d = {k: int(v) for k, v in (x.split("=") for x in p[2:])}
    d["who"] = p[1]
    rows.append(d)
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
tsc = "?"
try:
    tsc = "%.0f" % (float(next(l.split(":")[1] for l in open("/proc/cpuinfo") if l.startswith("cpu MHz"))) * 1e6)
except Exception:
    pass
frr = subprocess.run(["/usr/lib/frr/bgpd", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
print()
print("machine: %s, %d CPUs, cpu MHz*1e6 %s Hz, load average %s; %s" % (
    cpu, os.cpu_count(), tsc, open("/proc/loadavg").read().split()[:3], frr))
mode = os.environ.get("MODE", "mac")
print("command: N=\"%s\" MODE=%s%s perf/evpn/scale.sh %s" % (ns, mode, (" BASE_BUILD=" + os.environ["BASE_BUILD"]) if os.environ.get("BASE_BUILD") else "", build))
print("routes: %s" % {"mac": "type-2 MAC-only, into the MAC table", "host": "type-2 MAC+IP with the L3VNI, /32 host routes into vrf t1's FIB", "prefix": "type-5 /24 prefixes into vrf t1's FIB"}[mode])
print()
print("| VTEP | type-2 routes | Established -> all in BGP (s) | -> all in dataplane / kernel FDB (s) | routes/s | CPU used (s) | RSS growth per route (B) | of which dataplane (B) | MAC table pre-size (B per route) | load avg at start |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
res = []
for d in rows:
    n = d["n"]
    sec = (d["all"] - d["est"]) / 1e6 if d["all"] else float("nan")
    bgp = (d["bgp"] - d["est"]) / 1e6 if d["bgp"] else float("nan")
    if d["who"].startswith("evpnd"):
        grow = (d["rss1"] - d["rss0"]) * 1024.0 / n
        dp = (d["dp1"] - d["dp0"]) * 1024.0 / n
        table = (d["rss0"] - d["small"]) * 1024.0 / n
        print("| %s | %d | %.3f | %.3f | %.0f | %.2f | %.0f | %.0f | %.0f (mac-table-size %d) | %d |" % (
            d["who"], n, bgp, sec, n / sec, d.get("cpu", 0) / 1e3, grow, dp, table, d["mts"], d.get("load", -1)))
        res.append({"who": d["who"], "n": n, "bgp_s": bgp, "all_s": sec, "cpu_s": d.get("cpu", 0) / 1e3, "rss_per_route": grow,
                    "dp_per_route": dp, "table_presize_per_route": table, "mac_table_size": d["mts"]})
    else:
        grow = (d["bgpd1"] - d["bgpd0"] + d["zebra1"] - d["zebra0"]) * 1024.0 / n
        zs = (d["zebra"] - d["est"]) / 1e6 if d["zebra"] else float("nan")
        # above 200k the kernel FDB's completion is not timed (see above): zebra's
        fdb = ("%.3f (zebra %.3f)" % (sec, zs)) if d["all"] else ("not timed (zebra %.3f)" % zs)
        rate = ("%.0f" % (n / sec)) if d["all"] else ""
        print("| FRR bgpd + zebra + kernel | %d | %.3f | %s | %s | %.2f | %.0f (bgpd %.0f, zebra %.0f) | kernel FDB not counted | | %d |" % (
            n, bgp, fdb, rate, d.get("cpu", 0) / 1e3, grow, (d["bgpd1"] - d["bgpd0"]) * 1024.0 / n,
            (d["zebra1"] - d["zebra0"]) * 1024.0 / n, d.get("load", -1)))
        res.append({"who": "frr", "n": n, "bgp_s": bgp, "zebra_s": zs, "all_s": sec, "cpu_s": d.get("cpu", 0) / 1e3, "rss_per_route": grow})
ev = [d for d in rows if d["who"].startswith("evpnd") and "loopall" in d]
if ev:
    print()
    print("| VTEP | type-2 routes | all withdrawn after the session drop (s) | longest control-loop iteration, arrival (ms) | arrival and withdrawal (ms) | longest writer step, arrival (ms) | arrival and withdrawal (ms) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for d in ev:
        print("| %s | %d | %.3f | %.3f | %.3f | %.3f | %.3f |" % (d["who"], d["n"], d["wd"] / 1e3, d["loopin"] / 1e3,
              d["loopall"] / 1e3, d.get("stepin", 0) / 1e3, d.get("stepall", 0) / 1e3))
        next(r for r in res if r["who"] == d["who"] and r["n"] == d["n"]).update(
            withdraw_s=d["wd"] / 1e3, loop_max_arrival_ms=d["loopin"] / 1e3, loop_max_ms=d["loopall"] / 1e3,
            step_max_arrival_ms=d.get("stepin", 0) / 1e3, step_max_ms=d.get("stepall", 0) / 1e3)
json.dump({"cpu": cpu, "frr": frr, "rows": res}, open(os.path.join(out, "result.json"), "w"), indent=1)
print("\n(json and logs in %s)" % out)
PY
