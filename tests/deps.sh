#!/usr/bin/env bash
# Installs what evpnd needs to build, test and demo on Debian 12 (as root).
# Skips apt entirely when everything is present already.
set -euo pipefail

BUILD_PKGS="dpdk dpdk-dev libdpdk-dev libnuma-dev libpcap-dev liburcu-dev libcmocka-dev meson ninja-build pkg-config gcc"
TEST_PKGS="iproute2 iputils-ping ethtool tshark tcpdump python3-scapy python3-prometheus-client curl valgrind clang libclang-rt-14-dev"
PEER_PKGS="frr gobgpd exabgp"

want="$BUILD_PKGS"
case "${1:-build}" in
build) ;;
test) want="$want $TEST_PKGS $PEER_PKGS" ;;
demo) want="$want iproute2 iputils-ping tshark python3-scapy frr" ;;
*) echo "usage: $0 [build|test|demo]" >&2; exit 2 ;;
esac

missing=""
for p in $want; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -z "$missing" ]; then
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages:$missing (run as root to install them)" >&2
	exit 1
fi
echo "deps: installing$missing"
# tshark asks whether non-root users may capture; answer for it.
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
apt-get update -q
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing
