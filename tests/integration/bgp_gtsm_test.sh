#!/bin/bash
# bgp_gtsm_test: TTL security (GTSM, RFC 5082), "neighbor X ttl-security hops 1".
# bgp_speaker.py connects from the peer's namespace:
#   with TTL 254 (as from one router further): evpnd's kernel drops the SYN for its
#   TTL (TcpExtTCPMinTTLDrop counts it), no connection, never Established;
#   with TTL 255: the session comes up, and everything evpnd sends on it has TTL 255
#   (checked on the wire), its SYN-ACK included;
# then FRR bgpd with "ttl-security hops 1" connects to evpnd (passive): FRR's socket
# refuses TTLs below 255 too, so the session comes up only if evpnd's SYN-ACK, sent
# from the listening socket, has TTL 255 (it had 64 before).
. "$(dirname "$0")/lib.sh"
require_root
require_build
require_cmd tshark dumpcap
require_frr

lab_ev_peer peer
evpnd_conf_bgp 65000 <<CONF
 neighbor 192.0.2.2 remote-as 65002
 neighbor 192.0.2.2 passive
 neighbor 192.0.2.2 ttl-security hops 1
CONF
start_evpnd ev
cap_start bgp peer eth0 "tcp port 179"

minttl_drops() {
	nsx ev nstat -az TcpExtTCPMinTTLDrop | awk '$1 == "TcpExtTCPMinTTLDrop" { print $2 }'
}
nbr() { evctl show bgp neighbors 192.0.2.2 json | json_q "d['192.0.2.2']['$1']"; }
# speak TTL SECONDS: the speaker from 192.0.2.2 (connect attempts for 3 s at most).
speak() {
	nsx peer env BGP_TTL="$1" BGP_CONNECT_S=3 "$PY" "$IT_DIR/bgp_speaker.py" \
		192.0.2.2 192.0.2.1 65002 192.0.2.2 9 4 "$2" >"$WORK/ttl$1.out" 2>&1
}

drops0=$(minttl_drops)
check "TTL 254: no connection" eval '! speak 254 1 && grep -q "no connection" "$WORK/ttl254.out"'
check "TTL 254: evpnd's kernel dropped the SYNs for their TTL" \
	eval '[ "$(minttl_drops)" -gt "$drops0" ]'
log "TcpExtTCPMinTTLDrop in evpnd's namespace: $drops0 -> $(minttl_drops)"
check_eq "TTL 254: evpnd's state (the query works, the session is not up)" "$(nbr bgpState)" Active
check_eq "TTL 254: established connections" "$(nbr connectionsEstablished)" 0

speak 255 4 &
SPEAKER=$!
check "TTL 255: the session comes up" wait_until 10 ev_established 192.0.2.2
wait "$SPEAKER" || true
check "TTL 255: the speaker got evpnd's OPEN" grep -q "^OPEN" "$WORK/ttl255.out"
cap_stop bgp

from_ev="ip.src == 192.0.2.1 && tcp.srcport == 179"
sent=$(tsh_count bgp "$from_ev")
log "packets from evpnd's BGP socket: $sent, with TTL 255: $(tsh_count bgp "$from_ev && ip.ttl == 255")"
check "evpnd's packets captured (SYN-ACK, OPEN, KEEPALIVEs...)" eval '[ "$sent" -ge 3 ]'
check_eq "every one with TTL 255" "$(tsh_count bgp "$from_ev && ip.ttl != 255")" 0
check "the TTL 254 SYNs are on the wire" \
	eval '[ "$(tsh_count bgp "ip.src == 192.0.2.2 && ip.ttl == 254 && tcp.flags.syn == 1")" -ge 1 ]'
check_eq "  and never answered (no ACK from the speaker at TTL 254)" \
	"$(tsh_count bgp "ip.src == 192.0.2.2 && ip.ttl == 254 && tcp.flags.ack == 1")" 0

check_eq "  evpnd's SYN-ACK among them" \
	"$(tsh_count bgp "$from_ev && ip.ttl == 255 && tcp.flags.syn == 1 && tcp.flags.ack == 1")" 1

frr_conf peer <<CONF
router bgp 65002
 bgp router-id 192.0.2.2
 no bgp ebgp-requires-policy
 neighbor 192.0.2.1 remote-as 65000
 neighbor 192.0.2.1 timers connect 2
 neighbor 192.0.2.1 ttl-security hops 1
CONF
frr_bgpd peer
established() { ev_established 192.0.2.2 && frr_established peer 192.0.2.1; }
check "FRR with ttl-security hops 1 connects to evpnd: Established" wait_until 30 established
check_eq "FRR opened the connection (its remote port, evpnd is passive)" \
	"$(vty peer "show bgp neighbors 192.0.2.1 json" | json_q "d['192.0.2.1']['portForeign']")" 179

stop_evpnd
it_done
