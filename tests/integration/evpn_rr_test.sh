#!/bin/bash
# evpn_rr_test: evpnd as the BGP EVPN route reflector of two FRR + Linux kernel VXLAN
# VTEPs (no VTEP role of its own); evpn_relay_test.sh runs the same lab with eBGP
# (evpnd AS 65000 between VTEPs of AS 65001 and 65002: a spine relaying EVPN).
#
#   h1 --- [kv1: br100/vxlan100] 192.0.2.2 ===(fab: br-ul)=== 192.0.2.3 [kv2] --- h2
#          kv1 10.0.0.1 --(fab: br-mg)-- 10.0.0.2 kv2;  10.0.0.3 rr (evpnd)
#
# Checks: sessions up; each VTEP's type-3 and, once the hosts talk, type-2 routes
# reach the other VTEP with the original next hop (the VTEP address), ORIGINATOR_ID
# and CLUSTER_LIST (iBGP) or AS path "65000 650xx" (eBGP), extended communities and
# PMSI tunnel intact (the kernel FDB gets the flood entry and the MAC); hosts ping
# each other; a route refresh from a VTEP is answered with the reflected routes;
# a host gone (its MAC deleted from kv1's bridge) and the VNI deleted on kv1 are
# withdrawn at kv2.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=evpn_lab.sh
. "$(dirname "$0")/evpn_lab.sh" # frr_start, vty, FRRBIN, H1MAC, H2MAC
require_root
require_build
require_cmd vtysh ping bridge
if [ ! -x $FRRBIN/bgpd ] || [ ! -x $FRRBIN/zebra ]; then skip "no FRR bgpd/zebra"; fi

EBGP=${EVPN_RELAY_EBGP:-0}
if [ "$EBGP" = 1 ]; then AS1=65001 AS2=65002; else AS1=65000 AS2=65000; fi

ns_add fab rr kv1 kv2 h1 h2
ul_switch fab br-ul
ul_switch fab br-mg
veth kv1 ul fab kv1-ul 1600
veth kv2 ul fab kv2-ul 1600
veth kv1 mgmt fab kv1-mg
veth kv2 mgmt fab kv2-mg
veth rr eth0 fab rr-mg
for p in kv1-ul kv2-ul; do ul_plug fab $p br-ul; done
for p in kv1-mg kv2-mg rr-mg; do ul_plug fab $p br-mg; done
veth kv1 hk h1 eth0
veth kv2 hk h2 eth0
nsx kv1 ip addr add 10.0.0.1/24 dev mgmt
nsx kv2 ip addr add 10.0.0.2/24 dev mgmt
nsx rr ip addr add 10.0.0.3/24 dev eth0
kvtep kv1 ul 192.0.2.2/24 100
kvtep kv2 ul 192.0.2.3/24 100
kvtep_attach kv1 hk 100
kvtep_attach kv2 hk 100
host h1 eth0 10.1.0.1/24 $H1MAC
host h2 eth0 10.1.0.2/24 $H2MAC
chmod 755 "$WORK" # FRR runs as user frr

# evpnd: the route reflector (iBGP) or the eBGP spine; no bridge domain.
nbr_conf() { # ADDR AS
	printf ' neighbor %s remote-as %s\n neighbor %s timers 3 9\n neighbor %s timers connect 2\n' \
		"$1" "$2" "$1" "$1"
}
{
	printf 'dataplane\n port null0 devargs net_null0,no-rx=1\nunderlay\n vtep-address 10.0.0.3\n'
	printf 'router bgp 65000\n bgp router-id 10.0.0.3\n no bgp default ipv4-unicast\n'
	nbr_conf 10.0.0.1 $AS1
	nbr_conf 10.0.0.2 $AS2
	printf ' address-family l2vpn evpn\n'
	for n in 10.0.0.1 10.0.0.2; do
		printf '  neighbor %s activate\n' $n
		[ "$EBGP" = 1 ] || printf '  neighbor %s route-reflector-client\n' $n
	done
	printf ' exit-address-family\n'
} >"$WORK/evpnd.conf"

