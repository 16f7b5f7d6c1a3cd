using SageKeep.Scanning.Catalogers;
using SageKeep.Scanning.Catalogers.Java;

namespace SageKeep.UnitTests.Scanning.Catalogers.Java;

public sealed class JavaArchiveCatalogerTests
{
    private readonly JavaArchiveCataloger _cataloger = new();

    [Fact]
    public async Task Catalog_JarWithPomProperties_ReportsMavenCoordinates()
    {
        var jar = JarBuilder.Jar("org.apache.commons", "commons-lang3", "3.14.0");

        var result = await CatalogAsync("/app/lib/commons-lang3-3.14.0.jar", jar);

        result.Warnings.ShouldBeEmpty();
        Render(result).ShouldBe(["org.apache.commons:commons-lang3 3.14.0 pkg:maven/org.apache.commons/commons-lang3@3.14.0 /app/lib/commons-lang3-3.14.0.jar"]);
    }

    [Fact]
    public async Task Catalog_ShadedJar_ReportsEveryEmbeddedPomProperties()
    {
        var jar = JarBuilder.Build(
            JarBuilder.PomProperties("com.example", "app", "1.0.0"),
            JarBuilder.PomProperties("com.google.guava", "guava", "33.0.0-jre"),
            JarBuilder.Text("META-INF/maven/com.example/app/pom.xml", "<project/>"));

        var result = await CatalogAsync("/app/app.jar", jar);

        Render(result).ShouldBe([
            "com.example:app 1.0.0 pkg:maven/com.example/app@1.0.0 /app/app.jar",
            "com.google.guava:guava 33.0.0-jre pkg:maven/com.google.guava/guava@33.0.0-jre /app/app.jar",
        ]);
    }

    [Fact]
    public async Task Catalog_WarWithLibsAndFatJar_ReadsNestedArchivesWithNestedPaths()
    {
        var fatJar = JarBuilder.Build(
            JarBuilder.PomProperties("com.example", "boot-app", "2.0.0"),
            ("BOOT-INF/lib/jackson-databind-2.15.2.jar", JarBuilder.Jar("com.fasterxml.jackson.core", "jackson-databind", "2.15.2")),
            ("BOOT-INF/lib/snakeyaml-2.2.jar", JarBuilder.Build(JarBuilder.Text(
                "META-INF/MANIFEST.MF",
                "Manifest-Version: 1.0\r\nBundle-SymbolicName: org.yaml.snakeyaml\r\nBundle-Version: 2.2.0\r\nImplementation-Ver\r\n sion: 2.2\r\n\r\nName: org/yaml/\r\nImplementation-Version: 9.9\r\n"))));
        var war = JarBuilder.Build(
            JarBuilder.Text("WEB-INF/web.xml", "<web-app/>"),
            ("WEB-INF/lib/log4j-core-2.17.1.jar", JarBuilder.Jar("org.apache.logging.log4j", "log4j-core", "2.17.1")),
            ("WEB-INF/lib/boot-app.jar", fatJar));

        var result = await CatalogAsync("/srv/app.war", war);

        result.Warnings.ShouldHaveSingleItem().ShouldContain("/srv/app.war: no pom.properties");
        Render(result).ShouldBe([
            "com.example:boot-app 2.0.0 pkg:maven/com.example/boot-app@2.0.0 /srv/app.war:WEB-INF/lib/boot-app.jar",
            "com.fasterxml.jackson.core:jackson-databind 2.15.2 pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.15.2 /srv/app.war:WEB-INF/lib/boot-app.jar:BOOT-INF/lib/jackson-databind-2.15.2.jar",
            "org.apache.logging.log4j:log4j-core 2.17.1 pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1 /srv/app.war:WEB-INF/lib/log4j-core-2.17.1.jar",
            "org.yaml.snakeyaml 2.2 pkg:maven/org.yaml.snakeyaml@2.2 /srv/app.war:WEB-INF/lib/boot-app.jar:BOOT-INF/lib/snakeyaml-2.2.jar",
        ]);
    }

    [Fact]
    public async Task Catalog_JarWithoutMetadata_FallsBackToTheFileName()
    {
        var jar = JarBuilder.Build(("a/B.class", [1, 2, 3]));

        var result = await CatalogAsync("/opt/lib/commons-io-2.11.0.jar", jar);

        Render(result).ShouldBe(["commons-io 2.11.0 pkg:maven/commons-io@2.11.0 /opt/lib/commons-io-2.11.0.jar"]);
    }

