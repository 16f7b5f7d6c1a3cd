#!/usr/bin/env bash
# Registry push/pull throughput of a 200 MiB image with skopeo against local copies of the same layout, in one run.
#   - baselines: `cp -r` of the OCI layout (+ sync) and `skopeo copy oci: -> oci:` between two local directories
#     (the same client pipeline without a network or a registry);
#   - push: `skopeo copy oci: -> docker://` into the registry over TLS with `AWS:$(aws ecr get-login-password)`
#     (blob uploads, digest verification, fsync, manifest PUT);
#   - pull: `skopeo copy docker:// -> oci:` back out; the pulled layer's digest is checked against the source.
# Each round writes a fresh layout (incompressible random bytes, one gzip layer of ~200 MiB), so no
# blob is already present in the registry when it is pushed.
# Usage: bench/registry-throughput.sh [rounds] [MiB]   (defaults 1 and 200)
# SAGEKEEP_BENCH_BIN=<dir with sagekeep.dll> uses an existing build instead of building Release.
set -euo pipefail
rounds="${1:-1}"
size_mib="${2:-200}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/sagekeep-registry-bench.XXXXXX")"
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

bin="${SAGEKEEP_BENCH_BIN:-$work/bin}"
[ -n "${SAGEKEEP_BENCH_BIN:-}" ] || dotnet build "$root/src/SageKeep.Cli" -c Release -v q -o "$work/bin" >/dev/null
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
export AWS_ACCESS_KEY_ID=AKIABENCHMARK0000000 AWS_SECRET_ACCESS_KEY=benchmarkbenchmarkbenchmarkbenchmark0000
SAGEKEEP_ROOT_ACCESS_KEY_ID="$AWS_ACCESS_KEY_ID" SAGEKEEP_ROOT_SECRET_ACCESS_KEY="$AWS_SECRET_ACCESS_KEY" \
  dotnet "$bin/sagekeep.dll" serve --port "$port" --data-dir "$work/data" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 150); do curl -sf --cacert "$work/data/tls/cert.pem" "https://127.0.0.1:$port/_sagekeep/health" >/dev/null 2>&1 && break; sleep 0.2; done
export AWS_CA_BUNDLE="$work/data/tls/cert.pem" AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_DEFAULT_REGION=us-east-1
aws_() { aws --endpoint-url "https://127.0.0.1:$port" "$@"; }

mkdir -p "$work/certs"
cp "$work/data/tls/cert.pem" "$work/certs/ca.crt"
echo '{"default":[{"type":"insecureAcceptAnything"}]}' >"$work/policy.json"
skopeo_() { REGISTRY_AUTH_FILE=/dev/null skopeo --policy "$work/policy.json" "$@"; }
host="127.0.0.1:$port"

# An OCI layout with one gzip layer holding SIZE MiB of random bytes; prints the layer digest.
make_layout() {
  python3 - "$1" "$size_mib" <<'PY'
import gzip, hashlib, json, os, sys, tarfile
out, mib = sys.argv[1], int(sys.argv[2])
blobs = os.path.join(out, "blobs", "sha256")
os.makedirs(blobs)
layer_tmp = os.path.join(out, "layer.tmp")
class Random:
    def __init__(self, n): self.left = n
    def read(self, size=-1):
        size = self.left if size < 0 else min(size, self.left)
        self.left -= size
        return os.urandom(size)
with open(layer_tmp, "wb") as f, tarfile.open(fileobj=f, mode="w", format=tarfile.PAX_FORMAT) as tar:
    info = tarfile.TarInfo("data/payload.bin"); info.size = mib * 1024 * 1024; info.mode = 0o644
    tar.addfile(info, Random(info.size))
# gzip at level 1 (random bytes stay ~200 MiB): registry clients keep compressed layers as they are.
diff = hashlib.sha256()
with open(layer_tmp, "rb") as f:
    for block in iter(lambda: f.read(1 << 20), b""): diff.update(block)
gz_tmp = layer_tmp + ".gz"
with open(layer_tmp, "rb") as src, open(gz_tmp, "wb") as raw:
    with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=1, mtime=0) as gz:
        for block in iter(lambda: src.read(1 << 20), b""): gz.write(block)
os.remove(layer_tmp)
h = hashlib.sha256()
with open(gz_tmp, "rb") as f:
    for block in iter(lambda: f.read(1 << 20), b""): h.update(block)
layer_digest, layer_size = "sha256:" + h.hexdigest(), os.path.getsize(gz_tmp)
os.rename(gz_tmp, os.path.join(blobs, h.hexdigest()))
def put(data):
    d = hashlib.sha256(data).hexdigest()
    open(os.path.join(blobs, d), "wb").write(data)
    return "sha256:" + d, len(data)
config = json.dumps({"architecture": "amd64", "os": "linux", "config": {}, "rootfs": {"type": "layers", "diff_ids": ["sha256:" + diff.hexdigest()]}}).encode()
cd, cs = put(config)
manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
    "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": cd, "size": cs},
    "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": layer_digest, "size": layer_size}]}).encode()
md, ms = put(manifest)
open(os.path.join(out, "oci-layout"), "w").write('{"imageLayoutVersion":"1.0.0"}')
open(os.path.join(out, "index.json"), "w").write(json.dumps({"schemaVersion": 2, "manifests": [
    {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": md, "size": ms, "annotations": {"org.opencontainers.image.ref.name": "v1"}}]}))
print(layer_digest)
PY
}

seconds() { python3 -c 'import time; print(time.monotonic())'; }
rate() { python3 -c "print(f'{$size_mib / ($2 - $1):.1f}')"; }
aws_ ecr create-repository --repository-name bench/big >/dev/null

for round in $(seq "$rounds"); do
  layout="$work/layout-$round"
  digest="$(make_layout "$layout")"
  sync
  t0=$(seconds); cp -r "$layout" "$work/cp-$round"; sync; t1=$(seconds)
  skopeo_ copy -q "oci:$layout:v1" "oci:$work/local-$round:v1" >/dev/null; sync; t2=$(seconds)
  password="$(aws_ ecr get-login-password)"
  t3=$(seconds)
  skopeo_ copy -q --dest-creds "AWS:$password" --dest-cert-dir "$work/certs" "oci:$layout:v1" "docker://$host/bench/big:r$round" >/dev/null; t4=$(seconds)
  skopeo_ copy -q --src-creds "AWS:$password" --src-cert-dir "$work/certs" "docker://$host/bench/big:r$round" "oci:$work/pulled-$round:v1" >/dev/null; sync; t5=$(seconds)
  [ -f "$work/pulled-$round/blobs/sha256/${digest#sha256:}" ] || { echo "the pulled image lacks layer $digest" >&2; exit 1; }
  [ "$(sha256sum "$work/pulled-$round/blobs/sha256/${digest#sha256:}" | cut -d' ' -f1)" = "${digest#sha256:}" ] || { echo "pulled layer differs" >&2; exit 1; }
  cpr=$(rate "$t0" "$t1"); local_=$(rate "$t1" "$t2"); push=$(rate "$t3" "$t4"); pull=$(rate "$t4" "$t5")
  python3 -c "print(f'round $round ($size_mib MiB): cp -r {$cpr} MiB/s | skopeo oci->oci {$local_} MiB/s | push {$push} MiB/s ({$push/$cpr:.0%} of cp, {$push/$local_:.0%} of local skopeo) | pull {$pull} MiB/s ({$pull/$cpr:.0%} of cp, {$pull/$local_:.0%} of local skopeo)')"
  rm -rf "$layout" "$work/cp-$round" "$work/local-$round" "$work/pulled-$round"
done
