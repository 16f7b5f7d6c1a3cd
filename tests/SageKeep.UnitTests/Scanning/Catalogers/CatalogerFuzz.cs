using System.Text;
using SageKeep.Scanning.Catalogers;

namespace SageKeep.UnitTests.Scanning.Catalogers;

/// <summary>
/// Feeds a cataloger many randomly damaged copies of a valid input (seeded, so reproducible) and
/// fails on the first exception: malformed input must come back as a result with warnings.
/// </summary>
internal static class CatalogerFuzz
{
    private const string Alphabet = "\"\\[]{}=:,\n\r \t#@/.-_aZ09\u00e9\ud83d\ude03\0";

    public static async Task TextMutationsNeverThrowAsync(ICataloger cataloger, string path, string text, int iterations, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < iterations; i++)
        {
            var chars = text.ToCharArray();
            for (var edits = random.Next(1, 6); edits > 0; edits--)
            {
                chars[random.Next(chars.Length)] = Alphabet[random.Next(Alphabet.Length)];
            }

            var bytes = Encoding.UTF8.GetBytes(chars);
            if (i % 7 == 0)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256); // invalid UTF-8 too
            }

            await RunAsync(cataloger, path, bytes, i);
        }
    }

    public static async Task ByteMutationsNeverThrowAsync(ICataloger cataloger, string path, byte[] original, int iterations, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < iterations; i++)
        {
            var bytes = i % 5 == 0 ? original[..random.Next(original.Length)] : (byte[])original.Clone();
            for (var flips = i % 5 == 0 ? 0 : random.Next(1, 8); flips > 0; flips--)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            await RunAsync(cataloger, path, bytes, i);
        }
    }

    private static async Task RunAsync(ICataloger cataloger, string path, byte[] bytes, int iteration)
    {
        try
        {
            var result = await cataloger.CatalogAsync(new ClaimedFile(path, null, bytes.Length, new MemoryStream(bytes)), CancellationToken.None);
            result.ShouldNotBeNull();
        }
        catch (Exception ex) when (ex is not Shouldly.ShouldAssertException)
        {
            throw new Xunit.Sdk.XunitException($"{cataloger.Id} threw on mutation {iteration} of {path}: {ex}");
        }
    }
}
