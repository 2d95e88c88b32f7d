#!/bin/bash
# Install, from Debian's packages, whatever the build and tests need and
# the machine lacks.  Nothing is fetched from anywhere else.
set -euo pipefail
need=(linux-source-6.12 gcc-aarch64-linux-gnu libc6-dev-arm64-cross sparse bc bison
      flex libssl-dev libelf-dev cpio xz-utils rsync ccache make gcc python3 perl)
missing=()
for p in "${need[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}"
sudo=; [ "$(id -u)" = 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq || true
$sudo apt-get install -y -qq "${missing[@]}" >/dev/null
