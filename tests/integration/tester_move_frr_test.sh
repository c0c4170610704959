#!/bin/bash
# tester_move_frr_test: tester_move_test with a Linux kernel VXLAN VTEP driven by FRR 8.4
# (zebra + bgpd, advertise-all-vni) as the device under test: the move is zebra's FDB
# entry following the type-2 with the higher MAC mobility sequence.
# shellcheck source=tester_move_test.sh
TESTER_DUT=frr
. "$(dirname "$0")/tester_move_test.sh"
