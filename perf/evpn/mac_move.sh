#!/bin/bash
# perf/evpn/mac_move.sh: MAC move convergence (../../../shared/BENCH.md "MAC move",
# issue 4 "Performance"), evpnd on both ends beside FRR + kernel VXLAN on both
# ends, same moves, same measurement, same run.
#
#   sudo perf/evpn/mac_move.sh [BUILD_DIR]        (README.md next to this file)
#
# Topology (built twice, one after the other: A = two evpnd VTEPs, B = two
# FRR bgpd + zebra + Linux bridge/VXLAN VTEPs), in namespaces:
#
#   hp 10.1.0.1 --[v1]-- 192.0.2.1 ==(fab br-ul)== 192.0.2.2 --[v2]-- hq 10.1.0.2
#        hm 10.1.0.9 eth0 --[v1 port hm1]    [v2 port hm2]-- eth1 hm (same MAC, same address)
#   v1 mgmt 10.0.0.1 --(fab br-mg)-- 10.0.0.2 v2: direct iBGP (AS 65000, l2vpn evpn)
#
# hm (02:00:00:01:00:09) has one link to each VTEP; only one is up at a time. A
# move takes the link to the old VTEP down and the one to the new VTEP up; with
# arp_notify hm sends a gratuitous ARP at once, as a hypervisor does after a VM
# move. hp (behind v1) and hq (behind v2) each ping hm every 1 ms throughout;
# the moves alternate v1 -> v2 -> v1 ... (MOVES of them).
#
# Per move, from captures (tcpdump, kernel timestamps, one clock):
#   t0      the move (the `ip link` commands, date before them)
#   learn   hm's first frame on the new VTEP's access interface (hm1 / hm2)
#   update  the first BGP UPDATE with hm's MAC from the new VTEP (mgmt bridge)
#   remote  the first VXLAN frame from the old VTEP to the new one with inner
#           destination hm (underlay bridge): the old VTEP forwards to the new
#           place. The kernel bridge flushes a port's MACs when it loses carrier
#           and then floods hm's unknown unicast to every VTEP, so for B this is
#           flooding; B's remote FDB install comes from `bridge monitor fdb`
#           (fdb-install); A's from evpnd's debug log (cp-install, ms).
#   request the first ping request to hm that reaches the old VTEP from its
#           pinger (hp / hq interface) after the install, and the VXLAN frame
#           it leaves as: the dataplane's own delay, without the pinger's pace.
#   lost    pings lost by the pinger behind the old VTEP (and the new one).
#
# Environment: ROUNDS (default 3) x MOVES (default 4: evpnd, like zebra, flags a
# MAC moving 5 times in 180 s as a duplicate, and evpnd freezes it), LCORES=split (default: evpnd 1 main-lcore 0
# worker 1, evpnd 2 main-lcore 1 worker 0) or same (both main 0, worker 1),
# ONLY=A|B, OUT (logs, captures, results; default a new directory under /tmp).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
BUILD=$(cd "${1:-${BUILD:-$here/../../build}}" && pwd)
MOVES=${MOVES:-4}   # per round: evpnd (and FRR) flag a MAC that moves 5 times in 180 s
ROUNDS=${ROUNDS:-3} # each round builds the topology afresh
LCORES=${LCORES:-split}
OUT=${OUT:-$(mktemp -d /tmp/evpn-move.XXXXXX)}
FRRBIN=/usr/lib/frr
PY=/usr/bin/python3
PFX=evm$$
HMMAC=02:00:00:01:00:09

[ "$(id -u)" -eq 0 ] || { echo "mac_move.sh: needs root (namespaces)" >&2; exit 125; }
for f in "$BUILD/evpnd" "$BUILD/evpnctl"; do [ -x "$f" ] || { echo "mac_move.sh: no $f" >&2; exit 2; }; done
for c in tcpdump tshark ping bridge; do command -v $c >/dev/null || { echo "mac_move.sh: needs $c" >&2; exit 125; }; done
mkdir -p "$OUT"
chmod 755 "$OUT"

. "$here/../perf_ns.sh"
trap 'set +e; perf_teardown' EXIT
veth() { # veth NS_A IF_A NS_B IF_B [MTU]
	ip link add "$2" netns "$PFX-$1" mtu "${5:-1500}" type veth peer name "$4" netns "$PFX-$3" mtu "${5:-1500}"
	nsx "$1" ip link set "$2" up
	nsx "$3" ip link set "$4" up
}

