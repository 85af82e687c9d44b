using System.Diagnostics;
using BenchmarkDotNet.Running;
using Micrograd.Benchmarks;

// `-- --filter '*'` runs every benchmark through BenchmarkDotNet (see docs/performance.md).
// `-- profile WORKLOAD SECONDS` instead runs one workload in a plain loop, for a profiler to attach to
// (perf, valgrind): demo-facade, demo-functional, demo-tape, demo-hand-written, chain-N, sum-N, dag.
if (args is ["profile", var workload, var seconds])
{
    var run = Profiling.Workload(workload);
    var clock = Stopwatch.StartNew();
    var count = 0;
    while (clock.Elapsed.TotalSeconds < double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture))
    {
        run();
        count++;
    }
    Console.WriteLine($"{workload}: {count} runs, {clock.Elapsed.TotalMilliseconds / count:0.000} ms each");
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(DemoStepBenchmarks).Assembly).Run(args, BenchConfig.Create());
