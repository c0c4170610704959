#!/bin/bash
# evpn_ipv6_vtep_test: BGP EVPN over an IPv6-only underlay. Two evpnds, each with an
# IPv6 vtep-address only, peer over IPv6 with gobgpd as their route reflector (FRR
# 8.4's zebra has no IPv6 VTEPs); no IPv4 anywhere in the underlay or the sessions.
#
#   h1 --- [host0 ev1 uplink0] 2001:db8::1 ===(fab: br-ul)=== 2001:db8::2 [uplink0 ev2 host0] --- h2
#   BGP (kernel TCP, iBGP AS 65000): ev1 2001:db8:ff::1, ev2 ::2 --(fab: br-mg)-- rr ::3 (gobgpd)
#   h3 --- [kv: kernel VTEP 192.0.2.9] on br-ul too; ev1 also has 192.0.2.1 (dual-stack)
#
# Checks: the type-3 routes carry a 128-bit originating IP and an IPv6 PMSI tunnel
# endpoint, the type-2 routes an IPv6 MP_REACH next hop (tshark decodes them on the
# reflector's link); gobgpd's RIB shows the IPv6 next hops; each evpnd floods to the
# other's IPv6 VTEP and learns h1/h2 behind it; h1 and h2 ping over IPv4 and IPv6
# inside VXLAN over IPv6 (tshark: outer IPv6 2001:db8::1 <-> ::2, VNI 100); a type 2
# injected in gobgpd with next hop 2001:db8::9 is installed behind that VTEP, one with
# the link-local next hop fe80::9 is refused (treat-as-withdraw, counted). ev1 is
# dual-stack (an IPv4 vtep-address too, vtep-address-family ipv6): a type 3 injected
# from the IPv4 VTEP 192.0.2.9 (a Linux kernel VTEP, kv, with h3 behind it) joins its
# flood list beside ev2's IPv6 VTEP, and h1 reaches h3 over VXLAN/IPv4 and h2 over
# VXLAN/IPv6 in the same VNI, while IPv6-only ev2 leaves 192.0.2.9 out. Before
# IPv6 VTEPs, evpnd refused this configuration (advertise-all-vni needed IPv4).
# shellcheck disable=SC2016 # awk programs in single quotes
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=evpn_lab.sh
. "$(dirname "$0")/evpn_lab.sh" # evpn_lab_rr_gobgp

require_root
require_build
require_cmd ping tshark dumpcap
# The reflector: gobgpd, or with EVPN_RR=frr FRR bgpd (the gobgp-only checks left
# out). FRR 8.4 cannot be it: it takes a PMSI tunnel attribute of 9 octets only for
# ingress replication and answers the IPv6 one (21) with a NOTIFICATION (Attribute
# Length Error), so the sessions reset; FRR's IPv6 VTEP work (10.x) accepts it.
RR=${EVPN_RR:-gobgp}
if [ "$RR" = gobgp ]; then require_cmd gobgpd gobgp; else require_frr; fi

V1=2001:db8::1
V2=2001:db8::2
M1=2001:db8:ff::1
M2=2001:db8:ff::2
RRA=2001:db8:ff::3
H1MAC=02:00:00:01:00:01
H2MAC=02:00:00:01:00:02

ns_add fab kv h3
ns_add -6 ev1 ev2 rr h1 h2
ul_switch fab br-ul
ul_switch fab br-mg
# plug NS IF ADDR/LEN BRIDGE: IF in NS on the fabric's BRIDGE, with ADDR (no DAD wait).
plug() {
	veth "$1" "$2" fab "$1-${4#br-}" 1600
	ul_plug fab "$1-${4#br-}" "$4"
	[ -z "$3" ] || nsx "$1" ip -6 addr add "$3" dev "$2" nodad
}
plug ev1 ul0 "" br-ul
plug ev2 ul0 "" br-ul
plug ev1 mgmt0 $M1/64 br-mg
plug ev2 mgmt0 $M2/64 br-mg
plug rr eth0 $RRA/64 br-mg
plug kv ul "" br-ul
# kv: a Linux kernel VTEP over IPv4 (192.0.2.9, VNI 100, flooding to ev1's IPv4
# vtep-address) with h3 behind it; gobgpd announces its type 3 below.
kvtep kv ul 192.0.2.9/24 100 192.0.2.1
veth kv hk h3 eth0
kvtep_attach kv hk 100
host h3 eth0 10.1.0.3/24 02:00:00:01:00:03
veth ev1 h0 h1 eth0
veth ev2 h0 h2 eth0
for h in 1 2; do
	host h$h eth0 10.1.0.$h/24 "$(eval echo "\$H${h}MAC")"
	nsx h$h ip -6 addr add 2001:db8:100::$h/64 dev eth0 nodad
