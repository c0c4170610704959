#!/bin/bash
# evpn_inject_test: EVPN routes injected with the gobgp CLI reach evpnd's dataplane
# and leave it on withdraw; ExaBGP 4.2 decodes what evpnd sends.
#
#   rr  gobgpd 10.0.0.3, route reflector, evpnd its client (evpn_lab_rr_gobgp)
#   ev  evpnd 10.0.0.1: VNIs 100/200/300 in bridge domains 100/200/300 on host0
#       (untagged / vlan 200 / vlan 300), h1 behind host0, a static MAC in BD 200
#   exa ExaBGP 10.0.0.4, an iBGP neighbor of evpnd's that only receives (ExaBGP 4.2
#       cannot announce EVPN) and writes what it decodes as JSON
#   all on one management switch (fab: br-mg); evpnd's uplink is a null port, the
#   remote VTEPs 192.0.2.11-13 are in its connected underlay subnet.
#
# 300 MAC-only type-2 routes (100 per VNI, spread over the 3 VTEPs, RD VTEP:VNI, RT
# 65000:VNI, label = VNI) and 9 type-3 routes (each VTEP in each VNI) go into gobgpd's
# RIB in parallel gobgp CLI calls. evpnd must program every MAC as remote in the
# right bridge domain, behind the right VTEP and with the right VNI, and flood each
# VNI to the 3 VTEPs; then the routes are withdrawn (one gobgp call per type-2 route,
# `del all` for the rest) and nothing of them must remain. ExaBGP must decode
# evpnd's type 2 (h1's MAC, learned; the static MAC, sticky) and its three type 3:
# RD router-id:index as FRR derives it, MAC, VNI in the label, RT 65000:VNI,
# encapsulation 8 (VXLAN), next hop 192.0.2.1, PMSI ingress replication to
# 192.0.2.1 with the VNI. A route with standard and large communities shows them as FRR.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=evpn_lab.sh
. "$(dirname "$0")/evpn_lab.sh"
require_root
require_build
require_cmd gobgpd gobgp exabgp ping

H1MAC=02:00:00:01:00:01
STATIC_MAC=02:00:00:02:00:01
N_PER_VNI=100

ns_add fab ev rr exa h1
ul_switch fab br-mg
mgmt_plug ev mgmt0 10.0.0.1/24
mgmt_plug rr eth0 10.0.0.3/24
mgmt_plug exa eth0 10.0.0.4/24
veth ev h0 h1 eth0
host h1 eth0 10.1.0.1/24 $H1MAC

evpnd_conf_vtep net_null0,no-rx=1 192.0.2.1/24 h0 <<EOF
bridge-domain 100
 vni 100
 member host0 untagged
bridge-domain 200
 vni 200
 member host0 vlan 200
 mac $STATIC_MAC port host0 vlan 200
bridge-domain 300
 vni 300
 member host0 vlan 300
$(evpnd_evpn_bgp 10.0.0.3 10.0.0.4)
EOF

evpn_lab_rr_gobgp 10.0.0.1
# ExaBGP: what it receives from evpnd goes to exa.json, one JSON object a line.
exabgp_start exa 10.0.0.4 <<EOF
neighbor 10.0.0.1 {
	router-id 10.0.0.4;
	local-address 10.0.0.4;
	local-as 65000;
	peer-as 65000;
	hold-time 9;
	family {
		l2vpn evpn;
	}
	api {
		processes [ recv ];
		receive { parsed; update; notification; }
	}
}
EOF
start_evpnd ev

wait_until 30 ev_established 10.0.0.3 || bgp_die "evpnd session with gobgpd did not come up"
pass "evpnd session with gobgpd (route reflector) is Established"
wait_until 30 ev_established 10.0.0.4 || bgp_die "evpnd session with ExaBGP did not come up"
pass "evpnd session with ExaBGP is Established"

# h1 talks: evpnd learns its MAC in BD 100 and advertises a type 2, and a MAC+IP
# type 2 for 10.1.0.1 seen in its ARP request: evpnd's own routes are 6.
nsx h1 ping -c 2 -i 0.2 -W 1 10.1.0.254 >/dev/null 2>&1 || true

# ---------------------------------------------------------------- injection

