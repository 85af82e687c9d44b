using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace Micrograd.Benchmarks;

/// <summary>
/// The project's BenchmarkDotNet settings on top of the defaults: the garbage collector of
/// <c>dotnet run --project src/Micrograd.Cli</c> (workstation, not concurrent, a 32 MB large-object
/// threshold from the CLI's project, and a 128 MB gen-0 budget from its launchSettings.json; see
/// the CLI's project file), allocation counting, and the per-node columns of W2 and W3.
/// </summary>
public static class BenchConfig
{
    /// <summary>The CLI's collector settings, as a job.</summary>
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
            .AddJob(CliGc().WithId("gen0-128MB"))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(PerNodeColumn.Time, PerNodeColumn.Allocation);
}

/// <summary>W1 also runs with the runtime's own gen-0 budget, to show what that setting is worth
/// (a second job: class configs add to the global one).</summary>
public sealed class DefaultGen0Config : ManualConfig
{
    public DefaultGen0Config() =>
        AddJob(Job.Default
            .WithGcConcurrent(false)
            .WithGcServer(false)
            .WithEnvironmentVariables([new EnvironmentVariable("DOTNET_GCLOHThreshold", "0x2000000")])
            .WithId("gen0-default"));
}
