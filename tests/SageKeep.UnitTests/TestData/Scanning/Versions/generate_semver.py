#!/usr/bin/python3
"""Generate semver.tsv, semver-validity.tsv and npm-ranges.tsv with npm's own `semver` package as oracle.

Corpus: the versions of every package under npm's global node_modules on the generating machine
(real npm versions), plus SemVer 2.0.0 grammar cases: pre-release identifiers numeric vs alphanumeric,
leading zeros, build metadata, the "v" prefix, surrounding white space, numbers near 2^53.
Ranges: comparators, ^, ~, ~>, x-ranges (x, X, *), hyphen ranges, ||, and the pre-release
inclusion rule, tested with semver.satisfies(version, range) (default options).
Oracle: node with `$(npm root -g)/npm/node_modules/semver`; pairs are passed as JSON on stdin.
Run from this folder: ./generate_semver.py
"""
import json
import os
import subprocess

from gen_common import clean, digits, pairs, rng, sep_mutation, write_tsv

r = rng("semver")
npm_root = subprocess.run(["npm", "root", "-g"], capture_output=True, text=True, check=True).stdout.strip()
semver_dir = os.path.join(npm_root, "npm", "node_modules", "semver")

installed = []
for root, dirs, files in os.walk(npm_root):
    if "package.json" in files and os.path.basename(os.path.dirname(root)) == "node_modules":
        try:
            with open(os.path.join(root, "package.json")) as f:
                v = json.load(f).get("version")
            if isinstance(v, str):
                installed.append(v)
        except (OSError, ValueError):
            pass


def num(r):
    return r.choice(["0", "1", "2", "3", "10", digits(r, 2).lstrip("0") or "0", "0", "1", "2", "01"])


def ident(r):
    return r.choice(["alpha", "beta", "rc", "0", "1", "2", "11", "x", "alpha-1", "A", "Beta", "01", "-", "1a", "pre"])


def grammar(r):
    v = r.choice(["", "", "", "", "", "", "v", "=", " "]) + num(r) + "." + num(r) + "." + num(r)
    if r.random() < 0.5:
        v += "-" + ".".join(ident(r) for _ in range(r.randint(1, 3)))
    if r.random() < 0.2:
        v += "+" + r.choice(["build.1", "001", "sha.abc", "x-y"])
    if r.random() < 0.02:
        v = r.choice(["9007199254740991.0.0", "9007199254740992.0.0", "1.2", "1", "1.2.3.4"])
    return v


corpus = clean(installed + [grammar(r) for _ in range(2500)])
alphabet = "0123456789.-+abrvx"
inserts = ["-0", "-alpha", ".1", "+b", "-rc.1", ".0", "-1", "-alpha.1", "v", " ", ".", "-"]
rows_in = pairs(r, corpus, 6000, lambda r, v: sep_mutation(r, v, alphabet, inserts))


def range_part(r):
    v = r.choice(["1.2.3", "1.2", "1", "0.2.3", "0.0.3", "1.2.3-beta.2", "2.0.0-rc.1", "1.x", "1.2.x", "*", "X", "0.1.2-alpha",
                  "3.0.0", "10.4.1", "1.2.*", "0.0", "0.x", "2", "1.2.3-0"])
    op = r.choice(["", "", "^", "~", "~>", ">=", "<", ">", "<=", "=", "v", "^v"])
    return op + r.choice(["", "", " "]) + v if op not in ("", "v") else op + v


def npm_range(r):
    sets = []
    for _ in range(r.choice([1, 1, 1, 2, 3])):
        if r.random() < 0.15:
            sets.append(range_part(r).lstrip("^~>=<v ") + " - " + range_part(r).lstrip("^~>=<v "))
        else:
            sets.append(" ".join(range_part(r) for _ in range(r.choice([1, 1, 2]))))
    return r.choice([" || ", "||", " ||  "]).join(sets)


