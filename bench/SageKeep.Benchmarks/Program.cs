using BenchmarkDotNet.Running;
using SageKeep.Benchmarks.Inference;

namespace SageKeep.Benchmarks;

/// <summary>
/// Entry point for every suite: <c>dotnet run -c Release --project bench/SageKeep.Benchmarks -- --filter '*'</c>.
/// Each suite marks a baseline measured in the same run, so results read as ratios. <c>inference-load ...</c> runs
/// the load client of <c>bench/inference-overhead.sh</c> instead.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "inference-load")
        {
            return await InferenceLoad.RunAsync(args[1..]).ConfigureAwait(false);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
