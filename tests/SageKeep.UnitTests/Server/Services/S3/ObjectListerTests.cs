using SageKeep.Server.Services.S3;
using SageKeep.UnitTests.Server.Objects;

namespace SageKeep.UnitTests.Server.Services.S3;

public sealed class ObjectListerTests
{
    private static readonly string[] Keys = ["a.txt", "dir/1.txt", "dir/2.txt", "dir/sub/3.txt", "other/4.txt", "z.txt"];

    [Fact]
    public async Task Delimiter_RollsKeysUpIntoCommonPrefixes()
    {
        await using var scope = await FilledAsync();

        var page = await ObjectLister.ListAsync(scope.Store, "b", string.Empty, "/", null, 1000, CancellationToken.None);

        page.Objects.Select(o => o.Info.Key).ShouldBe(["a.txt", "z.txt"]);
        page.CommonPrefixes.ShouldBe(["dir/", "other/"]);
        page.IsTruncated.ShouldBeFalse();
    }

    [Fact]
    public async Task PrefixAndDelimiter_ListOneLevel()
    {
        await using var scope = await FilledAsync();

        var page = await ObjectLister.ListAsync(scope.Store, "b", "dir/", "/", null, 1000, CancellationToken.None);

        page.Objects.Select(o => o.Info.Key).ShouldBe(["dir/1.txt", "dir/2.txt"]);
        page.CommonPrefixes.ShouldBe(["dir/sub/"]);
    }

    [Fact]
    public async Task Pagination_WithMaxKeys_VisitsEveryEntryOnce()
    {
        await using var scope = await FilledAsync();
        var seen = new List<string>();
        string? after = null;
        var pages = 0;

        while (true)
        {
            var page = await ObjectLister.ListAsync(scope.Store, "b", string.Empty, "/", after, 1, CancellationToken.None);
            seen.AddRange(page.Objects.Select(o => o.Info.Key));
            seen.AddRange(page.CommonPrefixes);
            pages++;
            if (!page.IsTruncated)
            {
                break;
            }

            after = page.ResumeAfter;
        }

        seen.ShouldBe(["a.txt", "dir/", "other/", "z.txt"]);
        pages.ShouldBe(4);
    }

    [Fact]
    public async Task StartAfter_SkipsEarlierKeys_WithoutDelimiter()
    {
        await using var scope = await FilledAsync();

        var page = await ObjectLister.ListAsync(scope.Store, "b", string.Empty, null, "dir/2.txt", 2, CancellationToken.None);

        page.Objects.Select(o => o.Info.Key).ShouldBe(["dir/sub/3.txt", "other/4.txt"]);
        page.IsTruncated.ShouldBeTrue();
    }

    private static async Task<EmbeddedStoreScope> FilledAsync()
    {
        var scope = await EmbeddedStoreScope.CreateAsync();
        await scope.Store.CreateBucketAsync("b", "us-east-1", CancellationToken.None);
        foreach (var key in Keys)
        {
            await scope.PutAsync("b", key, key);
        }

        return scope;
    }
}
