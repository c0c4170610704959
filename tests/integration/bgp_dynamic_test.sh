#!/bin/bash
# bgp_dynamic_test: dynamic neighbors and TTL security (GTSM). evpnd is a route
# reflector for `bgp listen range 192.0.2.0/24 peer-group RR` with
# `ttl-security hops 1`; two FRR clients on one bridge connect to it (FRR sends
# iBGP with TTL 255; its own ttl-security would want zebra for next hop tracking). Checks: both sessions come up as dynamic neighbors, each client
# gets the other's route reflected, a client that stops is removed from the peer
# table; a connection with TTL 64 is dropped (GTSM on the listening socket), the
# same with TTL 255 has its OPEN answered, an address outside the range is refused.
. "$(dirname "$0")/lib.sh"
require_root
require_build
require_frr

AS=65000
ns_add ev c1 c2 raw
ul_switch ev
for c in c1 c2 raw; do
	veth ev "p-$c" "$c" eth0
	ul_plug ev "p-$c"
done
nsx ev ip addr add 192.0.2.1/24 dev br-ul
nsx ev ip addr add 198.18.0.1/24 dev br-ul
nsx c1 ip addr add 192.0.2.11/24 dev eth0
nsx c2 ip addr add 192.0.2.12/24 dev eth0
nsx raw ip addr add 192.0.2.13/24 dev eth0
nsx raw ip addr add 198.18.0.13/24 dev eth0

evpnd_conf_bgp $AS <<CONF
 neighbor RR peer-group
 neighbor RR remote-as $AS
 neighbor RR timers 3 9
 neighbor RR ttl-security hops 1
 bgp listen range 192.0.2.0/24 peer-group RR
 address-family ipv4 unicast
  neighbor RR route-reflector-client
  network 10.1.0.0/24
 exit-address-family
CONF

# frr NAME ROUTER_ID NETWORK: an FRR client of evpnd in namespace NAME.
frr() {
	frr_conf "$1" <<CONF
router bgp $AS
 bgp router-id $2
 no bgp network import-check
 neighbor 192.0.2.1 remote-as $AS
 neighbor 192.0.2.1 timers 3 9
 neighbor 192.0.2.1 timers connect 1
 address-family ipv4 unicast
  network $3
 exit-address-family
CONF
	frr_bgpd "$1"
}

start_evpnd ev
frr c1 198.51.100.11 10.11.0.0/24
frr c2 198.51.100.12 10.12.0.0/24

wait_until 30 ev_established 192.0.2.11 192.0.2.12 || bgp_die "dynamic sessions did not establish"
pass "both clients established through the listen range"
check_eq "192.0.2.11 is a dynamic neighbor" \
	"$(evctl show bgp summary json | json_q "d['ipv4Unicast']['peers']['192.0.2.11']['dynamicPeer']")" true

frr_has() { frr_rib_has "$1" ipv4 "$2"; }
check "c2 has 10.11.0.0/24 (reflected)" wait_until 10 eval '[ "$(frr_has c2 10.11.0.0/24)" = true ]'
check "c1 has 10.12.0.0/24 (reflected)" wait_until 10 eval '[ "$(frr_has c1 10.12.0.0/24)" = true ]'
check "c1 has evpnd's 10.1.0.0/24" wait_until 10 eval '[ "$(frr_has c1 10.1.0.0/24)" = true ]'

# GTSM: an OPEN from 192.0.2.13 with TTL 64 is dropped by the kernel (IP_MINTTL
# 255), so evpnd never answers it with a KEEPALIVE; with TTL 255 it does.
open_with_ttl() {
	ip netns exec "$PFX-raw" "$PY" - "$1" "$2" <<'PY'
import socket, struct, sys, time
src, ttl = sys.argv[1], int(sys.argv[2])
s = socket.socket()
s.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, ttl)
s.bind((src, 0))
s.settimeout(4)
try:
    s.connect(("192.0.2.1", 179))
except OSError:
    print("no connection")  # the SYN itself dropped by the listener's IP_MINTTL
    sys.exit(0)
body = struct.pack("!BHH4sB", 4, 65000, 9, socket.inet_aton(src), 0)
s.sendall(b"\xff" * 16 + struct.pack("!HB", 19 + len(body), 1) + body)
got, deadline = b"", time.time() + 4
try:
    while time.time() < deadline:
        d = s.recv(4096)
        if not d:
            break
        got += d
        # walk the messages: a KEEPALIVE (type 4) means our OPEN was taken
        i = 0
        while i + 19 <= len(got):
            n = struct.unpack("!H", got[i + 16:i + 18])[0]
            if got[i + 18] == 4:
                print("keepalive")
                sys.exit(0)
            i += max(n, 19)
except (socket.timeout, ConnectionResetError):
    pass
print("silence")
PY
}
# Every neighbor here has ttl-security, so the listener itself has IP_MINTTL: the
# SYN with TTL 64 is already dropped.
check_eq "connection with TTL 64 dropped (GTSM)" "$(open_with_ttl 192.0.2.13 64)" "no connection"
check_eq "OPEN with TTL 255 is answered" "$(open_with_ttl 192.0.2.13 255)" keepalive
check "outside the listen range: refused and logged" eval \
	'open_with_ttl 198.18.0.13 255 >/dev/null; grep -q "connection from 198.18.0.13 refused: not a neighbor" "$EV_LOG"'

# A client that stops: its dynamic neighbor goes away, its route too.
frr_kill c2 TERM
check "c2's dynamic neighbor removed" wait_until 20 eval '[ "$(ev_bgp_state 192.0.2.12)" = none ]'
check "c1 lost 10.12.0.0/24" wait_until 10 eval '[ "$(frr_has c1 10.12.0.0/24)" = false ]'
check_eq "c1 still established" "$(ev_bgp_state 192.0.2.11)" Established

evctl show bgp summary
stop_evpnd
it_done
