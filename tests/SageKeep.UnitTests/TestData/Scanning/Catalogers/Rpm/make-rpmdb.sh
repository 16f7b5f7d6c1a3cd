#!/usr/bin/env bash
# Regenerates rpmdb.sqlite: builds the two tiny noarch packages from the .spec files beside this script with
# rpmbuild and records them in a fresh SQLite rpmdb with `rpm --justdb` (Debian's rpm 4.18 package).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for spec in "$here"/*.spec; do
  rpmbuild --define "_topdir $work/top" -bb "$spec" >/dev/null
done
mkdir "$work/db"
rpm --dbpath "$work/db" --initdb
rpm --dbpath "$work/db" -i --nodeps --justdb "$work"/top/RPMS/noarch/*.rpm
cp "$work/db/rpmdb.sqlite" "$here/rpmdb.sqlite"
rpm -qa --dbpath "$work/db" --qf '%{NAME} %{EPOCHNUM}:%{VERSION}-%{RELEASE} %{ARCH} %{SOURCERPM}\n' | sort > "$here/rpm-qa.txt"
