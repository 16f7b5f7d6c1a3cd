#!/usr/bin/env python3
"""Training job overhead through the API against a bare `runc run` of the same bundle, in one run.

  - API: boto3 CreateTrainingJob, then DescribeTrainingJob polled every 20 ms; reported: create -> Training
    (SecondaryStatus) and create -> Completed (channel download, network namespace, bundle, runc, model.tar.gz
    upload, every transition persisted). The job's container runs `train`, which exits at once.
  - baseline: `runc run` (foreground, to exit) of the bundle the server wrote for a job of the same image: its
    config.json copied while that job ran (same rootfs, namespaces, user mapping, seccomp, limits, mounts),
    with its bind sources recreated empty and its own container id and cgroup path.
Needs root, runc, skopeo, busybox-static, boto3, and a built server (`dotnet build src/SageKeep.Cli`).
Usage: bench/training-overhead.py [rounds] [path/to/sagekeep.dll]   (default 5 rounds; the Debug build)
Traffic stays on 127.0.0.1; every container, cgroup and directory it creates is removed by its own name.
"""
import glob, gzip, hashlib, io, json, os, shutil, socket, statistics, subprocess, sys, tarfile, tempfile, time, uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
DLL = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "src/SageKeep.Cli/bin/Debug/net10.0/sagekeep.dll")
KEY, SECRET = "AKIABENCHMARK0000000", "benchmarkbenchmarkbenchmarkbenchmark0000"
TRAIN = b'#!/bin/sh\nif [ "$MODE" = hold ]; then sleep 5; fi\necho trained\n'


def blob(layout, data):
    digest = hashlib.sha256(data).hexdigest()
    with open(os.path.join(layout, "blobs", "sha256", digest), "wb") as f:
        f.write(data)
    return "sha256:" + digest, len(data)


