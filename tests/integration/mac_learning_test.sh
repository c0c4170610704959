#!/bin/bash
# mac_learning_test: local switching between an untagged and an 802.1Q-tagged access
# port of one bridge domain, MAC learning on both (port and VLAN shown by show mac),
# and aging: silent MACs leave the table after mac-aging-time.
#
#   ha 10.1.0.1 (untagged) --- [host0  evpnd  host1 vlan 10] --- hb eth0.10 10.1.0.2
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

require_root
require_cmd ping
require_build

AGING=3
HAMAC=02:00:00:01:00:01
HBMAC=02:00:00:01:00:02
ns_add ev ul ha hb
veth ev ul0 ul ul 1600
veth ev h0 ha eth0
veth ev h1 hb eth0
host ha eth0 10.1.0.1/24 $HAMAC
host_vlan hb eth0 10 10.1.0.2/24 $HBMAC

evpnd_conf_vtep net_af_packet0,iface=ul0 192.0.2.1/24 h0 h1 <<EOF
bridge-domain 100
 vni 100
 mac-aging-time $AGING
 member host0 untagged
 member host1 vlan 10
EOF
start_evpnd ev

# mac_entry MAC FIELDS: "type port vlan" of MAC in bridge domain 100, or "none".
mac_entry() {
	evctl show mac bd 100 json | json_q "next((' '.join(str(m.get(k)) for k in
		('type', 'port', 'vlan')) for m in d if m['mac'] == '$1'), 'none')"
}
mac_gone() { [ "$(mac_entry "$1")" = none ]; }

check "ha (untagged) -> hb (vlan 10) ping" ping_ok ha 10.1.0.2
check "hb (vlan 10) -> ha (untagged) ping" ping_ok hb 10.1.0.1
check_eq "ha learned on host0, untagged" "$(mac_entry $HAMAC)" "local host0 0"
check_eq "hb learned on host1, vlan 10" "$(mac_entry $HBMAC)" "local host1 10"
if evctl show mac bd 100 | grep -i "$HBMAC" | grep -qw 10; then
	pass "show mac (text) shows hb with VLAN 10"
else
	fail "show mac (text) does not show hb with VLAN 10: $(evctl show mac bd 100)"
fi
check_eq "show bridge-domain: aging time" \
	"$(evctl show bridge-domain json | json_q "[b['macAgingTime'] for b in d if b['bridgeDomain'] == 100][0]")" $AGING
check_eq "show bridge-domain: 2 local MACs" \
	"$(evctl show bridge-domain json | json_q "[b['localMacs'] for b in d if b['bridgeDomain'] == 100][0]")" 2

# Silence: permanent neighbour entries, so the hosts send no ARP probe from now on.
nsx ha ip neigh replace 10.1.0.2 lladdr $HBMAC dev eth0 nud permanent
nsx hb ip neigh replace 10.1.0.1 lladdr $HAMAC dev eth0.10 nud permanent
t0=$(date +%s)
sleep 1
check_eq "ha still known 1 s into the silence" "$(mac_entry $HAMAC)" "local host0 0"
if wait_until $((AGING + 5)) mac_gone $HAMAC && wait_until 2 mac_gone $HBMAC; then
	pass "both MACs aged out after $(($(date +%s) - t0)) s of silence (aging $AGING s)"
else
	fail "MACs still there $(($(date +%s) - t0)) s into the silence: $(evctl show mac bd 100)"
fi

# Traffic again: learned again.
check "ha -> hb ping after aging" ping_ok ha 10.1.0.2
check_eq "ha learned again" "$(mac_entry $HAMAC)" "local host0 0"
check_eq "hb learned again" "$(mac_entry $HBMAC)" "local host1 10"

check "evpnd is alive" evpnd_alive
stop_evpnd
it_done
