using SageKeep.Scanning.Versions.Apk;

namespace SageKeep.UnitTests.Scanning.Versions;

/// <summary>
/// apk-tools is not packaged for Debian, so there is no oracle on the build machine: these cases are
/// written and checked by hand from the Alpine version grammar
/// (digit{.digit}...{letter}{_suffix{#}}...{~hash}{-r#}) and apk-tools' documented ordering.
/// None is copied from apk-tools' own test data. Each row says which rule it exercises.
/// </summary>
public sealed class ApkVersionComparerTests
{
    // (a, b, expected sign of Compare(a, b), rule)
    private static readonly (string A, string B, int Expected, string Rule)[] Cases =
    [
        ("1", "1", 0, "identical"),
        ("1.0", "1.0", 0, "identical with dot"),
        ("1", "2", -1, "first number numerically"),
        ("2", "10", -1, "first number numerically, not as text"),
        ("10", "9", 1, "first number numerically"),
        ("01", "1", 0, "leading zero on the first number is ignored"),
        ("1.2", "1.10", -1, "later numbers numerically"),
        ("1.9", "1.10", -1, "later numbers numerically"),
        ("1.01", "1.1", -1, "leading zero: compared as text, '0' < '1'"),
        ("1.01", "1.001", 1, "leading zero: text compare, '01' > '001'"),
        ("1.010", "1.01", 1, "leading zero: text compare, longer wins on common prefix"),
        ("1.0", "1.00", -1, "leading zero: text compare '0' vs '00'"),
        ("1.0", "1", 1, "more numbers is newer"),
        ("1.0.0", "1.0", 1, "more numbers is newer"),
        ("1.2.3", "1.2.3.0", -1, "more numbers is newer, even a zero"),
        ("1.2", "1.2.0.0.1", -1, "more numbers is newer"),
        ("1.2.3", "1.3", -1, "numbers left to right"),
        ("2.0", "1.99.99", 1, "numbers left to right"),
        ("1.2a", "1.2", 1, "a letter after the numbers is newer than nothing"),
        ("1.2a", "1.2b", -1, "letters compare alphabetically"),
        ("1.2z", "1.2b", 1, "letters compare alphabetically"),
        ("1.2a", "1.2.1", -1, "another number beats a letter"),
        ("1.2a", "1.3", -1, "the number before the letter decides first"),
        ("1.0_alpha", "1.0", -1, "_alpha is a pre-release"),
        ("1.0_beta", "1.0", -1, "_beta is a pre-release"),
        ("1.0_pre", "1.0", -1, "_pre is a pre-release"),
        ("1.0_rc", "1.0", -1, "_rc is a pre-release"),
        ("1.0_cvs", "1.0", 1, "_cvs is a post-release"),
        ("1.0_svn", "1.0", 1, "_svn is a post-release"),
        ("1.0_git", "1.0", 1, "_git is a post-release"),
        ("1.0_hg", "1.0", 1, "_hg is a post-release"),
        ("1.0_p", "1.0", 1, "_p is a post-release"),
        ("1.0_alpha", "1.0_beta", -1, "alpha < beta"),
        ("1.0_beta", "1.0_pre", -1, "beta < pre"),
        ("1.0_pre", "1.0_rc", -1, "pre < rc"),
        ("1.0_rc", "1.0_cvs", -1, "rc < (none) < cvs"),
        ("1.0_cvs", "1.0_svn", -1, "cvs < svn"),
        ("1.0_svn", "1.0_git", -1, "svn < git"),
        ("1.0_git", "1.0_hg", -1, "git < hg"),
        ("1.0_hg", "1.0_p", -1, "hg < p"),
        ("1.0_alpha", "1.0_p", -1, "pre-release < post-release"),
        ("1.0_rc1", "1.0_rc2", -1, "suffix numbers numerically"),
        ("1.0_rc2", "1.0_rc10", -1, "suffix numbers numerically"),
        ("1.0_rc", "1.0_rc1", -1, "a suffix number is newer than none"),
        ("1.0_rc1", "1.0", -1, "_rc1 is still a pre-release"),
        ("1.0_p1", "1.0_p2", -1, "patch level numerically"),
        ("1.0_p9", "1.0_p10", -1, "patch level numerically"),
        ("1.0_p1", "1.0.1", -1, "another number beats a suffix"),
        ("1.0_alpha1", "1.0_alpha", 1, "suffix number after alpha"),
        ("1.0_alpha_p1", "1.0_alpha", 1, "a second suffix, post-release, is newer"),
        ("1.0_alpha_pre1", "1.0_alpha", -1, "a second suffix, pre-release, is older"),
        ("1.0_rc1_p2", "1.0_rc1_p1", 1, "suffix chains compare in order"),
        ("1.0_beta2_p1", "1.0_rc1", -1, "first suffix decides"),
        ("1.0a_p1", "1.0a", 1, "letter then post suffix"),
        ("1.0a_alpha", "1.0a", -1, "letter then pre suffix"),
        ("1.0b_alpha", "1.0a", 1, "the letter decides before the suffix"),
        ("1.0-r1", "1.0", 1, "a revision is newer than none"),
        ("1.0-r0", "1.0", 1, "even revision 0 is newer than none"),
        ("1.0-r1", "1.0-r2", -1, "revisions numerically"),
        ("1.0-r9", "1.0-r10", -1, "revisions numerically"),
        ("1.0-r10", "1.0-r010", 0, "revision leading zeros are ignored"),
        ("1.0-r5", "1.0.1", -1, "another number beats a revision"),
        ("1.0-r5", "1.0a", -1, "a letter beats a revision"),
        ("1.0-r5", "1.0_p1", -1, "a post suffix beats a revision"),
        ("1.0_rc1-r5", "1.0", -1, "pre-release with revision is still older"),
        ("1.0_p1-r0", "1.0_p1", 1, "revision after a suffix"),
        ("1.0_rc1-r1", "1.0_rc1-r2", -1, "same suffix, revisions decide"),
        ("1.0~abc", "1.0", 1, "a commit hash is newer than nothing"),
        ("1.0~abc", "1.0~abd", -1, "commit hashes compare as text"),
        ("1.0~abc", "1.0~ab", 1, "commit hashes compare as text, longer wins on a common prefix"),
        ("1.0~abc-r1", "1.0~abc", 1, "revision after the hash"),
        ("1.0~abc", "1.0-r1", 1, "the hash comes before the revision in the grammar, so the hash side is newer"),
        ("1.0_git20230101", "1.0_git20230215", -1, "snapshot dates numerically"),
        ("1.0_git20230101", "1.0", 1, "_git snapshots are post-releases"),
        ("3.1.4-r5", "3.1.4-r5", 0, "identical realistic versions"),
        ("1.2.13-r0", "1.2.12-r3", 1, "real zlib upgrade"),
        ("1.36.1-r2", "1.36.1-r15", -1, "real busybox revisions"),
        ("3.0.12-r1", "3.0.8-r0", 1, "real openssl versions"),
        ("1.1.1k-r0", "1.1.1j-r0", 1, "openssl letter releases"),
        ("1.1.1k-r0", "1.1.1-r0", 1, "openssl letter release vs plain"),
        ("2.4.57-r0", "2.4.57_p1-r0", -1, "post suffix before revision"),
        ("9.3_p2-r0", "9.3_p1-r3", 1, "openssh patch levels"),
        ("9.3_p2-r0", "9.4_p1-r0", -1, "openssh versions"),
        ("6.4_p20231125-r0", "6.4_p20230506-r0", 1, "ncurses dated patches"),
        ("2.40_rc1-r0", "2.40-r0", -1, "release candidate before release"),
        ("2.40_rc1-r0", "2.39-r0", 1, "release candidate after previous release"),
        ("0.0", "0", 1, "trailing zero number is newer"),
        ("20230101", "20221231", 1, "dates as first number"),
        ("1.0", "1.0_alpha_alpha", 1, "two pre-release suffixes are older still"),
        ("1.0_alpha_alpha", "1.0_alpha", -1, "the second pre suffix is older than none"),
        ("1.2.3a", "1.2.3_p1", 1, "a letter beats a suffix"),
        ("1.2.3_p1", "1.2.3-r99", 1, "a suffix beats a revision"),
        ("1.2.3-r99", "1.2.3", 1, "a revision beats the end"),
        ("12345678901234567890", "12345678901234567891", -1, "numbers beyond 64 bits compare without overflow"),
    ];