vtep_of() { echo "192.0.2.$((11 + $1 % 3))"; } # MAC i's VTEP
mac_of_i() { printf '02:aa:%02x:00:%02x:%02x' $(($1 / 100)) $(($2 / 256)) $(($2 % 256)); }
: >"$WORK/add.args"
: >"$WORK/del.args"
for vni in 100 200 300; do
	for i in $(seq 0 $((N_PER_VNI - 1))); do
		mac=$(mac_of_i $vni "$i")
		vtep=$(vtep_of "$i")
		echo "add macadv $mac 0.0.0.0 etag 0 label $vni rd $vtep:$vni rt 65000:$vni" \
			"encap vxlan nexthop $vtep" >>"$WORK/add.args"
		echo "del macadv $mac 0.0.0.0 etag 0 label $vni rd $vtep:$vni" >>"$WORK/del.args"
		echo "$vni $mac $vtep" >>"$WORK/expect"
	done
	for k in 0 1 2; do
		vtep=$(vtep_of $k)
		echo "add multicast $vtep etag 0 rd $vtep:$vni rt 65000:$vni encap vxlan" \
			"pmsi ingress-repl $vni $vtep nexthop $vtep" >>"$WORK/add.args"
	done
done
# gobgp_batch FILE: one `gobgp global rib -a evpn ARGS` per line of FILE, 8 at a time.
gobgp_batch() {
	nsx rr xargs -P 8 -L 1 gobgp global rib -a evpn <"$1" >"$WORK/gobgp-batch.log" 2>&1
}
n_add=$(wc -l <"$WORK/add.args")
t0=$(date +%s%N)
gobgp_batch "$WORK/add.args" || die "gobgp CLI failed: $(head -5 "$WORK/gobgp-batch.log")"
log "$n_add routes injected with the gobgp CLI in $((($(date +%s%N) - t0) / 1000000)) ms"
# gobgp: "Destination: N, Path: N"; evpnd's own 6 routes are there too.
check_eq "gobgpd holds the injected routes and evpnd's 6" \
	"$(nsx rr gobgp global rib -a evpn summary 2>/dev/null | sed -n 's/^Destination: \([0-9]*\),.*/\1/p')" \
	"$((n_add + 6))"

# dp_check: evpnd's dataplane MAC table against the expected remote MACs.
# Prints "ok" or what is wrong.
dp_check() {
	evctl show mac json | "$PY" -c '
import json, sys
want = {}
for line in open(sys.argv[1]):
    vni, mac, vtep = line.split()
    want[(int(vni), mac)] = vtep
got = {(m["bridgeDomain"], m["mac"]): m for m in json.load(sys.stdin) if m["type"] == "remote"}
bad = []
for (bd, mac), vtep in sorted(want.items()):
    m = got.get((bd, mac))
    if m is None:
        bad.append("%d %s missing" % (bd, mac))
    elif m.get("remoteVtep") != vtep or m.get("vni") != bd:
        bad.append("%d %s: vtep %s vni %s" % (bd, mac, m.get("remoteVtep"), m.get("vni")))
per_bd = {bd: len([k for k in got if k[0] == bd]) for bd in (100, 200, 300)}
extra = [k for k in got if k not in want]
print("ok" if not bad and not extra else "%d wrong (%s), %d extra" % (len(bad), "; ".join(bad[:3]), len(extra)))
print(" ".join("bd%d:%d" % kv for kv in sorted(per_bd.items())))
' "$WORK/expect"
}
all_in() {
	local r
	r=$(dp_check)
	[ "${r%%$'\n'*}" = ok ]
}
t0=$(date +%s%N)
if wait_until 30 all_in; then
	pass "all $((3 * N_PER_VNI)) MACs remote in the dataplane, right BD, VTEP and VNI ($(dp_check | tail -1))"
	log "installed $((($(date +%s%N) - t0) / 1000000)) ms after the last gobgp call (poll)"
else
	fail "dataplane after injection: $(dp_check | tr '\n' ' ')"
fi
bd_remote() { evctl show bridge-domain json | json_q "[b['remoteMacs'] for b in d if b['bridgeDomain'] == $1][0]"; }
for bd in 100 200 300; do
	check_eq "bridge domain $bd counts $N_PER_VNI remote MACs" "$(bd_remote $bd)" $N_PER_VNI
done
ev_vni() { evctl show evpn vni json | json_q "d['$1']$2"; }
check_eq "EVPN VNI 200: remote MACs" "$(ev_vni 200 "['numRemoteMacs']")" $N_PER_VNI
flood3() {
	[ "$(evctl show evpn vni json | json_q "sorted(d['$1']['remoteVteps'])")" = \
		'["192.0.2.11", "192.0.2.12", "192.0.2.13"]' ]
}
for vni in 100 200 300; do
	check "VNI $vni floods to the 3 VTEPs (type 3)" wait_until 10 flood3 $vni
