#!/usr/bin/env bash
# InvokeEndpoint through SageKeep against the same serving container called directly through the platform's private
# path, in the same run (see bench/README.md, "Inference overhead").
#
# Starts the Release server on a fresh data directory on loopback, builds a one-file serving image (a static C echo
# server with keep-alive, bench/inference/echo-server.c), pushes it with skopeo, creates model, endpoint config and
# endpoint with the aws CLI, then runs the load client (bench/SageKeep.Benchmarks `inference-load`) which alternates:
#   direct   - NetnsConnector into the container's network namespace, HTTP/1.1 to 127.0.0.1:8080 (pooled)
#   sagekeep - InvokeEndpoint over TLS, SigV4 signed per request, authenticated, authorised, audited, forwarded
# Needs root, runc, skopeo, gcc with a static libc, the aws CLI, curl, python3.
#
# Usage: bench/inference-overhead.sh [concurrency] [rounds] [seconds per round] [payload bytes] [low-concurrency] [model us]
#   defaults: 8 5 5 1024 1 0  (a second pass at the low concurrency measures latency without queueing, 0 skips it;
#   model us > 0 makes the container sleep that long per invocation, a stand-in for a model's own latency)
# SAGEKEEP_BENCH_BIN=<dir> runs the sagekeep.dll in <dir> (e.g. a copy of an earlier build, for before/after);
# SAGEKEEP_BENCH_KEEP=1 keeps the work directory. Every container, namespace and cgroup is the server's and is
# removed when the endpoint is deleted and the server stops.
set -euo pipefail

CONCURRENCY=${1:-8}
ROUNDS=${2:-5}
SECONDS_PER_ROUND=${3:-5}
PAYLOAD=${4:-1024}
LOW=${5:-1}
MODEL_US=${6:-0}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
KEY=AKIABENCHINFERENCE00
SECRET=benchmarkinferencebenchmarkinference0000
ACCOUNT=123456789012
REGION=us-east-1

WORK=$(mktemp -d -t sagekeep-inference-bench-XXXXXX)
chmod 0711 "$WORK"
DATA="$WORK/data"
SERVER_PID=
ENDPOINT=bench-echo
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

cleanup() {
  set +e
  if [[ -n "$SERVER_PID" ]]; then
    awscli sagemaker delete-endpoint --endpoint-name "$ENDPOINT" >/dev/null 2>&1
    for _ in $(seq 1 100); do awscli sagemaker describe-endpoint --endpoint-name "$ENDPOINT" >/dev/null 2>&1 || break; sleep 0.2; done
    kill -TERM "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null
  fi
  if [[ "${SAGEKEEP_BENCH_KEEP:-0}" == 1 ]]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

awscli() {
  AWS_ACCESS_KEY_ID=$KEY AWS_SECRET_ACCESS_KEY=$SECRET AWS_DEFAULT_REGION=$REGION AWS_CA_BUNDLE="$DATA/tls/cert.pem" \
    AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null aws --endpoint-url "https://127.0.0.1:$PORT" --output json "$@"
}

echo "building Release (server, load client)..."
dotnet build -c Release "$ROOT/bench/SageKeep.Benchmarks" -v q -nologo >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
DLL="${SAGEKEEP_BENCH_BIN:-$ROOT/src/SageKeep.Cli/bin/Release/net10.0}/sagekeep.dll"
LOAD="$ROOT/bench/SageKeep.Benchmarks/bin/Release/net10.0/SageKeep.Benchmarks.dll"

echo "building the serving image..."
gcc -O2 -static -pthread -o "$WORK/serve" "$ROOT/bench/inference/echo-server.c"
python3 - "$WORK/layout" "$WORK/serve" <<'PY'
import gzip, hashlib, io, json, os, sys, tarfile
layout, binary = sys.argv[1], sys.argv[2]
os.makedirs(os.path.join(layout, "blobs", "sha256"))
def blob(data):
    d = hashlib.sha256(data).hexdigest()
    open(os.path.join(layout, "blobs", "sha256", d), "wb").write(data)
    return "sha256:" + d, len(data)
raw = io.BytesIO()
with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
    for d in ["usr", "usr/local", "usr/local/bin", "etc"]:
        i = tarfile.TarInfo(d); i.type = tarfile.DIRTYPE; i.mode = 0o755; tar.addfile(i)
    data = open(binary, "rb").read()
    i = tarfile.TarInfo("usr/local/bin/serve"); i.size = len(data); i.mode = 0o755; tar.addfile(i, io.BytesIO(data))
    p = b"root:x:0:0:root:/root:/bin/sh\n"
    i = tarfile.TarInfo("etc/passwd"); i.size = len(p); i.mode = 0o644; tar.addfile(i, io.BytesIO(p))
layer_digest, layer_size = blob(gzip.compress(raw.getvalue(), 1))
config_digest, config_size = blob(json.dumps({"architecture": "amd64", "os": "linux", "config": {"Env": ["PATH=/usr/local/bin:/bin"]},
    "rootfs": {"type": "layers", "diff_ids": ["sha256:" + hashlib.sha256(raw.getvalue()).hexdigest()]}}).encode())
manifest_digest, manifest_size = blob(json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
    "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": config_digest, "size": config_size},
    "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": layer_digest, "size": layer_size}]}).encode())
