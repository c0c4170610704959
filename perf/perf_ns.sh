# perf/perf_ns.sh: what the perf scripts share (sourced, bash): namespaces named
# $PFX-NAME that go away with the processes in them, log lines, and per-process
# figures. The scripts set PFX first and call `trap 'set +e; perf_teardown' EXIT`.
# (tests/integration/lib.sh cannot serve here: it re-runs its test under a
# timeout and owns the work directory.)

pids=()     # processes to stop at teardown
PERF_NSES=() # namespaces made by perf_ns_add

log() { echo "[$(date +%T.%3N)] $*" >&2; }
us() { echo $(($(date +%s%N) / 1000)); }
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
# cpu_ms PID [TID]: user+system CPU time (ms) of a process, or of one of its threads
cpu_ms() {
	local f=/proc/$1/stat
	[ -z "${2:-}" ] || f=/proc/$1/task/$2/stat
	awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%d", ($12 + $13) * 1000 / hz }' "$f"
}
# smaps_split PID: "total_kB dpdk_kB": dpdk is the Rss of the EAL's --no-huge
# memory (/memfd:nohuge), where the dataplane MAC table lives.
smaps_split() {
	"${PY:-/usr/bin/python3}" -c 'import sys
t = d = 0
big = False
for l in open("/proc/%s/smaps" % sys.argv[1]):
    f = l.split()
    if "-" in f[0] and len(f[0]) > 8 and not f[0].endswith(":"):
        big = "memfd:nohuge" in l
    elif f[0] == "Rss:":
        t += int(f[1])
        d += int(f[1]) if big else 0
print(t, d)' "$1"
}
nsx() {
	local n=$1
	shift
	ip netns exec "$PFX-$n" "$@"
}

# perf_ns_add NAME...: namespaces with lo up and IPv6 off (nothing of theirs
# but what the script sends).
perf_ns_add() {
	local n
	for n in "$@"; do
		ip netns add "$PFX-$n"
		PERF_NSES+=("$n")
		nsx "$n" ip link set lo up
		nsx "$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	done
}

# perf_teardown: SIGTERM to the processes (5 s each to go), SIGKILL to what is
# left in the namespaces, which are deleted.
perf_teardown() {
	local p n
	for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do
		for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
	done
	for n in "${PERF_NSES[@]}"; do
		for p in $(ip netns pids "$PFX-$n" 2>/dev/null); do kill -KILL "$p" 2>/dev/null || true; done
		ip netns del "$PFX-$n" 2>/dev/null || true
	done
	pids=()
	PERF_NSES=()
}
