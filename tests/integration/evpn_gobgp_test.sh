#!/bin/bash
# evpn_gobgp_test: evpn_frr_test with gobgpd as the route reflector between evpnd and
# the FRR + kernel VXLAN VTEP (GoBGP reflects EVPN routes it does not resolve).
export EVPN_RR=gobgp
# shellcheck source=evpn_frr_test.sh
. "$(dirname "$0")/evpn_frr_test.sh"
