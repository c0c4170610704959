# shellcheck shell=bash
# lib_l3.sh: the Layer 3 EVPN reference peer, FRR 8.4 + a Linux kernel VTEP doing
# symmetric IRB (RFC 9135). Source it after lib.sh.
#
# This kernel has no VRF devices (CONFIG_NET_VRF is off), so a VTEP namespace is one
# tenant: the L3VNI belongs to its default VRF (zebra's top-level "vni N"). One VTEP:
#
#   host --- brVNI (SVI: anycast gateway IP and MAC) --- vxlanVNI --+
#            ... one bridge per L2VNI ...                           +-- UL (VTEP address)
#            brL3VNI (SVI: MAC = the router MAC) --- vxlanL3VNI ----+
#
# The kernel routes between the SVIs. zebra installs a remote host or prefix as a route
# "via VTEP dev brL3VNI onlink", VTEP's neighbour entry there as its router MAC, and
# that MAC's FDB entry on vxlanL3VNI towards VTEP: what leaves is VXLAN with the L3VNI
# and the remote router MAC as inner destination.
# bgpd: advertise-all-vni (type 2 with both labels and the Router MAC community, type
# 3), advertise ipv4/ipv6 unicast (type 5 from the default VRF's unicast tables, which
# hold the subnets given to l3_frr).
#
#   l3_vtep vtep1 ul 192.0.2.1/24 5000 02:00:00:00:50:01
#   l3_l2vni vtep1 100 10.1.0.254/24 fd00:1::fe/64
#   l3_frr vtep1 65000 5000 192.0.2.2 <<<"10.1.0.0/24 fd00:1::/64"
#
# The namespaces need IPv6 (ns_add -6) for IPv6 gateways.

L3_GW_MAC=${L3_GW_MAC:-00:00:5e:00:01:01} # the anycast gateway MAC, the same on every VTEP
declare -A L3_ADDR=()                     # VTEP address of each l3_vtep namespace

# l3_v6_quiet NS IF: IPv6 on IF without DAD (its addresses usable at once) nor router
# solicitations.
l3_v6_quiet() {
	nsx "$1" sysctl -qw "net.ipv6.conf.$2.accept_dad=0" "net.ipv6.conf.$2.router_solicitations=0"
}