# The part both topologies share: underlay and mgmt switches, hosts, hm's two links.
topo_common() {
	perf_ns_add fab v1 v2 hp hq hm
	nsx fab ip link add br-ul type bridge mcast_snooping 0
	nsx fab ip link add br-mg type bridge mcast_snooping 0
	nsx fab ip link set br-ul up
	nsx fab ip link set br-mg up
	local i
	for i in 1 2; do
		veth v$i ul0 fab ul-v$i 1600
		veth v$i mgmt0 fab mg-v$i
		nsx fab ip link set ul-v$i master br-ul
		nsx fab ip link set mg-v$i master br-mg
		nsx v$i ip addr add 10.0.0.$i/24 dev mgmt0
	done
	veth hp eth0 v1 hp
	veth hq eth0 v2 hq
	veth hm eth0 v1 hm1
	veth hm eth1 v2 hm2
	nsx hp ip link set eth0 address 02:00:00:01:00:01
	nsx hp ip addr add 10.1.0.1/24 dev eth0
	nsx hq ip link set eth0 address 02:00:00:01:00:02
	nsx hq ip addr add 10.1.0.2/24 dev eth0
	nsx hm sysctl -qw net.ipv4.conf.all.arp_notify=1
	for i in eth0 eth1; do
		nsx hm sysctl -qw net.ipv4.conf.$i.arp_notify=1
		nsx hm ip link set $i down
		nsx hm ip link set $i address $HMMAC
		nsx hm ip addr add 10.1.0.9/24 dev $i
	done
	nsx hm ip link set eth0 up
	# static ARP everywhere: the measure is forwarding, not ARP (hm's entries are per
	# interface, and one left FAILED on the link it comes back to costs it 1 s)
	nsx hp ip neigh replace 10.1.0.9 lladdr $HMMAC dev eth0 nud permanent
	nsx hq ip neigh replace 10.1.0.9 lladdr $HMMAC dev eth0 nud permanent
	for i in eth0 eth1; do
		nsx hm ip neigh replace 10.1.0.1 lladdr 02:00:00:01:00:01 dev $i nud permanent
		nsx hm ip neigh replace 10.1.0.2 lladdr 02:00:00:01:00:02 dev $i nud permanent
	done
}

# ---- A: evpnd on both ends
ev_conf() { # ev_conf I MAIN WORKER
	local i=$1 peer=$((3 - $1))
	cat <<EOF
dataplane
 main-lcore $2
 worker-lcores $3
 mbufs 8192
 port uplink0 devargs net_af_packet0,iface=ul0
 port host0 devargs net_af_packet1,iface=$([ "$i" = 1 ] && echo hp || echo hq)
 port host1 devargs net_af_packet2,iface=hm$i
underlay
 vtep-address 192.0.2.$i
 address 192.0.2.$i/24 port uplink0
bridge-domain 100
 vni 100
 member host0 untagged
 member host1 untagged
router bgp 65000
 bgp router-id 10.0.0.$i
 no bgp default ipv4-unicast
 neighbor 10.0.0.$peer remote-as 65000
 neighbor 10.0.0.$peer update-source 10.0.0.$i
 neighbor 10.0.0.$peer timers 3 9
 neighbor 10.0.0.$peer timers connect 2$([ "$i" = 1 ] && printf '\n neighbor 10.0.0.2 passive')
 address-family l2vpn evpn
  neighbor 10.0.0.$peer activate
  advertise-all-vni
 exit-address-family
EOF
}
evctl() { local i=$1; shift; "$BUILD/evpnctl" -s "$OUT/evpnd$i.sock" -t 5 "$@"; }
up_A() {
	topo_common
	local i m w
	for i in 1 2; do
		m=0 w=1
		[ "$LCORES" = split ] && [ $i = 2 ] && m=1 w=0
		ev_conf $i $m $w >"$OUT/evpnd$i.conf"
		ip netns exec "$PFX-v$i" "$BUILD/evpnd" -f "$OUT/evpnd$i.conf" -s "$OUT/evpnd$i.sock" -v -- \
			--no-huge -m 256 --no-pci --no-shconf --file-prefix "${PFX}e$i" >"$OUT/A-evpnd$i-r$ROUND.log" 2>&1 &
		pids+=($!)
	done
	for i in 1 2; do
		for _ in $(seq 150); do evctl $i show port >/dev/null 2>&1 && break; sleep 0.2; done
	done
	for _ in $(seq 150); do
		[ "$(evctl 1 show bgp neighbors json 2>/dev/null | grep -o '"bgpState": *"[A-Za-z]*"' | grep -c Established)" = 1 ] && break
		sleep 0.2
	done
	local st
	st=$(evctl 1 show bgp neighbors json | grep -o '"bgpState": *"[A-Za-z]*"')
	log "A: evpnd BGP session: $st"
	# (v1 is passive: when both evpnd connected at once, a collision left both Idle
	# for good once in a run here, with `timers connect 2`: see README)
	case $st in *Established*) ;; *) log "A: no BGP session, giving up (logs in $OUT)"; exit 1 ;; esac
}
where_A() { # where_A I: hm's dataplane entry on evpnd I
	evctl "$1" show mac json | "$PY" -c 'import json,sys
print([(m["type"], m.get("remoteVtep", m.get("port"))) for m in json.load(sys.stdin) if m["mac"] == sys.argv[1]])' $HMMAC
}

