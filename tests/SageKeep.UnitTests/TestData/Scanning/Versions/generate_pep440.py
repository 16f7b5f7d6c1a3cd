#!/usr/bin/python3
"""Generate pep440.tsv, pep440-validity.tsv and pep440-specifiers.tsv with pip's `packaging` as oracle.

Corpus: versions of the Python distributions installed on the generating machine, plus versions
built from the PEP 440 grammar with every alternative spelling the normalisation rules accept
(v prefix, alpha/beta/c/pre/preview, rev/r, -N post, '-', '_', '.' separators, upper case,
implicit numbers, local versions, epochs, surrounding white space).
Oracle: packaging.version.Version (comparison, InvalidVersion for validity) and
packaging.specifiers.SpecifierSet.contains (default prerelease handling).
Run from this folder: ./generate_pep440.py
"""
import importlib.metadata

import packaging
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from gen_common import clean, digits, pairs, rng, sep_mutation, write_tsv

r = rng("pep440")

installed = [d.version for d in importlib.metadata.distributions()]


def sep(r):
    return r.choice(["", "", ".", "-", "_"])


def grammar(r):
    v = r.choice(["", "", "", "v", "V"])
    if r.random() < 0.1:
        v += digits(r, 1) + "!"
    v += digits(r, 2)
    for _ in range(r.randint(0, 3)):
        v += "." + digits(r, 2)
    if r.random() < 0.4:
        v += sep(r) + r.choice(["a", "b", "c", "rc", "alpha", "beta", "pre", "preview", "RC", "Alpha"]) + sep(r) + r.choice(["", digits(r, 2)])
    if r.random() < 0.3:
        v += r.choice(["-" + digits(r, 2), sep(r) + r.choice(["post", "rev", "r", "POST"]) + sep(r) + r.choice(["", digits(r, 2)])])
    if r.random() < 0.3:
        v += sep(r) + r.choice(["dev", "DEV"]) + sep(r) + r.choice(["", digits(r, 2)])
    if r.random() < 0.2:
        v += "+" + r.choice(["ubuntu1", "1", "abc.5", "Local-2_x", "0.1", "1.a", "deb12u1", "cu118"])
    if r.random() < 0.05:
        v = r.choice([" ", "\t", "  "]) + v + r.choice(["", " ", "\n"]).replace("\n", " ")
    return v


corpus = clean(installed + [grammar(r) for _ in range(2500)])
alphabet = "0123456789abcdeprv.-_+!"
inserts = [".0", "a1", "b2", "rc1", ".post1", "-1", ".dev0", "+local", "+1", "!", "1!", ".", "-", "_", "c", "pre", "post"]
rows_in = pairs(r, corpus, 4000, lambda r, v: sep_mutation(r, v, alphabet, inserts))


def parse(v):
    try:
        return Version(v)
    except InvalidVersion:
        return None


validity = {v: (1 if parse(v) is not None else 0) for v in clean([x for p in rows_in for x in p])}
rows = []
for a, b in rows_in:
    va, vb = parse(a), parse(b)
    if va is None or vb is None:
        continue
    rows.append((a, b, -1 if va < vb else (0 if va == vb else 1)))

write_tsv("pep440.tsv", f"a\tb\tpackaging {packaging.__version__} Version(a) vs Version(b)", rows)
write_tsv("pep440-validity.tsv", f"version\t1 if packaging {packaging.__version__} parses it", sorted(validity.items()))

# Specifiers: (specifier set, version) -> SpecifierSet(spec).contains(version).
valid_versions = [v for v, ok in validity.items() if ok]
ops = ["==", "!=", ">=", "<=", ">", "<", "~=", "==="]


def spec_version(r):
    v = r.choice(valid_versions).strip()
    if r.random() < 0.5:
        v = digits(r, 1) + "." + digits(r, 1) + r.choice(["", ".0", "." + digits(r, 1), "a1", "rc1", ".post1", ".dev1", "b2.dev3"])
    return v


def one_spec(r):
    op = r.choice(ops)
    v = spec_version(r)
    if op in ("==", "!=") and r.random() < 0.4:
        v = ".".join(v.split("+")[0].split(".")[:r.randint(1, 3)]) + ".*"
    return op + r.choice(["", " "]) + v


spec_rows = []
while len(spec_rows) < 3000:
    spec = ",".join(one_spec(r) for _ in range(r.choice([1, 1, 1, 2, 2, 3])))
    try:
        s = SpecifierSet(spec)
    except InvalidSpecifier:
        continue
    v = r.choice(valid_versions)
    if r.random() < 0.5:
        base = spec.split(",")[0].lstrip("=!<>~ ").rstrip("*").rstrip(".")
        if parse(base) is not None:
            v = base + r.choice(["", ".0", ".1", "a1", "rc1", ".post1", ".dev0", "+local", ".5", "b1.post2"])
            if parse(v) is None:
                continue
    spec_rows.append((spec, v.strip(), 1 if s.contains(v) else 0))

write_tsv("pep440-specifiers.tsv", f"specifier set\tversion\tpackaging {packaging.__version__} SpecifierSet(spec).contains(version)", spec_rows)