done
evt_count() { evctl show bgp l2vpn evpn route-type "$1" json | json_q "d['numPrefix']"; }
check_eq "show bgp l2vpn evpn route-type 2: injected + ours" "$(evt_count macip)" $((3 * N_PER_VNI + 3))
check_eq "show bgp l2vpn evpn route-type 3: injected + ours" "$(evt_count 3)" 12

# numArpNd of each VNI (one walk for all of them) as its own arp-cache counts it.
arp_n() { evctl show evpn arp-cache vni "$1" json | json_q "d['numArpNd']"; }
check_eq "show evpn vni json: numArpNd per VNI as each arp-cache" \
	"$(evctl show evpn vni json | json_q "[d[v]['numArpNd'] for v in ('100', '200', '300')]")" \
	"[$(arp_n 100), $(arp_n 200), $(arp_n 300)]"
check_eq "h1's address counted in VNI 100 only" "$(arp_n 100) $(arp_n 200) $(arp_n 300)" "1 0 0"

# Standard and large communities on an EVPN route, shown as FRR shows them.
CMAC=02:cc:00:00:00:01
CPFX="[2]:[0]:[48]:[$CMAC]"
nsx rr gobgp global rib -a evpn add macadv $CMAC 0.0.0.0 etag 0 label 100 rd 192.0.2.11:100 \
	rt 65000:100 encap vxlan nexthop 192.0.2.11 community 65000:100,no-export \
	large-community 65000:1:2 >/dev/null || fail "gobgp: route with communities"
cpath() { evctl show bgp l2vpn evpn json | json_q "d['192.0.2.11:100']['$CPFX']['paths'][0]$1" 2>/dev/null; }
chas() { [ "$(cpath "['valid']")" = true ]; }
check "evpnd has the route with communities" wait_until 10 chas
check_eq "EVPN route: community (JSON, as FRR)" "$(cpath "['community']")" \
	'{"string": "65000:100 no-export", "list": ["65000:100", "noExport"]}'
check_eq "EVPN route: largeCommunity (JSON, as FRR)" "$(cpath "['largeCommunity']")" \
	'{"string": "65000:1:2", "list": ["65000:1:2"]}'
check "EVPN route (text): Community and Large Community lines" eval \
	'evctl show bgp l2vpn evpn route type macip | grep -A4 -F "$CPFX" | grep -qx " *Community: 65000:100 no-export" &&
	evctl show bgp l2vpn evpn route type macip | grep -A4 -F "$CPFX" | grep -qx " *Large Community: 65000:1:2"'
cdetail() { evctl show bgp l2vpn evpn route detail type macip | grep -A8 -F "entry for 192.0.2.11:100:$CPFX"; }
check "EVPN route detail (text): FRR's Community lines" eval \
	'cdetail | grep -qx "      Community: 65000:100 no-export" && cdetail | grep -qx "      Large Community: 65000:1:2"'
nsx rr gobgp global rib -a evpn del macadv $CMAC 0.0.0.0 etag 0 label 100 rd 192.0.2.11:100 \
	>/dev/null || fail "gobgp: withdraw the route with communities"
cgone() { [ "$(evctl show bgp l2vpn evpn json | json_q "'$CPFX' in d.get('192.0.2.11:100', {})")" = false ]; }
check "the route with communities withdrawn" wait_until 10 cgone

# ---------------------------------------------------------------- withdrawal

t0=$(date +%s%N)
gobgp_batch "$WORK/del.args" || fail "gobgp CLI del failed: $(head -5 "$WORK/gobgp-batch.log")"
log "$(wc -l <"$WORK/del.args") type-2 routes withdrawn with the gobgp CLI in $((($(date +%s%N) - t0) / 1000000)) ms"
no_remote() { [ "$(evctl show mac json | json_q "len([m for m in d if m['type'] == 'remote'])")" = 0 ]; }
check "every injected MAC gone from the dataplane" wait_until 30 no_remote
check_eq "EVPN VNI 100: no remote MACs left" "$(ev_vni 100 "['numRemoteMacs']")" 0
check_eq "EVPN MAC table: h1 and the static MAC only" \
	"$(evctl show evpn mac vni all json | json_q "d['numMacs']")" 2
