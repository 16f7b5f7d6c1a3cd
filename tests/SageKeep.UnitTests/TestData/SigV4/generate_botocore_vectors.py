#!/usr/bin/env python3
"""Signs requests with botocore (the signer of the aws CLI and boto3) and prints them as JSON.

    python3 generate_botocore_vectors.py              fixed cases the AWS suite lacks (committed
                                                       as botocore-vectors.json)
    python3 generate_botocore_vectors.py --random N --seed S
                                                       N random requests (used by the tests at run time)

Each vector: the wire request (method, target, headers, body), the signing inputs, and what botocore
computed (canonical request for header signing, or the presigned URL).
"""
import datetime
import json
import random
import sys
import types
from urllib.parse import urlsplit

import botocore.auth
from botocore.auth import S3SigV4Auth, S3SigV4QueryAuth, SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

ACCESS_KEY = "AKIDEXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
TEMP_KEY = "ASIAEXAMPLETEMPORARY"
TOKEN = "FQoGZXIvYXdzEXAMPLE//token+with/slashes=="
REGION = "us-east-1"
NOW = datetime.datetime(2026, 1, 1, 0, 0, 0)

# Deterministic time for the committed vectors.
botocore.auth.get_current_datetime = lambda *a, **k: NOW


def sign(name, service, method, url, headers=None, body=b"", params=None, s3=False,
         presign=False, token=False, unsigned_payload=False, note=""):
    creds = Credentials(TEMP_KEY if token else ACCESS_KEY, SECRET, TOKEN if token else None)
    request = AWSRequest(method=method, url=url, headers=dict(headers or {}), data=body, params=params or {})
    if unsigned_payload:
        request.context["client_config"] = types.SimpleNamespace(s3={"payload_signing_enabled": False})
    if presign:
        signer = (S3SigV4QueryAuth if s3 else SigV4QueryAuth)(creds, service, REGION, expires=900)
    else:
        signer = (S3SigV4Auth if s3 else SigV4Auth)(creds, service, REGION)
    captured = []
    original = signer.canonical_request
    signer.canonical_request = lambda r: captured.append(original(r)) or captured[-1]
    signer.add_auth(request)
    canonical = captured[-1]
    prepared = request.prepare()
    parts = urlsplit(prepared.url)
    target = parts.path + ("?" + parts.query if parts.query else "")
    wire_headers = [[k, v] for k, v in prepared.headers.items()]
    if not any(k.lower() == "host" for k, _ in wire_headers):
        wire_headers.append(["Host", parts.netloc])
    data = prepared.body or b""
    if isinstance(data, str):
        data = data.encode("utf-8")
    # The time the signer used (older botocore ignores the patched clock): X-Amz-Date of the request.
    amz_date = prepared.headers.get("X-Amz-Date") or dict(
        pair.split("=", 1) for pair in parts.query.split("&") if pair.startswith("X-Amz-Date="))["X-Amz-Date"]
    if isinstance(amz_date, bytes):
        amz_date = amz_date.decode("ascii")
    signed_at = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ")
    return {
        "name": name,
        "note": note,
        "service": service,
        "isS3": s3,
        "method": method,
        "target": target,
        "headers": wire_headers,
        "body": data.decode("utf-8"),
        "accessKeyId": creds.access_key,
        "secretAccessKey": SECRET,
        "sessionToken": creds.token,
        "region": REGION,
        "timestamp": signed_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "canonicalRequest": canonical,
    }


def fixed_cases():
    h = "https://example.amazonaws.com"
    s3 = "https://s3.us-east-1.amazonaws.com"
    return [
        sign("percent-in-path", "service", "GET", h + "/a%20b/c%2Fd",
             note="non-S3 double encoding: /a%20b signs as /a%2520b"),
        sign("percent-percent-in-path", "service", "GET", h + "/100%25",
             note="an encoded percent is encoded again"),
        sign("tilde-and-reserved-in-path", "service", "GET", h + "/a~b/%21%2A"),
        sign("s3-dot-segments-kept", "s3", "GET", s3 + "/bucket/a/../b", s3=True,
             note="S3: no normalisation"),
        sign("s3-double-slash-kept", "s3", "GET", s3 + "/bucket//key//", s3=True),
        sign("s3-single-encoding", "s3", "GET", s3 + "/bucket/a%20b/%E1%88%B4", s3=True,
             note="S3: the wire path is the canonical URI (single encoding)"),
        sign("s3-put-signed-body", "s3", "PUT", s3 + "/bucket/key.txt", body=b"hello, world", s3=True),
        sign("s3-unsigned-payload", "s3", "PUT", s3 + "/bucket/key.txt", body=b"hello", s3=True, unsigned_payload=True),
        sign("duplicate-query-keys", "service", "GET", h + "/?a=2&a=1&a=1&b=x"),
        sign("empty-query-values", "service", "GET", h + "/?a=&b&c=", note="'b' without '=' signs as 'b='"),
        sign("unicode-query", "service", "GET", h + "/", params={"ключ": "値 ✓", "é": ""}),
        sign("space-in-query", "service", "GET", h + "/", params={"q": "a b"},
             note="botocore sends the space as '+' on the wire and signs it as %20"),
        sign("plus-in-query", "service", "GET", h + "/", params={"q": "a+b"},
             note="a literal plus is sent and signed as %2B"),
        sign("sagemaker-json", "sagemaker", "POST", h + "/",
             headers={"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "SageMaker.ListTrainingJobs"},
             body=b'{"MaxResults": 10}'),
        sign("sagemaker-json-session-token", "sagemaker", "POST", h + "/",
             headers={"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "SageMaker.ListModels"},
             body=b"{}", token=True),
        sign("sts-query", "sts", "POST", h + "/",
             headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
             body=b"Action=GetCallerIdentity&Version=2011-06-15"),
        sign("presigned-s3-get", "s3", "GET", s3 + "/bucket/dir/my%20file.txt", s3=True, presign=True),
        sign("presigned-s3-get-session-token", "s3", "GET", s3 + "/bucket/key", s3=True, presign=True, token=True),
        sign("presigned-service-get", "service", "GET", h + "/path/x", params={"Action": "Describe", "z": "1 2"}, presign=True),
    ]


def random_cases(n, seed):
    rng = random.Random(seed)
    alphabet = "abcXYZ019-_.~ !*'()%/+é✓"
    def text(k):
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, k)))
    from urllib.parse import quote
    out = []
    for i in range(n):
        s3 = rng.random() < 0.3
        presign = rng.random() < 0.3
        service = "s3" if s3 else rng.choice(["sagemaker", "sts", "iam", "service"])
        segments = [quote(text(6), safe="") for _ in range(rng.randint(0, 3))]
        path = "/" + "/".join(segments)
        params = {text(5) or "k": text(8) for _ in range(rng.randint(0, 4))}
        headers = {"X-Custom-" + str(j): text(10).replace("%", "p") for j in range(rng.randint(0, 2))}
        body = text(40).encode("utf-8") if (not presign and rng.random() < 0.5) else b""
        method = rng.choice(["GET", "PUT", "POST", "DELETE"])
        out.append(sign(f"random-{seed}-{i}", service, method, "https://example.amazonaws.com" + path,
                        headers=headers, body=body, params=params, s3=s3, presign=presign,
                        token=rng.random() < 0.3, unsigned_payload=s3 and rng.random() < 0.5))
    return out


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "--random":
        cases = random_cases(int(sys.argv[2]), int(sys.argv[4]) if len(sys.argv) > 4 else 1)
    else:
        cases = fixed_cases()
    json.dump(cases, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")
