#!/bin/bash
# Install, from Debian's packages, whatever the build and tests need and
# the machine lacks: every package scripts/deps.list names (what needs it
# is there; scripts/deps-check.py checks the list against the scripts).
# Nothing is fetched from anywhere else.  Names what it installs; a failed
# installation is one line naming the packages, and the exit status.
set -euo pipefail
list=$(dirname "$0")/deps.list
mapfile -t need < <(sed -e 's/\(^\|[[:space:]]\)#.*//' "$list" | awk 'NF == 2 { print $2 }' | sort -u)
missing=()
for p in "${need[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "dependencies: installing ${missing[*]}"
sudo=; [ "$(id -u)" = 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq || true
if ! $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" > /tmp/install-deps.$$.log 2>&1; then
	tail -5 /tmp/install-deps.$$.log
	echo "dependencies: apt-get could not install ${missing[*]}"
	exit 1
fi
rm -f /tmp/install-deps.$$.log
