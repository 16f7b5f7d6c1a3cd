#!/usr/bin/env bash
# Peak memory (resident set) and wall time of `sagekeep scan` on a generated image of over 1 GiB,
# against a baseline in the same run that only reads the layer tar, extracts every file and hashes it.
# BenchmarkDotNet's MemoryDiagnoser counts managed allocations; this measures what the OS sees.
#
# Usage: bench/scan-memory.sh [WORK_DIR]   (default: a fresh directory under $TMPDIR, deleted at exit)
# Needs: dotnet, python3, tar, sha256sum; /usr/bin/time (Debian package "time") if present, otherwise
# VmHWM from /proc is polled every 20 ms.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
if [[ $# -ge 1 ]]; then
    work=$1
    mkdir -p "$work"
else
    work=$(mktemp -d "${TMPDIR:-/tmp}/sagekeep-scan-memory.XXXXXX")
    trap 'rm -rf "$work"' EXIT
fi

free_kib=$(df -Pk "$work" | awk 'NR == 2 { print $4 }')
if (( free_kib < 3 * 1024 * 1024 )); then
    echo "needs 3 GiB free in $work, only $((free_kib / 1024)) MiB available" >&2
    exit 1
fi

# Step 1: the CLI in Release, and the image.
echo "building the CLI (Release)..." >&2
dotnet build "$repo/src/SageKeep.Cli" -c Release -v quiet -nologo >/dev/null
cli="$repo/src/SageKeep.Cli/bin/Release/net10.0/sagekeep.dll"
echo "generating the image..." >&2
rm -rf "$work/image"
layer=$(python3 "$repo/bench/make-large-image.py" "$work/image")
mkdir -p "$work/tmp"

# Step 2: measure a command: prints "<wall seconds> <peak RSS KiB>".
measure() {
    if [[ -x /usr/bin/time ]]; then
        /usr/bin/time -f '%e %M' -o "$work/time.out" "$@" >/dev/null
        cat "$work/time.out"
    else
        local start end pid peak=0 kib child
        start=$(date +%s.%N)
        "$@" >/dev/null &
        pid=$!
        while kill -0 "$pid" 2>/dev/null; do
            # VmHWM is monotonic per process; take the largest over the command and its children.
            for child in "$pid" $(ps -o pid= --ppid "$pid" 2>/dev/null); do
                kib=$(awk '/^VmHWM:/ { print $2 }' "/proc/$child/status" 2>/dev/null || true)
                if [[ -n "$kib" ]] && (( kib > peak )); then peak=$kib; fi
            done
            sleep 0.02
        done
        wait "$pid"
        end=$(date +%s.%N)
        awk -v s="$start" -v e="$end" -v p="$peak" 'BEGIN { printf "%.2f %d\n", e - s, p }'
    fi
}

# openssl's SHA-256 uses the CPU's SHA extensions like the .NET runtime (which calls OpenSSL) does;
# coreutils sha256sum may not, and would then dominate the baseline.
if command -v openssl >/dev/null; then hasher="openssl dgst -sha256"; else hasher=sha256sum; fi
baseline() { tar -xOf "$layer" | $hasher; }
export -f baseline
export layer hasher

# Step 3: baseline, then the scan (its spool files go to $work/tmp).
base=$(measure bash -c baseline)
scan=$(TMPDIR="$work/tmp" measure dotnet "$cli" scan --inventory-only "$work/image")
read -r base_s base_kib <<<"$base"
read -r scan_s scan_kib <<<"$scan"

layer_mib=$(( $(stat -c %s "$layer") / 1024 / 1024 ))
printf '%-38s %10s %14s\n' "layer: ${layer_mib} MiB uncompressed" "wall (s)" "peak RSS (MB)"
awk -v bs="$base_s" -v bk="$base_kib" -v ss="$scan_s" -v sk="$scan_kib" -v hasher="${hasher%% *}" 'BEGIN {
    printf "%-38s %10.2f %14.1f\n", "baseline (tar -xO | " hasher ")", bs, bk * 1024 / 1e6
    printf "%-38s %10.2f %14.1f\n", "sagekeep scan", ss, sk * 1024 / 1e6
    printf "ratio scan/baseline: wall %.2fx, peak RSS %.1fx\n", ss / bs, sk / bk
}'