# l3_vtep NS UL ADDR/LEN L3VNI RMAC: NS becomes a routing kernel VTEP: ADDR on UL is
# its VTEP address; the L3VNI's vxlanL3VNI in brL3VNI, whose MAC RMAC is the router MAC
# zebra advertises. No address on brL3VNI: routes through it are onlink.
l3_vtep() {
	local n=$1 ul=$2 addr=$3 l3vni=$4 rmac=$5
	nsx "$n" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
	nsx "$n" ip addr add "$addr" dev "$ul"
	nsx "$n" ip link set "$ul" up
	L3_ADDR[$n]=${addr%/*}
	kvtep_vni "$n" "$l3vni" "${L3_ADDR[$n]}"
	nsx "$n" ip link set "br$l3vni" address "$rmac"
	l3_v6_quiet "$n" "br$l3vni"
}

# l3_l2vni NS VNI GW/LEN...: an L2VNI on the VTEP NS (after l3_vtep): vxlanVNI in
# brVNI, the SVI, with the anycast gateway MAC and each GW/LEN (IPv4 or IPv6).
l3_l2vni() {
	local n=$1 vni=$2 gw
	shift 2
	kvtep_vni "$n" "$vni" "${L3_ADDR[$n]}"
	nsx "$n" ip link set "br$vni" address "$L3_GW_MAC"
	l3_v6_quiet "$n" "br$vni"
	for gw in "$@"; do nsx "$n" ip addr add "$gw" dev "br$vni"; done
}

# l3_host NS IF MAC VNI VTEP ADDR/LEN GW [ADDR6/LEN GW6]: NS is a host with MAC on the
# L2VNI VNI of VTEP (IF in NS, port NS-p in VTEP's brVNI), with default routes via
# the gateways. (Its MAC is set before the port joins the bridge: no frame from another.)
l3_host() {
	local n=$1 ifc=$2 vni=$4 vt=$5
	veth "$n" "$ifc" "$vt" "$n-p"
	nsx "$n" ip link set "$ifc" address "$3"
	kvtep_attach "$vt" "$n-p" "$vni"
	nsx "$n" ip addr add "$6" dev "$ifc"
	nsx "$n" ip route add default via "$7"
	if [ $# -ge 9 ]; then
		l3_v6_quiet "$n" "$ifc"
		nsx "$n" ip addr add "$8" dev "$ifc" nodad
		nsx "$n" ip -6 route add default via "$9"
	fi
}

# l3_host_move HOST FROM TO VNI: HOST's link moves from the VTEP FROM to the VTEP TO
# (both with the L2VNI VNI): its port HOST-p changes namespace into TO's brVNI, as a VM
# moves; then HOST sends a gratuitous ARP for each IPv4 address of IF eth0, as a
# hypervisor does after a move. HOST keeps its interface, addresses and neighbours.
l3_host_move() {
	local h=$1 from=$2 to=$3 vni=$4 ips
	nsx "$from" ip link set "$h-p" netns "$(ns "$to")"
	kvtep_attach "$to" "$h-p" "$vni"
	mapfile -t ips < <(nsx "$h" ip -4 -o addr show dev eth0 | awk '{ sub("/.*", "", $4); print $4 }')
	nsx "$h" "$PY" - "$(mac_of "$h" eth0)" "${ips[@]}" <<'PY'
import sys
from scapy.all import ARP, Ether, sendp
mac = sys.argv[1]
for ip in sys.argv[2:]:
    sendp(Ether(src=mac, dst="ff:ff:ff:ff:ff:ff") / ARP(op=1, hwsrc=mac, psrc=ip, pdst=ip),
          iface="eth0", verbose=False)
PY
}

# l3_frr NS ASN L3VNI PEER... <<<"PREFIX...": FRR zebra + bgpd on the VTEP NS:
# router ID its VTEP address, iBGP l2vpn evpn with each PEER (timers 3 9, connect 2),
# the L3VNI as the default VRF's, advertise-all-vni, and type 5 for each PREFIX (IPv4
# or IPv6, words on stdin: network statements of the default VRF). More (advertise-
# default-gw, say) with vty_conf once it runs.
l3_frr() {
	local n=$1 asn=$2 l3vni=$3 p prefixes v4=() v6=()
	shift 3
	read -r -d '' prefixes || true
	for p in $prefixes; do
		if [[ $p == *:* ]]; then v6+=("$p"); else v4+=("$p"); fi
	done
	{
		echo "router bgp $asn"
		echo " bgp router-id ${L3_ADDR[$n]}"
		echo " no bgp default ipv4-unicast"
		echo " bgp log-neighbor-changes"
		for p in "$@"; do
			echo " neighbor $p remote-as internal"
			echo " neighbor $p timers 3 9"
			echo " neighbor $p timers connect 2"
		done
		echo " address-family ipv4 unicast"
		bgp_networks "${v4[@]}"
		echo " exit-address-family"
		echo " address-family ipv6 unicast"
		bgp_networks "${v6[@]}"
		echo " exit-address-family"
		echo " address-family l2vpn evpn"
		for p in "$@"; do echo "  neighbor $p activate"; done
		echo "  advertise-all-vni"
		echo "  advertise ipv4 unicast"
		echo "  advertise ipv6 unicast"
		echo " exit-address-family"
	} | frr_conf "$n"
	frr_start "$n"
	# (zebra's configuration: frr_start writes only its hostname)
	vty_conf "$n" "vni $l3vni"
}

# l3_vni_up NS L3VNI RMAC: zebra in NS knows L3VNI as an L3 VNI and has the router MAC
# RMAC of a remote VTEP in it (from that VTEP's type-2 or type-5 routes).
l3_vni_up() {
	vty "$1" "show evpn rmac vni $2 json" 2>/dev/null | json_q "'$3' in str(d)" | grep -qx true
}

# l3_route_via NS PREFIX VTEP L3VNI: the kernel of NS routes PREFIX into the L3VNI
# towards VTEP (as zebra installs what symmetric IRB learnt).
l3_route_via() {
	nsx "$1" ip route show "$2" 2>/dev/null | grep -q "via $3 dev br$4 .*onlink"
}
l3_route6_via() {
	nsx "$1" ip -6 route show "$2" 2>/dev/null | grep -q "via ::ffff:$3 dev br$4 .*onlink"
}

# l3_rmac_installed NS VTEP L3VNI RMAC: the kernel of NS has the router MAC RMAC of
# VTEP as the neighbour VTEP on brL3VNI and as an FDB entry towards VTEP on
# vxlanL3VNI (what zebra installs for a remote VTEP of the L3VNI).
l3_rmac_installed() {
	nsx "$1" ip neigh show "$2" dev "br$3" | grep -q "lladdr $4" &&
		nsx "$1" bridge fdb show dev "vxlan$3" | grep -q "^$4 dst $2 .*extern_learn"
}

# l3_evpn_prefixes NS: the type-5 routes in the BGP table of the FRR in NS, one a line.
l3_evpn_prefixes() {
	vty "$1" "show bgp l2vpn evpn route type prefix json" | json_q "$EVPN_ROUTES"
}
