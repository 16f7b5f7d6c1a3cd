using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using Microsoft.Extensions.Time.Testing;
using SageKeep.Scanning.Images;
using SageKeep.Scanning.Inventory;
using SageKeep.Scanning.Sbom;
using SageKeep.UnitTests.Scanning.Images;
using static SageKeep.UnitTests.Scanning.Layers.Scans;

namespace SageKeep.UnitTests.Scanning.Sbom;

public sealed partial class SbomWriterTests
{
    // Json.Schema registers a schema's $id globally: the SPDX schema is built once per process.
    private static readonly Lazy<JsonSchema> SpdxSchema = new(() => JsonSchema.FromText(File.ReadAllText(SchemaPath("spdx-schema-2.3.json"))));

    private static string SchemaPath(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "Scanning", "Sbom", name);

    /// <summary>The official CycloneDX 1.6 schema, with the two schemas it refers to registered under the names it uses.</summary>
    private static JsonSchema CycloneDxSchema()
    {
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        foreach (var name in new[] { "spdx.SNAPSHOT.schema.json", "jsf-0.82.SNAPSHOT.schema.json" })
        {
            var schema = JsonSchema.FromText(File.ReadAllText(SchemaPath(name)), options);
            options.SchemaRegistry.Register(new Uri("http://cyclonedx.org/schema/" + name), schema);
        }

        return JsonSchema.FromText(File.ReadAllText(SchemaPath("bom-1.6.SNAPSHOT.schema.json")), options);
    }