done

# ev_conf N VTEP MGMT [UNDERLAY_LINE EVPN_LINE]: evpnd N's configuration: VTEP on its
# uplink, VNI 100 on host0, iBGP over IPv6 with the reflector; one more underlay line
# and one more line of address-family l2vpn evpn.
ev_conf() {
	evpnd_conf_vtep net_af_packet0,iface=ul0 "$2/64" h0 <<EOF
${4:-}
bridge-domain 100
 vni 100
 member host0 untagged
router bgp 65000
 bgp router-id 10.0.0.$1
 no bgp default ipv4-unicast
 neighbor $RRA remote-as 65000
 neighbor $RRA update-source $3
 neighbor $RRA timers 3 9
 neighbor $RRA timers connect 2
 address-family l2vpn evpn
  neighbor $RRA activate
  advertise-all-vni
${5:-}
 exit-address-family
EOF
	mv "$WORK/evpnd.conf" "$WORK/ev$1.conf"
}
# ev1 is dual-stack: an IPv4 vtep-address too, but its EVPN routes carry the IPv6 one.
ev_conf 1 $V1 $M1 $' vtep-address 192.0.2.1\n address 192.0.2.1/24 port uplink0' \
	'  vtep-address-family ipv6'
ev_conf 2 $V2 $M2

rr_gobgp() { GOBGP_RR_ADDR=$RRA evpn_lab_rr_gobgp $M1 $M2; }
# FRR bgpd alone (-Z: no zebra, no next-hop tracking, so the VTEPs need no route).
rr_frr() {
	local nb
	{
		printf 'router bgp 65000\n bgp router-id 10.0.0.3\n no bgp default ipv4-unicast\n'
		for nb in $M1 $M2; do
			printf ' neighbor %s remote-as 65000\n neighbor %s timers 3 9\n' "$nb" "$nb"
			printf ' neighbor %s timers connect 2\n' "$nb"
		done
		echo " address-family l2vpn evpn"
		for nb in $M1 $M2; do
			printf '  neighbor %s activate\n  neighbor %s route-reflector-client\n' "$nb" "$nb"
		done
		echo " exit-address-family"
	} | frr_conf rr
	frr_bgpd rr
}

cap_start bgp rr eth0 "tcp port 179"
cap_start vx fab ev1-ul "udp port 4789"
"rr_$RR"

# Two evpnds: lib.sh's start_evpnd runs one (EV_SOCK, EV_LOG, EV_PID); ev1 is started
# with it, ev2 beside it with its own socket, log and DPDK file prefix.
EV_SOCK=$WORK/ev1.sock EV_LOG=$WORK/ev1.log start_evpnd ev1 "$WORK/ev1.conf"
EV1_PID=$EV_PID
EV_EAL_ARGS=(--file-prefix "${PFX}ev2")
EV_SOCK=$WORK/ev2.sock EV_LOG=$WORK/ev2.log start_evpnd ev2 "$WORK/ev2.conf"
EV2_PID=$EV_PID
ev1ctl() { "$EVPNCTL" -s "$WORK/ev1.sock" -t 5 "$@"; }
ev2ctl() { "$EVPNCTL" -s "$WORK/ev2.sock" -t 5 "$@"; }
# state N: evpnd N's session with the reflector.
state() { "ev${1}ctl" show bgp neighbors json | json_q "d.get('$RRA', {}).get('bgpState')"; }
up() { [ "$(state 1)" = Established ] && [ "$(state 2)" = Established ]; }
wait_until 30 up || die "evpnd sessions with $RR over IPv6 did not come up ($(state 1), $(state 2))"
pass "both evpnds Established with $RR over IPv6"

