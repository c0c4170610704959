#!/bin/bash
# bgp_frr_md5_test: bgp_frr_test.sh with BGP_MD5=1.
exec env BGP_MD5=1 "$(dirname "$0")/bgp_frr_test.sh" "$@"