# kv_conf NAME ROUTER_ID AS: an FRR VTEP, VNI 100 with RT 65000:100 (auto RTs would
# differ between ASes).
kv_conf() {
	cat >"$WORK/$1-bgpd.conf" <<EOF
hostname $1
log file $WORK/frr-$1/bgpd.log informational
router bgp $3
 bgp router-id $2
 no bgp default ipv4-unicast
 no bgp ebgp-requires-policy
 neighbor 10.0.0.3 remote-as 65000
 neighbor 10.0.0.3 timers 3 9
 neighbor 10.0.0.3 timers connect 2
 address-family l2vpn evpn
  neighbor 10.0.0.3 activate
  advertise-all-vni
  vni 100
   route-target import 65000:100
   route-target export 65000:100
  exit-vni
 exit-address-family
EOF
	frr_start "$1" "$WORK/$1-bgpd.conf"
}
kv_conf kv1 10.0.0.1 $AS1
kv_conf kv2 10.0.0.2 $AS2
start_evpnd rr "$WORK/evpnd.conf"

ev_state() { evctl show bgp neighbors json | json_q "d['$1']['bgpState']" 2>/dev/null; }
both_up() { [ "$(ev_state 10.0.0.1)" = Established ] && [ "$(ev_state 10.0.0.2)" = Established ]; }
wait_until 40 both_up || {
	evctl show bgp summary || true
	die "VTEP sessions did not establish"
}
pass "both VTEP sessions established ($([ "$EBGP" = 1 ] && echo eBGP || echo iBGP))"

kv_has() { route_in "$2" frr_evpn_routes "$1"; }
# kv_gone NS ROUTE WITNESS: NS's table has WITNESS but not ROUTE.
kv_gone() { route_gone "$2" "$3" frr_evpn_routes "$1"; }
# kv2_fdb_lacks WHAT: kv2's FDB on vxlan100 has no line with WHAT but the entry of
# vxlan100's own MAC, which is always there: the query works.
kv2_fdb_lacks() {
	local fdb
	fdb=$(nsx kv2 bridge fdb show dev vxlan100) &&
		grep -q "^$(mac_of kv2 vxlan100) .*permanent" <<<"$fdb" && ! grep -qF "$1" <<<"$fdb"
}
# kv_path NS PREFIX EXPR: EXPR on the best path of the route whose prefix contains
# PREFIX in NS's "show bgp l2vpn evpn route detail json" (FRR 8: RD -> prefix -> paths).
kv_path() {
	vty "$1" "show bgp l2vpn evpn route detail json" | json_q "
[(lambda p: ($3))(e['paths'][0][0] if isinstance(e['paths'][0], list) else e['paths'][0])
 for rd, v in d.items() if isinstance(v, dict)
 for k, e in v.items() if isinstance(e, dict) and '$2' in k and 'paths' in e][0]"
}
T3_1="[3]:[0]:[32]:[192.0.2.2]"
T3_2="[3]:[0]:[32]:[192.0.2.3]"
check "kv2 has kv1's type-3" wait_until 20 kv_has kv2 "$T3_1"
check "kv1 has kv2's type-3" wait_until 5 kv_has kv1 "$T3_2"
check_eq "kv2: next hop of kv1's type-3 unchanged" "$(kv_path kv2 "$T3_1" "p['nexthops'][0]['ip']")" \
	192.0.2.2
if [ "$EBGP" = 1 ]; then
	check_eq "kv2: AS path of kv1's type-3" "$(kv_path kv2 "$T3_1" "p['aspath']['string']")" \
		"65000 65001"
	check_eq "kv2: no ORIGINATOR_ID over eBGP" \
		"$(kv_path kv2 "$T3_1" "p.get('originatorId', 'none')")" none
else
	check_eq "kv2: ORIGINATOR_ID of kv1's type-3" "$(kv_path kv2 "$T3_1" "p['originatorId']")" \
		10.0.0.1
	check_eq "kv2: CLUSTER_LIST of kv1's type-3" \
		"$(kv_path kv2 "$T3_1" "p['clusterList']['list']")" '["10.0.0.3"]'
fi
check_eq "kv2: PMSI tunnel of kv1's type-3" \
	"$(kv_path kv2 "$T3_1" "[p['pmsi']['tunnelType'], p['pmsi']['label']]")" \
	'["Ingress Replication", 100]'
check "kv2: extended communities kept (RT, encapsulation)" eval \
	'kv_path kv2 "$T3_1" "p[\"extendedCommunity\"][\"string\"]" | grep -q "RT:65000:100.*ET:8"'
flood() { nsx kv2 bridge fdb show dev vxlan100 | grep -q "00:00:00:00:00:00 dst 192.0.2.2"; }
check "kv2 kernel: flood entry to 192.0.2.2 (from the reflected type-3)" wait_until 10 flood

