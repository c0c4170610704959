# shellcheck shell=bash
# evpn_lab.sh: the EVPN lab the evpn_*_test.sh share (source it after lib.sh).
#
#   h1 --- [host0 evpnd uplink0] 192.0.2.1 ===(fab: br-ul)=== 192.0.2.2 [kv: br100/vxlan100] --- h2
#          evpnd BGP (kernel TCP): mgmt0 10.0.0.1 --(fab: br-mg)-- 10.0.0.2 kv (bgpd+zebra)
#                                                    10.0.0.3 rr (route reflector)
#   hm: a host with one link to kv (eth0, port hmk) and one to evpnd (eth1, port host1),
#       the same MAC and address on both, only eth0 up at first (evpn_move_test).
#
# EVPN_RR=frr (default) or gobgp picks the route reflector. VNI 100, iBGP AS 65000,
# auto RD/RT on both VTEPs. evpn_lab_up builds it and waits for the three sessions.

H1MAC=02:00:00:01:00:01
H2MAC=02:00:00:01:00:02
HMMAC=02:00:00:01:00:09
RR=${EVPN_RR:-frr}

evpn_lab_require() {
	require_root
	require_build
	require_cmd ping bridge
	require_frr zebra
	[ "$RR" != gobgp ] || require_cmd gobgpd gobgp
}

# mgmt_plug NS IF ADDR/LEN: IF in NS, with ADDR, on the management switch (fab: br-mg,
# made by ul_switch fab br-mg) that BGP runs over.
mgmt_plug() {
	veth "$1" "$2" fab "$1-mg"
	ul_plug fab "$1-mg" br-mg
	nsx "$1" ip addr add "$3" dev "$2"
}

evpn_lab_topology() {
	ns_add fab ev kv rr h1 h2 hm
	ul_switch fab br-ul
	ul_switch fab br-mg
	veth ev ul0 fab ev-ul 1600
	veth kv ul fab kv-ul 1600
	for p in ev-ul kv-ul; do ul_plug fab $p br-ul; done
	veth ev h0 h1 eth0
	veth kv hk h2 eth0
	veth kv hmk hm eth0
	veth ev hme hm eth1
	# BGP runs over mgmt; the af_packet uplink's kernel side carries no address.
	mgmt_plug ev mgmt0 10.0.0.1/24
	mgmt_plug kv mgmt 10.0.0.2/24
	mgmt_plug rr eth0 10.0.0.3/24
	nsx rr ip route add 192.0.2.0/24 via 10.0.0.2 # the RR resolves the VTEP next hops
	kvtep kv ul 192.0.2.2/24 100
	kvtep_attach kv hk 100
	host h1 eth0 10.1.0.1/24 $H1MAC
	host h2 eth0 10.1.0.2/24 $H2MAC
	kvtep_attach kv hmk 100
	# The mover: one MAC, one address, two links; a gratuitous ARP when a link comes up,
	# as a hypervisor sends after a move. Only the link to kv is up at first.
	nsx hm sysctl -qw net.ipv4.conf.all.arp_notify=1
	for i in eth0 eth1; do
		nsx hm sysctl -qw net.ipv4.conf.$i.arp_notify=1
		nsx hm ip link set $i address $HMMAC
		nsx hm ip addr add 10.1.0.9/24 dev $i
	done
	nsx hm ip link set eth1 down
	nsx hm ip link set eth0 up
}

# evpnd: VNI 100 on host0 (h1) and host1 (hm's second link), BGP over mgmt0.
evpn_lab_evpnd_conf() {
	evpnd_conf_vtep net_af_packet0,iface=ul0 192.0.2.1/24 h0 hme <<EOF
bridge-domain 100
 vni 100
 mac-aging-time ${EVPN_AGING:-300}
 member host0 untagged
 member host1 untagged
$(evpnd_evpn_bgp 10.0.0.3)
EOF
}

