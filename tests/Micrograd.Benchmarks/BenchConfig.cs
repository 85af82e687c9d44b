using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace Micrograd.Benchmarks;

/// <summary>
/// The project's BenchmarkDotNet settings on top of the defaults: the CLI's garbage collector
/// (workstation, not concurrent, a 32 MB large-object threshold; see src/Micrograd.Cli's project),
/// allocation counting, and the per-node columns of W2 and W3.
/// </summary>
public static class BenchConfig
{
    public static IConfig Create() =>
        ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(Job.Default
                .WithGcConcurrent(false)
                .WithGcServer(false)
                .WithEnvironmentVariables([new EnvironmentVariable("DOTNET_GCLOHThreshold", "0x2000000")])
                .AsDefault())
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(PerNodeColumn.Time, PerNodeColumn.Allocation);
}
