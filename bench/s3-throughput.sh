#!/usr/bin/env bash
# S3 throughput of the embedded object store against a plain file copy on the same disk, in one run.
#   - baseline: copy a 64 MiB file (cp + sync) on the disk that holds the data directory;
#   - PUT: curl uploads the same file with a presigned SigV4 URL (one PutObject, streamed to disk, MD5
#     and payload checks, fsync, rename, metadata commit);
#   - GET: curl downloads it with a presigned URL over TLS to a file on the same disk (+ sync, like the copy);
#   - small objects: boto3 put_object of 1 KiB objects in a loop (client included), objects per second.
# PUT and GET use HTTP/1.1, the protocol S3 and its clients (aws CLI, boto3, the SDKs) speak; curl would
# otherwise negotiate HTTP/2, whose GET is printed on its own line for comparison. One untimed PUT + GET
# first, then 7 more GETs, so the server's JIT has compiled the transfer path (a server runs long; cp needs no
# warm-up). Each round also times the GET to /dev/null (the network path without the client's disk write) and prints
# the CPU the server process and curl spent on it.
# Both sides read a source in the page cache (the file was just written; the object was just PUT).
# Reference: the same file served by OpenSSL's own C server (`openssl s_server -WWW`, TLS 1.3, the server's
# certificate and key) and fetched the same way, in the same round: what user-space TLS on this machine allows
# without SageKeep's code, S3 protocol or SigV4 (the Linux kernel's TLS offload would allow more, where it exists:
# /proc/sys/net/ipv4/tcp_available_ulp lists `tls`).
# Usage: bench/s3-throughput.sh [rounds]   (default 5; each round moves 4 x 64 MiB)
#   SAGEKEEP_BENCH_BIN=<dir> uses a built sagekeep.dll instead of building Release.
set -euo pipefail
rounds="${1:-5}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/sagekeep-s3-bench.XXXXXX")"
server_pid=""
ossl_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; [ -n "$ossl_pid" ] && kill "$ossl_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

bin="${SAGEKEEP_BENCH_BIN:-$work/bin}"
[ -n "${SAGEKEEP_BENCH_BIN:-}" ] || dotnet build "$root/src/SageKeep.Cli" -c Release -v q -o "$bin" >/dev/null
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
export AWS_ACCESS_KEY_ID=AKIABENCHMARK0000000 AWS_SECRET_ACCESS_KEY=benchmarkbenchmarkbenchmarkbenchmark0000
SAGEKEEP_ROOT_ACCESS_KEY_ID="$AWS_ACCESS_KEY_ID" SAGEKEEP_ROOT_SECRET_ACCESS_KEY="$AWS_SECRET_ACCESS_KEY" \
  dotnet "$bin/sagekeep.dll" serve --port "$port" --data-dir "$work/data" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do curl -sf --cacert "$work/data/tls/cert.pem" "https://127.0.0.1:$port/_sagekeep/health" >/dev/null 2>&1 && break; sleep 0.2; done
export SAGEKEEP_BENCH_ENDPOINT="https://127.0.0.1:$port" AWS_CA_BUNDLE="$work/data/tls/cert.pem" AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null

head -c $((64 * 1024 * 1024)) /dev/urandom >"$work/data/source.bin"
ossl_port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
(cd "$work/data" && exec openssl s_server -quiet -WWW -tls1_3 -accept "127.0.0.1:$ossl_port" -cert tls/cert.pem -key tls/key.pem >/dev/null 2>&1) &
ossl_pid=$!
ossl_url="https://127.0.0.1:$ossl_port/source.bin"
for _ in $(seq 50); do curl -sf --http1.1 --cacert "$work/data/tls/cert.pem" "$ossl_url" -o /dev/null && break; sleep 0.1; done
presign() {
  python3 - "$@" <<'PY'
import boto3, os, sys
from botocore.config import Config
s3 = boto3.client("s3", endpoint_url=os.environ["SAGEKEEP_BENCH_ENDPOINT"], region_name="us-east-1", config=Config(signature_version="s3v4"))
if sys.argv[1] == "bucket":
    s3.create_bucket(Bucket="bench")
else:
    print(s3.generate_presigned_url(sys.argv[1], Params={"Bucket": "bench", "Key": sys.argv[2]}, ExpiresIn=3600))
PY
}
presign bucket
put_url="$(presign put_object big.bin)"
get_url="$(presign get_object big.bin)"
server_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }   # clock ticks (USER_HZ = 100)
# The shell's reaped children (bash's `times`, second line: user and system); run in this shell, not a subshell.
child_ms() { times >"$work/times"; tail -n1 "$work/times" | awk '{ t = 0; for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); t += a[1] * 60 + a[2] } printf "%d", t * 1000 }'; }
rate() { python3 -c "print(f'{64 / ($2 - $1):.1f}')"; }
get() { curl -sf --cacert "$AWS_CA_BUNDLE" "$@" "$get_url" -o "$work/data/back.bin"; sync "$work/data/back.bin"; }
# Warm-up: a freshly started server still runs tier-0 code and JIT-compiles the transfer path in the background for
# several GETs (perf showed 30% of the server's CPU in the JIT during GETs 5 to 14 on the loaded VM), so 8 GETs first.
curl -sf --http1.1 --cacert "$AWS_CA_BUNDLE" -T "$work/data/source.bin" "$put_url" -o /dev/null; get --http1.1; rm -f "$work/data/back.bin"
for _ in $(seq 6); do curl -sf --http1.1 --cacert "$AWS_CA_BUNDLE" "$get_url" -o /dev/null; done
curl -sf --http2 --cacert "$AWS_CA_BUNDLE" "$get_url" -o /dev/null