    [Fact]
    public async Task Catalog_ManifestWithVendorId_UsesItAsGroup()
    {
        var jar = JarBuilder.Build(JarBuilder.Text(
            "META-INF/MANIFEST.MF",
            "Manifest-Version: 1.0\nImplementation-Title: tomcat-util\nImplementation-Version: 9.0.85\nImplementation-Vendor-Id: org.apache.tomcat\n"));

        var result = await CatalogAsync("/opt/tomcat/lib/tomcat-util.jar", jar);

        Render(result).ShouldBe(["org.apache.tomcat:tomcat-util 9.0.85 pkg:maven/org.apache.tomcat/tomcat-util@9.0.85 /opt/tomcat/lib/tomcat-util.jar"]);
    }

    [Fact]
    public async Task Catalog_NestingDeeperThanTheLimit_StopsWithWarning()
    {
        var archive = JarBuilder.Jar("g", "level6", "1");
        for (var level = 5; level >= 1; level--)
        {
            archive = JarBuilder.Build(JarBuilder.PomProperties("g", "level" + level, "1"), ($"lib/level{level + 1}.jar", archive));
        }

        var result = await CatalogAsync("/app/level0.jar", JarBuilder.Build(JarBuilder.PomProperties("g", "level0", "1"), ("lib/level1.jar", archive)));

        result.Packages.Select(p => p.Name).ShouldBe(["g:level0", "g:level1", "g:level2", "g:level3", "g:level4"]);
        result.Warnings.ShouldHaveSingleItem().ShouldContain($"nested deeper than {JavaArchiveLimits.MaxDepth} archives");
    }

    [Fact]
    public void Catalog_ZipBombEntry_IsRefusedWithinTheBudgetAndSiblingsStillRead()
    {
        var bomb = new byte[3 * 1024 * 1024]; // zeros: deflates to a few KiB
        var war = JarBuilder.Build(
            ("WEB-INF/lib/bomb.jar", bomb),
            ("WEB-INF/lib/ok.jar", JarBuilder.Jar("g", "ok", "1.0")));
        var file = new ClaimedFile("/srv/bomb.war", "sha256:1", war.Length, new MemoryStream(war));
        var reader = new JavaArchiveReader(file, "java-archive", decompressionBudget: 1024 * 1024);

        reader.ReadArchive(file.Content, file.Path, depth: 0, CancellationToken.None);

        reader.Warnings.ShouldContain(w => w.StartsWith("/srv/bomb.war:WEB-INF/lib/bomb.jar:", StringComparison.Ordinal) && w.Contains("decompression budget"));
        reader.Packages.Select(p => p.Name).ShouldBe(["g:ok"]);
    }

    [Fact]
    public async Task Catalog_ZipBombUnderTheRealLimits_NeverBuffersMoreThanTheBudget()
    {
        // 300 MiB of zeros in one stored-as-deflate entry: above the 256 MiB budget.
        var war = BuildLargeZeroEntryArchive("WEB-INF/lib/huge.jar", 300L * 1024 * 1024);

        var result = await CatalogAsync("/srv/huge.war", war);

        result.Warnings.ShouldContain(w => w.Contains("huge.jar") && w.Contains("decompression budget"));
    }

    [Fact]
    public void Catalog_EntryDeclaringASmallerSize_InflatesNoMoreThanDeclared()
    {
        // 3 MiB of zeros declared as 100 bytes: only the declared bytes come out (and are not a jar),
        // so a lying header cannot push more than the budget into memory.
        var war = JarBuilder.Build(("WEB-INF/lib/liar.jar", new byte[3 * 1024 * 1024]));
        DeclareUncompressedSize(war, "WEB-INF/lib/liar.jar", 100);
        var file = new ClaimedFile("/srv/liar.war", "sha256:1", war.Length, new MemoryStream(war));
        var reader = new JavaArchiveReader(file, "java-archive", decompressionBudget: 1024 * 1024);

        reader.ReadArchive(file.Content, file.Path, depth: 0, CancellationToken.None);

        reader.Packages.ShouldBeEmpty();
        reader.Warnings.ShouldContain(
            w => w.StartsWith("/srv/liar.war:WEB-INF/lib/liar.jar: ", StringComparison.Ordinal)
                && (w.Contains("not a readable zip archive") || w.Contains("decompression budget") || w.Contains("cannot be decompressed")),
            string.Join(" | ", reader.Warnings));
    }

