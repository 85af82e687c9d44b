using System.Diagnostics;
using BenchmarkDotNet.Running;
using Micrograd.Benchmarks;

// `-- --filter '*'` runs every benchmark through BenchmarkDotNet (see docs/performance.md).
// `-- profile WORKLOAD SECONDS` (or `Nx` for N runs) instead runs one workload in a plain loop, for a
// profiler to attach to (perf, valgrind): demo-facade, demo-functional, demo-tape, demo-hand-written,
// build (the demo step's loss graph built, no backprop), loss (backprop of that graph, built once), chain-N, sum-N, dag;
// `sort:GRAPH` times the topological sort alone (replayed after the first run), `walk:GRAPH` the depth-first walk. It prints wall-clock and CPU time, bytes allocated, collections and the collector's pause time per run.
if (args is ["profile", var workload, var seconds])
{
    var run = Profiling.Workload(workload);
    run(); // warm-up
    var process = Process.GetCurrentProcess();
    var cpuBefore = process.TotalProcessorTime;
    var gcBefore = new[] { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) };
    var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
    var pauseBefore = GC.GetTotalPauseDuration();
    var clock = Stopwatch.StartNew();
    var count = 0;
    // "SECONDS" runs for that long; "Nx" runs N times (for instruction counts under valgrind).
    var times = seconds.EndsWith('x') ? int.Parse(seconds[..^1], System.Globalization.CultureInfo.InvariantCulture) : int.MaxValue;
    var limit = times == int.MaxValue ? double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture) : double.MaxValue;
    while (count < times && clock.Elapsed.TotalSeconds < limit)
    {
        run();
        count++;
    }
    clock.Stop();
    process.Refresh();
    // CPU time moves much less than wall-clock time when the machine is shared.
    var cpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
    Console.WriteLine(
        $"{workload}: {count} runs, {clock.Elapsed.TotalMilliseconds / count:0.000} ms wall, {cpu / count:0.000} ms CPU each, "
        + $"{(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / count:N0} B allocated each, GCs (gen 0/1/2) "
        + $"{GC.CollectionCount(0) - gcBefore[0]}/{GC.CollectionCount(1) - gcBefore[1]}/{GC.CollectionCount(2) - gcBefore[2]}, "
        + $"paused {(GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds / count:0.000} ms each");
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(DemoStepBenchmarks).Assembly).Run(args, BenchConfig.Create());
