#!/bin/bash
# bgp_ipv6_test: evpnd's BGP speaker against FRR bgpd over IPv6 transport, IPv6
# unicast routes (MP_REACH_NLRI, AFI 2 SAFI 1). eBGP between 2001:db8:12::1 (evpnd,
# namespace ev) and 2001:db8:12::2 (FRR, namespace frr). Checks: the session
# establishes over IPv6, each side's IPv6 network reaches the other with the
# expected next hop and AS path (compared with FRR's json), `show bgp summary` has a
# section per family whose counts match FRR's, a withdraw from each
# side clears the route on the other, a hard clear reaches FRR as a Cease and one new
# session, a soft clear as a ROUTE-REFRESH per family on the wire, and
# maximum-prefix counts each family on its own (IPv4 routes from FRR over the same
# session do not count against the ipv6 unicast limit; one IPv6 route too many
# tears the session down with Cease/1 naming AFI 2).
. "$(dirname "$0")/lib.sh"
require_root
require_build
require_frr

EV_AS=65000
FRR_AS=65001
EV=2001:db8:12::1
FRR=2001:db8:12::2

ns_add -6 ev frr
veth ev eth0 frr eth0
nsx ev ip -6 addr add $EV/64 dev eth0 nodad
nsx frr ip -6 addr add $FRR/64 dev eth0 nodad
nsx ev ip addr add 192.0.2.1/24 dev eth0 # the IPv4 next hop of FRR's IPv4 routes
nsx frr ip addr add 192.0.2.2/24 dev eth0

evpnd_conf_bgp $EV_AS <<CONF
 neighbor $FRR remote-as $FRR_AS
 neighbor $FRR update-source $EV
 neighbor $FRR timers 3 9
 neighbor $FRR timers connect 2
 address-family ipv4 unicast
  neighbor $FRR maximum-prefix 5
 exit-address-family
 address-family ipv6 unicast
  network 2001:db8:100::/48
  network 2001:db8:101::/48
  neighbor $FRR activate
  neighbor $FRR maximum-prefix 2
 exit-address-family
CONF

frr_conf frr <<CONF
router bgp $FRR_AS
 bgp router-id 198.51.100.2
 bgp log-neighbor-changes
 no bgp ebgp-requires-policy
 no bgp network import-check
 neighbor $EV remote-as $EV_AS
 neighbor $EV timers 3 9
 neighbor $EV timers connect 2
 address-family ipv4 unicast
  network 10.2.0.0/24
  network 10.2.1.0/24
 exit-address-family
 address-family ipv6 unicast
  network 2001:db8:200::/48
  neighbor $EV activate
 exit-address-family
CONF
frr_bgpd frr
# frr_af6 LINE: a configuration line in FRR's address-family ipv6 unicast.
frr_af6() { vty_conf frr "router bgp $FRR_AS" "address-family ipv6 unicast" "$1"; }

start_evpnd ev

established() { ev_established $FRR && frr_established frr $EV; }
wait_until 30 established || bgp_die "session did not establish"
pass "session established over IPv6"
v6neg=$(evctl show bgp neighbors json | json_q "d['$FRR']['ipv6UnicastNegotiated']")
check_eq "ipv6 unicast negotiated" "$v6neg" true

frr_has() { frr_rib_has frr ipv6 "$1"; }
ev_has() { ev_rib_has ipv6 "$1"; }

check "FRR has 2001:db8:100::/48 from evpnd" wait_until 10 eval '[ "$(frr_has 2001:db8:100::/48)" = true ]'
check "FRR has 2001:db8:101::/48 from evpnd" wait_until 10 eval '[ "$(frr_has 2001:db8:101::/48)" = true ]'
check "evpnd has 2001:db8:200::/48 from FRR" wait_until 10 eval '[ "$(ev_has 2001:db8:200::/48)" = true ]'
check "evpnd has FRR's 2 IPv4 routes" wait_until 10 eval \
	'[ "$(evctl show bgp ipv4 unicast json | json_q "len(d[\"routes\"])")" = 2 ]'

# show bgp summary: a section per family, FRR's keys; each side's PfxSnt is the
# other's PfxRcd; the per-family commands print their section alone.
sum_q() { evctl show bgp summary json | json_q "$1"; }
frr_sum() { vty frr "show bgp $1 unicast summary json" | json_q "d['peers']['$EV']['$2']"; }
check_eq "summary families" "$(sum_q "sorted(d)")" '["ipv4Unicast", "ipv6Unicast"]'
for af in ipv4 ipv6; do
	check_eq "$af pfxSnt at evpnd = pfxRcd at FRR" \
		"$(sum_q "d['${af}Unicast']['peers']['$FRR']['pfxSnt']")" "$(frr_sum $af pfxRcd)"
	check_eq "show bgp $af unicast summary json = its section" \
		"$(evctl show bgp $af unicast summary json | json_q "d['peers']['$FRR']['pfxRcd'], d['ribCount']")" \
		"$(sum_q "d['${af}Unicast']['peers']['$FRR']['pfxRcd'], d['${af}Unicast']['ribCount']")"