# ---- B: FRR bgpd + zebra + kernel bridge/VXLAN on both ends
vty() { local i=$1; shift; nsx v$i vtysh --vty_socket "$OUT/frr$i" -c "$*"; }
up_B() {
	topo_common
	local i d
	for i in 1 2; do
		nsx v$i ip addr add 192.0.2.$i/24 dev ul0
		nsx v$i ip link add br100 type bridge mcast_snooping 0
		nsx v$i ip link add vxlan100 type vxlan id 100 local 192.0.2.$i dstport 4789 nolearning
		nsx v$i ip link set vxlan100 master br100
		nsx v$i bridge link set dev vxlan100 learning off
		nsx v$i ip link set vxlan100 up
		nsx v$i ip link set br100 up
		nsx v$i ip link set hm$i master br100
		[ $i = 1 ] && nsx v1 ip link set hp master br100
		[ $i = 2 ] && nsx v2 ip link set hq master br100
		d=$OUT/frr$i
		rm -rf "$d"
		mkdir -p "$d"
		echo "hostname v$i" >"$d/zebra.conf"
		cat >"$d/bgpd.conf" <<EOF
hostname v$i
log file $d/bgpd.log informational
router bgp 65000
 bgp router-id 10.0.0.$i
 no bgp default ipv4-unicast
 neighbor 10.0.0.$((3 - i)) remote-as 65000
 neighbor 10.0.0.$((3 - i)) timers 3 9
 neighbor 10.0.0.$((3 - i)) timers connect 2
 address-family l2vpn evpn
  neighbor 10.0.0.$((3 - i)) activate
  advertise-all-vni
 exit-address-family
EOF
		chown -R frr:frr "$d"
		nsx v$i $FRRBIN/zebra -d -F datacenter -f "$d/zebra.conf" -i "$d/zebra.pid" -z "$d/zserv.api" \
			--vty_socket "$d" -A 127.0.0.1 -P 0
		for _ in $(seq 50); do [ -S "$d/zserv.api" ] && break; sleep 0.1; done
		nsx v$i $FRRBIN/bgpd -d -F datacenter -f "$d/bgpd.conf" -i "$d/bgpd.pid" -z "$d/zserv.api" \
			--vty_socket "$d" -A 127.0.0.1 -P 0
		for _ in $(seq 50); do [ -S "$d/bgpd.vty" ] && break; sleep 0.1; done
	done
	for _ in $(seq 150); do
		vty 1 'show bgp l2vpn evpn summary json' 2>/dev/null | grep -q '"state":"Established"\|"state": *"Established"' && break
		sleep 0.2
	done
	log "B: FRR BGP: $(vty 1 'show bgp l2vpn evpn summary json' | grep -o '"state": *"[A-Za-z]*"' | head -1)"
	for i in 1 2; do
		TZ=UTC ip netns exec "$PFX-v$i" bridge -timestamp monitor fdb >"$OUT/B-fdbmon-v$i-r$ROUND.txt" 2>&1 &
		pids+=($!)
	done
}
stop_frr() {
	local i f p
	for i in 1 2; do
		for f in bgpd zebra; do
			p=$(cat "$OUT/frr$i/$f.pid" 2>/dev/null) || continue
			kill "$p" 2>/dev/null || true
			for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
		done
	done
}

