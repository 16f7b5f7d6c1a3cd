#!/usr/bin/env bash
# Downloads, for up to MAX source packages installed on this Debian 12 (bookworm) machine that have a newer
# version in bookworm's security suite, one binary .deb of that newer version (one whose package carries its
# own changelog.Debian.gz) into DIR (default .cache/debian-security-debs in the checkout, ignored by git).
# The Debian security evidence test (DebianSecurityEvidenceTests) reads them without network access.
# Deterministic: sources in name order, the first binary (by name) of each that has a changelog.
# Every failure is a warning: the test then falls back to the installed changelogs and says so.
set -uo pipefail
cd "$(dirname "$0")/.."
dir=${1:-${SAGEKEEP_DEBIAN_SECURITY_DEBS:-.cache/debian-security-debs}}
max=${MAX_SOURCES:-18}

if ! grep -qs '^VERSION_CODENAME=bookworm' /etc/os-release || ! command -v apt-get >/dev/null; then
  echo "warning: not a Debian bookworm machine; no security .debs fetched"; exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || echo "warning: apt-get update failed; using the package lists as they are"

rm -rf "$dir.tmp" && mkdir -p "$dir.tmp" || { echo "warning: cannot create $dir.tmp"; exit 0; }
# "name/suite1,suite2 version arch [upgradable from: old]" -> "source name version" for security suites only.
apt list --upgradable 2>/dev/null | awk -F'[/ ]' '$2 ~ /-security/ { print $1, $3 }' | sort -u |
while read -r name version; do
  source=$(dpkg-query -W -f='${source:Package}' "$name" 2>/dev/null) || continue
  echo "$source $name $version"
done | sort -k1,1 -k2,2 > "$dir.tmp/candidates" || true

count=0; done_source=""
while read -r source name version; do
  [ "$count" -ge "$max" ] && break
  [ "$source" = "$done_source" ] && continue
  if (cd "$dir.tmp" && apt-get download -qq "$name=$version" >/dev/null 2>&1); then
    deb=$(ls "$dir.tmp"/"${name}"_*.deb 2>/dev/null | head -n 1)
    if [ -n "$deb" ] && dpkg-deb -c "$deb" 2>/dev/null | grep -F "./usr/share/doc/$name/changelog.Debian.gz" >/dev/null; then
      count=$((count + 1)); done_source=$source
    else
      rm -f "$deb"
    fi
  else
    echo "warning: apt-get download $name=$version failed"
  fi
done < "$dir.tmp/candidates"
rm -f "$dir.tmp/candidates"

if [ "$count" -gt 0 ]; then
  rm -rf "$dir" && mv "$dir.tmp" "$dir" && echo "fetched $count bookworm-security .debs into $dir"
else
  rm -rf "$dir.tmp"; echo "warning: no bookworm-security .debs fetched; the Debian security evidence test falls back to installed changelogs"
fi
exit 0