# evpnd_evpn_bgp NEIGHBOR...: evpnd's router bgp section: AS 65000, router ID 10.0.0.1
# (its mgmt0), l2vpn evpn alone with each NEIGHBOR (iBGP, timers 3 9, connect 2),
# advertise-all-vni.
evpnd_evpn_bgp() {
	local nb
	printf 'router bgp 65000\n bgp router-id 10.0.0.1\n no bgp default ipv4-unicast\n'
	for nb in "$@"; do
		printf ' neighbor %s remote-as 65000\n neighbor %s update-source 10.0.0.1\n' "$nb" "$nb"
		printf ' neighbor %s timers 3 9\n neighbor %s timers connect 2\n' "$nb" "$nb"
	done
	echo " address-family l2vpn evpn"
	for nb in "$@"; do echo "  neighbor $nb activate"; done
	printf '  advertise-all-vni\n exit-address-family\n'
}

# The FRR VTEP: bgpd + zebra over the kernel's br100/vxlan100.
evpn_lab_kv() {
	frr_conf kv <<EOF
router bgp 65000
 bgp router-id 10.0.0.2
 no bgp default ipv4-unicast
 neighbor 10.0.0.3 remote-as 65000
 neighbor 10.0.0.3 timers 3 9
 neighbor 10.0.0.3 timers connect 2
 address-family l2vpn evpn
  neighbor 10.0.0.3 activate
  advertise-all-vni
 exit-address-family
EOF
	frr_start kv
}

evpn_lab_rr_frr() {
	frr_conf rr <<EOF
router bgp 65000
 bgp router-id 10.0.0.3
 no bgp default ipv4-unicast
 neighbor 10.0.0.1 remote-as 65000
 neighbor 10.0.0.1 timers 3 9
 neighbor 10.0.0.1 timers connect 2
 neighbor 10.0.0.2 remote-as 65000
 neighbor 10.0.0.2 timers 3 9
 neighbor 10.0.0.2 timers connect 2
 address-family l2vpn evpn
  neighbor 10.0.0.1 activate
  neighbor 10.0.0.1 route-reflector-client
  neighbor 10.0.0.2 activate
  neighbor 10.0.0.2 route-reflector-client
 exit-address-family
EOF
	frr_start rr
}

