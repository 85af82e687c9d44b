using BenchmarkDotNet.Running;
using Micrograd.Benchmarks;

// Three modes (docs/performance.md):
//   -- --filter '*'                 BenchmarkDotNet, every benchmark (any BenchmarkDotNet arguments)
//   -- stopwatch [options]          the Stopwatch figures and the targets (-- stopwatch --help)
//   -- profile WORKLOAD SECONDS|Nx  one workload in a plain loop, for a profiler to attach to
switch (args)
{
    case ["profile", var workload, var duration]:
        return Profiling.Run(workload, duration, Console.Out, Console.Error);
    case ["profile", ..]:
        Console.Error.WriteLine($"usage: profile WORKLOAD SECONDS|Nx, WORKLOAD one of {Profiling.WorkloadNames}");
        return 2;
    case ["stopwatch", .. var options]:
        return StopwatchBench.Run(options, Console.Out, Console.Error, interactive: !Console.IsOutputRedirected);
    default:
        BenchmarkSwitcher.FromAssembly(typeof(DemoStepBenchmarks).Assembly).Run(args, BenchConfig.Create());
        return 0;
}
