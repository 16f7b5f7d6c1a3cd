#!/usr/bin/python3
"""Generate maven.tsv with Maven's own ComparableVersion (maven-artifact, as packaged by Debian) as oracle.

Corpus: the versions in the Debian Maven repository on the generating machine (directory names under
/usr/share/maven-repo), plus versions built from the Maven version grammar: qualifiers (alpha, a1,
beta, b2, milestone, m3, rc, cr, snapshot, ga, final, release, sp, unknown words), '.' vs '-',
digit/letter transitions, trailing zeros, long numbers (int/long/BigInteger items), mixed case.
Oracle: a small Java class compiled with javac at generation time reads pairs on stdin and prints
the sign of new ComparableVersion(a).compareTo(new ComparableVersion(b)).
Run from this folder: ./generate_maven.py
"""
import glob
import os
import subprocess
import tempfile
import zipfile

from gen_common import clean, digits, pairs, rng, sep_mutation, write_tsv

r = rng("maven")
jar = sorted(glob.glob("/usr/share/maven/lib/maven-artifact-*.jar"))[0]

repo = []
for root, dirs, files in os.walk("/usr/share/maven-repo"):
    if any(f.endswith(".pom") for f in files):
        repo.append(os.path.basename(root))

words = ["alpha", "a", "beta", "b", "milestone", "m", "rc", "cr", "snapshot", "SNAPSHOT", "ga", "final", "GA", "Final",
         "release", "sp", "foo", "bar", "jre", "android", "RELEASE", "x", ""]


def grammar(r):
    v = digits(r, 2)
    for _ in range(r.randint(0, 4)):
        k = r.random()
        if k < 0.45:
            v += r.choice([".", "-", "."]) + r.choice(["0", "1", "2", digits(r, 2), "00"])
        elif k < 0.85:
            v += r.choice([".", "-", ""]) + r.choice(words) + r.choice(["", digits(r, 1)])
        else:
            v += r.choice([".", "-"]) + r.choice(["1234567890", "12345678901234567890", "0000000000", "999999999"])
    return v


corpus = clean(repo + [grammar(r) for _ in range(2500)])
alphabet = "0123456789.-abmrs"
inserts = [".0", "-0", "-1", ".1", "-SNAPSHOT", "-alpha", "a1", "-rc1", ".final", "-ga", "-sp1", "-foo", "..", "--", "-"]
rows_in = pairs(r, corpus, 3500, lambda r, v: sep_mutation(r, v, alphabet, inserts))

java = """
import java.io.*;
import org.apache.maven.artifact.versioning.ComparableVersion;
public class MavenOracle {
  public static void main(String[] args) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, "UTF-8"));
    PrintStream out = new PrintStream(new BufferedOutputStream(System.out), false, "UTF-8");
    String line;
    while ((line = in.readLine()) != null) {
      String[] p = line.split("\\t", -1);
      out.println(Integer.signum(new ComparableVersion(p[0]).compareTo(new ComparableVersion(p[1]))));
    }
    out.flush();
  }
}
"""

with tempfile.TemporaryDirectory() as tmp:
    with open(os.path.join(tmp, "MavenOracle.java"), "w") as f:
        f.write(java)
    subprocess.run(["javac", "-cp", jar, "-d", tmp, os.path.join(tmp, "MavenOracle.java")], check=True)
    stdin = "".join(a + "\t" + b + "\n" for a, b in rows_in)
    out = subprocess.run(["java", "-cp", tmp + os.pathsep + jar, "MavenOracle"], input=stdin,
                         capture_output=True, text=True, check=True).stdout.split()

with zipfile.ZipFile(jar) as z:
    manifest = z.read("META-INF/MANIFEST.MF").decode()
jar_version = [l.split(":", 1)[1].strip() for l in manifest.splitlines() if l.startswith("Implementation-Version:")][0]
rows = [(a, b, int(c)) for (a, b), c in zip(rows_in, out)]
write_tsv("maven.tsv", f"a\tb\tsign of ComparableVersion(a).compareTo(ComparableVersion(b)), maven-artifact {jar_version}", rows)