# ---- control plane: each has the other's type 3, floods to its IPv6 VTEP
T3_1="[3]:[0]:[128]:[$V1]"
T3_2="[3]:[0]:[128]:[$V2]"
ev1_routes() { ev1ctl show bgp l2vpn evpn route json | json_q "$EVPN_ROUTES"; }
ev2_routes() { ev2ctl show bgp l2vpn evpn route json | json_q "$EVPN_ROUTES"; }
check "ev1 has ev2's type 3 $T3_2" wait_until 15 route_in "$T3_2" ev1_routes
check "ev2 has ev1's type 3 $T3_1" wait_until 15 route_in "$T3_1" ev2_routes
# nexthop N ROUTE: the next hop of ROUTE's first path in evpnd N's table (N rr: the
# FRR reflector's), as IP/AFI (the route view's "paths" holds a list per path, as FRR's).
nexthop() {
	if [ "$1" = rr ]; then vty rr show bgp l2vpn evpn route json; else
		"ev${1}ctl" show bgp l2vpn evpn route json; fi | json_q "[(lambda q: q[0] if
		isinstance(q, list) else q)(e['paths'][0]) for v in d.values() if isinstance(v, dict)
		for k, e in v.items() if k == '$2'][0]['nexthops'][0]" |
		json_q "d['ip'] + '/' + d['afi']"
}
check_eq "ev1: next hop of ev2's type 3" "$(nexthop 1 "$T3_2")" "$V2/ipv6"
# flood N VTEP: VTEP is in the flood list of VNI 100 at evpnd N.
flood() { "ev${1}ctl" show evpn vni 100 json | grep -qF "\"$2\""; }
check "ev1 floods VNI 100 to $V2" wait_until 10 flood 1 $V2
check "ev2 floods VNI 100 to $V1" wait_until 10 flood 2 $V1
check_eq "ev1: show evpn vni 100 vtepIp" \
	"$(ev1ctl show evpn vni 100 json | json_q "d.get('vtepIp')")" $V1

# ---- data plane: h1 <-> h2 over VXLAN over IPv6
wait_until 10 bash -c "[ \"\$($EVPNCTL -s $WORK/ev1.sock -t 5 show vtep json |
	$PY -c 'import json,sys; print(len([v for v in json.load(sys.stdin) if v[\"resolved\"]]))')\" -ge 1 ]" ||
	log "ev1 has not resolved $V2 yet"
check "h1 -> h2 ping (IPv4 inside VXLAN over IPv6)" ping_ok h1 10.1.0.2
check "h2 -> h1 ping (IPv4 inside VXLAN over IPv6)" ping_ok h2 10.1.0.1
check "h1 -> h2 ping (IPv6 inside VXLAN over IPv6)" ping_ok h1 2001:db8:100::2
# mac N MAC KEY: a field of evpnd N's EVPN entry for MAC.
mac() { "ev${1}ctl" show evpn mac vni 100 json | json_q "d['macs'].get('$2', {}).get('$3')"; }
check "ev1: h2's MAC behind $V2" wait_until 10 [ "$(mac 1 $H2MAC remoteVtep)" = $V2 ]
check_eq "ev1: h2's MAC behind VTEP" "$(mac 1 $H2MAC remoteVtep)" $V2
check_eq "ev2: h1's MAC behind VTEP" "$(mac 2 $H1MAC remoteVtep)" $V1
check_eq "ev1: next hop of h2's type 2" "$(nexthop 1 "[2]:[0]:[48]:[$H2MAC]")" "$V2/ipv6"

if [ "$RR" = frr ]; then
	# ---- FRR's table: the routes with their IPv6 next hops, as FRR 8.4 decoded them
	check_eq "FRR: next hop of ev1's type 3" "$(nexthop rr "$T3_1")" "$V1/ipv6"
	check_eq "FRR: next hop of h2's type 2" "$(nexthop rr "[2]:[0]:[48]:[$H2MAC]")" "$V2/ipv6"
