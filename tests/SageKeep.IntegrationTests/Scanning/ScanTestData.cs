namespace SageKeep.IntegrationTests.Scanning;

internal static class ScanTestData
{
    public static string Image(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "Scanning", "Images", name);

    /// <summary>A temp directory for one test, deleted on dispose.</summary>
    public sealed class TempDirectory : IDisposable
    {
        public TempDirectory() => Directory.CreateDirectory(Path);

        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sagekeep-it-" + Guid.NewGuid().ToString("N"));

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
