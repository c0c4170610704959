#!/bin/bash
# evpnctl_test: the management client against a running evpnd: exit statuses (0 ok,
# 1 the command failed, 2 no server), "% Unknown command", every show command's
# JSON parses, commands read from stdin, a command as one argument and -c as vtysh,
# show port's tx drops, show running-config (a configuration evpnd -n accepts).
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

require_root
require_build

ns_add ev peer h1
veth ev ul0 peer ul
veth ev h0 h1 eth0
evpnd_conf_vtep net_af_packet0,iface=ul0 192.0.2.1/24 h0 <<EOF
bridge-domain 100
 vni 100
 member host0 untagged
 mac 02:00:00:00:00:09 remote-vtep 192.0.2.3
 flood-vtep 192.0.2.2
EOF
start_evpnd ev

# run_ctl ARGS...: evpnctl; sets $out (stdout + stderr) and $rc.
run_ctl() {
	rc=0
	out=$("$EVPNCTL" "$@" 2>&1) || rc=$?
}

run_ctl -s "$EV_SOCK" show frobnicate
check_eq "unknown command: exit status" "$rc" 1
check "unknown command: '% Unknown command' ($out)" grep -q "% Unknown command" <<<"$out"

run_ctl -s "$EV_SOCK" help
check_eq "help: exit status" "$rc" 0

for cmd in "show port" "show bridge-domain" "show mac" "show mac bd 100" "show vtep" \
	"show stats" "show stats all"; do
	# shellcheck disable=SC2086 # split the command into words
	run_ctl -s "$EV_SOCK" $cmd json
	if [ "$rc" -eq 0 ] && json_q "isinstance(d, list)" <<<"$out" >/dev/null 2>&1; then
		pass "$cmd json: a JSON array of $(json_q "len(d)" <<<"$out")"
	else
		fail "$cmd json: exit $rc, not a JSON array: $out"
	fi
done

ports=$(evctl show port json | json_q "' '.join('%s/%s' % (p['name'], p['role']) for p in d)")
check_eq "show port json: names and roles" "$ports" "uplink0/underlay host0/access"
check_eq "show mac json: the static remote MAC" \
	"$(evctl show mac json | json_q "[[m['type'], m['remoteVtep'], m['vni']] for m in d
		if m['mac'] == '02:00:00:00:00:09'][0]")" '["remote", "192.0.2.3", 100]'
check_eq "show bridge-domain json: flood list" \
	"$(evctl show bridge-domain json | json_q "[f['vtep'] for f in d[0]['floodList']]")" '["192.0.2.2"]'
check "show port (text) has a header" eval 'evctl show port | grep -q "^Port "'
check "show port (text): a TxDrops column, as show stats' tx queue_full" eval \
	'evctl show port | grep -q "^Port .* TxErrors *TxDrops$"'
check_eq "show port json: txDropped per port" \
	"$(evctl show port json | json_q "[p['txDropped'] for p in d]")" "[0, 0]"

check "show version: evpnd's version" eval 'evctl show version | grep -q "^evpnd [0-9][0-9.]* (.*) on Linux("'
check_eq "show version json" "$(evctl show version json | json_q "d['os']")" Linux

# As vtysh users type it: the command as one argument, -c CMD (repeatable).
run_ctl -s "$EV_SOCK" 'show port json'
check "one quoted argument: answered (exit $rc)" eval '[ $rc -eq 0 ] && json_q "len(d)" <<<"$out" >/dev/null'
run_ctl -s "$EV_SOCK" -c 'show port' -c 'show vtep'
check_eq "-c CMD -c CMD: exit status" "$rc" 0
check "-c CMD -c CMD: both answered" eval 'grep -q "^Port " <<<"$out" && grep -q "^Remote VTEP\|192.0.2" <<<"$out"'
run_ctl -s "$EV_SOCK" -c 'show port' show vtep
check_eq "-c CMD and words together: refused" "$rc" 1

run_ctl -s "$EV_SOCK" <<<$'show port\nshow vtep\n'
check_eq "commands on stdin: exit status" "$rc" 0
# shellcheck disable=SC2016 # eval expands it
check "commands on stdin: both answered" eval 'grep -q "^Port " <<<"$out" && grep -q uplink0 <<<"$out"'

# show running-config: what runs, as a file evpnd takes again, with the file's settings.
evctl show running-config >"$WORK/running.conf" || fail "show running-config failed"
check "show running-config: a valid configuration" "$EVPND" -n -f "$WORK/running.conf"
check "show running-config: the static remote MAC" \
	grep -qx " mac 02:00:00:00:00:09 remote-vtep 192.0.2.3" "$WORK/running.conf"
check "show running-config: the flood VTEP" grep -qx " flood-vtep 192.0.2.2" "$WORK/running.conf"
evctl show running-config >"$WORK/running2.conf"
check "show running-config twice: the same" cmp -s "$WORK/running.conf" "$WORK/running2.conf"

run_ctl -s "$WORK/no-such.sock" show port
check_eq "missing socket: exit status" "$rc" 2
stop_evpnd
run_ctl -s "$EV_SOCK" show port
check_eq "after evpnd stopped: exit status" "$rc" 2
it_done
