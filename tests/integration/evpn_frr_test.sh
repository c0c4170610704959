#!/bin/bash
# evpn_frr_test: evpnd as a BGP EVPN VTEP beside an FRR + Linux kernel VXLAN VTEP,
# through a route reflector (FRR bgpd; evpn_gobgp_test.sh runs the same with gobgpd).
# Lab in evpn_lab.sh. Checks: sessions up, type-2/3 routes on both sides (vtysh and
# evpnctl json), auto RD/RT as FRR derives them, the kernel FDB shows evpnd's MAC
# (extern_learn, dst 192.0.2.1), evpnd shows FRR's MAC as remote and programs it,
# hosts ping both ways; h1's address, seen in its ARP, goes out as a MAC+IP type 2;
# show evpn arp-cache lists h1's IPv4/IPv6 addresses local and h2's remote (learned
# by the FRR VTEP on br100);
# a session reset reaches the RR as a Cease and one new session and re-sends
# everything; then h1 ages out of evpnd and its type-2 routes (MAC and MAC+IP) are
# withdrawn.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=evpn_lab.sh
. "$(dirname "$0")/evpn_lab.sh"
evpn_lab_require
EVPN_AGING=10
evpn_lab_up

# Type 3 both ways first (flood lists), before any host talks.
check "FRR has evpnd's type-3 [3]:[0]:[32]:[192.0.2.1]" wait_until 15 kv_has "[3]:[0]:[32]:[192.0.2.1]"
check "evpnd has FRR's type-3 [3]:[0]:[32]:[192.0.2.2]" wait_until 15 ev_has "[3]:[0]:[32]:[192.0.2.2]"
vtep_flood() { [ "$(evctl show evpn vni 100 json | json_q "d['remoteVteps']")" = '["192.0.2.2"]' ]; }
check "evpnd floods VNI 100 to 192.0.2.2 (from type 3)" wait_until 10 vtep_flood
rd=$(evctl show evpn vni 100 json | json_q "d['rd']")
rt=$(evctl show evpn vni 100 json | json_q "d['exportRts'][0]")
check_eq "evpnd auto RD (router-id:2, as FRR)" "$rd" 10.0.0.1:2
check_eq "evpnd auto RT (AS:VNI)" "$rt" 65000:100

check "h1 -> h2 ping" ping_ok h1 10.1.0.2
check "h2 -> h1 ping" ping_ok h2 10.1.0.1

check "FRR has evpnd's type-2 for h1" wait_until 10 kv_has "[2]:[0]:[48]:[$H1MAC]"
check "evpnd has FRR's type-2 for h2" wait_until 10 ev_has "[2]:[0]:[48]:[$H2MAC]"
H1IP="[2]:[0]:[48]:[$H1MAC]:[32]:[10.1.0.1]"
check "FRR has evpnd's MAC+IP type-2 for h1 (from its ARP)" wait_until 10 kv_has "$H1IP"
check "evpnd shows its MAC+IP type-2 for h1" ev_has "$H1IP"
fdb_h1() { nsx kv bridge fdb show dev vxlan100 | grep -F "$H1MAC" | grep -F "dst 192.0.2.1" | grep -q extern_learn; }
check "kernel FDB: h1 behind 192.0.2.1, extern_learn" wait_until 10 fdb_h1
mac_is() { [ "$(ev_mac "$1" type)" = "$2" ]; }
check "evpnd: h1 is a local EVPN MAC" wait_until 5 mac_is $H1MAC local
check "evpnd: h2 is a remote EVPN MAC" wait_until 10 mac_is $H2MAC remote
dp_mac() { evctl show mac json | json_q "[(m['type'], m.get('remoteVtep'), m.get('vni')) for m in d if m['mac'] == '$1']"; }
check_eq "evpnd dataplane: h2 programmed remote" "$(dp_mac $H2MAC)" '[["remote", "192.0.2.2", 100]]'
kv_remote() { [ "$(kv_mac "$1" type)" = remote ]; }
check "FRR: h1 remote in zebra" wait_until 10 kv_remote $H1MAC
check "h1 -> h2 ping (known unicast both ways)" ping_ok h1 10.1.0.2