fi
if [ "$RR" = gobgp ]; then
	# ---- gobgpd's RIB: the routes with their IPv6 next hops
	nsx rr gobgp global rib -a evpn >"$WORK/gobgp_rib.txt" 2>&1 || true
	check "gobgp global rib -a evpn: ev1's type 3 with next hop $V1" \
		grep -qE "\[type:multicast\].*$V1.* $V1 " "$WORK/gobgp_rib.txt"
	check "gobgp global rib -a evpn: h2's type 2 with next hop $V2" \
		grep -qE "\[type:macadv\].*$H2MAC.* $V2 " "$WORK/gobgp_rib.txt"

	# ---- a type 2 injected in gobgpd with an IPv6 next hop, and one with a link-local one
	gob() { nsx rr gobgp global rib -a evpn "$@" >>"$WORK/gobgp_cli.log" 2>&1; }
	check "gobgp: inject 02:00:00:00:00:99 behind 2001:db8::9" \
		gob add macadv 02:00:00:00:00:99 0.0.0.0 etag 0 label 100 rd 10.0.0.9:100 \
		rt 65000:100 encap vxlan nexthop 2001:db8::9
	check "ev1 installs 02:00:00:00:00:99 behind 2001:db8::9" \
		wait_until 10 [ "$(mac 1 02:00:00:00:00:99 remoteVtep)" = 2001:db8::9 ]
	# Mixed: a type 3 from an IPv4 VTEP in the same VNI. Dual-stack ev1 floods to both
	# families; IPv6-only ev2 cannot reach it and leaves it out.
	check "gobgp: inject a type 3 of VNI 100 from the IPv4 VTEP 192.0.2.9" \
		gob add multicast 192.0.2.9 etag 0 rd 192.0.2.9:100 rt 65000:100 encap vxlan \
		pmsi ingress-repl 100 192.0.2.9 nexthop 192.0.2.9
	check "ev1 floods VNI 100 to 192.0.2.9 too" wait_until 10 flood 1 192.0.2.9
	check "ev1 still floods VNI 100 to $V2" flood 1 $V2
	check_eq "ev1: remote VTEPs of VNI 100 (FRR's numRemoteVteps: a list)" \
		"$(ev1ctl show evpn vni 100 json | json_q "' '.join(d['numRemoteVteps'])")" "$V2 192.0.2.9"
	check "ev2 has the type 3 of 192.0.2.9" wait_until 10 route_in "[3]:[0]:[32]:[192.0.2.9]" ev2_routes
	# no_flood N VTEP: evpnd N answers, and VTEP is not in VNI 100's flood list.
	no_flood() {
		local out
		out=$("ev${1}ctl" show evpn vni 100 json) && ! grep -qF "\"$2\"" <<<"$out"
	}
	check "ev2 (IPv6 only) does not flood to 192.0.2.9" no_flood 2 192.0.2.9
	# One VNI, both underlay families: h1 reaches h3 over VXLAN/IPv4, h2 over VXLAN/IPv6.
	check "h1 -> h3 ping (VXLAN over IPv4 to the kernel VTEP, same VNI)" ping_ok h1 10.1.0.3
	check "h1 -> h2 ping again (VXLAN over IPv6, same VNI)" ping_ok h1 10.1.0.2
	refused() { ev1ctl show bgp neighbors json | json_q "d['$RRA'].get('updatesNexthopRefused', 0)"; }
	r0=$(refused)
	if gob add macadv 02:00:00:00:00:98 0.0.0.0 etag 0 label 100 rd 10.0.0.8:100 \
		rt 65000:100 encap vxlan nexthop fe80::9; then
		check "ev1 refuses the link-local next hop fe80::9 (counted)" \
			wait_until 10 [ "$(refused)" -gt "$r0" ]
		check_eq "ev1 has no MAC behind fe80::9" "$(mac 1 02:00:00:00:00:98 remoteVtep)" None
		check "ev1 logged the refusal" grep -q "treat-as-withdraw: l2vpn evpn next hop fe80::9" \
			"$WORK/ev1.log"
	else
		log "gobgp refused to originate a link-local next hop: not checked"
	fi
fi # gobgp

cap_stop bgp
cap_stop vx

# ---- on the wire: the routes as tshark decodes them
# tshark 4.0 decodes an ingress replication tunnel ID as IPv4 (its first 4 octets):
# the PMSI endpoint is read from the field's raw octets.
tsh bgp -d tcp.port==179,bgp -Y 'bgp.evpn.nlri.rt == 3' -T json -x --no-duplicate-keys |
	"$PY" -c '
