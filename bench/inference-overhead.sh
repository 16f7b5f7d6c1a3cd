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
# SAGEKEEP_BENCH_CLIENT=wrk uses wrk (Debian package wrk) instead of the .NET load client (see run_wrk below);
# SAGEKEEP_BENCH_WARMUP=<s> warm-up per mode before the rounds (default 5; the server's tiered JIT needs it);
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
    --region "$REGION" --endpoint "$ENDPOINT" --pid "$CPID" --concurrency "$1" --rounds "$ROUNDS" --seconds "$SECONDS_PER_ROUND" --payload "$PAYLOAD" \
    --warmup "${SAGEKEEP_BENCH_WARMUP:-5}"
}
# wrk (SAGEKEEP_BENCH_CLIENT=wrk): a C client replaying one request, so the load generator takes little of the two
# cores. direct: wrk inside the container's network namespace, plain HTTP to 127.0.0.1:8080; sagekeep: wrk over TLS
# with one SigV4-signed request (signed by botocore just before each run, so within the clock-skew window) that the
# server still verifies in full on every call (signature, key, scope, time; it keeps no replay cache, like AWS).
head -c "$PAYLOAD" /dev/urandom >"$WORK/body.bin"
wrk_script() {
  python3 - "$1" "$WORK/body.bin" "https://127.0.0.1:$PORT/endpoints/$ENDPOINT/invocations" "$KEY" "$SECRET" "$REGION" <<'PY'
import sys
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
mode, body_path, url, key, secret, region = sys.argv[1:]
lines = ['wrk.method = "POST"', f'local f = io.open("{body_path}", "rb")', "wrk.body = f:read(\"*a\")", "f:close()",
         'wrk.headers["Content-Type"] = "application/octet-stream"']
if mode == "sagekeep":
    request = AWSRequest(method="POST", url=url, data=open(body_path, "rb").read(), headers={"Content-Type": "application/octet-stream"})
    SigV4Auth(Credentials(key, secret), "sagemaker", region).add_auth(request)
    for name in ("X-Amz-Date", "Authorization"):
        lines.append(f'wrk.headers["{name}"] = "{request.headers[name]}"')
print("\n".join(lines))
PY
}
run_wrk_once() { # mode concurrency seconds -> "req/s p50_ms p90_ms p99_ms non2xx"
  local mode=$1 c=$2 secs=$3 out
  wrk_script "$mode" >"$WORK/$mode.lua"
  if [[ "$mode" == direct ]]; then
    out=$(nsenter --net="/proc/$CPID/ns/net" wrk -t1 -c"$c" -d"${secs}s" --latency -s "$WORK/$mode.lua" http://127.0.0.1:8080/invocations)
  else
    local t0 t1
    t0=$(awk '{print $14 + $15}' "/proc/$SERVER_PID/stat")
    out=$(wrk -t1 -c"$c" -d"${secs}s" --latency -s "$WORK/$mode.lua" "https://127.0.0.1:$PORT/endpoints/$ENDPOINT/invocations")
    t1=$(awk '{print $14 + $15}' "/proc/$SERVER_PID/stat")
    out="$out"$'\n'"server-ticks: $((t1 - t0))"
  fi
  printf '%s\n' "$out" >"$WORK/wrk.out"
  python3 - "$WORK/wrk.out" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def ms(v):
    n, u = re.match(r"([\d.]+)(us|ms|s)", v).groups()
    return float(n) * {"us": 0.001, "ms": 1, "s": 1000}[u]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p = [ms(re.search(r"\s%s%%\s+(\S+)" % q, text).group(1)) for q in ("50", "90", "99")]
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
errors = re.search(r"Socket errors: (.*)", text)
extra = " socket-errors:" + errors.group(1).replace(" ", "") if errors else ""
ticks = re.search(r"server-ticks: (\d+)", text)
total = int(re.search(r"(\d+) requests in", text).group(1))
if ticks and total:
    # The server process's user + system CPU (clock ticks of 10 ms) per request served: less sensitive to other load.
    extra += f" server-cpu-us/req:{int(ticks.group(1)) * 10000 / total:.0f}"
print(f"{rps:.0f} {p[0]:.3f} {p[1]:.3f} {p[2]:.3f} {int(bad.group(1)) if bad else 0}{extra}")
PY
}
run_wrk() { # concurrency
  local c=$1 round d s
  echo "wrk: payload $PAYLOAD B, concurrency $c, ${SECONDS_PER_ROUND} s per mode per round, $ROUNDS rounds (order alternates), warm-up ${SAGEKEEP_BENCH_WARMUP:-5} s per mode"
  run_wrk_once direct "$c" "${SAGEKEEP_BENCH_WARMUP:-5}" >/dev/null; run_wrk_once sagekeep "$c" "${SAGEKEEP_BENCH_WARMUP:-5}" >/dev/null
  : >"$WORK/wrk-rounds"
  for round in $(seq "$ROUNDS"); do
    if (( round % 2 == 1 )); then d=$(run_wrk_once direct "$c" "$SECONDS_PER_ROUND"); s=$(run_wrk_once sagekeep "$c" "$SECONDS_PER_ROUND")
    else s=$(run_wrk_once sagekeep "$c" "$SECONDS_PER_ROUND"); d=$(run_wrk_once direct "$c" "$SECONDS_PER_ROUND"); fi
    echo "$d | $s" >>"$WORK/wrk-rounds"
  done
  python3 - "$WORK/wrk-rounds" "$c" "$PAYLOAD" <<'PY'
import statistics, sys
rows = [line.split("|") for line in open(sys.argv[1])]
added, ratios, dm, sm, cpu = [], [], [], [], []
print("round | mode     | req/s   | p50 ms | p90 ms | p99 ms | non-2xx")
for i, (d, s) in enumerate(rows, 1):
    d, s = d.split(), s.split()
    for name, r in (("direct", d), ("sagekeep", s)):
        print(f"{i:5} | {name:<8} | {float(r[0]):7.0f} | {float(r[1]):6.3f} | {float(r[2]):6.3f} | {float(r[3]):6.3f} | {r[4]} {' '.join(r[5:])}")
    added.append(float(s[1]) - float(d[1])); ratios.append(float(s[0]) / float(d[0])); dm.append(float(d[1])); sm.append(float(s[1]))
    cpu += [float(t.split(":")[1]) for t in s[5:] if t.startswith("server-cpu-us/req:")]
print(f"SUMMARY wrk concurrency={sys.argv[2]} payload={sys.argv[3]} rounds={len(rows)}: median p50 direct {statistics.median(dm):.3f} ms, sagekeep {statistics.median(sm):.3f} ms; "
      f"added median latency {statistics.median(added):.3f} ms (rounds: {' '.join(f'{a:.3f}' for a in added)}); throughput ratio {statistics.median(ratios):.3f} (rounds: {' '.join(f'{r:.3f}' for r in ratios)}); "
      f"server CPU per request {statistics.median(cpu) if cpu else float('nan'):.0f} us (rounds: {' '.join(f'{c:.0f}' for c in cpu)})")
PY
}

if [[ "${SAGEKEEP_BENCH_CLIENT:-dotnet}" == wrk ]]; then
  run_wrk "$CONCURRENCY"
  if [[ "$LOW" != 0 ]]; then run_wrk "$LOW"; fi
else
  run_load "$CONCURRENCY"
  if [[ "$LOW" != 0 ]]; then run_load "$LOW"; fi
fi
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
