#!/bin/bash
# tester_frr_test: evpnd's packet-rate tester against a Linux kernel VXLAN VTEP driven
# by FRR 8.4 (zebra + bgpd, advertise-all-vni) as the device under test, the same run
# as tester_test's against evpnd. The tester emulates two remote VTEPs (203.0.113.10-11)
# with a host each and announces them over iBGP; FRR's zebra installs them in the
# kernel's FDB (extern_learn, dst the emulated VTEP) and flood list, and the kernel
# reaches them through 10.0.12.2, whose ARP the tester's kernel-interface answers. Then
# VXLAN into the kernel VTEP and plain Ethernet into its bridge, 2000 pps for 3 s each:
# the tester counts every frame both ways, in order, in VNI 100 on the right port.
#
#   tester [ul] 10.0.12.2 ---- 10.0.12.1 ul [kernel VTEP kv, br100] hk ---- [acc] tester
#   tester 172.16.0.2 ---- iBGP (a veth of its own) ---- 172.16.0.1 FRR
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

require_root
require_build
require_cmd bridge
require_frr zebra

ns_add kv ts
veth kv ul ts tul
veth kv hk ts tacc
veth kv mg ts mg
nsx kv ip addr add 172.16.0.1/24 dev mg
nsx ts ip addr add 172.16.0.2/24 dev mg
kvtep kv ul 10.0.12.1/24 100
kvtep_attach kv hk 100
nsx kv ip route add 203.0.113.0/24 via 10.0.12.2
DUT_UL_MAC=$(nsx kv cat /sys/class/net/ul/address)

frr_conf kv <<EOF
router bgp 65000
 bgp router-id 172.16.0.1
 no bgp default ipv4-unicast
 neighbor 172.16.0.2 remote-as 65000
 neighbor 172.16.0.2 timers 3 9
 neighbor 172.16.0.2 timers connect 1
 address-family l2vpn evpn
  neighbor 172.16.0.2 activate
  advertise-all-vni
 exit-address-family
EOF
frr_start kv

# af_packet rings of 4096 frames (default 512): 2 s of a stream at 2000 pps, so a worker
# descheduled on a loaded 2-CPU machine delays frames but loses none.
cat >"$WORK/tester.conf" <<EOF
dataplane
 main-lcore 0
 worker-lcores 1
 mbufs 8192
 port ul devargs net_af_packet0,iface=tul,framecnt=4096
 port acc devargs net_af_packet1,iface=tacc,framecnt=4096
underlay
 address 10.0.12.2/24 port ul
 kernel-interface ts0 port ul
tester
 report-file $WORK/report.json
stream vx
 port ul
 rx-port acc
 encapsulation vxlan
 source-vtep 203.0.113.10 count 2
 destination-vtep 10.0.12.1
 next-hop-mac $DUT_UL_MAC
 vni 100
 source-mac 02:00:00:00:03:00 count 2
 destination-mac 02:00:00:00:01:00
 rate 2000 pps
 duration 3
stream eth
 port acc
 rx-port ul
 vni 100
 source-mac 02:00:00:00:01:00
 destination-mac 02:00:00:00:03:00
 frame-size 100
 rate 2000 pps
 duration 3
router bgp 65000
 bgp router-id 172.16.0.2
 no bgp default ipv4-unicast
 neighbor 172.16.0.1 remote-as 65000
 neighbor 172.16.0.1 timers 3 9
 neighbor 172.16.0.1 timers connect 1
 address-family l2vpn evpn
  neighbor 172.16.0.1 activate
 exit-address-family
EOF
start_evpnd ts "$WORK/tester.conf"

wait_until 30 ev_established 172.16.0.1 || die "no BGP session between FRR and the tester"
# zebra's kernel FDB: each emulated host behind its emulated VTEP, both VTEPs flooded to.
fdb_has() { nsx kv bridge fdb show dev vxlan100 | grep -F "$1" | grep -qF "dst $2"; }
check "kernel FDB: 02:00:00:00:03:00 behind 203.0.113.10 (type 2 from the tester)" \
	wait_until 20 fdb_has 02:00:00:00:03:00 203.0.113.10
check "kernel FDB: 02:00:00:00:03:01 behind 203.0.113.11" \
	wait_until 5 fdb_has 02:00:00:00:03:01 203.0.113.11
check "kernel flood list: 203.0.113.11 (type 3 from the tester)" \
	wait_until 5 fdb_has 00:00:00:00:00:00 203.0.113.11
nsx kv bridge fdb show dev vxlan100 >"$WORK/fdb.txt"

evctl tester start >/dev/null
report_of() { [ -s "$WORK/report.json" ] && grep -q '"run": 1,' "$WORK/report.json"; }
wait_until 15 report_of || die "no report of the run ($EV_LOG)"
evctl show tester
fig() { json_q "[s['$2'] for s in d['streams'] if s['stream'] == '$1'][0]" <"$WORK/report.json"; }
for s in vx eth; do
	check_eq "$s sent (2000 pps for 3 s)" "$(fig $s txPackets)" 6000
	check_eq "$s received through the kernel VTEP, all of it" "$(fig $s rxPackets)" 6000
	check_eq "$s lost" "$(fig $s lost)" 0
	check_eq "$s duplicates" "$(fig $s duplicates)" 0
	check_eq "$s reordered" "$(fig $s reordered)" 0
	check_eq "$s came in on another port" "$(fig $s wrongPort)" 0
	check_eq "$s came with another VNI" "$(fig $s wrongVniOrLabel)" 0
done
check "evpnd (the tester) is alive" evpnd_alive
stop_evpnd
it_done
