#!/bin/bash
# config_errors_test: "evpnd -n -f FILE" checks a configuration without starting
# anything. A bad file exits non-zero with "FILE:LINE: reason" naming the offending
# line (or "FILE: reason" for what only the whole file can tell); a good one exits 0.
# Needs neither root nor DPDK ports.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

require_build

# bad NAME LINE REASON_REGEX < CONFIG: evpnd -n must refuse CONFIG with
# "NAME.conf:LINE: [context: ]REASON" (LINE "-": no line number).
bad() {
	local f=$WORK/$1.conf want out rc=0
	cat >"$f"
	if [ "$2" = - ]; then want="$f: .*$3"; else want="$f:$2: .*$3"; fi
	out=$("$EVPND" -n -f "$f" 2>&1) || rc=$?
	if [ "$rc" -eq 0 ]; then
		fail "$1: accepted (exit 0): $out"
	elif ! grep -qE -- "$want" <<<"$out"; then
		fail "$1: exit $rc but message '$out' does not match '$want'"
	else
		pass "$1: exit $rc, ${out//$WORK\//}"
	fi
}

bad unknown_section 3 "unknown section 'bogus'" <<'EOF'
dataplane
 port p0 devargs net_null0
bogus line
EOF
bad vni_zero 4 "vni.*out of range" <<'EOF'
dataplane
 port p0 devargs net_null0
bridge-domain 100
 vni 0
EOF
bad vni_too_big 6 "vni.*out of range" <<'EOF'
dataplane
 port p0 devargs net_null0
underlay
 vtep-address 192.0.2.1
bridge-domain 100
 vni 16777216
EOF
bad unknown_port 5 "unknown port 'nosuch'" <<'EOF'
dataplane
 port p0 devargs net_null0
bridge-domain 100
 vni 100
 member nosuch untagged
EOF
bad vlan_out_of_range 8 "vlan.*out of range" <<'EOF'
dataplane
 port p0 devargs net_null0
 port p1 devargs net_null1
underlay
 vtep-address 192.0.2.1
bridge-domain 100
 vni 100
 member p1 vlan 5000
EOF
bad bad_address 4 "bad IPv4/IPv6 address '192.0.2.300'" <<'EOF'
dataplane
 port p0 devargs net_null0
underlay
 vtep-address 192.0.2.300
EOF
bad duplicate_vni 10 "vni 100 already used by bridge-domain 100" <<'EOF'
dataplane
 port p0 devargs net_null0
 port p1 devargs net_null1
underlay
 vtep-address 192.0.2.1
bridge-domain 100
 vni 100
 member p1 untagged
bridge-domain 200
 vni 100
EOF
bad duplicate_port 3 "port p0 declared twice" <<'EOF'
dataplane
 port p0 devargs net_null0
 port p0 devargs net_null1
EOF
bad lcore_overlap 3 "main-lcore 1 is also in worker-lcores" <<'EOF'
dataplane
 main-lcore 1
 worker-lcores 1
 port p0 devargs net_null0
EOF
bad no_vtep_address - "bridge-domain 100: no vtep-address" <<'EOF'
dataplane
 port p0 devargs net_null0
bridge-domain 100
 vni 100
EOF

rc=0
out=$("$EVPND" -n -f "$WORK/does-not-exist.conf" 2>&1) || rc=$?
check "missing file: exit $rc, $out" [ "$rc" -ne 0 ]

cat >"$WORK/good.conf" <<'EOF'
! every section, as the tests use it
dataplane
 main-lcore 0
 worker-lcores 1
 mbufs 8192
 port uplink0 devargs net_af_packet0,iface=ul0
 port host0 devargs net_af_packet1,iface=h0
 port host1 devargs net_af_packet2,iface=h1
underlay
 vtep-address 192.0.2.1
 vtep-address 2001:db8::1
 address 192.0.2.1/24 port uplink0
 address 2001:db8::1/64 port uplink0
 route 198.51.100.0/24 via 192.0.2.254
bridge-domain 100
 vni 100
 mac-aging-time 300
 member host0 untagged
 member host1 vlan 10
 mac 02:00:00:00:00:09 remote-vtep 192.0.2.3
 flood-vtep 192.0.2.2
 flood-vtep 2001:db8::2
EOF
for f in "$WORK/good.conf" "$REPO"/config/*.conf; do
	rc=0
	out=$("$EVPND" -n -f "$f" 2>&1) || rc=$?
	f=${f#"$REPO"/}
	check_eq "good config ${f#"$WORK"/}: exit status" "$rc" 0
	[ "$rc" -eq 0 ] || log "  $out"
done
it_done
