"""Shared functions for the version-vector generators: deterministic random pairs and TSV output.

Every generator seeds its own random.Random, so running it twice on the same machine
produces the same file (the corpora read from the machine may differ between machines).
"""
import random

SEED = 20261128


def rng(scheme):
    return random.Random(f"{SEED}-{scheme}")


def clean(versions):
    """Drop strings that cannot live in a TSV cell, keep order, remove duplicates."""
    seen = set()
    out = []
    for v in versions:
        if v is None or "\t" in v or "\n" in v or "\r" in v or v in seen:
            continue
        seen.add(v)
        out.append(v)
    return out


def pairs(r, versions, count, mutate=None):
    """Mix random pairs, pairs of neighbours in sorted order, and (version, mutation) pairs."""
    versions = list(versions)
    result = []
    ordered = sorted(versions)
    while len(result) < count:
        kind = r.random()
        if kind < 0.35:
            result.append((r.choice(versions), r.choice(versions)))
        elif kind < 0.6:
            i = r.randrange(len(ordered) - 1)
            result.append((ordered[i], ordered[i + 1]))
        elif mutate is not None:
            v = r.choice(versions)
            result.append((v, mutate(r, v)))
        else:
            v = r.choice(versions)
            result.append((v, v))
    return [(a, b) for a, b in result if "\t" not in a + b and "\n" not in a + b]


def write_tsv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("# " + header + "\n")
        for row in rows:
            f.write("\t".join(str(c) for c in row) + "\n")
    print(f"{path}: {len(rows)} rows")


def digits(r, maxlen=3):
    n = r.randint(1, maxlen)
    s = "".join(r.choice("0123456789") for _ in range(n))
    return s


def sep_mutation(r, v, alphabet, inserts):
    """Generic mutation: change a digit, drop/insert a character, append a fragment."""
    if not v:
        return r.choice(inserts)
    k = r.random()
    i = r.randrange(len(v))
    if k < 0.25 and any(c.isdigit() for c in v):
        idx = [j for j, c in enumerate(v) if c.isdigit()]
        j = r.choice(idx)
        return v[:j] + r.choice("0123456789") + v[j + 1:]
    if k < 0.4:
        return v[:i] + v[i + 1:] or v
    if k < 0.6:
        return v[:i] + r.choice(alphabet) + v[i:]
    if k < 0.85:
        return v + r.choice(inserts)
    return v[:i] + r.choice(inserts) + v[i:]