ranges = clean(["^1.2.3", "~1.2.3", "1.x", ">=1.0.0 <2.0.0", "1.2.3 - 2.3.4", "1.2 - 2", "*", "", "^0.0.1", "^0.1.2",
                "~0.0.1", ">1.2.3-alpha.3", "<2.0.0-0", "1.2.3-alpha.7 - 2", "^1.2.3-beta.2", "~1.2.3-beta.2",
                ">=1.2.3 <1.2.4 || >=2.0.0", "=1.2.3", "v1.2.3", "1.2.3 || 2.x", "^ 1.2", "~> 1.2", "x", ">= 1",
                "<1", ">1", "<=1.2", "<0.0.0-0", "1.2.x || 3", "0.x || >=1.0.0-rc.1"] + [npm_range(r) for _ in range(900)])



def near(r):
    """Versions close to the numbers ranges use, so that many satisfy them."""
    v = r.choice(["0", "1", "2", "3"]) + "." + r.choice(["0", "1", "2", "3"]) + "." + r.choice(["0", "1", "2", "3", "4"])
    if r.random() < 0.3:
        v += "-" + r.choice(["alpha", "beta.2", "beta.3", "rc.1", "0", "alpha.7", "alpha.3"])
    return v


broken_ranges = clean(["x.1", "1.x.3", ">=>1", "^>1", "==1.2.3", "1.2.3.4", "01.2.3", ">=a", "1 - ", "~1.2.3 || >", "<9007199254740991.0.0 || ^9007199254740991"]
                      + [sep_mutation(r, npm_range(r), "0123456789.-x*^~<>=| v", ["||", " - ", ".x", "^", "~", ">", "=", " ", "-"]) for _ in range(600)])
versions_for_ranges = clean([near(r) for _ in range(600)] + [grammar(r) for _ in range(200)] + installed[:100])
curated = ranges[:30]
curated_versions = ["0.0.1", "0.0.2", "0.1.2", "0.1.9", "0.2.0", "1.0.0", "1.2.2", "1.2.3", "1.2.4", "1.2.3-alpha.3",
                    "1.2.3-alpha.7", "1.2.3-beta.2", "1.2.3-beta.4", "1.3.0", "1.9.9", "2.0.0-0", "2.0.0-rc.1", "2.0.0",
                    "2.3.4", "2.3.5", "2.4.0", "3.0.0", "3.4.5-alpha.9", "1.0.0-rc.1", "0.0.0", "v1.2.3", "1.2.3+build"]
range_pairs = [(rg, r.choice(versions_for_ranges)) for rg in ranges for _ in range(4)]
range_pairs += [(rg, v) for rg in curated for v in curated_versions]

script = """
const semver = require(process.argv[1]);
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const out = {
  compare: input.pairs.map(([a, b]) => { try { return semver.compare(a, b); } catch (e) { return null; } }),
  valid: input.versions.map(v => { try { new semver.SemVer(v); return 1; } catch (e) { return 0; } }),
  validRange: input.rangeTexts.map(rg => { try { new semver.Range(rg); return 1; } catch (e) { return 0; } }),
  satisfies: input.ranges.map(([rg, v]) => {
    let ok = 1; try { new semver.Range(rg); } catch (e) { ok = 0; }
    return ok ? (semver.satisfies(v, rg) ? 1 : 0) : null; }),
};
process.stdout.write(JSON.stringify(out));
"""
validity_in = clean([x for p in rows_in for x in p])
res = subprocess.run(["node", "-e", script, semver_dir], input=json.dumps(
    {"pairs": rows_in, "versions": validity_in, "ranges": range_pairs, "rangeTexts": ranges + broken_ranges}), capture_output=True, text=True, check=True)
out = json.loads(res.stdout)
with open(os.path.join(semver_dir, "package.json")) as f:
    semver_version = json.load(f)["version"]

rows = [(a, b, c) for (a, b), c in zip(rows_in, out["compare"]) if c is not None]
write_tsv("semver.tsv", f"a\tb\tsemver {semver_version} compare(a, b)", rows)
write_tsv("semver-validity.tsv", f"version\t1 if semver {semver_version} new SemVer(v) accepts it",
          sorted(zip(validity_in, out["valid"])))
write_tsv("npm-ranges-validity.tsv", f"range\t1 if semver {semver_version} new Range(range) accepts it",
          sorted(zip(ranges + broken_ranges, out["validRange"])))
range_rows = [(rg, v, c) for (rg, v), c in zip(range_pairs, out["satisfies"]) if c is not None]
write_tsv("npm-ranges.tsv", f"range\tversion\tsemver {semver_version} satisfies(version, range)", range_rows)
