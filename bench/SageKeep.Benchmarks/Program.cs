using BenchmarkDotNet.Running;

namespace SageKeep.Benchmarks;

/// <summary>
/// Entry point for every suite: <c>dotnet run -c Release --project bench/SageKeep.Benchmarks -- --filter '*'</c>.
/// Each suite marks a baseline measured in the same run, so results read as ratios.
/// </summary>
internal static class Program
{
    public static void Main(string[] args) =>
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
