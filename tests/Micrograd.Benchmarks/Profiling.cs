using Micrograd.Cli.Bench;
using Micrograd.Core;

namespace Micrograd.Benchmarks;

/// <summary>The workloads as plain actions, for <c>profile WORKLOAD SECONDS</c> (see Program.cs).</summary>
internal static class Profiling
{
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
            var model = Micrograd.Core.Nn.Mlp.Create(2, Micrograd.Demo.DemoLoss.LayerSizes, new PythonRandom(1337));
            var data = Workloads.DemoData();
            return () => Micrograd.Demo.DemoLossGraph.Build(model, data);
        }
        var root = Root(name);
        return () => Backprop.Gradients(root);
    }

    private static Node Root(string name) =>
        name switch
        {
            // The demo step's loss graph, built once.
            "loss" => DemoLoss(),
            "dag" => Workloads.RandomDag(100_000),
            _ when name.StartsWith("chain-", StringComparison.Ordinal) => Workloads.Chain(int.Parse(name["chain-".Length..])),
            _ when name.StartsWith("sum-", StringComparison.Ordinal) => Workloads.LeftDeepSum(int.Parse(name["sum-".Length..])),
            _ => throw new ArgumentException($"Unknown workload '{name}'."),
        };

    private static Node DemoLoss() =>
        Micrograd.Demo.DemoLossGraph.Build(
            Micrograd.Core.Nn.Mlp.Create(2, Micrograd.Demo.DemoLoss.LayerSizes, new PythonRandom(1337)),
            Workloads.DemoData()).Loss;
}