# show evpn arp-cache: h1's addresses (from its ARP and ND) local, h2's remote behind
# the FRR VTEP, whose zebra learns them on br100 (its SVI) and sends them as MAC+IP.
# The lab's namespaces have IPv6 off: on for these three links only, without
# link-local addresses, DAD or router solicitations.
v6_on() {
	nsx "$1" ip link set "$2" addrgenmode none
	nsx "$1" sysctl -qw "net.ipv6.conf.$2.accept_dad=0" "net.ipv6.conf.$2.router_solicitations=0" \
		"net.ipv6.conf.$2.disable_ipv6=0"
	nsx "$1" ip addr add "$3" dev "$2" nodad
}
nsx kv ip addr add 10.1.0.254/24 dev br100
v6_on kv br100 fd00:1::fe/64
v6_on h1 eth0 fd00:1::1/64
v6_on h2 eth0 fd00:1::2/64
check "FRR VTEP (br100) -> h2 ping" ping_ok kv 10.1.0.2
check "FRR VTEP (br100) -> h2 ping6" ping_ok kv fd00:1::2
check "h1 -> h2 ping6" ping_ok h1 fd00:1::2
# h1 keeps talking (a ping a second) until it is to go silent: with mac-aging-time 10,
# the checks in between would race its aging on a loaded machine (and once did).
ip netns exec "$(ns h1)" ping -q -i 1 10.1.0.2 >/dev/null 2>&1 &
h1_talks=$!
IT_PIDS+=("$h1_talks")
arp() { evctl show evpn arp-cache vni 100 json | json_q "$1" 2>/dev/null; }
arp_is() { [ "$(arp "[d.get('$1', {}).get(k) for k in ('type', 'mac', 'remoteVtep')]")" = "$2" ]; }
check "arp-cache: h1 10.1.0.1 local" wait_until 10 arp_is 10.1.0.1 "[\"local\", \"$H1MAC\", null]"
check "arp-cache: h1 fd00:1::1 local (ND)" wait_until 10 arp_is fd00:1::1 "[\"local\", \"$H1MAC\", null]"
check "arp-cache: h2 10.1.0.2 remote behind 192.0.2.2" \
	wait_until 15 arp_is 10.1.0.2 "[\"remote\", \"$H2MAC\", \"192.0.2.2\"]"
check "arp-cache: h2 fd00:1::2 remote behind 192.0.2.2" \
	wait_until 15 arp_is fd00:1::2 "[\"remote\", \"$H2MAC\", \"192.0.2.2\"]"
check_eq "arp-cache: h2 active, sequences 0/0" \
	"$(arp "[d['10.1.0.2'][k] for k in ('state', 'localSequence', 'remoteSequence')]")" \
	'["active", 0, 0]'
check_eq "arp-cache: numArpNd counts the four" "$(arp "[d['numArpNd'], len(d) - 1]")" '[4, 4]'
check "arp-cache text: FRR's count line" eval 'evctl show evpn arp-cache vni 100 |
	grep -qx "Number of ARPs (local and remote) known for this VNI: 4"'
arp_999() { [ "$(evctl show evpn arp-cache vni 999 2>&1)" = "% VNI 999 does not exist" ]; }
check "arp-cache of an unknown VNI: an error" arp_999
evctl show evpn arp-cache vni 100
vty kv "show evpn arp-cache vni 100"

# show evpn vni json as FRR's zebra prints it: every key the FRR VTEP prints is in
# evpnd's (the list keyed by VNI; one VNI flat, numRemoteVteps a list there as in FRR;
# evpnd has no VXLAN interface: vxlanIf is the bridge domain).
keys_missing() { # FRR_JSON EVPND_JSON EXPR: FRR's keys of EXPR missing in evpnd's
	"$PY" -c 'import json, sys
f, e = (json.loads(a) for a in sys.argv[1:3])
print(sorted(set(eval(sys.argv[3], {"d": f})) - set(eval(sys.argv[3], {"d": e}))))' "$@"
}
kv_vni=$(vty kv "show evpn vni json")
ev_vnis=$(evctl show evpn vni json)
check_eq "show evpn vni json: FRR's keys all there" "$(keys_missing "$kv_vni" "$ev_vnis" "d['100']")" "[]"
check_eq "show evpn vni json: vxlanIf, numMacs, numArpNd, numRemoteVteps, tenantVrf" \
	"$(json_q "[d['100'][k] for k in ('vxlanIf', 'numMacs', 'numArpNd', 'numRemoteVteps', 'tenantVrf')]" <<<"$ev_vnis")" \
	'["bd100", 2, 4, 1, "default"]'
check_eq "show evpn vni json: numMacs as the FRR VTEP counts them" \
	"$(json_q "d['100']['numMacs']" <<<"$kv_vni")" 2
kv_one=$(vty kv "show evpn vni 100 json")
ev_one=$(evctl show evpn vni 100 json)
# (not the kernel's interface indexes nor the SVI: evpnd has neither)
check_eq "show evpn vni 100 json: FRR's keys all there" "$(keys_missing "$kv_one" "$ev_one" "d")" \
	"['ifindex', 'sviIfindex', 'sviInterface']"
