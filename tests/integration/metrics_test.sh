#!/bin/bash
# metrics_test: evpnd's Prometheus endpoint, scraped and parsed with Prometheus' own
# parser (python3-prometheus-client), against what evpnctl shows at the same time: the
# gobgpd session is up (neighbor_up 1, state 6, messages and accepted prefixes as `show
# bgp` counts them), a MAC injected over BGP counts as remote, pings through evpnd
# count on host0 (between two `show port` readings), VXLAN frames of an unknown VNI
# move evpnd_dp_drops_total{vxlan_decap,unknown_vni} by exactly the number sent. The
# HTTP side: 404 for another path, a silent client does not hold up evpnctl or
# another scrape.
#
#   h1 10.1.0.1 --- [host0  evpnd  uplink0] 192.0.2.1 ---- 192.0.2.2 [kernel VTEP kv + scapy] --- h2 10.1.0.2
#                   evpnd mgmt0 10.0.0.1 --(fab: br-mg)-- 10.0.0.3 gobgpd (rr)
# shellcheck disable=SC2016 # eval strings in single quotes, expanded when run
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=evpn_lab.sh
. "$IT_DIR/evpn_lab.sh"

require_root
require_cmd ping curl gobgpd gobgp
require_scapy
require_build
"$PY" -c 'import prometheus_client.parser' 2>/dev/null ||
	skip "python3-prometheus-client is not installed"

PORT=9441
URL=http://127.0.0.1:$PORT/metrics

lab_ev_kv 192.0.2.2/24 192.0.2.1
ns_add fab rr
ul_switch fab br-mg
mgmt_plug ev mgmt0 10.0.0.1/24
mgmt_plug rr eth0 10.0.0.3/24

evpnd_conf_vtep net_af_packet0,iface=ul0 192.0.2.1/24 h0 <<CONF
bridge-domain 100
 vni 100
 member host0 untagged
 flood-vtep 192.0.2.2
metrics
 listen 127.0.0.1 $PORT
$(evpnd_evpn_bgp 10.0.0.3)
CONF
evpn_lab_rr_gobgp 10.0.0.1
start_evpnd ev
wait_until 30 ev_established 10.0.0.3 || bgp_die "evpnd session with gobgpd did not come up"
wait_until 10 vteps_resolved 1 || die "evpnd did not resolve VTEP 192.0.2.2"
check "evpnd logs where the endpoint listens" grep -q "metrics endpoint on $URL" "$EV_LOG"

# scrape: $WORK/m.json; m KEY: a sample's value (None when absent).
scrape() { nsx ev "$PY" "$IT_DIR/metrics_scrape.py" "$URL" >"$WORK/m.json"; }
m() { json_q "d['samples'].get('$1')" <"$WORK/m.json"; }
# int VALUE: a float sample as an integer ("7.0" -> 7).
int() { printf '%.0f' "$1"; }

t2 add 02:00:00:aa:00:01 192.0.2.2
check "evpnd has the injected MAC" wait_until 10 eval \
	'evctl show mac bd 100 json | grep -q 02:00:00:aa:00:01'

scrape
check_eq "the text parses and follows the conventions" "$(json_q "d['errors']" <"$WORK/m.json")" "[]"
check "more than 30 families" [ "$(json_q "d['families']" <"$WORK/m.json")" -gt 30 ]

# BGP, against show bgp neighbors/summary json
nb=$(evctl show bgp neighbors json)
check_eq "neighbor_up" "$(m 'evpnd_bgp_neighbor_up{neighbor=10.0.0.3}')" 1.0
check_eq "neighbor_state (Established)" "$(m 'evpnd_bgp_neighbor_state{neighbor=10.0.0.3}')" 6.0
opens=$(echo "$nb" | json_q "d['10.0.0.3']['connectionsEstablished']")
check_eq "established_total = connectionsEstablished" \
	"$(int "$(m 'evpnd_bgp_neighbor_established_total{neighbor=10.0.0.3}')")" "$opens"
upd=$(echo "$nb" | json_q "d['10.0.0.3']['updatesRcvd']")
check_eq "UPDATEs received = updatesRcvd" \
	"$(int "$(m 'evpnd_bgp_messages_received_total{neighbor=10.0.0.3,type=update}')")" "$upd"
pfx=$(evctl show bgp l2vpn evpn summary json | json_q "d['peers']['10.0.0.3']['pfxRcd']")
check "gobgp's route is accepted ($pfx)" [ "$pfx" -ge 1 ]
check_eq "prefixes_accepted{l2vpn_evpn} = pfxRcd" \
	"$(int "$(m 'evpnd_bgp_prefixes_accepted{afi_safi=l2vpn_evpn,neighbor=10.0.0.3}')")" "$pfx"
check_eq "no ipv4 unicast sample for a neighbor without it" \
	"$(m 'evpnd_bgp_prefixes_accepted{afi_safi=ipv4_unicast,neighbor=10.0.0.3}')" None