cap() { # cap T NS IF NAME FILTER
	ip netns exec "$PFX-$2" tcpdump -n -U -s 200 -i "$3" -w "$OUT/$1-$4-r$ROUND.pcap" "$5" >"$OUT/$1-$4-r$ROUND.cap.log" 2>&1 &
	pids+=($!)
}

# measure T: MOVES moves of hm with both pingers at 1 ms; writes $OUT/T-moves.txt
measure() {
	local T=$1 m from to t0 p1 p2
	# steady state: hm talks, everyone knows everyone
	nsx hm ping -c 3 -i 0.2 -W 1 10.1.0.1 >/dev/null || true
	nsx hm ping -c 3 -i 0.2 -W 1 10.1.0.2 >/dev/null || true
	nsx hp ping -c 3 -i 0.2 -W 1 10.1.0.9 >/dev/null || log "$T: hp -> hm ping failed before the moves"
	nsx hq ping -c 3 -i 0.2 -W 1 10.1.0.9 >/dev/null || log "$T: hq -> hm ping failed before the moves"
	sleep 1
	cap $T v1 hm1 acc1 "ether src $HMMAC"
	cap $T v2 hm2 acc2 "ether src $HMMAC"
	cap $T v1 hp pq1 "ether dst $HMMAC" # the pingers' requests to hm, as they reach the VTEP
	cap $T v2 hq pq2 "ether dst $HMMAC"
	cap $T fab br-ul ul "udp port 4789"
	cap $T fab br-mg mg "tcp port 179"
	sleep 2
	local k
	for k in $(seq "$MOVES"); do
		m=$(((ROUND - 1) * MOVES + k))
		if [ $((k % 2)) = 1 ]; then from=1 to=2; else from=2 to=1; fi
		# -c 2500 at 1 ms: 2.5 s of pinging, the move 0.8 s in
		nsx hp ping -D -n -i 0.001 -c 2500 -W 1 10.1.0.9 >"$OUT/$T-ping-hp-$m.txt" 2>&1 &
		p1=$!
		nsx hq ping -D -n -i 0.001 -c 2500 -W 1 10.1.0.9 >"$OUT/$T-ping-hq-$m.txt" 2>&1 &
		p2=$!
		sleep 0.8
		t0=$(date +%s.%N)
		nsx hm ip link set eth$((from - 1)) down
		nsx hm ip link set eth$((to - 1)) up
		wait $p1 $p2 || true
		echo "move $m from $from to $to t0 $t0" >>"$OUT/$T-moves.txt"
		[ "$T" = A ] && echo "  A after move $m: v1 $(where_A 1) v2 $(where_A 2)" >>"$OUT/$T-moves.txt"
		[ "$T" = B ] && echo "  B after move $m: v$from fdb: $(nsx v$from bridge fdb show dev vxlan100 | grep $HMMAC | head -1)" >>"$OUT/$T-moves.txt"
		sleep 0.7
	done
	sleep 0.5
}

