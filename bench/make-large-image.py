#!/usr/bin/env python3
"""Write an OCI image layout whose single uncompressed layer expands to over 1 GiB.

The layer holds a few package databases (dpkg, apk, Python dist-info) and large regular files of a
generated pattern, including an extensionless file under /usr/bin that the Go and cargo-auditable
catalogers claim (the scanner's worst case: a claimed file it must buffer). Everything is streamed:
the pattern is produced block by block and the layer is hashed while it is written, so this script
itself needs a few MiB of memory whatever the image size.

Usage: make-large-image.py OUTPUT_DIR
"""

import hashlib
import io
import json
import os
import sys
import tarfile

MIB = 1024 * 1024
BLOCK = bytes(((i * 31) + (i >> 8)) & 0xFF for i in range(64 * 1024))
BULK_FILES = [(f"opt/data/blob-{i}.bin", 128 * MIB) for i in range(7)]
CLAIMED_FILE = ("usr/bin/bigtool", 160 * MIB)

DPKG_STATUS = "".join(
    f"Package: {name}\nStatus: install ok installed\nArchitecture: amd64\nSource: {source}\n"
    f"Version: {version}\nDescription: {name}\n\n"
    for name, version, source in [
        ("base-files", "12.4", "base-files"),
        ("libc6", "2.36-9", "glibc"),
        ("zlib1g", "1:1.2.13.dfsg-1", "zlib"),
    ]
)
APK_INSTALLED = (
    "C:Q1aaaaaaaaaaaaaaaaaaaaaaaaaaa=\nP:musl\nV:1.2.4-r2\nA:x86_64\no:musl\nL:MIT\nt:1700000000\n\n"
    "C:Q1bbbbbbbbbbbbbbbbbbbbbbbbbbb=\nP:busybox\nV:1.36.1-r15\nA:x86_64\no:busybox\nL:GPL-2.0-only\nt:1700000000\n\n"
)
OS_RELEASE = 'ID=debian\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\n'


class Pattern(io.RawIOBase):
    """Read-only stream of `length` bytes of a repeating 64 KiB block."""

    def __init__(self, length):
        self.remaining = length
        self.offset = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        view = memoryview(buffer)
        total = min(len(view), self.remaining)
        done = 0
        while done < total:
            chunk = min(total - done, len(BLOCK) - self.offset)
            view[done:done + chunk] = BLOCK[self.offset:self.offset + chunk]
            done += chunk
            self.offset = (self.offset + chunk) % len(BLOCK)
        self.remaining -= total
        return total


class HashingWriter(io.RawIOBase):
    """Write-only pass-through computing SHA-256 and size (for the OCI descriptor)."""

    def __init__(self, inner):
        self.inner = inner
        self.sha = hashlib.sha256()
        self.size = 0

    def writable(self):
        return True

    def write(self, data):
        self.sha.update(data)
        self.inner.write(data)
        self.size += len(data)
        return len(data)


def add_dir(tar, path):
    info = tarfile.TarInfo(path)
    info.type = tarfile.DIRTYPE
    info.mode = 0o755
    tar.addfile(info)


def add_file(tar, path, size, data, mode=0o644):
    info = tarfile.TarInfo(path)
    info.size = size
    info.mode = mode
    tar.addfile(info, data)


def add_text(tar, path, text):
    raw = text.encode()
    add_file(tar, path, len(raw), io.BytesIO(raw))


def write_blob(blobs, obj):
    raw = json.dumps(obj, separators=(",", ":")).encode()
    digest = hashlib.sha256(raw).hexdigest()
    with open(os.path.join(blobs, digest), "wb") as f:
        f.write(raw)
    return {"digest": "sha256:" + digest, "size": len(raw)}


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    blobs = os.path.join(out, "blobs", "sha256")
    os.makedirs(blobs, exist_ok=True)

    # Step 1: the layer, streamed ("w|") through the hasher, then renamed to its digest.
    tmp = os.path.join(blobs, "layer.tmp")
    with open(tmp, "wb") as raw:
        hashing = HashingWriter(raw)
        with tarfile.open(fileobj=hashing, mode="w|", format=tarfile.PAX_FORMAT) as tar:
            for d in ["etc", "var", "var/lib", "var/lib/dpkg", "lib", "lib/apk", "lib/apk/db", "usr", "usr/bin",
                      "usr/lib", "usr/lib/python3", "usr/lib/python3/dist-packages", "opt", "opt/data"]:
                add_dir(tar, d)
            add_text(tar, "etc/os-release", OS_RELEASE)
            add_text(tar, "var/lib/dpkg/status", DPKG_STATUS)
            add_text(tar, "lib/apk/db/installed", APK_INSTALLED)
            for name, version in [("requests", "2.31.0"), ("urllib3", "2.0.7")]:
                info_dir = f"usr/lib/python3/dist-packages/{name}-{version}.dist-info"
                add_dir(tar, info_dir)
                add_text(tar, info_dir + "/METADATA", f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n\n")
            for path, size in BULK_FILES + [CLAIMED_FILE]:
                add_file(tar, path, size, Pattern(size), mode=0o755)
    layer_hex = hashing.sha.hexdigest()
    os.replace(tmp, os.path.join(blobs, layer_hex))

    # Step 2: config, manifest, index, oci-layout (OCI image-layout spec).
    config = write_blob(blobs, {"architecture": "amd64", "os": "linux", "config": {},
                                "rootfs": {"type": "layers", "diff_ids": ["sha256:" + layer_hex]}})
    manifest = write_blob(blobs, {
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", **config},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar",
                    "digest": "sha256:" + layer_hex, "size": hashing.size}],
    })
    with open(os.path.join(out, "index.json"), "w") as f:
        json.dump({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
                   "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", **manifest}]}, f)
    with open(os.path.join(out, "oci-layout"), "w") as f:
        json.dump({"imageLayoutVersion": "1.0.0"}, f)
    print(os.path.join(blobs, layer_hex))


if __name__ == "__main__":
    main()
