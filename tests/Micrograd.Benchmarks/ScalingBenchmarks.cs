using BenchmarkDotNet.Attributes;
using Micrograd.Core;

namespace Micrograd.Benchmarks;

/// <summary>
/// W2: <see cref="Backprop.Gradients"/> of a chain (x, tanh x, tanh tanh x, ...) and of a left-deep
/// sum ((x0 + x1) + x2) + ... of 10^4 to 10^7 nodes, the graph built in setup: <c>Gradients</c>
/// sorts it by replaying the previous call's shape (as every backprop of a training loop after the
/// first), <c>GradientsDepthFirst</c> depth first (as the first); and, separately, the cost of
/// building those graphs. Read the ns/node and B/node columns: flat across sizes is linear.
/// </summary>
[MemoryDiagnoser]
[WarmupCount(2)]
[IterationCount(10)] // a 10^7-node backprop takes seconds: ten timed iterations, not BenchmarkDotNet's up to 100
public class ScalingBenchmarks
{
    private Node _root = null!;

    [Params(10_000, 100_000, 1_000_000, 10_000_000)]
    public int Nodes { get; set; }

    [Params("chain", "sum")]
    public string Shape { get; set; } = "chain";

    private Node Build() => Shape == "chain" ? Workloads.Chain(Nodes) : Workloads.LeftDeepSum(Nodes);

    [GlobalSetup(Targets = [nameof(Gradients), nameof(GradientsDepthFirst)])]
    public void Setup() => _root = Build();

    [GlobalCleanup(Targets = [nameof(Gradients), nameof(GradientsDepthFirst)])]
    public void Cleanup() => _root = null!;

    [Benchmark]
    public Gradients Gradients() => Backprop.Gradients(_root);

    [Benchmark]
    public Gradients GradientsDepthFirst() => Workloads.GradientsDepthFirst(_root);

    [Benchmark]
    public Node Construction() => Build();
}
