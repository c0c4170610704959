#!/bin/bash
# config_errors_test: "evpnd -n -f FILE" checks a configuration without starting
# anything. A bad file exits non-zero with "FILE:LINE: reason" naming the offending
# line (or "FILE: reason" for what only the whole file can tell); a good one exits 0.
# The -n cases need neither root nor DPDK ports; the start-up MTU cases need root.
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
bad no_vtep_address 3 "bridge-domain 100: no vtep-address" <<'EOF'
dataplane
 port p0 devargs net_null0
bridge-domain 100
 vni 100
EOF
# What start-up used to refuse (or only log) after -n had called the file valid.
# An IPv6-only VTEP advertises its IPv6 address; a family asked for must be there.
bad evpn_vtep_family_missing 8 "vtep-address-family ipv4: no IPv4 vtep-address" <<'EOF'
underlay
 vtep-address 2001:db8::1
router bgp 65000
 bgp router-id 198.51.100.1
 neighbor 2001:db8::2 remote-as 65000
 address-family l2vpn evpn
  advertise-all-vni
  vtep-address-family ipv4
 exit-address-family
EOF
bad advertise_all_vni_no_vtep 6 "advertise-all-vni needs a vtep-address" <<'EOF'
router bgp 65000
 bgp router-id 198.51.100.1
 neighbor 2001:db8::2 remote-as 65000
 address-family l2vpn evpn
  neighbor 2001:db8::2 activate
  advertise-all-vni
 exit-address-family
EOF
bad mtu_af_packet 3 "port uplink0: mtu 1600 cannot be set" <<'EOF'
dataplane
 port host0 devargs net_null0
 port uplink0 devargs net_af_packet0,iface=ul0 mtu 1600
EOF

# all NAME < CONFIG, LINE:REASON_REGEX lines in $WANT: evpnd -n lists every error of
# the file, each with its line, and their count.
all() {
	local f=$WORK/$1.conf out rc=0 want n=0
	cat >"$f"
	out=$("$EVPND" -n -f "$f" 2>&1) || rc=$?
	check "$1: exit status $rc is not 0" [ "$rc" -ne 0 ]
	while IFS= read -r want; do
		n=$((n + 1))
		grep -qE -- "^evpnd: $f:${want%%:*}: .*${want#*:}" <<<"$out" ||
			fail "$1: no '$f:${want%%:*}: ${want#*:}' in: $out"
	done <<<"$WANT"
	check_eq "$1: errors listed" "$(grep -c "^evpnd: $f:[0-9]*: " <<<"$out")" "$n"
	check "$1: '$n errors' said" grep -q "^evpnd: $n errors$" <<<"$out"
}
WANT='2:mbufs: 12 is out of range
4:unknown command .portt.
6:bad IPv4/IPv6 address .192.0.2.300.
7:unknown section .bogus.
11:unknown port .nosuch.
15:neighbor eth0 interface is not supported
9:bridge-domain 100: no vtep-address'
all several_bad_lines <<'EOF'
dataplane
 mbufs 12
 port p0 devargs net_null0
 portt p1 devargs net_null1
underlay
 vtep-address 192.0.2.300
bogus section
 anything under it
bridge-domain 100
 vni 100
 member nosuch untagged
router bgp 65000
 bgp router-id 198.51.100.1
 neighbor 192.0.2.2 remote-as 65000
 neighbor eth0 interface remote-as internal
EOF
WANT='3:port p1: mtu 1600 cannot be set
6:kernel-interface k0: port p0 has no underlay address
7:bridge-domain 100 has no vni
9:bridge-domain 200 has no vni
9:bridge-domain 200: flood-vtep 192.0.2.9 needs an IPv4 vtep-address
15:vtep-address-family ipv4: no IPv4 vtep-address'
all several_whole_file_errors <<'EOF'
dataplane
 port p0 devargs net_null0
 port p1 devargs net_af_packet0,iface=ul0 mtu 1600
underlay
 vtep-address 2001:db8::1
 kernel-interface k0 port p0
bridge-domain 100
 member p0 untagged
bridge-domain 200
 flood-vtep 192.0.2.9
router bgp 65000
 bgp router-id 198.51.100.1
 address-family l2vpn evpn
  advertise-all-vni
  vtep-address-family ipv4
 exit-address-family
EOF

# A port setting the driver refuses at start stops start-up like a bad line, naming
# it. af_packet sets the MTU on its kernel interface: a VXLAN device on a 1500-byte
# link takes at most 1450, which only the device can tell (-n opens none).
# start_refused NAME LINE REGEX: evpnd -f NAME.conf exits non-zero (not still
# running after 20 s) with "NAME.conf:LINE: REGEX".
start_refused() {
	local f=$WORK/$1.conf out rc=0
	out=$(timeout 20 ip netns exec "$(ns ev)" "$EVPND" -f "$f" -s "$WORK/$1.sock" -- \
		--no-huge -m 512 --no-pci --no-shconf --file-prefix "${PFX}$1" 2>&1) || rc=$?
	check "$1: start-up stops (exit $rc; 124: still running)" \
		test "$rc" -ne 0 -a "$rc" -ne 124
	check "$1: the error names $f:$2" grep -qE -- "$f:$2: $3" <<<"$out"
}
if [ "$(id -u)" -eq 0 ]; then
	ns_add ev peer
	veth ev ul0 peer ul1
	nsx ev ip addr add 192.0.2.1/24 dev ul0
	nsx ev ip link add vx0 type vxlan id 42 dev ul0 local 192.0.2.1 dstport 4789
	nsx ev ip link set vx0 up
	printf 'dataplane\n port host0 devargs net_af_packet0,iface=vx0 mtu 1500\n' \
		>"$WORK/mtu_driver.conf"
	start_refused mtu_driver 2 "port host0: mtu 1500 cannot be set: Invalid argument"
	printf 'dataplane\n port uplink0 devargs net_af_packet0,iface=ul0 mtu 1600\n' \
		>"$WORK/mtu_af_packet.conf"
	start_refused mtu_af_packet 2 "port uplink0: mtu 1600 cannot be set"
else
	log "not root: the start-up MTU cases are skipped"
fi

rc=0
out=$("$EVPND" -n -f "$WORK/does-not-exist.conf" 2>&1) || rc=$?
check "missing file: exit $rc, $out" [ "$rc" -ne 0 ]

# "log syslog" whose socket cannot be opened (a path longer than a socket address
# holds): the file is valid, start-up names it and logs to stderr only.
printf 'log syslog\n' >"$WORK/syslog.conf"
rc=0
out=$(EVPND_SYSLOG_SOCKET=/$(printf 's%.0s' {1..120}) "$EVPND" -n -f "$WORK/syslog.conf" 2>&1) ||
	rc=$?
check_eq "log syslog without its socket: exit status" "$rc" 0
check "log syslog without its socket: the error names the file" \
	grep -qF "evpnd: $WORK/syslog.conf: log syslog: cannot open the syslog socket" <<<"$out"

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
