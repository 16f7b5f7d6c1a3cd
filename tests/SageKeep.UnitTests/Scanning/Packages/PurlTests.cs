using System.Text.Json;
using SageKeep.Scanning.Packages;

namespace SageKeep.UnitTests.Scanning.Packages;

public sealed class PurlTests
{
    /// <summary>The purl-spec "build" test cases for the types the catalogers emit (TestData/Scanning/Packages/purl-spec).</summary>
    public static TheoryData<string, string> SpecBuildCases()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "Scanning", "Packages", "purl-spec", "build-tests.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var data = new TheoryData<string, string>();
        var index = 0;
        foreach (var test in document.RootElement.GetProperty("tests").EnumerateArray())
        {
            data.Add($"{index++}: {test.GetProperty("description").GetString()}", test.GetRawText());
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SpecBuildCases))]
    public void TryBuild_PurlSpecBuildCase_GivesTheCanonicalPurlOrFails(string description, string testJson)
    {
        using var document = JsonDocument.Parse(testJson);
        var test = document.RootElement;
        var input = test.GetProperty("input");
        var qualifiers = input.GetProperty("qualifiers").ValueKind == JsonValueKind.Object
            ? input.GetProperty("qualifiers").EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetString())).ToList()
            : null;

        var built = Purl.TryBuild(
            input.GetProperty("type").GetString()!,
            input.GetProperty("namespace").GetString(),
            input.GetProperty("name").GetString(),
            input.GetProperty("version").GetString(),
            qualifiers,
            input.GetProperty("subpath").GetString(),
            out var purl,
            out var error);

        if (test.GetProperty("expected_failure").GetBoolean())
        {
            built.ShouldBeFalse(description);
            error.ShouldNotBeNullOrEmpty();
        }
        else
        {
            built.ShouldBeTrue($"{description}: {error}");
            purl.ShouldBe(test.GetProperty("expected_output").GetString(), description);
        }
    }

    [Theory]
    [InlineData("a b", "a%20b")]
    [InlineData("a/b", "a%2Fb")]
    [InlineData("1:2.3~4_5-6", "1:2.3~4_5-6")]
    [InlineData("x@y?z#w&v=u+t%s", "x%40y%3Fz%23w%26v%3Du%2Bt%25s")]
    [InlineData("é😃", "%C3%A9%F0%9F%98%83")]
    public void PercentEncode_EncodesUtf8OutsideTheAllowedSet(string value, string expected) =>
        Purl.PercentEncode(value).ShouldBe(expected);

    [Fact]
    public void Build_QualifiersAreLowercasedSortedAndEmptyValuesDropped()
    {
        var purl = Purl.Build("Maven", "g", "a", "1", [new("Type", "jar"), new("classifier", "sources"), new("empty", "")]);

        purl.ShouldBe("pkg:maven/g/a@1?classifier=sources&type=jar");
    }

    [Fact]
    public void Build_SubpathDropsEmptyDotAndDotDotSegments()
    {
        Purl.Build("golang", "example.com", "m", "v1", null, "/./a//../b/").ShouldBe("pkg:golang/example.com/m@v1#a/b");
        Purl.Build("golang", "example.com", "m", "v1", null, "/./..//").ShouldBe("pkg:golang/example.com/m@v1");
    }

    [Fact]
    public void Build_NamespaceSegmentsAreEncodedOneByOne()
    {
        Purl.Build("golang", "/github.com/a b//c/", "d", "v1.0.0").ShouldBe("pkg:golang/github.com/a%20b/c/d@v1.0.0");
    }

    [Theory]
    [InlineData("", "name", "purl type '' is empty")]
    [InlineData("1abc", "name", "purl type '1abc'")]
    [InlineData("np m", "name", "purl type 'np m'")]
    [InlineData("npm", "", "purl name is required")]
    [InlineData("npm", "//", "purl name is required")]
    public void TryBuild_InvalidTypeOrName_FailsNamingTheComponent(string type, string name, string expected)
    {
        Purl.TryBuild(type, null, name, "1", null, null, out _, out var error).ShouldBeFalse();
        error.ShouldContain(expected);
    }

    [Fact]
    public void TryBuild_DuplicateQualifierKeysDifferingInCase_Fail()
    {
        Purl.TryBuild("npm", null, "a", "1", [new("arch", "x"), new("ARCH", "y")], null, out _, out var error).ShouldBeFalse();
        error.ShouldContain("appears twice");
    }

    [Fact]
    public void Build_InvalidComponents_ThrowArgumentException() =>
        Should.Throw<ArgumentException>(() => Purl.Build("npm", null, "", "1"));
}
