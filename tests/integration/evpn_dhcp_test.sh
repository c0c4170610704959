#!/bin/bash
# evpn_dhcp_test: DHCP snooping gives MAC+IP type-2 routes (evpn_lab.sh: evpnd and an
# FRR + kernel VTEP through an FRR route reflector). A DHCPACK (scapy) tells evpnd a
# local client's address whether the server is behind the remote VTEP (the ACK comes
# out of the tunnel) or on a local access port; the address then shows in evpnd's
# table and at the FRR VTEP as a MAC+IP route. ACKs for a MAC that is not local, an
# OFFER and a truncated ACK give no route (seen once later good ACKs gave theirs), and
# evpnd keeps forwarding.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=evpn_lab.sh
. "$(dirname "$0")/evpn_lab.sh"
evpn_lab_require
require_scapy
evpn_lab_up

CLIENT=02:00:00:01:00:33 # a second host behind h1's link (a VM, say): local at evpnd

# send NS SCAPY_FRAME: one frame out of eth0 in NS.
send() {
	nsx "$1" "$PY" -c "from scapy.all import *; conf.verb = 0; sendp($2, iface='eth0')"
}
# dhcp SRC_MAC CHADDR YIADDR TYPE: a server's reply, broadcast, UDP 67 -> 68.
dhcp() {
	echo "Ether(src='$1', dst='ff:ff:ff:ff:ff:ff') / IP(src='10.1.0.254', dst='255.255.255.255') /" \
		"UDP(sport=67, dport=68) / BOOTP(op=2, yiaddr='$3', chaddr=mac2str('$2')) /" \
		"DHCP(options=[('message-type', '$4'), ('server_id', '10.1.0.254'), ('lease_time', 3600), 'end'])"
}
macip() { echo "[2]:[0]:[48]:[$1]:[32]:[$2]"; }

check "FRR has evpnd's type-3" wait_until 15 kv_has "[3]:[0]:[32]:[192.0.2.1]"
check "evpnd has FRR's type-3" wait_until 15 ev_has "[3]:[0]:[32]:[192.0.2.2]"
# h1 and h2 learned on both sides (ARP gives 10.1.0.1 / 10.1.0.2 already).
check "h1 -> h2 ping" ping_ok h1 10.1.0.2
check "evpnd: h1 is a local EVPN MAC" wait_until 10 eval '[ "$(ev_mac $H1MAC type)" = local ]'
check "FRR has evpnd's type-2 for h1" wait_until 10 kv_has "[2]:[0]:[48]:[$H1MAC]"
dhcp0=$(counter l2_fwd snoop_dhcp_event)

# 1. The server is h2, behind the FRR VTEP: its ACK to h1 comes through the tunnel.
send h2 "$(dhcp $H2MAC $H1MAC 10.1.0.101 ack)"
check "evpnd shows h1's MAC+IP from the remote server's ACK" wait_until 10 ev_has "$(macip $H1MAC 10.1.0.101)"
check "FRR has h1's MAC+IP from the remote server's ACK" wait_until 10 kv_has "$(macip $H1MAC 10.1.0.101)"
check_eq "DHCP snoop events counted" "$(counter l2_fwd snoop_dhcp_event)" $((dhcp0 + 1))

# 2. The server is local (h1's link), the client a second MAC on the same link: the
# client's DISCOVER teaches evpnd its MAC, the server's ACK its address.
send h1 "Ether(src='$CLIENT', dst='ff:ff:ff:ff:ff:ff') / IP(src='0.0.0.0', dst='255.255.255.255') / UDP(sport=68, dport=67) / BOOTP(chaddr=mac2str('$CLIENT')) / DHCP(options=[('message-type', 'discover'), 'end'])"
check "FRR has the client's type-2 (MAC from its DISCOVER)" wait_until 10 kv_has "[2]:[0]:[48]:[$CLIENT]"
send h1 "$(dhcp $H1MAC $CLIENT 10.1.0.102 ack)"
check "FRR has the client's MAC+IP from the local server's ACK" wait_until 10 kv_has "$(macip $CLIENT 10.1.0.102)"
check "evpnd shows the client's MAC+IP" ev_has "$(macip $CLIENT 10.1.0.102)"

# 3. No route: an ACK for h2 (remote, not ours), an OFFER, a truncated ACK. Then a good
# ACK the same way as each (from h1's link, through the tunnel): once their routes are
# there, the frames sent before them have been seen too.
send h1 "$(dhcp $H1MAC $H2MAC 10.1.0.103 ack)"
send h2 "$(dhcp $H2MAC $H1MAC 10.1.0.104 offer)"
send h2 "Ether(bytes($(dhcp $H2MAC $H1MAC 10.1.0.105 ack))[:14 + 20 + 8 + 240])"
send h1 "$(dhcp $H1MAC $CLIENT 10.1.0.106 ack)"
send h2 "$(dhcp $H2MAC $H1MAC 10.1.0.107 ack)"
for r in "$(macip $CLIENT 10.1.0.106)" "$(macip $H1MAC 10.1.0.107)"; do
	check "FRR has the later good ACK's $r" wait_until 10 kv_has "$r"
	check "evpnd has the later good ACK's $r" ev_has "$r"
done
late=$(macip $H1MAC 10.1.0.107)
for r in "$(macip $H2MAC 10.1.0.103)" "$(macip $H1MAC 10.1.0.104)" "$(macip $H1MAC 10.1.0.105)"; do
	check "no route $r at evpnd" ev_gone "$r" "$late"
	check "no route $r at FRR" kv_gone "$r" "$late"
done
# The dataplane posts the ACK for h2 (only the writer knows h2 is not local), not the
# OFFER or the truncated ACK.
check_eq "DHCP snoop events: the five ACKs" "$(counter l2_fwd snoop_dhcp_event)" $((dhcp0 + 5))
check "h1 -> h2 ping after the DHCP frames" ping_ok h1 10.1.0.2

evctl show bgp l2vpn evpn route
check "evpnd is alive" evpnd_alive
stop_evpnd
it_done
