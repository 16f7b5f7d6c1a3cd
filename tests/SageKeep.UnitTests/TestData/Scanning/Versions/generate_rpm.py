#!/usr/bin/python3
"""Generate rpm.tsv with rpm itself as oracle (Lua rpm.vercmp, i.e. rpmverCmp on EVR strings).

Corpus: realistic EVRs (RHEL/Fedora/SUSE shaped releases, epochs) plus strings built from the
rpmvercmp grammar corners: '~' (sorts before anything), '^' (after the base, before the next
segment), separators of different kinds and lengths, letters vs digits, leading zeros.
All pairs are evaluated in one rpm process: a generated Lua file is loaded with dofile, so no
version string ever goes through macro expansion.
Run from this folder: ./generate_rpm.py
"""
import os
import subprocess
import tempfile

from gen_common import clean, digits, pairs, rng, sep_mutation, write_tsv

r = rng("rpm")

real = ["1.0-1.el9", "1.0-1.el9_2", "2.34-60.el9", "2.34-60.el9_2.7", "3.0.7-16.el9_2", "1:3.0.7-16.el9",
        "4.16.1.3-22.el9", "1.1.1k-9.el9", "5.2.15-3.fc39", "0.9.8e-40.el5_9", "2:8.2.2637-20.el9_1",
        "1.2.11-40.el9", "252-14.el9_2.3", "1.0.0~rc1-1", "1.0.0-0.1.rc1", "1.0^20230101git1234567-1",
        "6.2-10.20210508.el9", "3.6.8-51.el8_8.2", "2.28-225.el8", "1:1.1.1k-12.el8_9", "7.76.1-26.el9_3.2",
        "1.9.5p2-9.el9", "2.9.1-lp154.1.2", "15.1-150500.3.3.1", "1.0-1.amzn2023.0.2", "4.18.0-477.27.1.el8_8"]


def grammar(r):
    v = digits(r)
    for _ in range(r.randint(0, 4)):
        v += r.choice([".", ".", "_", "+", "~", "^", "", "..", "-"]) + r.choice([digits(r), "a", "b", "rc1", "git", "alpha", "Z", "0", "00"])
    if r.random() < 0.7:
        v += "-" + r.choice(["1", "1.el9", "2.fc39", "0.1.rc1", "1~beta", "1^post", digits(r), "3.el8_8", "lp154.2"])
    if r.random() < 0.2:
        v = r.choice(["0", "1", "2", "01", ""]) + ":" + v
    return v


corpus = clean(real + [grammar(r) for _ in range(1500)])
alphabet = "0123456789abAZ._+~^-"
inserts = ["~", "~rc1", "^", "^git1", ".0", "0", "a", "-1", "-2.el9", "..", "_1", "+", "1:"]
rows_in = [(a, b) for a, b in pairs(r, corpus, 3000, lambda r, v: sep_mutation(r, v, alphabet, inserts))
           if a and b and "%" not in a + b]


def lua_str(s):
    return "[==[" + s + "]==]"


with tempfile.TemporaryDirectory() as tmp:
    script = os.path.join(tmp, "pairs.lua")
    with open(script, "w") as f:
        f.write("local pairs = {\n")
        for a, b in rows_in:
            f.write("{" + lua_str(a) + "," + lua_str(b) + "},\n")
        f.write("}\nfor _, p in ipairs(pairs) do\n"
                "  local ok, rc = pcall(rpm.vercmp, p[1], p[2])\n"
                "  io.write(ok and tostring(rc) or 'error', '\\n')\nend\n")
    out = subprocess.run(["rpm", "--eval", "%{lua: dofile('" + script + "')}"],
                         capture_output=True, text=True, check=True).stdout.split("\n")

rows = []
for (a, b), res in zip(rows_in, out):
    if res == "error":
        continue
    rows.append((a, b, max(-1, min(1, int(res)))))

write_tsv("rpm.tsv", "a\tb\trpm.vercmp(a, b) from rpm's Lua (rpmverCmp on EVR)", rows)
