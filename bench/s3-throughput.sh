#!/usr/bin/env bash
# S3 throughput of the embedded object store against a plain file copy on the same disk, in one run.
#   - baseline: copy a 64 MiB file (cp + sync) on the disk that holds the data directory;
#   - PUT: curl uploads the same file with a presigned SigV4 URL (one PutObject, streamed to disk, MD5
#     and payload checks, fsync, rename, metadata commit);
#   - GET: curl downloads it with a presigned URL over TLS to a file on the same disk;
#   - small objects: boto3 put_object of 1 KiB objects in a loop (client included), objects per second.
# Usage: bench/s3-throughput.sh [rounds]   (default 3; each round moves 3 x 64 MiB)
set -euo pipefail
rounds="${1:-3}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/sagekeep-s3-bench.XXXXXX")"
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

dotnet build "$root/src/SageKeep.Cli" -c Release -v q -o "$work/bin" >/dev/null
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
export AWS_ACCESS_KEY_ID=AKIABENCHMARK0000000 AWS_SECRET_ACCESS_KEY=benchmarkbenchmarkbenchmarkbenchmark0000
SAGEKEEP_ROOT_ACCESS_KEY_ID="$AWS_ACCESS_KEY_ID" SAGEKEEP_ROOT_SECRET_ACCESS_KEY="$AWS_SECRET_ACCESS_KEY" \
  dotnet "$work/bin/sagekeep.dll" serve --port "$port" --data-dir "$work/data" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do curl -sf --cacert "$work/data/tls/cert.pem" "https://127.0.0.1:$port/_sagekeep/health" >/dev/null 2>&1 && break; sleep 0.2; done
export SAGEKEEP_BENCH_ENDPOINT="https://127.0.0.1:$port" AWS_CA_BUNDLE="$work/data/tls/cert.pem" AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null

head -c $((64 * 1024 * 1024)) /dev/urandom >"$work/data/source.bin"
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
seconds() { python3 -c 'import time; print(time.monotonic())'; }
rate() { python3 -c "print(f'{64 / ($2 - $1):.1f}')"; }

for round in $(seq "$rounds"); do
  t0=$(seconds); cp "$work/data/source.bin" "$work/data/copy.bin"; sync "$work/data/copy.bin"; t1=$(seconds)
  curl -sf --cacert "$AWS_CA_BUNDLE" -T "$work/data/source.bin" "$put_url" -o /dev/null; t2=$(seconds)
  curl -sf --cacert "$AWS_CA_BUNDLE" "$get_url" -o "$work/data/back.bin"; sync "$work/data/back.bin"; t3=$(seconds)
  cmp -s "$work/data/source.bin" "$work/data/back.bin" || { echo "GET returned different bytes" >&2; exit 1; }
  copy=$(rate "$t0" "$t1"); put=$(rate "$t1" "$t2"); get=$(rate "$t2" "$t3")
  python3 -c "print(f'round $round: file copy {$copy} MiB/s | PUT {$put} MiB/s ({$put/$copy:.0%}) | GET {$get} MiB/s ({$get/$copy:.0%})')"
  rm -f "$work/data/copy.bin" "$work/data/back.bin"
done

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