# evpn_lab_rr_gobgp [CLIENT...]: gobgpd in rr, route reflector for the clients
# (default 10.0.0.1 10.0.0.2) from its address $GOBGP_RR_ADDR (default 10.0.0.3);
# gobgp's gRPC API on its default port, in rr.
evpn_lab_rr_gobgp() {
	local nb clients=("$@")
	[ $# -gt 0 ] || clients=(10.0.0.1 10.0.0.2)
	cat >"$WORK/gobgpd.toml" <<EOF
[global.config]
  as = 65000
  router-id = "10.0.0.3"
  local-address-list = ["${GOBGP_RR_ADDR:-10.0.0.3}"]
EOF
	for nb in "${clients[@]}"; do
		cat >>"$WORK/gobgpd.toml" <<EOF
[[neighbors]]
  [neighbors.config]
    neighbor-address = "$nb"
    peer-as = 65000
  [neighbors.timers.config]
    connect-retry = 2
    hold-time = 9
    keepalive-interval = 3
  [neighbors.route-reflector.config]
    route-reflector-client = true
    route-reflector-cluster-id = "10.0.0.3"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "l2vpn-evpn"
EOF
		# GOBGP_GR=1: graceful restart helper toward every client (split_restart_test)
		[ "${GOBGP_GR:-0}" = 0 ] || cat >>"$WORK/gobgpd.toml" <<EOF
    [neighbors.afi-safis.mp-graceful-restart.config]
      enabled = true
  [neighbors.graceful-restart.config]
    enabled = true
    restart-time = 120
EOF
	done
	ip netns exec "$PFX-rr" gobgpd -f "$WORK/gobgpd.toml" -l info >"$WORK/gobgpd.log" 2>&1 &
	IT_PIDS+=("$!")
}

# The small lab of the tests that inject routes with the gobgp CLI: evpnd (ev,
# 10.0.0.1) and gobgpd (rr, 10.0.0.3, its route reflector) on the management switch.
# evpn_lab_gobgp_net [NS...]: the namespaces (NS... too) and the switch.
evpn_lab_gobgp_net() {
	ns_add fab ev rr "$@"
	ul_switch fab br-mg
	mgmt_plug ev mgmt0 10.0.0.1/24
	mgmt_plug rr eth0 10.0.0.3/24
}
# evpn_lab_gobgp_start: gobgpd, then evpnd (its configuration written); dies unless
# their session comes up.
evpn_lab_gobgp_start() {
	evpn_lab_rr_gobgp 10.0.0.1
	start_evpnd ev
	wait_until 30 ev_established 10.0.0.3 || bgp_die "evpnd session with gobgpd did not come up"
	pass "evpnd session with gobgpd (route reflector) is Established"
}
gob() { nsx rr gobgp global rib -a evpn "$@" >/dev/null; }
# t2 add|del MAC VTEP [RD]: a MAC-only type 2 of VNI 100 from VTEP (RD VTEP:100),
# injected in gobgpd or withdrawn.
t2() {
	local rd=${4:-$3:100}
	if [ "$1" = add ]; then
		gob add macadv "$2" 0.0.0.0 etag 0 label 100 rd "$rd" rt 65000:100 encap vxlan nexthop "$3"
	else
		gob del macadv "$2" 0.0.0.0 etag 0 label 100 rd "$rd"
	fi
}

rr_up() {
	if [ "$RR" = gobgp ]; then
		[ "$(nsx rr gobgp neighbor 2>/dev/null | grep -c Establ)" = 2 ]
	else
		[ "$(vty rr 'show bgp l2vpn evpn summary json' |
			json_q "len([p for p in d['peers'].values() if p['state'] == 'Established'])")" = 2 ]
	fi
}
ev_up() { ev_established 10.0.0.3; }
kv_up() { frr_established kv 10.0.0.3; }

# evpn_lab_up [CONF_FN]: the whole lab, evpnd last; dies unless the three sessions
# come up. CONF_FN (default evpn_lab_evpnd_conf) writes evpnd's configuration, after
# the topology is up (it may add to it).
evpn_lab_up() {
	evpn_lab_topology
	"${1:-evpn_lab_evpnd_conf}"
	evpn_lab_kv
	if [ "$RR" = gobgp ]; then evpn_lab_rr_gobgp; else evpn_lab_rr_frr; fi
	start_evpnd ev
	wait_until 30 ev_up || die "evpnd session with the route reflector ($RR) did not come up"
	pass "evpnd session with the route reflector ($RR) is Established"
	wait_until 30 kv_up || die "FRR VTEP session with the route reflector did not come up"
	pass "FRR VTEP session with the route reflector is Established"
	wait_until 10 rr_up || die "route reflector: not both sessions up"
	pass "route reflector has both sessions up"
}

# Views used by the checks.
# ev_has ROUTE / kv_has ROUTE: the EVPN route, whole, is in evpnd's / FRR's BGP table.
ev_has() { route_in "$1" ev_evpn_routes; }
kv_has() { route_in "$1" frr_evpn_routes kv; }
# ev_gone ROUTE WITNESS / kv_gone ROUTE WITNESS: ROUTE is not, WITNESS is.
ev_gone() { route_gone "$1" "$2" ev_evpn_routes; }
kv_gone() { route_gone "$1" "$2" frr_evpn_routes kv; }
# ev_mac MAC KEY: a field of evpnd's EVPN MAC entry (None when unknown).
ev_mac() { evctl show evpn mac vni 100 json | json_q "d['macs'].get('$1', {}).get('$2')"; }
# kv_mac MAC KEY: a field of zebra's entry for MAC on the FRR VTEP (None when unknown).
kv_mac() {
	vty kv "show evpn mac vni 100 mac $1 json" |
		json_q "(list(d.values())[0] if d and isinstance(list(d.values())[0], dict) else d).get('$2')" 2>/dev/null
}
