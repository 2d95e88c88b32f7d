#!/bin/bash
# The pristine tree the series applies to: Debian's linux-source-6.12,
# unpacked and committed into a git repository of its own under build/
# (build/series-base/linux-source-6.12), once.  The commit is made with a
# fixed identity and date, so its id (the series' --base) is the same on
# every machine with the same package.  Prints the commit id.
# needs: git xz (tar -J)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
repo=$top/build/series-base/linux-source-6.12
tarball=/usr/src/linux-source-6.12.tar.xz

if ! git -C "$repo" rev-parse -q --verify refs/tags/base > /dev/null 2>&1; then
	rm -rf "$repo"
	mkdir -p "$(dirname "$repo")"
	tar -xJf "$tarball" -C "$(dirname "$repo")"
	version=$(make -s -C "$repo" kernelversion)
	package=$(dpkg-query -W -f '${Version}' linux-source-6.12)
	export GIT_AUTHOR_NAME="Debian linux-source-6.12" GIT_AUTHOR_EMAIL="debian-kernel@lists.debian.org"
	export GIT_COMMITTER_NAME=$GIT_AUTHOR_NAME GIT_COMMITTER_EMAIL=$GIT_AUTHOR_EMAIL
	export GIT_AUTHOR_DATE="2000-01-01T00:00:00Z" GIT_COMMITTER_DATE="2000-01-01T00:00:00Z"
	git -C "$repo" init -q -b base-tree
	git -C "$repo" config core.autocrlf false
	git -C "$repo" add -A -f .
	git -C "$repo" commit -q -m "Linux $version (Debian linux-source-6.12 $package)"
	git -C "$repo" tag base
fi
git -C "$repo" rev-parse base^{commit}
