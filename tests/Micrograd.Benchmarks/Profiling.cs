using System.Diagnostics;
using System.Globalization;
using Micrograd.Core;
using Micrograd.Demo;

namespace Micrograd.Benchmarks;

/// <summary>
/// The profiling loop, <c>profile WORKLOAD SECONDS|Nx</c>: one workload run in a plain loop for a
/// profiler to attach to (perf, valgrind), then wall-clock and CPU time, bytes allocated,
/// collections and the collector's pause time per run.
/// </summary>
internal static class Profiling
{
    /// <summary>The workloads <see cref="Workload"/> knows, as <c>--help</c> lists them.</summary>
    public const string WorkloadNames =
        "demo-user (W1-user: README's loop), demo-user-detecting (the same inside Anomaly.Detect()), demo-facade, demo-functional, demo-tape, demo-hand-written, build (the demo step's loss graph built, no backprop), "
        + "loss (backprop of that graph, built once), chain-N, sum-N, dag; sort:GRAPH times the topological sort alone "
        + "(replayed after the first run), walk:GRAPH the depth-first walk";

    /// <summary>Runs <paramref name="workload"/> for <paramref name="duration"/>: seconds, or "Nx" for N runs
    /// (for instruction counts under valgrind).</summary>
    /// <returns>0, or 2 when the workload or the duration cannot be read.</returns>
    public static int Run(string workload, string duration, TextWriter stdout, TextWriter stderr)
    {
        Action run;
        int times;
        double limit;
        try
        {
            run = Workload(workload);
            (times, limit) = Duration(duration);
        }
        catch (ArgumentException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            stderr.WriteLine($"usage: profile WORKLOAD SECONDS|Nx, WORKLOAD one of {WorkloadNames}");
            return 2;
        }
        run(); // warm-up
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var gcBefore = new[] { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) };
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var pauseBefore = GC.GetTotalPauseDuration();
        var clock = Stopwatch.StartNew();
        var count = 0;
        while (count < times && clock.Elapsed.TotalSeconds < limit)
        {
            run();
            count++;
        }
        clock.Stop();
        process.Refresh();
        // CPU time moves much less than wall-clock time when the machine is shared.
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
        stdout.WriteLine(
            $"{workload}: {count} runs, {clock.Elapsed.TotalMilliseconds / count:0.000} ms wall, {cpu / count:0.000} ms CPU each, "
            + $"{(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / count:N0} B allocated each, GCs (gen 0/1/2) "
            + $"{GC.CollectionCount(0) - gcBefore[0]}/{GC.CollectionCount(1) - gcBefore[1]}/{GC.CollectionCount(2) - gcBefore[2]}, "
            + $"paused {(GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds / count:0.000} ms each");
        return 0;
    }

    // "SECONDS" runs for that long; "Nx" runs N times.
    private static (int Times, double Seconds) Duration(string text) =>
        text.EndsWith('x')
            ? (Count(text[..^1], text), double.MaxValue)
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
                ? (int.MaxValue, seconds)
                : throw new ArgumentException($"Expected SECONDS (e.g. 10) or Nx (e.g. 3x), got '{text}'.");

    private static int Count(string digits, string whole) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1
            ? n
            : throw new ArgumentException($"Expected a whole number of at least 1 in '{whole}'.");

    /// <summary>The workload called <paramref name="name"/> as a plain action.</summary>
    public static Action Workload(string name)
    {
        if (name.StartsWith("sort:", StringComparison.Ordinal) || name.StartsWith("walk:", StringComparison.Ordinal))
        {
            // The topological sort alone, of any graph workload below: after the first run a
            // replay of the previous run's shape ("sort:"), or depth first every time ("walk:").
            var graph = Root(name["sort:".Length..]);
            var walk = name.StartsWith("walk:", StringComparison.Ordinal);
            return () =>
            {
                if (walk)
                {
                    SortScratch.ForgetShape();
                }
                Graph.Count(graph);
            };
        }
        if (name.StartsWith("demo-", StringComparison.Ordinal))
        {
            var engine = name["demo-".Length..] switch
            {
                "user" => StepEngine.UserLoop,
                "user-detecting" => StepEngine.UserLoopDetecting,
                "facade" => StepEngine.Facade,
                "functional" => StepEngine.Functional,
                "tape" => StepEngine.Tape,
                "hand-written" => StepEngine.HandWritten,
                var other => throw new ArgumentException($"Unknown engine '{other}'."),
            };
            var data = Workloads.DemoData();
            var trainer = Workloads.CreateTrainer(engine);
            var k = 0;
            return () => trainer.Step(data, Workloads.LearningRate(k++));
        }
        if (name == "build")
        {
            // Building the demo step's loss graph alone (the forward pass, no backprop).
            var model = Workloads.DemoModel();
            var data = Workloads.DemoData();
            return () => DemoLossGraph.Build(model, data);
        }
        var root = Root(name);
        return () => Backprop.Gradients(root);
    }

    private static Node Root(string name) =>
        name switch
        {
            // The demo step's loss graph, built once.
            "loss" => Workloads.DemoStepLoss(),
            "dag" => Workloads.RandomDag(100_000),
            _ when name.StartsWith("chain-", StringComparison.Ordinal) => Workloads.Chain(Count(name["chain-".Length..], name)),
            _ when name.StartsWith("sum-", StringComparison.Ordinal) => Workloads.LeftDeepSum(Count(name["sum-".Length..], name)),
            _ => throw new ArgumentException($"Unknown workload '{name}'."),
        };
}