analyse() { # analyse T
	local T=$1 f r
	for f in acc1 acc2 pq1 pq2 ul mg; do : >"$OUT/$T-$f.txt"; done
	for r in $(seq "$ROUNDS"); do
		for f in acc1 acc2 pq1 pq2; do
			tshark -n -r "$OUT/$T-$f-r$r.pcap" -T fields -e frame.time_epoch 2>/dev/null >>"$OUT/$T-$f.txt" || true
		done
		tshark -n -r "$OUT/$T-ul-r$r.pcap" -Y "vxlan && eth.dst == $HMMAC" -T fields -E separator=' ' \
			-e frame.time_epoch -e ip.src -e ip.dst 2>/dev/null >>"$OUT/$T-ul.txt" || true
		tshark -n -r "$OUT/$T-mg-r$r.pcap" -Y "bgp.evpn.nlri.mac_addr == $HMMAC" -T fields -E separator=' ' \
			-e frame.time_epoch -e ip.src -e bgp.update.path_attribute.type_code -e bgp.ext_com_evpn.mmac.seq \
			2>/dev/null >>"$OUT/$T-mg.txt" || true
	done
	"$PY" - "$OUT" "$T" "$HMMAC" <<'PY' | tee -a "$OUT/results.txt"
import calendar, glob, json, os, re, sys, time
out, T, mac = sys.argv[1], sys.argv[2], sys.argv[3]
def col(name):
    r = []
    for l in open(os.path.join(out, "%s-%s.txt" % (T, name))):
        p = l.split()
        if p:
            r.append([float(p[0])] + p[1:])
    return r
acc = {1: sorted(col("acc1")), 2: sorted(col("acc2"))}
req = {1: sorted(col("pq1")), 2: sorted(col("pq2"))}
ul, mg = sorted(col("ul")), sorted(col("mg"))
# remote installs of hm on each VTEP: B from bridge monitor fdb, A from evpnd's debug log
inst = {1: [], 2: []}
for i in (1, 2):
    if T == "B":
        ts = None
        for l in (x for f in sorted(glob.glob(os.path.join(out, "B-fdbmon-v%d-r*.txt" % i))) for x in open(f, errors="replace")):
            if l.startswith("Timestamp:"):
                p = l.split()
                ts = calendar.timegm(time.strptime(" ".join(p[2:6]), "%b %d %H:%M:%S %Y")) + int(p[6]) / 1e6
            elif mac in l and "dst 192.0.2.%d" % (3 - i) in l and not l.startswith("Deleted") and ts:
                inst[i].append(ts)
    else:
        for l in (x for f in sorted(glob.glob(os.path.join(out, "A-evpnd%d-r*.log" % i))) for x in open(f, errors="replace")):
            if mac in l and "remote behind 192.0.2.%d" % (3 - i) in l:
                ts = l.split()[0].rstrip("Z")
                inst[i].append(calendar.timegm(time.strptime(ts[:19], "%Y-%m-%dT%H:%M:%S")) + float("0" + ts[19:]))
    inst[i].sort()
moves = [l.split() for l in open(os.path.join(out, "%s-moves.txt" % T)) if l.startswith("move")]
def first(seq, after, pred=lambda r: True):
    for r in seq:
        if r[0] >= after and pred(r):
            return r[0]
    return None
def loss(path, learn):
    """(lost, longest gap between replies in ms, lost among pings sent after learn,
    time of the first reply after learn)"""
    sent = recv = 0
    rx = {}
    for l in open(path):
        m = re.match(r"\[(\d+\.\d+)\] .*icmp_seq=(\d+)", l)
        if m:
            rx[int(m.group(2))] = float(m.group(1))
        m = re.match(r"(\d+) packets transmitted, (\d+) received", l)
        if m:
            sent, recv = int(m.group(1)), int(m.group(2))
    seqs = sorted(rx)
    ts = [rx[q] for q in seqs]
    gap = max((b - a for a, b in zip(ts, ts[1:])), default=0)
    after = 0
    if learn is not None and seqs:
        # a lost ping's reply would have come about when its neighbours' did: interpolate
        import bisect
        for q in range(1, sent + 1):
            if q in rx:
                continue
            j = bisect.bisect(seqs, q)
            if j == 0:
                est = ts[0] - (seqs[0] - q) * 0.001
            elif j == len(seqs):
                est = ts[-1] + (q - seqs[-1]) * 0.001
            else:
                a, b = seqs[j - 1], seqs[j]
                est = ts[j - 1] + (ts[j] - ts[j - 1]) * (q - a) / (b - a)
            if est > learn:
                after += 1
    fr = next((t for t in ts if learn is not None and t > learn), None)
    return sent - recv, gap * 1000, after, fr
rows = []
ms = lambda a, b: (b - a) * 1000 if a is not None and b is not None else float("nan")
for mv in moves:
    n, frm, to, t0 = int(mv[1]), int(mv[3]), int(mv[5]), float(mv[7])
    learn = first(acc[to], t0)
    upd = first(mg, t0, lambda r: r[1] == "192.0.2.%d" % to or r[1] == "10.0.0.%d" % to)
    remote = first(ul, t0, lambda r: r[1].split(",")[0] == "192.0.2.%d" % frm and r[2].split(",")[0] == "192.0.2.%d" % to)
    ins = first([[x] for x in inst[frm]], t0)
    # the dataplane's own delay: the first request to hm that reaches the old
    # VTEP after the install, and the VXLAN frame it becomes toward the new one
    rq = first(req[frm], ins) if ins is not None else None
    rq_vx = first(ul, rq, lambda r: r[1].split(",")[0] == "192.0.2.%d" % frm and r[2].split(",")[0] == "192.0.2.%d" % to) if rq is not None else None
    old_pinger = "hp" if frm == 1 else "hq"
    new_pinger = "hq" if frm == 1 else "hp"
    lo, go, la, fr = loss(os.path.join(out, "%s-ping-%s-%d.txt" % (T, old_pinger, n)), learn)
    ln, gn, lna, _ = loss(os.path.join(out, "%s-ping-%s-%d.txt" % (T, new_pinger, n)), learn)
    rows.append(dict(move=n, frm=frm, to=to, learn_after_move=ms(t0, learn), update_after_learn=ms(learn, upd),
                     install_after_learn=ms(learn, ins), remote_after_learn=ms(learn, remote),
                     remote_after_move=ms(t0, remote), install_after_move=ms(t0, ins),
                     lost_old=lo, gap_old=go, lost_old_after_learn=la, reply_old_after_learn=ms(learn, fr),
                     lost_new=ln, gap_new=gn, req_after_learn=ms(learn, rq), vxlan_after_req=ms(rq, rq_vx)))
name = {"A": "evpnd <-> evpnd", "B": "FRR+kernel <-> FRR+kernel"}[T]
print()
print("### %s (%s)" % (T, name))
print()
print("| move | learn after move | UPDATE after learn | remote install on old VTEP after learn | first request to hm at old VTEP after install | its VXLAN to the new VTEP after it | first VXLAN old->new to hm after learn | first reply behind old VTEP after learn | pings lost behind old VTEP: all (after learn) | longest reply gap behind old VTEP | pings lost behind new VTEP |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
K = ("learn_after_move", "update_after_learn", "install_after_learn", "req_after_learn", "vxlan_after_req", "remote_after_learn", "reply_old_after_learn")
for r in rows:
    print("| %d: v%d->v%d | %s | %d (%d) | %.0f | %d |" % (r["move"], r["frm"], r["to"],
        " | ".join("%.1f" % r[k] for k in K), r["lost_old"], r["lost_old_after_learn"], r["gap_old"], r["lost_new"]))
def med(k):
    v = sorted(r[k] for r in rows if r[k] == r[k])
    return v[len(v) // 2] if v else float("nan")
print("| median | %s | %d (%d) | %.0f | %d |" % (" | ".join("%.1f" % med(k) for k in K),
    med("lost_old"), med("lost_old_after_learn"), med("gap_old"), med("lost_new")))
print("(times in ms; learn = hm's first frame on the new VTEP's access interface; %d moves)" % len(rows))
json.dump(rows, open(os.path.join(out, "%s-result.json" % T), "w"), indent=1)
PY
}

machine() {
	local cpu tsc
	cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
	tsc=$(awk -F': ' '/^cpu MHz/ { printf "%.0f", $2 * 1e6; exit }' /proc/cpuinfo)
	echo "machine: $cpu, $(nproc) CPUs, TSC ~$tsc Hz, load average $(cut -d' ' -f1-3 /proc/loadavg); $($FRRBIN/bgpd --version | head -1); evpnd $(git -C "$here" rev-parse --short HEAD 2>/dev/null)+wt"
	echo "command: ROUNDS=$ROUNDS MOVES=$MOVES LCORES=$LCORES perf/evpn/mac_move.sh $BUILD"
}

: >"$OUT/results.txt"
machine | tee -a "$OUT/results.txt"
if [ "${ONLY:-}" != B ]; then
	: >"$OUT/A-moves.txt"
	for ROUND in $(seq "$ROUNDS"); do
		log "A round $ROUND: two evpnd VTEPs (LCORES=$LCORES)"
		up_A
		measure A
		for i in 1 2; do evctl $i show evpn mac vni 100 detail >"$OUT/A-evpn-mac-v$i-r$ROUND.txt" 2>&1 || true; done
		perf_teardown
	done
	analyse A
fi
if [ "${ONLY:-}" != A ]; then
	: >"$OUT/B-moves.txt"
	for ROUND in $(seq "$ROUNDS"); do
		log "B round $ROUND: two FRR + kernel VTEPs"
		up_B
		sleep 2
		measure B
		stop_frr
		perf_teardown
	done
	analyse B
fi
echo "(logs, captures, results in $OUT)"