nsx rr gobgp global rib -a evpn del all >/dev/null 2>&1 ||
	fail "gobgp global rib -a evpn del all"
no_flood() { [ "$(ev_vni "$1" "['remoteVteps']")" = '[]' ]; }
for vni in 100 200 300; do
	check "VNI $vni: flood list empty after the type-3 withdrawals" wait_until 10 no_flood $vni
done
check_eq "evpnd's EVPN table: its own 6 routes left" \
	"$(evctl show bgp l2vpn evpn json | json_q "d['numPrefix']")" 6

# ---------------------------------------------------------------- ExaBGP's decode

# exa_routes: every EVPN route ExaBGP holds from evpnd (announced and not withdrawn
# since), as "name rd mac label etc" lines with the update's attributes.
exa_routes() {
	"$PY" - "$WORK/exa.json" <<'PY'
import json, sys
held = {}
for line in open(sys.argv[1]):
    try:
        m = json.loads(line)
    except ValueError:
        continue
    upd = m.get("neighbor", {}).get("message", {}).get("update", {})
    attr = upd.get("attribute", {})
    for nh, routes in upd.get("announce", {}).get("l2vpn evpn", {}).items():
        for r in routes:
            ecomm = sorted(e.get("string", str(e)) if isinstance(e, dict) else str(e)
                           for e in attr.get("extended-community", []))
            pmsi = attr.get("pmsi", attr.get("pmsi-tunnel", ""))
            labels = r.get("label", [])
            raw = labels[0][1] if labels and len(labels[0]) > 1 else None
            key = (r.get("name"), r.get("rd"), r.get("mac", r.get("ip")))
            held[key] = "%s rd=%s %s vni=%s nh=%s ecomm=%s%s" % (
                r.get("name"), r.get("rd"),
                "mac=" + r["mac"] if "mac" in r else "ip=" + str(r.get("ip")),
                raw, nh, ",".join(ecomm), " pmsi=" + str(pmsi) if pmsi else "")
    for r in upd.get("withdraw", {}).get("l2vpn evpn", []):
        held.pop((r.get("name"), r.get("rd"), r.get("mac", r.get("ip"))), None)
for v in sorted(held.values()):
    print(v)
PY
}
exa_has() { exa_routes | grep -F "$1" >/dev/null; }
check "ExaBGP decoded evpnd's type 2 for h1 (VNI 100)" wait_until 10 exa_has "mac=$H1MAC"
exa_routes >"$WORK/exa.routes"
cat "$WORK/exa.routes"
exa_line() { grep -F "$1" "$WORK/exa.routes" | head -1; }
check_eq "ExaBGP: type 2 of h1" "$(exa_line "mac=$H1MAC")" \
	"MAC/IP advertisement rd=10.0.0.1:2 mac=$H1MAC vni=100 nh=192.0.2.1 ecomm=encap:VXLAN,target:65000:100"
check_eq "ExaBGP: type 2 of the static MAC (sticky)" "$(exa_line "mac=$STATIC_MAC")" \
	"MAC/IP advertisement rd=10.0.0.1:3 mac=$STATIC_MAC vni=200 nh=192.0.2.1 ecomm=encap:VXLAN,mac-mobility:0:sticky,target:65000:200"
# PMSI as ExaBGP prints it: type:flags:MPLS label(raw label field):tunnel id.
idx=2
for vni in 100 200 300; do
	check_eq "ExaBGP: type 3 of VNI $vni" "$(exa_line "rd=10.0.0.1:$idx ip=192.0.2.1")" \
		"Inclusive Multicast Ethernet Tag rd=10.0.0.1:$idx ip=192.0.2.1 vni=None nh=192.0.2.1 ecomm=encap:VXLAN,target:65000:$vni pmsi=pmsi:ingressreplication:0:$((vni >> 4))($vni):192.0.2.1"
	idx=$((idx + 1))
done
# (keyed by name, RD and MAC: h1's MAC and MAC+IP routes are one entry here)
check_eq "ExaBGP holds evpnd's 5 routes, no more (none of gobgp's reflected)" \
	"$(grep -c . "$WORK/exa.routes")" 5
check "ExaBGP logged no error or notification" \
	eval '! grep -qi "notification\|error" "$WORK/exabgp.log"'

check "evpnd is alive" evpnd_alive
stop_evpnd
it_done