done
# FRR sends our IPv6 routes back (its PfxSnt 3); we drop them (AS loop): PfxRcd 1.
check_eq "ipv4 pfxRcd at evpnd = pfxSnt at FRR" \
	"$(sum_q "d['ipv4Unicast']['peers']['$FRR']['pfxRcd']")" "$(frr_sum ipv4 pfxSnt)"
check_eq "ipv6 pfxRcd / pfxSnt" "$(sum_q "[d['ipv6Unicast']['peers']['$FRR'][k] for k in ('pfxRcd', 'pfxSnt')]")" '[1, 2]'
check_eq "peer keys FRR has" "$(sum_q "sorted({'remoteAs', 'localAs', 'version', 'msgRcvd', 'msgSent', 'peerUptime', 'peerUptimeMsec', 'pfxRcd', 'pfxSnt', 'state', 'connectionsEstablished', 'connectionsDropped', 'idType'} - set(d['ipv6Unicast']['peers']['$FRR']))")" '[]'
check "text summary has both sections" eval \
	'evctl show bgp summary | grep -q "^IPv4 Unicast Summary:" && evctl show bgp summary | grep -q "^IPv6 Unicast Summary:"'

# What FRR shows for our route must be what we sent.
frr_route() { vty frr "show bgp ipv6 unicast 2001:db8:100::/48 json"; }
nh=$(frr_route | json_q "d['paths'][0]['nexthops'][0]['ip']")
check_eq "FRR next hop of 2001:db8:100::/48" "$nh" $EV
path=$(frr_route | json_q "d['paths'][0]['aspath']['string']")
check_eq "FRR AS path of 2001:db8:100::/48" "$path" "$EV_AS"
ev_route() { evctl show bgp ipv6 unicast json | json_q "d['routes']['2001:db8:200::/48'][0]$1"; }
check_eq "evpnd AS path of 2001:db8:200::/48" "$(ev_route "['path']")" "$FRR_AS"
check_eq "evpnd next hop of 2001:db8:200::/48" "$(ev_route "['nexthops'][0]['ip']")" $FRR
check_eq "evpnd peer of 2001:db8:200::/48" "$(ev_route "['peerId']")" $FRR
evctl show bgp ipv6 unicast | grep -q "2001:db8:200::/48" || fail "text table lacks 2001:db8:200::/48"

# Withdraw on the FRR side (MP_UNREACH_NLRI), and back.
frr_af6 "no network 2001:db8:200::/48"
check "withdraw of 2001:db8:200::/48 reaches evpnd" wait_until 10 eval '[ "$(ev_has 2001:db8:200::/48)" = false ]'
frr_af6 "network 2001:db8:200::/48"
check "2001:db8:200::/48 announced again" wait_until 10 eval '[ "$(ev_has 2001:db8:200::/48)" = true ]'

# Hard clear from evpnd: FRR gets a Cease, drops our routes, then learns them again
# over one new session.
clear_hard_checked frr $FRR $EV
check "session re-established after clear" wait_until 30 established
check "FRR has 2001:db8:100::/48 again" wait_until 10 eval '[ "$(frr_has 2001:db8:100::/48)" = true ]'
# Soft: a ROUTE-REFRESH for each family over the IPv6 session, which stays up.
clear_soft_checked frr $FRR $EV ev eth0 "1/1 2/1"
check "still established after soft clear" established
check "evpnd has 2001:db8:200::/48 after soft clear" wait_until 10 eval '[ "$(ev_has 2001:db8:200::/48)" = true ]'

# maximum-prefix 2 in ipv6 unicast: 2 IPv4 + 2 IPv6 routes keep the session up.
nbr() { evctl show bgp neighbors json | json_q "d['$FRR']$1"; }
v6_pfx() { nbr "['ipv6PfxRcd']"; }
last_reset() { nbr "['lastResetDueTo']"; }
frr_af6 "network 2001:db8:201::/48"
check "2 IPv6 routes from FRR (at the limit)" wait_until 10 eval '[ "$(v6_pfx)" = 2 ]'
check_eq "IPv4 routes from FRR" "$(nbr "['pfxRcd']")" 2
check "still established at the limit" established
frr_af6 "network 2001:db8:202::/48"
check "a 3rd IPv6 route tears the session down" wait_until 10 eval \
	'last_reset | grep -q "maximum-prefix exceeded"'
# RFC 4486: Cease/1 with AFI 2, SAFI 1 and the limit (00 02 01 00 00 00 02).
check "FRR got Cease/1 for AFI 2 SAFI 1, limit 2" wait_until 5 \
	grep -q "Cease/Maximum Number of Prefixes Reached) 7 bytes 00 02 01 00 00 00 02" "$(frr_dir frr)/bgpd.log"
check "FRR drops our routes" wait_until 15 eval '[ "$(frr_has 2001:db8:100::/48)" = false ]'
stop_evpnd
it_done
