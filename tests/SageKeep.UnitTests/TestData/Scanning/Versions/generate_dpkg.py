#!/usr/bin/python3
"""Generate dpkg.tsv (version pairs) and dpkg-validity.tsv with the real dpkg as oracle.

Corpus: every version installed on the generating machine (dpkg-query), plus versions built from
the deb-version(7) grammar around the tricky parts: epochs, '~', '+', letters vs non-letters,
leading zeros, hyphens in upstream. Oracle: `dpkg --compare-versions A lt B` / `eq` exit codes;
exit code 2 means dpkg refuses a version (validity file).
Run from this folder: ./generate_dpkg.py
"""
import subprocess

from gen_common import clean, digits, pairs, rng, sep_mutation, write_tsv

r = rng("dpkg")

installed = subprocess.run(["dpkg-query", "-W", "-f", "${Version}\\n"],
                           capture_output=True, text=True, check=True).stdout.split()


def grammar(r):
    up = digits(r)
    for _ in range(r.randint(0, 3)):
        up += r.choice([".", ".", "+", "~", "", "-"]) + r.choice([digits(r), "a", "b", "rc1", "dfsg", "git20200101", "~beta", ""])
    v = up
    if r.random() < 0.6:
        v += "-" + r.choice(["1", "2", "0", "1ubuntu1", "1+deb12u1", "1~bpo11+1", "3.1", digits(r), "1build1", "0.1~exp"])
    if r.random() < 0.25:
        v = r.choice(["1", "2", "0", "10", "01"]) + ":" + v
    return v


generated = [grammar(r) for _ in range(1500)]
corpus = clean(installed + generated)

alphabet = "0123456789abcz.+~-:AZ"
inserts = ["~", "~rc1", "+b1", "-1", "a", ".0", "0", "+dfsg", "~~", "-0", "1:", ":", "+", "."]
rows_in = pairs(r, corpus, 3000, lambda r, v: sep_mutation(r, v, alphabet, inserts))


def arg(v):
    # A leading '-' would be read as an option; dpkg trims leading blanks from versions, so prefix one.
    return " " + v if v.startswith("-") else v


def dpkg(a, op, b):
    return subprocess.run(["dpkg", "--compare-versions", arg(a), op, arg(b)],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode


validity = {}
for v in clean([x for p in rows_in for x in p] + ["", " ", "1 2", "a:1", "1:", "-1", "1-", ":1", "1:-1",
                                                    "99999999999:1", "-0:1", "+1:2", "1.0 ", " 1.0"]):
    # dpkg --compare-versions treats "" as "no version"; it is invalid here.
    validity[v] = 0 if v.strip() == "" else (0 if dpkg(v, "eq", v) == 2 else 1)

rows = []
for a, b in rows_in:
    if not (validity.get(a) and validity.get(b)):
        continue
    if dpkg(a, "lt", b) == 0:
        rows.append((a, b, -1))
    elif dpkg(a, "eq", b) == 0:
        rows.append((a, b, 0))
    else:
        rows.append((a, b, 1))

write_tsv("dpkg.tsv", "a\tb\tdpkg --compare-versions (-1 lt, 0 eq, 1 gt)", rows)
write_tsv("dpkg-validity.tsv", "version\t1 if dpkg accepts it, 0 if dpkg refuses it (exit code 2)",
          sorted(validity.items()))
