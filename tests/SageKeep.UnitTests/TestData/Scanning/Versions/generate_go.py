#!/usr/bin/python3
"""Generate go.tsv and go-validity.tsv with golang.org/x/mod/semver as oracle.

Corpus: Go module versions built from the Go Modules Reference grammar: vMAJOR[.MINOR[.PATCH]]
short forms, pre-releases, build metadata (+incompatible), and the three pseudo-version forms
(vX.0.0-yyyymmddhhmmss-abcdefabcdef, vX.Y.Z-pre.0.yyyymmddhhmmss-..., vX.Y.(Z+1)-0.yyyymmddhhmmss-...).
Oracle: a Go program built at generation time (GOPATH mode) against golang.org/x/mod/semver as
packaged by Debian (golang-golang-x-mod-dev); it prints semver.Compare and semver.IsValid.
Run from this folder: ./generate_go.py
"""
import os
import subprocess
import tempfile

from gen_common import clean, digits, pairs, rng, sep_mutation, write_tsv

r = rng("go")


def stamp(r):
    return f"20{r.randint(18, 24)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}{r.randint(0, 23):02d}{r.randint(0, 59):02d}{r.randint(0, 59):02d}"


def commit(r):
    return "".join(r.choice("0123456789abcdef") for _ in range(12))


def num(r):
    return r.choice(["0", "1", "2", "3", "10", "21", "01", digits(r, 2).lstrip("0") or "0"])


def grammar(r):
    k = r.random()
    if k < 0.25:
        base = r.choice(["v0.0.0-", "v1.0.0-", "v2.0.0-"])
        return base + stamp(r) + "-" + commit(r) + r.choice(["", "", "+incompatible"])
    if k < 0.35:
        return f"v{num(r)}.{num(r)}.{num(r)}-" + r.choice(["pre.0.", "rc.1.0.", "0."]) + stamp(r) + "-" + commit(r)
    v = "v" + num(r)
    if r.random() < 0.85:
        v += "." + num(r)
        if r.random() < 0.85:
            v += "." + num(r)
            if r.random() < 0.3:
                v += "-" + ".".join(r.choice(["alpha", "beta", "rc", "0", "1", "2", "pre", "01", "x-y"]) for _ in range(r.randint(1, 2)))
            if r.random() < 0.2:
                v += "+" + r.choice(["incompatible", "build.1", "meta"])
    return v


corpus = clean([grammar(r) for _ in range(3000)] + ["v1", "v1.2", "v1.2.0", "v2.0.0+incompatible", "1.2.3", "v1.2.3.4", "V1.2.3"])
alphabet = "0123456789.-+abcv"
inserts = [".0", "-0", "-pre", "+incompatible", "-rc.1", ".1", "-", "+", "."]
rows_in = pairs(r, corpus, 4000, lambda r, v: sep_mutation(r, v, alphabet, inserts))

program = """package main

import (
\t"bufio"
\t"fmt"
\t"os"
\t"strings"

\t"golang.org/x/mod/semver"
)

func main() {
\tin := bufio.NewScanner(os.Stdin)
\tout := bufio.NewWriter(os.Stdout)
\tdefer out.Flush()
\tfor in.Scan() {
\t\tp := strings.Split(in.Text(), "\\t")
\t\tv := func(s string) int { if semver.IsValid(s) { return 1 }; return 0 }
\t\tfmt.Fprintf(out, "%d %d %d\\n", semver.Compare(p[0], p[1]), v(p[0]), v(p[1]))
\t}
}
"""

with tempfile.TemporaryDirectory() as tmp:
    with open(os.path.join(tmp, "main.go"), "w") as f:
        f.write(program)
    env = dict(os.environ, GO111MODULE="off", GOPATH="/usr/share/gocode", GOCACHE=os.path.join(tmp, "cache"))
    subprocess.run(["go", "build", "-o", os.path.join(tmp, "oracle"), os.path.join(tmp, "main.go")], env=env, check=True)
    stdin = "".join(a + "\t" + b + "\n" for a, b in rows_in)
    out = subprocess.run([os.path.join(tmp, "oracle")], input=stdin, capture_output=True, text=True, check=True).stdout.splitlines()

rows = []
validity = {}
for (a, b), line in zip(rows_in, out):
    c, va, vb = (int(x) for x in line.split())
    validity[a] = va
    validity[b] = vb
    if va and vb:
        rows.append((a, b, c))

write_tsv("go.tsv", "a\tb\tgolang.org/x/mod/semver.Compare(a, b) (Debian golang-golang-x-mod-dev)", rows)
write_tsv("go-validity.tsv", "version\t1 if golang.org/x/mod/semver.IsValid", sorted(validity.items()))