check "h1 -> h2 ping" ping_ok h1 10.1.0.2
check "h2 -> h1 ping" ping_ok h2 10.1.0.1
T2_1="[2]:[0]:[48]:[$H1MAC]"
T2_2="[2]:[0]:[48]:[$H2MAC]"
check "kv2 has h1's type-2 (from kv1)" wait_until 15 kv_has kv2 "$T2_1"
check "kv1 has h2's type-2 (from kv2)" wait_until 15 kv_has kv1 "$T2_2"
check_eq "kv2: next hop of h1's type-2" "$(kv_path kv2 "$T2_1" "p['nexthops'][0]['ip']")" 192.0.2.2
check_eq "kv1: next hop of h2's type-2" "$(kv_path kv1 "$T2_2" "p['nexthops'][0]['ip']")" 192.0.2.3
if [ "$EBGP" = 1 ]; then
	check_eq "kv1: AS path of h2's type-2" "$(kv_path kv1 "$T2_2" "p['aspath']['string']")" \
		"65000 65002"
else
	check_eq "kv1: ORIGINATOR_ID of h2's type-2" "$(kv_path kv1 "$T2_2" "p['originatorId']")" \
		10.0.0.2
	check_eq "kv1: CLUSTER_LIST of h2's type-2" \
		"$(kv_path kv1 "$T2_2" "p['clusterList']['list']")" '["10.0.0.3"]'
fi
fdb_h1() { nsx kv2 bridge fdb show dev vxlan100 | grep -F "$H1MAC" | grep -F "dst 192.0.2.2" | grep -q extern_learn; }
check "kv2 kernel FDB: h1 behind 192.0.2.2, extern_learn" wait_until 10 fdb_h1
check "h1 -> h2 ping (known unicast)" ping_ok h1 10.1.0.2
kv_npaths() {
	vty "$1" "show bgp l2vpn evpn route json" | json_q "
[len(e['paths']) for rd, v in d.items() if isinstance(v, dict)
 for k, e in v.items() if isinstance(e, dict) and '$2' in k and 'paths' in e][0]"
}
check_eq "never back to the source: kv1 has one path for its own type-3" "$(kv_npaths kv1 "$T3_1")" 1

# Route refresh from kv2 (no soft-reconfiguration inbound: FRR sends ROUTE-REFRESH):
# evpnd sends its table again, the reflected routes with it.
sent_logs() { grep -c "neighbor 10.0.0.2: [0-9]* l2vpn evpn routes sent" "$EV_LOG" || true; }
before=$(sent_logs)
vty kv2 "clear bgp l2vpn evpn 10.0.0.3 soft in" >/dev/null
check "route refresh from kv2: the table sent again" wait_until 10 eval '[ "$(sent_logs)" -gt "$before" ]'
check "kv2 still has h1's type-2 after the refresh" kv_has kv2 "$T2_1"

evctl show bgp l2vpn evpn summary
vty kv2 "show bgp l2vpn evpn"

# h1 gone: down, its MAC removed from kv1's bridge; zebra withdraws the type-2.
nsx h1 ip link set eth0 down
nsx kv1 bridge fdb del "$H1MAC" dev hk master 2>/dev/null || true
check "h1's type-2 withdrawn at kv2 (kv2's own still there)" wait_until 30 kv_gone kv2 "$T2_1" "$T2_2"
check "kv2 kernel FDB: h1 entry removed" wait_until 10 kv2_fdb_lacks "$H1MAC"
check "kv1 still has h2's type-2" kv_has kv1 "$T2_2"

# VNI 100 deleted on kv1: its type-3 goes from kv2 and the flood entry with it.
nsx kv1 ip link del vxlan100
check "kv1's type-3 withdrawn at kv2 (VNI deleted; kv2's own still there)" wait_until 30 \
	kv_gone kv2 "$T3_1" "$T3_2"
check "kv2 kernel: flood entry to 192.0.2.2 removed" wait_until 10 \
	kv2_fdb_lacks "00:00:00:00:00:00 dst 192.0.2.2"
check "evpnd still has kv2's type-3" eval 'evctl show bgp l2vpn evpn route | grep -qF "$T3_2"'

evctl show bgp l2vpn evpn route
check "evpnd is alive" evpnd_alive
stop_evpnd
it_done