def write_image(layout):
    """A one-layer OCI layout: the host's static busybox, sh/echo/sleep links, /usr/local/bin/train."""
    os.makedirs(os.path.join(layout, "blobs", "sha256"))
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for d in ["bin", "usr", "usr/local", "usr/local/bin", "etc"]:
            info = tarfile.TarInfo(d); info.type = tarfile.DIRTYPE; info.mode = 0o755; tar.addfile(info)
        with open("/bin/busybox", "rb") as f:
            data = f.read()
        info = tarfile.TarInfo("bin/busybox"); info.size = len(data); info.mode = 0o755; tar.addfile(info, io.BytesIO(data))
        for applet in ["sh", "echo", "sleep", "["]:
            info = tarfile.TarInfo("bin/" + applet); info.type = tarfile.SYMTYPE; info.linkname = "busybox"; tar.addfile(info)
        info = tarfile.TarInfo("usr/local/bin/train"); info.size = len(TRAIN); info.mode = 0o755; tar.addfile(info, io.BytesIO(TRAIN))
    layer = gzip.compress(raw.getvalue())
    layer_digest, layer_size = blob(layout, layer)
    config = json.dumps({"architecture": "amd64", "os": "linux", "config": {"Env": ["PATH=/usr/local/bin:/bin"]},
                         "rootfs": {"type": "layers", "diff_ids": ["sha256:" + hashlib.sha256(raw.getvalue()).hexdigest()]}}).encode()
    config_digest, config_size = blob(layout, config)
    manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                           "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": config_digest, "size": config_size},
                           "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": layer_digest, "size": layer_size}]}).encode()
    manifest_digest, manifest_size = blob(layout, manifest)
    with open(os.path.join(layout, "index.json"), "w") as f:
        json.dump({"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": manifest_digest, "size": manifest_size}]}, f)
    with open(os.path.join(layout, "oci-layout"), "w") as f:
        f.write('{"imageLayoutVersion":"1.0.0"}')


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    import boto3
    from botocore.config import Config

    work = tempfile.mkdtemp(prefix="sagekeep-training-bench-")
    os.chmod(work, 0o711)
    data_dir = os.path.join(work, "data")
    port = free_port()
    env = dict(os.environ, SAGEKEEP_ROOT_ACCESS_KEY_ID=KEY, SAGEKEEP_ROOT_SECRET_ACCESS_KEY=SECRET)
    env = {k: v for k, v in env.items() if not k.startswith("SAGEKEEP_") or k.startswith("SAGEKEEP_ROOT_")}
    log = open(os.path.join(work, "server.log"), "w")
    server = subprocess.Popen(["dotnet", DLL, "serve", "--port", str(port), "--data-dir", data_dir, "--training-memory-bytes", str(512 * 1024 * 1024)],
                              env=env, stdout=log, stderr=subprocess.STDOUT)
    tag = hashlib.sha256(os.path.abspath(data_dir).encode()).hexdigest()[:6]
    bare_ids = []
    try:
        cert = os.path.join(data_dir, "tls", "cert.pem")
        for _ in range(300):
            if os.path.exists(cert) and subprocess.run(["curl", "-sf", "--cacert", cert, f"https://127.0.0.1:{port}/_sagekeep/health"], capture_output=True).returncode == 0:
                break
            time.sleep(0.2)
        session = boto3.session.Session(aws_access_key_id=KEY, aws_secret_access_key=SECRET, region_name="us-east-1")
        cfg = Config(retries={"max_attempts": 1})
        client = lambda name: session.client(name, endpoint_url=f"https://127.0.0.1:{port}", verify=cert, config=cfg)
        sagemaker, s3, iam, ecr = client("sagemaker"), client("s3"), client("iam"), client("ecr")

        # Image, data, role.
        layout = os.path.join(work, "image")
        write_image(layout)
        ecr.create_repository(repositoryName="bench/train")
        token = ecr.get_authorization_token()["authorizationData"][0]["authorizationToken"]
        import base64
        password = base64.b64decode(token).decode().split(":", 1)[1]
        certs = os.path.join(work, "certs"); os.makedirs(certs); shutil.copy(cert, os.path.join(certs, "ca.crt"))
        policy = os.path.join(work, "policy.json")
        with open(policy, "w") as f:
            f.write('{"default":[{"type":"insecureAcceptAnything"}]}')
        image = f"127.0.0.1:{port}/bench/train:v1"
        subprocess.run(["skopeo", "--policy", policy, "copy", "--dest-creds", "AWS:" + password, "--dest-cert-dir", certs, "oci:" + layout, "docker://" + image], check=True, capture_output=True)
        s3.create_bucket(Bucket="bench-training")
        s3.put_object(Bucket="bench-training", Key="input/train/data.txt", Body=b"data\n")
        role = iam.create_role(RoleName="bench-sagemaker", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]

        def create(name, mode):
            sagemaker.create_training_job(
                TrainingJobName=name, RoleArn=role,
                AlgorithmSpecification={"TrainingImage": image, "TrainingInputMode": "File"},
                InputDataConfig=[{"ChannelName": "train", "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://bench-training/input/train/"}}}],
                OutputDataConfig={"S3OutputPath": "s3://bench-training/out"},
                ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 1},
                StoppingCondition={"MaxRuntimeInSeconds": 600}, Environment={"MODE": mode}, EnableNetworkIsolation=True)

        def wait(name, until_training=False):
            while True:
                job = sagemaker.describe_training_job(TrainingJobName=name)
                if until_training and job["SecondaryStatus"] in ("Training", "Uploading", "Completed"):
                    return job
                if job["TrainingJobStatus"] in ("Completed", "Failed", "Stopped"):
                    return job
                time.sleep(0.02)

        # A job that holds: copy the bundle the server wrote for it (also warms the rootfs cache).
        create("bench-capture", "hold")
        wait("bench-capture", until_training=True)
        configs = glob.glob(os.path.join(data_dir, "training", "runs", "*", "bundle", "config.json"))
        with open(configs[0]) as f:
            spec = json.load(f)
        assert wait("bench-capture")["TrainingJobStatus"] == "Completed"
        bundle = os.path.join(work, "bare")
        os.makedirs(bundle)
        uid = next(m["hostID"] for m in spec["linux"]["uidMappings"] if m["containerID"] == 0)
        for mount in spec["mounts"]:
            if mount.get("type") == "bind" and mount["destination"].startswith("/opt/ml/"):
                source = os.path.join(bundle, "mounts", mount["destination"].strip("/").replace("/", "-"))
                os.makedirs(source, exist_ok=True)
                os.chown(source, uid, uid)
                mount["source"] = source
        spec["process"]["env"] = [e if not e.startswith("MODE=") else "MODE=bench" for e in spec["process"]["env"]]

        api_training, api_completed, bare = [], [], []
        for i in range(ROUNDS):
            name = f"bench-{i}-{uuid.uuid4().hex[:6]}"
            t0 = time.monotonic()
            create(name, "bench")
            wait(name, until_training=True)
            t1 = time.monotonic()
            assert wait(name)["TrainingJobStatus"] == "Completed"
            t2 = time.monotonic()
            api_training.append(t1 - t0); api_completed.append(t2 - t0)

            bare_id = f"skbench{tag}-bare{i}"
            bare_ids.append(bare_id)
            spec["linux"]["cgroupsPath"] = f"/skbench{tag}/{bare_id}"
            with open(os.path.join(bundle, "config.json"), "w") as f:
                json.dump(spec, f)
            t3 = time.monotonic()
            subprocess.run(["runc", "run", "-b", bundle, bare_id], check=True, capture_output=True, stdin=subprocess.DEVNULL)
            bare.append(time.monotonic() - t3)
            subprocess.run(["runc", "delete", "-f", bare_id], capture_output=True)
            print(f"round {i + 1}: bare runc run {bare[-1]:.3f} s | API create->Training {api_training[-1]:.3f} s | create->Completed {api_completed[-1]:.3f} s")

        b, t, c = statistics.median(bare), statistics.median(api_training), statistics.median(api_completed)
        print(f"median: bare runc run {b:.3f} s; API create->Training {t:.3f} s (+{t - b:.3f} s, {t / b:.1f}x); "
              f"create->Completed {c:.3f} s (+{c - b:.3f} s, {c / b:.1f}x); target: under 0.5 s added")
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
        for bare_id in bare_ids:
            subprocess.run(["runc", "delete", "-f", bare_id], capture_output=True)
        for parent in [f"skbench{tag}", f"sagekeep-{tag}"]:
            for hierarchy in glob.glob("/sys/fs/cgroup/*/" + parent):
                for directory, _, _ in sorted(os.walk(hierarchy), key=lambda w: -len(w[0])):
                    try:
                        os.rmdir(directory)
                    except OSError:
                        pass
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
