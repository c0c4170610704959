#!/bin/bash
# evpn_pinned_test: a MAC that duplicate detection froze behind a remote VTEP stays
# there in evpnd's dataplane when the host shows up locally; thawed, it moves again.
# cp/evpn/evpn_mac.c alone decides (it pins the dataplane entry), the writer obeys.
#
#   rr  gobgpd 10.0.0.3, route reflector, evpnd its client; remote VTEPs 192.0.2.11
#       and .12 are only routes injected there (in evpnd's connected underlay subnet)
#   ev  evpnd 10.0.0.1, VNI 100 in bridge domain 100 on host0; h1 behind host0 sends
#       frames from MAC F (raw, EtherType 0x88b5) when the test says so
#
# Five moves of F inside zebra's 180 s window, the last one from .12 to .11 (both at
# sequence 0: the lower address wins): 1 local (a frame; evpnd advertises sequence 1
# and gobgpd, as a VTEP does, withdraws its own older route), 2 remote (`clear mac`
# here, the route from .12 again), 3 local, 4 remote, 5 remote .12 -> .11: duplicate,
# frozen behind .11. A frame from F then must not move it (before the fix the
# dataplane switched it to local by itself although EVPN had frozen it).
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=evpn_lab.sh
. "$(dirname "$0")/evpn_lab.sh"
require_root
require_build
require_cmd gobgpd gobgp

F=02:f0:00:00:00:0f

evpn_lab_gobgp_net h1
veth ev h0 h1 eth0
host h1 eth0 10.1.0.1/24 $H1MAC

evpnd_conf_vtep net_null0,no-rx=1 192.0.2.1/24 h0 <<EOF
bridge-domain 100
 vni 100
 member host0 untagged
$(evpnd_evpn_bgp 10.0.0.3)
EOF
evpn_lab_gobgp_start

inject() { t2 add $F "$1" || fail "gobgp: F behind $1"; }
# A frame from F on host0, as a host that moved here sends.
from_f() {
	nsx h1 python3 -c 'import socket, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("eth0", 0))
s.send(bytes.fromhex("ffffffffffff" + sys.argv[1].replace(":", "") + "88b5") + bytes(46))' $F
}
# The dataplane's entry for F: [type, remote VTEP] (empty list: none).
dp_f() { evctl show mac json | json_q "[(m['type'], m.get('remoteVtep')) for m in d if m['mac'] == '$F']"; }
dp_is() { [ "$(dp_f)" = "$1" ]; }
ev_f() { ev_mac $F "$1"; }
# Sends frames from F until the dataplane has it local (a frame may arrive before the
# remote entry is in place).
f_local() { from_f; dp_is '[["local", null]]'; }
moves() { [ "$(ev_f detectionCount)" = "$1" ]; }

inject 192.0.2.12
check "F remote behind .12" wait_until 10 dp_is '[["remote", "192.0.2.12"]]'
check "move 1 (local): dataplane has F local" wait_until 10 f_local
check "move 1 counted" wait_until 5 moves 1
evctl clear mac >/dev/null
inject 192.0.2.12
check "move 2 (remote, F flushed here): F behind .12 again" wait_until 10 dp_is '[["remote", "192.0.2.12"]]'
check "move 2 counted" wait_until 5 moves 2
check "move 3 (local): dataplane has F local" wait_until 10 f_local
check "move 3 counted" wait_until 5 moves 3
evctl clear mac >/dev/null
inject 192.0.2.12
check "move 4 (remote): F behind .12" wait_until 10 dp_is '[["remote", "192.0.2.12"]]'
check "move 4 counted" wait_until 5 moves 4
check_eq "not a duplicate yet" "$(ev_f isDuplicate)" false
inject 192.0.2.11
check "move 5 (.12 -> .11): frozen" wait_until 10 eval '[ "$(ev_f isFrozen)" = true ]'
check "frozen behind .11: the dataplane entry is pinned" \
	wait_until 5 dp_is '[["remote-pinned", "192.0.2.11"]]'
check_eq "show mac json: pinned" \
	"$(evctl show mac json | json_q "[m['pinned'] for m in d if m['mac'] == '$F']")" '[true]'

# The host shows up here: frozen, it must not move. The worker counts each frame.
seen0=$(counter l2_fwd static_mac_seen_elsewhere)
for _ in 1 2 3; do from_f; done
seen() { [ "$(counter l2_fwd static_mac_seen_elsewhere)" -ge $((seen0 + 3)) ]; }
check "the frames from F reached the worker (l2_fwd static_mac_seen_elsewhere)" wait_until 5 seen
check_eq "frozen: F stays behind .11 in the dataplane" "$(dp_f)" '[["remote-pinned", "192.0.2.11"]]'
check_eq "frozen: evpnd does not advertise F" "$(ev_f advertised)" false

# Thawed: programmed again, unpinned; the next frame moves it here and it is advertised.
check_eq "clear evpn dup-addr" "$(evctl clear evpn dup-addr)" "Cleared 1 duplicate MAC"
check "thawed: F behind .11, not pinned" wait_until 5 dp_is '[["remote", "192.0.2.11"]]'
check "thawed: a frame moves F here" wait_until 10 f_local
check "thawed: evpnd advertises F" wait_until 5 eval '[ "$(ev_f advertised)" = true ]'

check "evpnd is alive" evpnd_alive
stop_evpnd
it_done