    [Fact]
    public async Task Catalog_NotAZip_GivesWarning()
    {
        var result = await CatalogAsync("/app/fake.jar", "this is not a zip archive"u8.ToArray());

        result.Packages.ShouldBeEmpty();
        result.Warnings.ShouldHaveSingleItem().ShouldContain("not a readable zip archive");
    }

    [Fact]
    public async Task Catalog_CorruptNestedJar_WarnsAndKeepsTheOthers()
    {
        var war = JarBuilder.Build(
            ("WEB-INF/lib/broken.jar", "PK\u0003\u0004 garbage"u8.ToArray()),
            ("WEB-INF/lib/good.jar", JarBuilder.Jar("g", "good", "1.0")));

        var result = await CatalogAsync("/srv/app.war", war);

        result.Packages.Select(p => p.Name).ShouldContain("g:good");
        result.Warnings.ShouldContain(w => w.StartsWith("/srv/app.war:WEB-INF/lib/broken.jar: not a readable zip archive", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Catalog_RandomlyCorruptedArchives_NeverThrow()
    {
        var original = JarBuilder.Build(
            JarBuilder.PomProperties("g", "a", "1"),
            ("WEB-INF/lib/x.jar", JarBuilder.Jar("g", "x", "2")));
        var random = new Random(99);
        for (var i = 0; i < 2000; i++)
        {
            var corrupted = (byte[])original.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                corrupted[random.Next(corrupted.Length)] = (byte)random.Next(256);
            }

            (await CatalogAsync("/app/x.war", corrupted)).ShouldNotBeNull();
        }
    }

    [Theory]
    [InlineData("/app/a.jar", true)]
    [InlineData("/app/a.WAR", true)]
    [InlineData("/app/a.ear", true)]
    [InlineData("/app/a.par", false)]
    [InlineData("/app/a.jar.sha1", false)]
    public void Claims_JavaArchives(string path, bool expected) => _cataloger.Claims(path, 100).ShouldBe(expected);

    [Theory]
    [InlineData("/x/commons-io-2.11.0.jar", "commons-io", "2.11.0")]
    [InlineData("/x/foo-bar-1.0-SNAPSHOT.jar", "foo-bar", "1.0-SNAPSHOT")]
    [InlineData("/x/app.war:WEB-INF/lib/x-2.jar", "x", "2")]
    [InlineData("/x/noversion.jar", "noversion", null)]
    public void SplitFileName_SeparatesArtifactAndVersion(string path, string artifact, string? version) =>
        JavaManifest.SplitFileName(path).ShouldBe((artifact, version));

    // Rewrites the uncompressed-size field of an entry's local header (offset 22) and central
    // directory record (offset 24) (APPNOTE.TXT 4.3.7 and 4.3.12).
    private static void DeclareUncompressedSize(byte[] zip, string name, uint size)
    {
        var nameBytes = System.Text.Encoding.UTF8.GetBytes(name);
        for (var i = 0; i + 46 < zip.Length; i++)
        {
            var signature = BitConverter.ToUInt32(zip, i);
            if (signature == 0x04034b50 && zip.AsSpan(i + 30).StartsWith(nameBytes))
            {
                BitConverter.TryWriteBytes(zip.AsSpan(i + 22), size).ShouldBeTrue();
            }
            else if (signature == 0x02014b50 && zip.AsSpan(i + 46).StartsWith(nameBytes))
            {
                BitConverter.TryWriteBytes(zip.AsSpan(i + 24), size).ShouldBeTrue();
            }
        }
    }

    private static byte[] BuildLargeZeroEntryArchive(string name, long size)
    {
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using var stream = zip.CreateEntry(name, System.IO.Compression.CompressionLevel.Fastest).Open();
            var zeros = new byte[1024 * 1024];
            for (long written = 0; written < size; written += zeros.Length)
            {
                stream.Write(zeros);
            }
        }

        return buffer.ToArray();
    }

    private ValueTask<CatalogResult> CatalogAsync(string path, byte[] bytes) =>
        _cataloger.CatalogAsync(new ClaimedFile(path, "sha256:1", bytes.Length, new MemoryStream(bytes)), CancellationToken.None);

    private static string[] Render(CatalogResult result) =>
        result.Packages.Select(p => $"{p.Name} {p.Version} {p.Purl} {p.Path}").Order(StringComparer.Ordinal).ToArray();
}