up=$(m 'evpnd_bgp_neighbor_uptime_seconds{neighbor=10.0.0.3}')
check "uptime is positive ($up)" "$PY" -c "import sys; sys.exit(not 0 < $up < 60)"
check_eq "no withdrawal yet" "$(m 'evpnd_bgp_withdrawn_prefixes_received_total{neighbor=10.0.0.3}')" 0.0
check_eq "remote MACs of VNI 100" "$(m 'evpnd_vni_macs{bd=100,type=remote,vni=100}')" 1.0
check_eq "flood list of VNI 100" "$(m 'evpnd_vni_flood_vteps{bd=100,vni=100}')" 1.0

# Ports: pings through evpnd, host0's rx between two `show port` readings.
rx_host0() { evctl show port json | json_q "[p['rxPackets'] for p in d if p['name'] == 'host0'][0]"; }
before=$(rx_host0)
check "h1 -> h2: 5 pings" nsx h1 ping -q -c 5 -i 0.2 -W 1 -w 10 10.1.0.2
scrape
after=$(rx_host0)
rx=$(int "$(m 'evpnd_port_rx_packets_total{port=host0}')")
check "rx_packets{host0} ($rx) >= before + 5 ($before + 5)" [ "$rx" -ge $((before + 5)) ]
check "rx_packets{host0} ($rx) <= show port after ($after)" [ "$rx" -le "$after" ]
check "tx_packets{host0} counts the replies" \
	[ "$(int "$(m 'evpnd_port_tx_packets_total{port=host0}')")" -ge 5 ]
check "host0's link is up" [ "$(m 'evpnd_port_link_up{port=host0}')" = 1.0 ]
check "l2_fwd ran" [ "$(int "$(m 'evpnd_node_packets_total{node=l2_fwd}')")" -ge 5 ]
check "local MAC of h1 counted" [ "$(int "$(m 'evpnd_vni_macs{bd=100,type=local,vni=100}')")" -ge 1 ]

# A drop counter moves by exactly the malformed frames sent.
DROP='evpnd_dp_drops_total{node=vxlan_decap,reason=unknown_vni}'
d0=$(int "$(m "$DROP")")
cat >"$WORK/unknown_vni.py" <<'PY'
import os
from scapy.all import Ether, IP, UDP, VXLAN, Raw, conf, sendp
conf.verb = 0
inner = Ether(dst="02:00:00:01:00:01", src="02:00:00:01:00:02") / Raw(b"x" * 46)
p = Ether(dst=os.environ["EVMAC"]) / IP(src="192.0.2.2", dst="192.0.2.1") / UDP(
    sport=40000, dport=4789) / VXLAN(vni=4242) / inner
sendp([p] * 7, iface="ul")
PY
nsx kv env EVMAC="$(port_mac uplink0)" "$PY" "$WORK/unknown_vni.py"
shown() { counter vxlan_decap unknown_vni; }
check "show stats counts the 7 frames" wait_until 5 eval '[ "$(shown)" -eq $((d0 + 7)) ]'
scrape
check_eq "$DROP moved by 7" "$(int "$(m "$DROP")")" $((d0 + 7))
check_eq "$DROP = show stats" "$(int "$(m "$DROP")")" "$(shown)"
t2 del 02:00:00:aa:00:01 192.0.2.2
check "the injected MAC is withdrawn" wait_until 10 eval \
	'! evctl show mac bd 100 json | grep -q 02:00:00:aa:00:01'
scrape
check_eq "one withdrawal counted" "$(m 'evpnd_bgp_withdrawn_prefixes_received_total{neighbor=10.0.0.3}')" 1.0
check_eq "no remote MAC left" "$(m 'evpnd_vni_macs{bd=100,type=remote,vni=100}')" 0.0
check "the writer's grace periods are counted" \
	[ "$(int "$(m 'evpnd_rcu_grace_periods_total{}')")" -ge 1 ]

# HTTP: another path is 404; a silent client holds up neither evpnctl nor a scrape.
code=$(nsx ev curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/")
check_eq "GET / is 404" "$code" 404
nsx ev "$PY" -c "
import socket, time
s = socket.create_connection(('127.0.0.1', $PORT))
time.sleep(4)
" &
silent=$!
sleep 0.5
t0=$(date +%s%N)
check "evpnctl answers beside a silent client" evctl show port
check "a scrape is served beside a silent client" scrape
ms=$((($(date +%s%N) - t0) / 1000000))
# Held up, they would wait for the silent client's 4 s (3.5 s from here); loaded
# CPUs can take a second or two.
check "both within 3 s ($ms ms)" [ "$ms" -lt 3000 ]
wait "$silent" || true
check_eq "evpnctl show metrics: the same families" \
	"$(evctl show metrics | grep -c '^# TYPE')" "$(json_q "d['families']" <"$WORK/m.json")"

# A figure, not a check: 20 scrapes through curl (size in bytes, total seconds).
nsx ev sh -c "for i in \$(seq 20); do curl -s -o /dev/null -w '%{size_download} %{time_total}\n' $URL; done" |
	awk '{ n++; b = $1; t += $2; if ($2 > m) m = $2 } END { printf "scrape: %d bytes, mean %.2f ms, max %.2f ms over %d\n", b, t / n * 1000, m * 1000, n }' |
	tee "$WORK/scrape_time.txt"
check "evpnd is alive" evpnd_alive
stop_evpnd
it_done