import ipaddress, json, sys
def walk(o, out):  # every field of the frame by name, in order
    if isinstance(o, dict):
        for k, v in o.items():
            many = isinstance(v, list) and v and all(isinstance(x, str) for x in v)
            out.setdefault(k, []).extend(v if many and not k.endswith("_raw") else [v])
            walk(v, out)
    elif isinstance(o, list):
        for v in o:
            walk(v, out)
for p in json.load(sys.stdin):
    f = {}
    walk(p["_source"]["layers"], f)
    g = lambda k: f.get(k, ["-"])[0]
    raw = g("bgp.update.path_attribute.pmsi.tunnel.id_raw")
    pmsi = str(ipaddress.ip_address(bytes.fromhex(raw[0]))) if raw != "-" else "-"
    print(g("ipv6.src"), g("bgp.update.path_attribute.mp_reach_nlri.next_hop.ipv6"),
          g("bgp.evpn.nlri.iplen"), g("bgp.evpn.nlri.ipv6.addr"), pmsi)
' >"$WORK/t3.txt"
check "type 3 from ev1: next hop, 128-bit originating IP and PMSI endpoint $V1" \
	grep -qE "^$M1 $V1 128 $V1 $V1\$" "$WORK/t3.txt"
check "type 3 reflected to ev1 from ev2: all $V2" grep -qE "^$RRA $V2 128 $V2 $V2\$" "$WORK/t3.txt"
tsh bgp -d tcp.port==179,bgp -Y "bgp.evpn.nlri.rt == 2 && ipv6.src == $M2" -T fields \
	-E separator=' ' -E occurrence=f -e bgp.update.path_attribute.mp_reach_nlri.next_hop \
	-e bgp.update.path_attribute.mp_reach_nlri.next_hop.ipv6 -e bgp.evpn.nlri.mac_addr \
	>"$WORK/t2.txt"
check "type 2 of h2 from ev2: MP_REACH next hop $V2 (16 octets)" \
	grep -qE " $V2 $H2MAC\$" "$WORK/t2.txt"

tsh vx -Y vxlan -T fields -E separator=' ' -E occurrence=f -e ipv6.src -e ipv6.dst \
	-e vxlan.vni -e frame.protocols >"$WORK/vx.txt"
n12=$(awk -v a=$V1 -v b=$V2 '$1 == a && $2 == b && $3 == 100' "$WORK/vx.txt" | wc -l)
n21=$(awk -v a=$V2 -v b=$V1 '$1 == a && $2 == b && $3 == 100' "$WORK/vx.txt" | wc -l)
check "VXLAN over IPv6 ev1 -> ev2, VNI 100 ($n12 packets)" [ "$n12" -ge 6 ]
check "VXLAN over IPv6 ev2 -> ev1, VNI 100 ($n21 packets)" [ "$n21" -ge 6 ]
check "inner ICMP (IPv4) in VXLAN over IPv6" grep -q "ipv6:udp:vxlan:eth:ethertype:ip:icmp" "$WORK/vx.txt"
check "inner ICMPv6 in VXLAN over IPv6" grep -q "ipv6:udp:vxlan:eth:ethertype:ipv6:icmpv6" "$WORK/vx.txt"
if [ "$RR" = gobgp ]; then
	n19=$(tsh_count vx "vxlan && ip.src == 192.0.2.1 && ip.dst == 192.0.2.9 && vxlan.vni == 100")
	n91=$(tsh_count vx "vxlan && ip.src == 192.0.2.9 && ip.dst == 192.0.2.1 && vxlan.vni == 100")
	check "VXLAN over IPv4 ev1 <-> kernel VTEP, VNI 100 ($n19, $n91 packets)" \
		[ "$n19" -ge 3 ] && [ "$n91" -ge 3 ]
fi
check_eq "VXLAN over IPv4 between ev1 and ev2" \
	"$(tsh_count vx "vxlan && ip.addr == 192.0.2.1 && !(ip.addr == 192.0.2.9)")" 0

check "ev1 is alive" kill -0 "$EV1_PID"
check "ev2 is alive" kill -0 "$EV2_PID"
EV_PID=$EV2_PID stop_evpnd
EV_PID=$EV1_PID stop_evpnd
it_done