json.dump({"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": manifest_digest, "size": manifest_size}]},
    open(os.path.join(layout, "index.json"), "w"))
open(os.path.join(layout, "oci-layout"), "w").write('{"imageLayoutVersion":"1.0.0"}')
PY

echo "starting the server on 127.0.0.1:$PORT..."
env -u SAGEKEEP_DATA_DIR SAGEKEEP_ROOT_ACCESS_KEY_ID=$KEY SAGEKEEP_ROOT_SECRET_ACCESS_KEY=$SECRET \
  dotnet "$DLL" serve --address 127.0.0.1 --port "$PORT" --data-dir "$DATA" --account-id "$ACCOUNT" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 300); do
  [[ -f "$DATA/tls/cert.pem" ]] && curl -sf --cacert "$DATA/tls/cert.pem" "https://127.0.0.1:$PORT/_sagekeep/health" >/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
  sleep 0.2
done

awscli ecr create-repository --repository-name bench/echo >/dev/null
mkdir -p "$WORK/certs" && cp "$DATA/tls/cert.pem" "$WORK/certs/ca.crt"
echo '{"default":[{"type":"insecureAcceptAnything"}]}' >"$WORK/policy.json"
IMAGE="127.0.0.1:$PORT/bench/echo:v1"
skopeo --policy "$WORK/policy.json" copy -q --dest-creds "AWS:$(awscli ecr get-login-password)" --dest-cert-dir "$WORK/certs" \
  "oci:$WORK/layout" "docker://$IMAGE"

awscli sagemaker create-model --model-name "$ENDPOINT" --primary-container "Image=$IMAGE,Environment={SERVE_SLEEP_US=$MODEL_US}" --enable-network-isolation >/dev/null
awscli sagemaker create-endpoint-config --endpoint-config-name "$ENDPOINT" \
  --production-variants "VariantName=AllTraffic,ModelName=$ENDPOINT,InitialInstanceCount=1,InstanceType=ml.m5.large" >/dev/null
awscli sagemaker create-endpoint --endpoint-name "$ENDPOINT" --endpoint-config-name "$ENDPOINT" >/dev/null
for _ in $(seq 1 600); do
  STATUS=$(awscli sagemaker describe-endpoint --endpoint-name "$ENDPOINT" --query EndpointStatus --output text)
  [[ "$STATUS" == InService || "$STATUS" == Failed ]] && break
  sleep 0.2
done
[[ "$STATUS" == InService ]] || { echo "endpoint $STATUS"; awscli sagemaker describe-endpoint --endpoint-name "$ENDPOINT"; exit 1; }

# The container: named from the data directory as the server names it (EndpointService), its init's pid from runc.
TAG=$(printf '%s' "$DATA" | sha256sum | cut -c1-6)
CONTAINER=$(runc list -q | grep "^se$TAG-" | head -n1)
CPID=$(runc state "$CONTAINER" | python3 -c 'import json,sys; print(json.load(sys.stdin)["pid"])')
echo "endpoint InService; container $CONTAINER (pid $CPID); load average: $(cut -d' ' -f1-3 /proc/loadavg)"

run_load() {
  dotnet "$LOAD" inference-load --url "https://127.0.0.1:$PORT/" --cert "$DATA/tls/cert.pem" --key "$KEY" --secret "$SECRET" \
    --region "$REGION" --endpoint "$ENDPOINT" --pid "$CPID" --concurrency "$1" --rounds "$ROUNDS" --seconds "$SECONDS_PER_ROUND" --payload "$PAYLOAD"
}
run_load "$CONCURRENCY"
if [[ "$LOW" != 0 ]]; then run_load "$LOW"; fi
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