check_eq "show evpn vni 100 json: flat, as FRR" \
	"$(json_q "[d['vni'], d['vxlanInterface'], d['vtepIp'], d['numRemoteVteps'], d['numArpNd']]" <<<"$ev_one")" \
	'[100, "bd100", "192.0.2.1", ["192.0.2.2"], 4]'
check_eq "show evpn vni detail json: a list of those" \
	"$(evctl show evpn vni detail json | json_q "[v['vni'] for v in d]")" "[100]"
check "show evpn vni detail: FRR's lines" eval 'evctl show evpn vni detail |
	grep -qx "  192.0.2.2 flood: HER" && evctl show evpn vni detail |
	grep -qx " Number of ARPs (IPv4 and IPv6, local and remote) known for this VNI: 4"'
# BGP of an EVPN-only peer (the RR) as FRR shows it, side by side with the FRR
# VTEP's view of the same RR (not FRR's hostname nor its epoch, we have neither).
kv_sum=$(vty kv "show bgp summary json")
ev_sum=$(evctl show bgp summary json)
check_eq "show bgp summary json: FRR's keys all there" \
	"$(keys_missing "$kv_sum" "$ev_sum" "list(d['l2VpnEvpn']) + list(d['l2VpnEvpn']['peers']['10.0.0.3'])")" \
	"['bestPath', 'hostname', 'peerMemory', 'peerUptimeEstablishedEpoch', 'ribMemory']"
check_eq "show bgp summary json: peerState, inq, outq, tableVersion" \
	"$(json_q "[d['l2VpnEvpn']['peers']['10.0.0.3'][k] for k in ('peerState', 'inq', 'outq', 'tableVersion')]" <<<"$ev_sum")" \
	'["OK", 0, 0, 0]'
ev_nbr=$(evctl show bgp neighbors 10.0.0.3 json)
ev_rcvd=$(json_q "d['l2VpnEvpn']['peers']['10.0.0.3']['pfxRcd']" <<<"$ev_sum")
check "the RR sent evpnd EVPN routes ($ev_rcvd)" test "$ev_rcvd" -gt 0
check_eq "show bgp neighbors json: addressFamilyInfo of the EVPN-only peer" \
	"$(json_q "sorted(d['10.0.0.3']['addressFamilyInfo'])" <<<"$ev_nbr")" '["l2VpnEvpn"]'
check_eq "show bgp neighbors json: EVPN prefixes accepted" \
	"$(json_q "d['10.0.0.3']['addressFamilyInfo']['l2VpnEvpn']['acceptedPrefixCounter']" <<<"$ev_nbr")" "$ev_rcvd"
check "show bgp neighbors: EVPN prefixes accepted (text)" eval \
	'evctl show bgp neighbors 10.0.0.3 | grep -A3 "For address family: L2VPN EVPN" | grep -qx "  $ev_rcvd accepted prefixes"'
kv_gr=$(vty kv "show bgp neighbors 10.0.0.3 json" | json_q "d['10.0.0.3']['gracefulRestartInfo']")
gr_q="[d['remoteGrMode'], d['endOfRibRecv'], d['timers']['receivedRestartTimer']]"
check_eq "show bgp neighbors json: gracefulRestartInfo as the FRR VTEP sees the RR" \
	"$(json_q "d['10.0.0.3']['gracefulRestartInfo']" <<<"$ev_nbr" | json_q "$gr_q")" \
	"$(json_q "$gr_q" <<<"$kv_gr")"
# What evpnd says it advertises to the RR and received from it, against what the
# RR counts from evpnd (FRR: its summary; gobgpd: its Adj-RIB-In of evpnd).
rr_from_ev() {
	if [ "$RR" = frr ]; then
		vty rr "show bgp l2vpn evpn summary json" | json_q "d['peers']['10.0.0.1']['pfxRcd']"
	else
		nsx rr gobgp neighbor 10.0.0.1 adj-in -a evpn -j | json_q "len(d)"
	fi
}
ev_nbr_n() { evctl show bgp l2vpn evpn neighbors 10.0.0.3 "$1" json | json_q "d['numPrefix']"; }
check_eq "advertised-routes: as many as the RR received from evpnd" "$(ev_nbr_n advertised-routes)" "$(rr_from_ev)"
# (the RR also reflects evpnd's own routes back to it: evpnd refuses them, "ORIGINATOR_ID
# is ours" in its log, RFC 4456 8)
check_eq "received-routes: as many as evpnd accepted from the RR" "$(ev_nbr_n received-routes)" \
	"$(evctl show bgp summary json | json_q "d['l2VpnEvpn']['peers']['10.0.0.3']['pfxRcd']")"
