#!/bin/bash
# evpn_relay_test: evpn_rr_test.sh's lab with eBGP: evpnd (AS 65000) as a spine
# between FRR VTEPs of AS 65001 and 65002, relaying EVPN routes with our AS
# prepended and the next hop (the originating VTEP) unchanged.
EVPN_RELAY_EBGP=1
# shellcheck source=evpn_rr_test.sh
. "$(dirname "$0")/evpn_rr_test.sh"
