using BenchmarkDotNet.Attributes;
using Micrograd.Core;

namespace Micrograd.Benchmarks;

/// <summary>W3: <see cref="Backprop.Gradients"/> of a random DAG of 10^5 nodes with heavy reuse (<see cref="Workloads.RandomDag"/>),
/// the sort replaying the previous call's shape, and depth first.</summary>
[MemoryDiagnoser]
public class RandomDagBenchmarks
{
    private Node _root = null!;

    /// <summary>The nodes in the DAG's graph (for the per-node columns).</summary>
    public static int NodeCount { get; } = Graph.Count(Workloads.RandomDag(100_000));

    [GlobalSetup]
    public void Setup() => _root = Workloads.RandomDag(100_000);

    [Benchmark]
    public Gradients Gradients() => Backprop.Gradients(_root);

    [Benchmark]
    public Gradients GradientsDepthFirst() => Workloads.GradientsDepthFirst(_root);
}