    [Fact]
    public void Compare_MatchesHandCheckedCases()
    {
        var comparer = ApkVersionComparer.Instance;
        var wrong = Cases
            .Select(c => (c, Actual: comparer.TryCompare(c.A, c.B, out var r) ? r : 99, Back: comparer.TryCompare(c.B, c.A, out var s) ? s : 99))
            .Where(x => x.Actual != x.c.Expected || x.Back != -x.c.Expected)
            .Select(x => $"[{x.c.A}] vs [{x.c.B}]: got {x.Actual}/{x.Back}, expected {x.c.Expected} ({x.c.Rule})")
            .ToList();
        wrong.ShouldBeEmpty();
        Cases.Length.ShouldBeGreaterThanOrEqualTo(90);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a1")]
    [InlineData("1.")]
    [InlineData("1..2")]
    [InlineData("1.0-1")]
    [InlineData("1.0-r")]
    [InlineData("1.0_foo")]
    [InlineData("1.0_")]
    [InlineData("1.0a1")]
    [InlineData("1.0aa")]
    [InlineData("1.0a.1")]
    [InlineData("1.0-r1-r2")]
    [InlineData("1.0-r1_p1")]
    [InlineData("1.0~")]
    [InlineData("1.0~xyz")]
    [InlineData("1.0_p1.2")]
    [InlineData("1.0A")]
    [InlineData("1.0 ")]
    [InlineData(" 1.0")]
    public void IsValid_WithStringOutsideTheGrammar_IsFalse(string version) =>
        ApkVersionComparer.Instance.IsValid(version).ShouldBeFalse();

    [Theory]
    [InlineData("1")]
    [InlineData("1.2.3")]
    [InlineData("1.2.3a")]
    [InlineData("1.2.3_rc1")]
    [InlineData("1.2.3_rc1_p2")]
    [InlineData("1.2.3a_p1-r4")]
    [InlineData("1.2.3~0abc12-r0")]
    [InlineData("6.4_p20231125-r0")]
    public void IsValid_WithStringInTheGrammar_IsTrue(string version) =>
        ApkVersionComparer.Instance.IsValid(version).ShouldBeTrue();
}
