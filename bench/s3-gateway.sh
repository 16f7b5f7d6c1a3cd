#!/usr/bin/env bash
# S3 GET through a VPC's S3 gateway endpoint against the same GET on the server's own listener, in one run.
#   - direct: curl downloads a 64 MiB object with a presigned URL over TLS from the host to 127.0.0.1;
#   - gateway: the same download from a network namespace attached to the VPC, to the gateway's address
#     (the listener in the VPC namespace hands the connection to the server with PROXY v2; the endpoint
#     policy is evaluated on the request).
# Needs root (network namespaces, nftables). Usage: bench/s3-gateway.sh [rounds]   (default 3)
# SAGEKEEP_BENCH_BIN=DIR uses an already built sagekeep.dll instead of a Release build.
set -euo pipefail
rounds="${1:-3}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/sagekeep-gw-bench.XXXXXX")"
netns="skbench-gw-$$"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  wait 2>/dev/null
  ip netns del "$netns" 2>/dev/null || true
  # The server's VPC namespaces carry a tag derived from its data directory (VpcNetwork.TagOf).
  local tag
  tag="$(printf %s "$work/data" | sha256sum | cut -c1-6)"
  for ns in $(ip netns list | awk '{print $1}' | grep -E "^sk[ve]$tag-" || true); do ip netns del "$ns"; done
  rm -rf "$work"
}
trap cleanup EXIT

bin="${SAGEKEEP_BENCH_BIN:-$work/bin}"
[ -n "${SAGEKEEP_BENCH_BIN:-}" ] || dotnet build "$root/src/SageKeep.Cli" -c Release -v q -o "$bin" >/dev/null
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
export AWS_ACCESS_KEY_ID=AKIABENCHMARK0000000 AWS_SECRET_ACCESS_KEY=benchmarkbenchmarkbenchmarkbenchmark0000
SAGEKEEP_ROOT_ACCESS_KEY_ID="$AWS_ACCESS_KEY_ID" SAGEKEEP_ROOT_SECRET_ACCESS_KEY="$AWS_SECRET_ACCESS_KEY" \
  dotnet "$bin/sagekeep.dll" serve --port "$port" --data-dir "$work/data" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 150); do curl -sf --cacert "$work/data/tls/cert.pem" "https://127.0.0.1:$port/_sagekeep/health" >/dev/null 2>&1 && break; sleep 0.2; done
export AWS_CA_BUNDLE="$work/data/tls/cert.pem" AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_DEFAULT_REGION=us-east-1
aws_() { aws --endpoint-url "https://127.0.0.1:$port" --output text "$@"; }

vpc="$(aws_ ec2 create-vpc --cidr-block 10.95.0.0/16 --query Vpc.VpcId)"
subnet="$(aws_ ec2 create-subnet --vpc-id "$vpc" --cidr-block 10.95.1.0/24 --query Subnet.SubnetId)"
aws_ ec2 create-vpc-endpoint --vpc-id "$vpc" --service-name com.amazonaws.us-east-1.s3 >/dev/null
ip netns add "$netns"
dotnet "$bin/sagekeep.dll" admin attach-namespace --data-dir "$work/data" --netns "$netns" --subnet-id "$subnet" >/dev/null
aws_ s3 mb s3://bench >/dev/null
head -c $((64 * 1024 * 1024)) /dev/urandom >"$work/source.bin"
aws_ s3 cp "$work/source.bin" s3://bench/big.bin >/dev/null

presign() {
  python3 - "$1" <<'PY'
import boto3, sys
from botocore.config import Config
s3 = boto3.client("s3", endpoint_url=sys.argv[1], region_name="us-east-1", config=Config(signature_version="s3v4", s3={"addressing_style": "path"}), verify=False)
print(s3.generate_presigned_url("get_object", Params={"Bucket": "bench", "Key": "big.bin"}, ExpiresIn=3600))
PY
}
direct_url="$(presign "https://127.0.0.1:$port")"
gateway_url="$(presign "https://10.95.0.1:$port")"
seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null; end=$(date +%s.%N); echo "$end - $start" | bc; }
for round in $(seq "$rounds"); do
  # Alternate which path goes first, so neither always meets a warm cache.
  if [ $((round % 2)) -eq 1 ]; then
    direct=$(seconds curl -sfk -o "$work/direct.bin" "$direct_url")
    gateway=$(seconds ip netns exec "$netns" curl -sfk -o "$work/gateway.bin" "$gateway_url")
  else
    gateway=$(seconds ip netns exec "$netns" curl -sfk -o "$work/gateway.bin" "$gateway_url")
    direct=$(seconds curl -sfk -o "$work/direct.bin" "$direct_url")
  fi
  cmp -s "$work/source.bin" "$work/gateway.bin" || { echo "gateway download differs" >&2; exit 1; }
  printf 'round %s: direct %.2f s (%.0f MiB/s), gateway %.2f s (%.0f MiB/s)\n' "$round" "$direct" "$(echo "64 / $direct" | bc -l)" "$gateway" "$(echo "64 / $gateway" | bc -l)"
done
