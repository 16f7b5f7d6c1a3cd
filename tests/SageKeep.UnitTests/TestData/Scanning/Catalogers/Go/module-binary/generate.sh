#!/usr/bin/env bash
# Regenerates the Go test binary and the toolchain's own reading of its build info.
# Needs a Go toolchain (Debian: apt-get install golang-go). No network: the only dependency is a
# local replacement, so the build info holds a main module, a dependency and a replacement line.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$here/src/hello"
GOCACHE="$work/cache" GOPATH="$work/gopath" GOPROXY=off GOFLAGS=-mod=mod \
  go build -buildvcs=false -trimpath -ldflags='-s -w' -o "$here/hello" .
# The oracle: what the Go toolchain itself reads from the binary (first line names the file: drop it).
go version -m "$here/hello" | tail -n +2 > "$here/go-version-m.txt"
go version "$here/hello" | sed 's/^.*: //' > "$here/go-version.txt"