: >"$work/ratios"
for round in $(seq "$rounds"); do
  # $EPOCHREALTIME (bash 5) reads the clock without starting a process inside the timed spans.
  t0=$EPOCHREALTIME; cp "$work/data/source.bin" "$work/data/copy.bin"; sync "$work/data/copy.bin"; t1=$EPOCHREALTIME
  curl -sf --http1.1 --cacert "$AWS_CA_BUNDLE" -T "$work/data/source.bin" "$put_url" -o /dev/null; t2=$EPOCHREALTIME
  get --http1.1; t3=$EPOCHREALTIME
  cmp -s "$work/data/source.bin" "$work/data/back.bin" || { echo "GET returned different bytes" >&2; exit 1; }
  rm -f "$work/data/back.bin"; t4=$EPOCHREALTIME
  get --http2; t5=$EPOCHREALTIME
  # The same GET to /dev/null (no file write, no sync): the network path alone; and the CPU the server and curl
  # spend on it (user + system ticks of the server process, and of curl as a child of this shell).
  s0=$(server_ticks); child_ms >"$work/c0"; t6=$EPOCHREALTIME
  curl -sf --http1.1 --cacert "$AWS_CA_BUNDLE" "$get_url" -o /dev/null; t7=$EPOCHREALTIME
  s1=$(server_ticks); child_ms >"$work/c1"; c0=$(<"$work/c0"); c1=$(<"$work/c1")
  t8=$EPOCHREALTIME; curl -sf --http1.1 --cacert "$AWS_CA_BUNDLE" "$ossl_url" -o "$work/data/back.bin"; sync "$work/data/back.bin"; t9=$EPOCHREALTIME
  cmp -s "$work/data/source.bin" "$work/data/back.bin" || { echo "openssl s_server returned different bytes" >&2; exit 1; }
  copy=$(rate "$t0" "$t1"); put=$(rate "$t1" "$t2"); get=$(rate "$t2" "$t3"); get2=$(rate "$t4" "$t5"); null=$(rate "$t6" "$t7"); ossl=$(rate "$t8" "$t9")
  python3 -c "print(f'round $round: file copy {$copy} MiB/s | PUT {$put} MiB/s ({$put/$copy:.0%}) | GET {$get} MiB/s ({$get/$copy:.0%}) | GET over HTTP/2 {$get2} MiB/s ({$get2/$copy:.0%}) | GET to /dev/null {$null} MiB/s ({$null/$copy:.0%}), CPU server {($s1-$s0)*10} ms, curl {$c1-$c0} ms | openssl s_server GET {$ossl} MiB/s ({$ossl/$copy:.0%}; SageKeep GET = {$get/$ossl:.0%} of it)')"
  echo "$copy $put $get $get2 $null $ossl" >>"$work/ratios"
  rm -f "$work/data/copy.bin" "$work/data/back.bin"
done
python3 - "$work/ratios" <<'PY'
import statistics, sys
rows = [[float(x) for x in line.split()] for line in open(sys.argv[1])]
for name, i in (("PUT", 1), ("GET", 2), ("GET over HTTP/2", 3), ("GET to /dev/null", 4)):
    r = [row[i] / row[0] for row in rows]
    print(f"{name}: median {statistics.median(r):.0%} of the file copy (min {min(r):.0%}, max {max(r):.0%}, {len(r)} rounds)")
r = [row[5] / row[0] for row in rows]
print(f"openssl s_server GET (reference): median {statistics.median(r):.0%} of the file copy (min {min(r):.0%}, max {max(r):.0%})")
r = [row[2] / row[5] for row in rows]
print(f"SageKeep GET against the openssl s_server GET: median {statistics.median(r):.0%} (min {min(r):.0%}, max {max(r):.0%})")
PY

python3 - <<'PY'
import boto3, os, time
s3 = boto3.client("s3", endpoint_url=os.environ["SAGEKEEP_BENCH_ENDPOINT"], region_name="us-east-1")
body = os.urandom(1024)
s3.put_object(Bucket="bench", Key="warm", Body=body)
count, start = 200, time.monotonic()
for i in range(count):
    s3.put_object(Bucket="bench", Key=f"small/{i:05d}", Body=body)
elapsed = time.monotonic() - start
print(f"small objects: {count / elapsed:.0f} PUT/s of 1 KiB (boto3, sequential, one connection)")
PY
