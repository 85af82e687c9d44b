using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace Micrograd.Benchmarks;

/// <summary>
/// The project's BenchmarkDotNet settings on top of the defaults: the runtime's own collector
/// settings (what a user's program has), allocation counting, and the per-node columns of W2 and W3.
/// </summary>
public static class BenchConfig
{
    /// <summary>The CLI's collector settings (blocking collections, a 32 MB large-object threshold)
    /// with a gen-0 budget that only an environment variable can give: an extra, measured beside
    /// the defaults to show what the setting is worth, never the figure quoted.</summary>
    public static Job CliGc(string gen0Size = "0x8000000") =>
        Job.Default
            .WithGcConcurrent(false)
            .WithGcServer(false)
            .WithEnvironmentVariables(
            [
                new EnvironmentVariable("DOTNET_GCLOHThreshold", "0x2000000"),
                new EnvironmentVariable("DOTNET_GCgen0size", gen0Size),
            ]);

    public static IConfig Create() =>
        ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(Job.Default.WithId("runtime-defaults"))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(PerNodeColumn.Time, PerNodeColumn.Allocation);
}

/// <summary>W1 also runs with the CLI's collector settings and a 128 MB gen-0 budget, to show what
/// those settings are worth (a second job: class configs add to the global one).</summary>
public sealed class ExtraGen0Config : ManualConfig
{
    public ExtraGen0Config() => AddJob(BenchConfig.CliGc().WithId("extra: gen0-128MB"));
}
