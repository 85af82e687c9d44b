using Micrograd.Core;

namespace Micrograd.Benchmarks;

/// <summary>W1: one engine's demo step.</summary>
/// <param name="Engine">The engine.</param>
/// <param name="Step">Time and bytes allocated per step.</param>
internal sealed record StepRow(StepEngine Engine, Measurement Step);

/// <summary>W2 or W3: the gradients of one graph, sorted depth first and sorted by replaying the shape of
/// the previous call (what every backprop after the first of a training loop gets).</summary>
/// <param name="Shape">"chain", "sum" or "random DAG".</param>
/// <param name="Nodes">The number of nodes in the graph.</param>
/// <param name="DepthFirst">Time and bytes allocated per <see cref="Backprop.Gradients"/> call, the sort depth first.</param>
/// <param name="Replayed">The same, the sort replaying the previous call's shape.</param>
/// <param name="BuildBytes">Bytes allocated building the graph.</param>
internal sealed record GraphRow(string Shape, int Nodes, Measurement DepthFirst, Measurement Replayed, long BuildBytes)
{
    /// <summary>Nanoseconds of backprop per node, the sort depth first.</summary>
    public double NanosecondsPerNode => DepthFirst.Nanoseconds / Nodes;

    /// <summary>Nanoseconds of backprop per node, the sort replayed.</summary>
    public double ReplayedNanosecondsPerNode => Replayed.Nanoseconds / Nodes;

    /// <summary>Bytes backprop allocates per node (the larger of the two ways; they allocate the same).</summary>
    public double BytesPerNode => Math.Max(DepthFirst.Bytes, Replayed.Bytes) / Nodes;

    /// <summary>Bytes allocated per node to build the graph.</summary>
    public double BuildBytesPerNode => (double)BuildBytes / Nodes;
}

/// <summary>Runs the workloads of <see cref="Workloads"/> with the <see cref="Measure"/> timer.</summary>
internal static class StopwatchRun
{
    /// <summary>W1: the demo step on <paramref name="engine"/>, median of <paramref name="runs"/> runs of at least 0.5 s.</summary>
    /// <remarks>A step allocates megabytes, and a collection that finds a step's graph alive costs
    /// several steps' time; a run must hold several collections for its time per step to be the
    /// steady one, collections included (docs/performance.md).</remarks>
    public static StepRow DemoStep(StepEngine engine, int runs) => DemoSteps([engine], runs)[0];

    /// <summary>W1 on several engines, interleaved (<see cref="Measure.Interleaved"/>): their figures
    /// and ratios come from one run, side by side.</summary>
    public static StepRow[] DemoSteps(IReadOnlyList<StepEngine> engines, int runs)
    {
        var data = Workloads.DemoData();
        var operations = engines.Select(engine =>
        {
            var trainer = Workloads.CreateTrainer(engine);
            var k = 0;
            return (Action)(() => trainer.Step(data, Workloads.LearningRate(k++)));
        }).ToArray();
        var steps = Measure.Interleaved(operations, runs, TimeSpan.FromMilliseconds(500));
        return [.. engines.Select((e, i) => new StepRow(e, steps[i]))];
    }

    /// <summary>W2 and W3: builds the graph (counting its bytes), then times its gradients both ways.</summary>
    public static GraphRow Gradients(string shape, Func<Node> build, int runs)
    {
        // Start from a clean heap so that the previous graph's garbage is not collected on our time.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var (root, bytes, _) = Measure.Allocation(build);
        var nodes = Graph.Count(root);
        var depthFirst = Measure.Median(() => Workloads.GradientsDepthFirst(root), runs, TimeSpan.FromMilliseconds(20));
        var replayed = Measure.Median(() => Backprop.Gradients(root), runs, TimeSpan.FromMilliseconds(20));
        return new GraphRow(shape, nodes, depthFirst, replayed, bytes);
    }

    /// <summary>The sizes of W2 from 10^4 up to <paramref name="maxNodes"/>, by powers of ten.</summary>
    public static IEnumerable<int> Sizes(int maxNodes)
    {
        for (var n = 10_000; n <= maxNodes; n *= 10)
        {
            yield return n;
        }
    }
}
