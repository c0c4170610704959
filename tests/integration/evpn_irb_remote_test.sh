#!/bin/bash
# evpn_irb_remote_test: asymmetric IRB toward a host behind another VTEP. evpnd and an
# FRR + Linux kernel VTEP (evpn_lab.sh) both have VNIs 100 and 200 with the same anycast
# gateway (evpnd: gateway-mac/gateway-address in vrf t1; FRR: its SVIs br100/br200 with
# that MAC and addresses, the kernel routing between them). h1 (VNI 100, behind evpnd)
# pings h4 (VNI 200, behind FRR): evpnd routes into VNI 200 and sends the frame over
# VXLAN with VNI 200 from the gateway MAC to h4's MAC, TTL 63 (tshark on the underlay);
# FRR's kernel routes the reply back through its own br100 with VNI 100.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=evpn_lab.sh
. "$(dirname "$0")/evpn_lab.sh"
evpn_lab_require
require_cmd dumpcap tshark

GW_MAC=00:00:5e:00:01:01
H4MAC=02:00:00:02:00:04

irb_conf() {
	evpnd_conf_vtep net_af_packet0,iface=ul0 192.0.2.1/24 h0 hme <<EOF
bridge-domain 100
 vni 100
 member host0 untagged
 member host1 untagged
 gateway-mac $GW_MAC
 gateway-address 10.1.0.254/24
 vrf t1
bridge-domain 200
 vni 200
 gateway-mac $GW_MAC
 gateway-address 10.2.0.254/24
 vrf t1
vrf t1
 vni 5000
$(evpnd_evpn_bgp 10.0.0.3)
EOF
	# FRR's VTEP: VNI 200 and h4, both SVIs with the anycast gateway (before FRR starts:
	# bgpd's self-MAC check), routing between them.
	ns_add h4
	kvtep_vni kv 200 192.0.2.2
	veth kv hk4 h4 eth0
	kvtep_attach kv hk4 200
	host h4 eth0 10.2.0.4/24 $H4MAC
	nsx h4 ip route add default via 10.2.0.254
	nsx kv ip link set br100 address $GW_MAC
	nsx kv ip link set br200 address $GW_MAC
	nsx kv ip addr add 10.1.0.254/24 dev br100
	nsx kv ip addr add 10.2.0.254/24 dev br200
	nsx kv sysctl -qw net.ipv4.ip_forward=1
}

evpn_lab_up irb_conf
nsx h1 ip route add default via 10.1.0.254
# Each host speaks to its gateway first: evpnd snoops h1, FRR's zebra learns h4 (their
# MAC+IP routes go to the other VTEP: its neighbour entry for the host).
check "h1 -> its gateway (evpnd)" ping_ok h1 10.1.0.254
check "h4 -> its gateway (FRR's br200)" ping_ok h4 10.2.0.254
check "evpnd has h4's MAC+IP route (VNI 200)" wait_until 15 ev_has "[2]:[0]:[48]:[$H4MAC]:[32]:[10.2.0.4]"
check "FRR has h1's MAC+IP route (VNI 100)" wait_until 15 kv_has "[2]:[0]:[48]:[$H1MAC]:[32]:[10.1.0.1]"

cap_start ul fab ev-ul "udp port 4789"
r4=$(counter ip_forward routed4)
check "h1 -> h4 ping (evpnd routes into VNI 200, FRR routes the reply into VNI 100)" \
	ping_ok h1 10.2.0.4
cap_stop ul
check "ip_forward/routed4 counted (3 at least)" test "$(counter ip_forward routed4)" -ge $((r4 + 3))
check_eq "evpnd -> FRR: h1's echo requests in VNI 200, gateway MAC -> h4's MAC, TTL 63" \
	"$(tsh ul -Y "ip.src == 192.0.2.1 && icmp.type == 8 && ip.src == 10.1.0.1" -T fields \
		-e vxlan.vni -e eth.src -e eth.dst -e ip.ttl -E occurrence=l | sort -u)" \
	"200	$GW_MAC	$H4MAC	63"
check "FRR -> evpnd: the replies come back in VNI 100 (routed by FRR's kernel)" \
	test "$(tsh_count ul "ip.src == 192.0.2.2 && vxlan.vni == 100 && icmp.type == 0 && ip.dst == 10.1.0.1")" -ge 3

check "evpnd is alive" evpnd_alive
stop_evpnd
it_done
