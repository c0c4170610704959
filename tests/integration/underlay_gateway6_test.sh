#!/bin/bash
# underlay_gateway6_test: underlay_gateway_test.sh over an IPv6 underlay: the gateway
# resolved by ND, its new MAC announced by an unsolicited NA.
UNDERLAY_GW_V6=1
# shellcheck source=underlay_gateway_test.sh
. "$(dirname "$0")/underlay_gateway_test.sh"
