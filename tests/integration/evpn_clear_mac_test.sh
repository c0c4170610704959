#!/bin/bash
# evpn_clear_mac_test: `evpnctl clear mac` on an EVPN VTEP withdraws the type-2 routes
# of the MACs it forgets, as aging does. Lab in evpn_lab.sh (FRR route reflector, FRR +
# kernel VTEP kv); MACs do not age here (mac-aging-time 300).
#
# Checks: h1 talks, so FRR (kv) has evpnd's MAC and MAC+IP type-2 routes for it; after
# `clear mac bd 100` (h1 silent: permanent neighbour entries) both are gone at kv, while
# kv's own type-2 for h2 stays (the query works) and evpnd still shows h2 remote; h1
# gone from evpnd's dataplane and EVPN tables; h1 talks again: learned and advertised
# again. `clear mac` without a bridge domain does the same.
# shellcheck disable=SC2016 # eval'd checks in single quotes
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=evpn_lab.sh
. "$(dirname "$0")/evpn_lab.sh"
evpn_lab_require
evpn_lab_up

# kv_t2: the type-2 prefixes in kv's BGP table, whole, one a line (FRR 8: RD -> prefix).
kv_t2() {
	vty kv "show bgp l2vpn evpn route type macip json" |
		json_q "'\n'.join(sorted(k for rd, v in d.items() if isinstance(v, dict) for k in v if k.startswith('[2]')))"
}
# kv_t2_is PREFIX yes|no: the query worked, and PREFIX is (yes) or is not (no) there.
kv_t2_is() {
	local t2
	t2=$(kv_t2) || return 1
	if grep -qxF "$1" <<<"$t2"; then [ "$2" = yes ]; else [ "$2" = no ]; fi
}
kv_t2_has() { kv_t2_is "$1" yes; }
kv_t2_gone() { kv_t2_is "$1" no; }
T2_H1="[2]:[0]:[48]:[$H1MAC]"
T2_H1IP="[2]:[0]:[48]:[$H1MAC]:[32]:[10.1.0.1]"
T2_H2="[2]:[0]:[48]:[$H2MAC]"
# dp_has MAC true|false: evpnd's `show mac` answered, with (true) or without MAC.
dp_has() { [ "$(evctl show mac json | json_q "any(m['mac'] == '$1' for m in d)")" = "${2:-true}" ]; }
dp_type() { evctl show mac json | json_q "[m['type'] for m in d if m['mac'] == '$1']"; }

# talk WHEN: h1 and h2 talk (h1's ARP gives its MAC+IP route), then keep quiet:
# permanent neighbour entries, so no ARP probe re-teaches evpnd h1's MAC after a clear.
talk() {
	nsx h1 ip neigh del 10.1.0.2 dev eth0 2>/dev/null || true
	nsx h2 ip neigh del 10.1.0.1 dev eth0 2>/dev/null || true
	check "h1 -> h2 ping ($1)" ping_ok h1 10.1.0.2
	nsx h1 ip neigh replace 10.1.0.2 lladdr $H2MAC dev eth0 nud permanent
	nsx h2 ip neigh replace 10.1.0.1 lladdr $H1MAC dev eth0 nud permanent
	check "FRR has evpnd's MAC type-2 for h1 ($1)" wait_until 15 kv_t2_has "$T2_H1"
	check "FRR has evpnd's MAC+IP type-2 for h1 ($1)" wait_until 10 kv_t2_has "$T2_H1IP"
	check "FRR has its own type-2 for h2 ($1)" kv_t2_has "$T2_H2"
	check "evpnd: h1 local in the dataplane ($1)" dp_has $H1MAC
	check "evpnd: h2 remote in the dataplane ($1)" wait_until 10 dp_has $H2MAC
}
talk "before the clear"

# clear_and_check WORDS...: `evpnctl WORDS`, then h1's routes are withdrawn at kv.
clear_and_check() {
	check "evpnctl $*" evctl "$@"
	check "h1 gone from evpnd's dataplane ($*)" wait_until 5 dp_has $H1MAC false
	check "evpnd: h1 gone from the EVPN MAC table ($*)" \
		wait_until 5 eval '[ "$(ev_mac $H1MAC type)" = None ]'
	check "h1's MAC type-2 withdrawn at FRR ($*)" wait_until 10 kv_t2_gone "$T2_H1"
	check "h1's MAC+IP type-2 withdrawn at FRR ($*)" wait_until 5 kv_t2_gone "$T2_H1IP"
	# The query that found them gone still shows what must be there.
	check "FRR still has its type-2 for h2 ($*)" kv_t2_has "$T2_H2"
	check_eq "evpnd: h2 still remote ($*)" "$(dp_type $H2MAC)" '["remote"]'
}
clear_and_check clear mac bd 100

# h1 talks again: learned and advertised again, then cleared with every bridge domain.
talk "after the clear"
clear_and_check clear mac

vty kv "show bgp l2vpn evpn route type macip"
check "evpnd is alive" evpnd_alive
stop_evpnd
it_done
