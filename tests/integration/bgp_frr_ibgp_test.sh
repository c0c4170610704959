#!/bin/bash
# bgp_frr_ibgp_test: bgp_frr_test.sh with BGP_MODE=ibgp.
exec env BGP_MODE=ibgp "$(dirname "$0")/bgp_frr_test.sh" "$@"