    private static async Task<ImageInventory> SampleInventoryAsync(TestImage image)
    {
        var rpmdb = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "Scanning", "Catalogers", "Rpm", "rpmdb.sqlite"));
        var layer = TarBuilder.Gzip(new TarBuilder()
            .File("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n")
            .File("var/lib/dpkg/status", Dpkg("bsdutils", "1:2.38.1-5+b1", "util-linux (2.38.1-5)") + Dpkg("libc6", "2.36-9+deb12u4", "glibc"))
            .File("lib/apk/db/installed", Apk("musl", "1.1.24-r2", "musl"))
            .File("var/lib/rpm/rpmdb.sqlite", rpmdb)
            .Build());
        var options = new ScanOptions { TempRoot = image.Root, TimeProvider = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)) };
        var outcome = await InventoryBuilder.BuildAsync(new ImageSource(image.Layout(layer)), options, CancellationToken.None);
        outcome.Succeeded.ShouldBeTrue(outcome.Error?.ToString());
        outcome.Inventory!.Packages.Count.ShouldBe(5);
        return outcome.Inventory;
    }

    [Fact]
    public async Task CycloneDx_OfAnInventory_IsValidAgainstTheOfficialSchema()
    {
        using var image = new TestImage();
        var json = SbomWriter.WriteToString(await SampleInventoryAsync(image), SbomFormat.CycloneDx);
        using var document = JsonDocument.Parse(json);

        var result = CycloneDxSchema().Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        result.IsValid.ShouldBeTrue(Describe(result));
        var bom = JsonNode.Parse(json)!;
        bom["specVersion"]!.GetValue<string>().ShouldBe("1.6");
        bom["components"]!.AsArray().Select(c => c!["purl"]!.GetValue<string>()).ShouldContain("pkg:deb/debian/bsdutils@1:2.38.1-5%2Bb1?arch=amd64&distro=debian-12");
        bom["metadata"]!["timestamp"]!.GetValue<string>().ShouldBe("2026-01-02T03:04:05Z");
    }

    [Theory]
    [InlineData("""{"specVersion":"1.6","components":[]}""")]
    [InlineData("""{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"not-a-type","name":"x"}]}""")]
    [InlineData("""{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","name":"x","licenses":[{"license":{"id":"NOT-AN-SPDX-ID"}}]}]}""")]
    public void CycloneDxSchema_OfAnInvalidDocument_IsInvalid(string json)
    {
        // Proves the validator reads nested definitions and the referenced SPDX licence schema, not only the top level.
        using var document = JsonDocument.Parse(json);

        CycloneDxSchema().Evaluate(document.RootElement).IsValid.ShouldBeFalse();
    }

    [Fact]
    public async Task Spdx_OfAnInventory_HasTheRequiredSpdx23FieldsAndRelationships()
    {
        using var image = new TestImage();
        var inventory = await SampleInventoryAsync(image);
        var spdx = JsonNode.Parse(SbomWriter.WriteToString(inventory, SbomFormat.Spdx))!;

        // SPDX 2.3 clause 6 (document creation information) and clause 7 (package information), required fields.
        spdx["spdxVersion"]!.GetValue<string>().ShouldBe("SPDX-2.3");
        spdx["dataLicense"]!.GetValue<string>().ShouldBe("CC0-1.0");
        spdx["SPDXID"]!.GetValue<string>().ShouldBe("SPDXRef-DOCUMENT");
        Uri.IsWellFormedUriString(spdx["documentNamespace"]!.GetValue<string>(), UriKind.Absolute).ShouldBeTrue();
        spdx["creationInfo"]!["created"]!.GetValue<string>().ShouldBe("2026-01-02T03:04:05Z");
        spdx["creationInfo"]!["creators"]!.AsArray().ShouldAllBe(c => c!.GetValue<string>().StartsWith("Tool: ", StringComparison.Ordinal));
        var packages = spdx["packages"]!.AsArray();
        packages.Count.ShouldBe(inventory.Packages.Count + 1);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var package in packages)
        {
            var id = package!["SPDXID"]!.GetValue<string>();
            SpdxId().IsMatch(id).ShouldBeTrue(id);
            ids.Add(id).ShouldBeTrue($"duplicate {id}");
            package["name"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
            package["downloadLocation"]!.GetValue<string>().ShouldBe("NOASSERTION");
        }

        packages.Skip(1).Select(p => p!["externalRefs"]![0]!["referenceLocator"]!.GetValue<string>()).Order(StringComparer.Ordinal)
            .ShouldBe(inventory.Packages.Select(p => p.Purl).Order(StringComparer.Ordinal));
        var relationships = spdx["relationships"]!.AsArray();
        relationships.ShouldContain(r => r!["relationshipType"]!.GetValue<string>() == "DESCRIBES");
        relationships.ShouldAllBe(r => ids.Contains(r!["relatedSpdxElement"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Spdx_OfAnInventory_IsValidAgainstTheOfficialSpdx23Schema()
    {
        using var image = new TestImage();
        var json = SbomWriter.WriteToString(await SampleInventoryAsync(image), SbomFormat.Spdx);
        using var document = JsonDocument.Parse(json);

        var result = SpdxSchema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        result.IsValid.ShouldBeTrue(Describe(result));
        document.RootElement.GetProperty("packages").GetArrayLength().ShouldBe(6);
    }

    [Theory]
    [InlineData("""{"SPDXID":"SPDXRef-DOCUMENT","spdxVersion":"SPDX-2.3","dataLicense":"CC0-1.0","name":"x"}""")]
    [InlineData("""{"SPDXID":"SPDXRef-DOCUMENT","spdxVersion":"SPDX-2.3","dataLicense":"CC0-1.0","name":"x","creationInfo":{"created":"2026-01-01T00:00:00Z","creators":["Tool: t"]},"packages":[{"SPDXID":"SPDXRef-a","name":"a"}]}""")]
    [InlineData("""{"SPDXID":"SPDXRef-DOCUMENT","spdxVersion":"SPDX-2.3","dataLicense":"CC0-1.0","name":"x","creationInfo":{"created":"2026-01-01T00:00:00Z","creators":["Tool: t"]},"relationships":[{"spdxElementId":"a","relatedSpdxElement":"b","relationshipType":"IS_FRIEND_OF"}]}""")]
    [InlineData("""{"SPDXID":"SPDXRef-DOCUMENT","spdxVersion":"SPDX-2.3","dataLicense":"CC0-1.0","name":"x","creationInfo":{"created":"2026-01-01T00:00:00Z","creators":["Tool: t"]},"packages":[{"SPDXID":"SPDXRef-a","name":"a","downloadLocation":"NOASSERTION","externalRefs":[{"referenceCategory":"PACKAGE_MANAGER","referenceType":"purl","referenceLocator":"pkg:apk/a@1"}]}]}""")]
    public void SpdxSchema_OfAnInvalidDocument_IsInvalid(string json)
    {
        // Missing creationInfo, a package without downloadLocation, an unknown relationship type, SPDX 2.2's spelling of a
        // category: the validator applies the nested definitions, not only the top level.
        using var document = JsonDocument.Parse(json);

        SpdxSchema.Value.Evaluate(document.RootElement).IsValid.ShouldBeFalse();
    }

    [Fact]
    public async Task Json_OfAnInventory_RoundTripsEveryPackage()
    {
        using var image = new TestImage();
        var inventory = await SampleInventoryAsync(image);
        var json = JsonNode.Parse(SbomWriter.WriteToString(inventory, SbomFormat.Json))!;

        json["os"]!["id"]!.GetValue<string>().ShouldBe("debian");
        json["packages"]!.AsArray().Select(p => p!["purl"]!.GetValue<string>()).ShouldBe(inventory.Packages.Select(p => p.Purl));
        json["format"]!.GetValue<string>().ShouldBe(nameof(ImageFormat.OciLayout));
    }

    private static string Describe(EvaluationResults result) =>
        string.Join("\n", (result.Details ?? []).Where(d => !d.IsValid && d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key} {e.Value}")).Take(20));

    [GeneratedRegex("^SPDXRef-[a-zA-Z0-9.-]+$")]
    private static partial Regex SpdxId();
}