check_eq "advertised-routes: evpnd's own, h1's MAC among them" \
	"$(evctl show bgp l2vpn evpn neighbors 10.0.0.3 advertised-routes json |
		json_q "sorted(p for rd in d.values() if isinstance(rd, dict) for p in rd if '$H1MAC' in p)")" \
	"[\"[2]:[0]:[48]:[$H1MAC]\", \"[2]:[0]:[48]:[$H1MAC]:[128]:[fd00:1::1]\", \"[2]:[0]:[48]:[$H1MAC]:[32]:[10.1.0.1]\"]"
check "advertised-routes (text): FRR's total line" eval \
	'evctl show bgp l2vpn evpn neighbors 10.0.0.3 advertised-routes | grep -qx "Total number of prefixes $(rr_from_ev)"'
check "received-routes (text): h2's MAC from the RR" eval \
	'evctl show bgp l2vpn evpn neighbors 10.0.0.3 routes | grep -qF "[2]:[0]:[48]:[$H2MAC]"'
# show bgp l2vpn evpn vni: FRR's keys, our VNI's RD and RTs.
kv_bvni=$(vty kv "show bgp l2vpn evpn vni json")
ev_bvni=$(evctl show bgp l2vpn evpn vni json)
check_eq "show bgp l2vpn evpn vni json: FRR's keys all there" \
	"$(keys_missing "$kv_bvni" "$ev_bvni" "list(d) + list(d['100'])")" "[]"
check_eq "show bgp l2vpn evpn vni json: VNI 100" \
	"$(json_q "[d['numL2Vnis'], d['100']['rd'], d['100']['originatorIp'], d['100']['importRTs']]" <<<"$ev_bvni")" \
	'[1, "10.0.0.1:2", "192.0.2.1", ["65000:100"]]'
check "show bgp l2vpn evpn vni: the VNI's line" eval \
	'evctl show bgp l2vpn evpn vni | grep -q "^\* 100 *L2 *10.0.0.1:2 *65000:100 *65000:100 *default"'

rc=0
mac999=$(evctl show evpn mac vni 999 2>&1) || rc=$?
check_eq "show evpn mac vni 999: FRR's message" "$mac999" "% VNI 999 does not exist"
check_eq "show evpn mac vni 999: exit status" "$rc" 1

# Session reset: the RR gets a Cease and sets up one new session; evpnd's routes are
# withdrawn by the RR, then sent again in full; FRR's come back too.
if [ "$RR" = gobgp ]; then
	clear_hard_checked_gobgp "nsx rr gobgp" 10.0.0.3 10.0.0.1 "$WORK/gobgpd.log"
else
	clear_hard_checked rr 10.0.0.3 10.0.0.1
fi
check "session re-established after clear bgp" wait_until 30 ev_up
check "FRR has evpnd's type-2 for h1 again" wait_until 15 kv_has "[2]:[0]:[48]:[$H1MAC]"
check "FRR has evpnd's type-3 again" wait_until 5 kv_has "[3]:[0]:[32]:[192.0.2.1]"
check "FRR has evpnd's MAC+IP type-2 for h1 again" wait_until 5 kv_has "$H1IP"
check "evpnd has FRR's type-2 for h2 again" wait_until 15 ev_has "[2]:[0]:[48]:[$H2MAC]"
check "evpnd: h2 remote again" wait_until 5 mac_is $H2MAC remote
check "h1 -> h2 ping after the reset" ping_ok h1 10.1.0.2

# h1 goes silent: evpnd ages it out (mac-aging-time 10) and withdraws its type 2.
stop_pid "$h1_talks"
nsx h1 ip neigh flush all
nsx h2 ip neigh flush all
# (each absence seen beside evpnd's type-3, which stays: the query works)
T3_EV="[3]:[0]:[32]:[192.0.2.1]"
check "h1's type-2 withdrawn at FRR after aging" wait_until 30 kv_gone "[2]:[0]:[48]:[$H1MAC]" "$T3_EV"
check "h1's MAC+IP type-2 withdrawn at FRR with it" wait_until 5 kv_gone "$H1IP" "$T3_EV"
# (beside the flood entry to evpnd, from its type-3)
fdb_gone_h1() {
	local fdb
	fdb=$(nsx kv bridge fdb show dev vxlan100) &&
		grep -q "^00:00:00:00:00:00 dst 192.0.2.1 " <<<"$fdb" && ! grep -qF "$H1MAC" <<<"$fdb"
}
check "kernel FDB: h1 entry removed" wait_until 5 fdb_gone_h1
check_eq "arp-cache: h1's addresses gone with it, h2's kept" \
	"$(arp "sorted((k, v['type']) for k, v in d.items() if k != 'numArpNd')")" \
	'[["10.1.0.2", "remote"], ["fd00:1::2", "remote"]]'

evctl show evpn vni
evctl show evpn mac vni 100
evctl show bgp l2vpn evpn route
check "evpnd is alive" evpnd_alive
stop_evpnd
it_done
