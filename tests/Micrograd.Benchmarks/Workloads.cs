using Micrograd.Core;
using Micrograd.Core.Data;
using Micrograd.Core.Nn;
using Micrograd.Demo;

namespace Micrograd.Benchmarks;

/// <summary>The four ways of running micrograd's demo step that W1 compares.</summary>
internal enum StepEngine
{
    /// <summary>The C# façade in the loop README shows a user writing (<see cref="UserLoopTrainer"/>): W1-user.</summary>
    UserLoop,

    /// <summary>The C# façade (<see cref="FacadeTrainer"/>).</summary>
    Facade,

    /// <summary>The F# core used functionally (<see cref="FunctionalTrainer"/>).</summary>
    Functional,

    /// <summary>The compiled tape (<see cref="TapeTrainer"/>).</summary>
    Tape,

    /// <summary>No graph: the step written by hand (<see cref="HandWrittenTrainer"/>).</summary>
    HandWritten,

    /// <summary>W1-user with anomaly detection on: each step inside <see cref="Anomaly.Detect"/>.</summary>
    UserLoopDetecting,
}

/// <summary>A trainer whose every step runs inside <see cref="Anomaly.Detect"/>: what detection costs.</summary>
internal sealed class DetectingTrainer(ITrainer inner) : ITrainer
{
    /// <inheritdoc/>
    public int ParameterCount => inner.ParameterCount;

    /// <inheritdoc/>
    public StepResult Step(IReadOnlyList<Sample> batch, double learningRate)
    {
        using var scope = Anomaly.Detect();
        return inner.Step(batch, learningRate);
    }

    /// <inheritdoc/>
    public Func<double, double, double> Scorer() => inner.Scorer();
}

/// <summary>
/// What the benchmarks measure, shared by BenchmarkDotNet's classes, the Stopwatch mode and the
/// profiling loop, so that all time the same code.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>W1, the demo step: one full-batch step of micrograd's demo (MLP(2, [16, 16, 1]), 100 moons,
/// max-margin loss + L2; forward, zero grads, backward, update), about 66,000 graph nodes.</item>
/// <item>W2, scaling: the gradients of a chain (x, tanh x, tanh tanh x, ...) and of a left-deep sum
/// ((x0 + x1) + x2) + ... of a given number of nodes.</item>
/// <item>W3: the gradients of a random DAG whose nodes are used many times over.</item>
/// </list>
/// </remarks>
internal static class Workloads
{
    /// <summary>micrograd's demo data: 100 moons, noise 0.1, seed 1337.</summary>
    public static IReadOnlyList<Sample> DemoData() => Moons.Generate(100, 0.1, 1337);

    /// <summary>micrograd's demo network on the core's immutable <see cref="Mlp"/>, seeded as <c>micrograd moons</c> seeds it.</summary>
    public static Mlp DemoModel() => Mlp.Create(2, DemoNetwork.LayerSizes, new PythonRandom(1337));

    /// <summary>The loss graph of one demo step (W1): <see cref="DemoModel"/> on <see cref="DemoData"/>.</summary>
    public static Node DemoStepLoss() => DemoLossGraph.Build(DemoModel(), DemoData()).Loss;

    /// <summary>A demo model on <paramref name="engine"/>, seeded as <c>micrograd moons</c> seeds it.</summary>
    public static ITrainer CreateTrainer(StepEngine engine)
    {
        var random = new PythonRandom(1337);
        return engine switch
        {
            StepEngine.Facade => Engines.Create(Engine.Facade, random),
            StepEngine.Functional => Engines.Create(Engine.Functional, random),
            StepEngine.Tape => Engines.Create(Engine.Tape, random),
            StepEngine.HandWritten => new HandWrittenTrainer(random),
            StepEngine.UserLoop => new UserLoopTrainer(random),
            StepEngine.UserLoopDetecting => new DetectingTrainer(new UserLoopTrainer(random)),
            _ => throw new ArgumentOutOfRangeException(nameof(engine), engine, "Unknown engine."),
        };
    }

    /// <summary>
    /// <see cref="Backprop.Gradients"/> with the sort depth first, as a graph of a new shape gets it:
    /// the thread's remembered shape is dropped first, so no replay is tried. The benchmarks' "depth
    /// first" figures; a plain call on a graph sorted before is the "replayed" one.
    /// </summary>
    public static Gradients GradientsDepthFirst(Node root)
    {
        SortScratch.ForgetShape();
        return Backprop.Gradients(root);
    }

    /// <summary>The learning rate of the demo's schedule at step <paramref name="k"/>, over and over (100 steps a round).</summary>
    public static double LearningRate(int k) => Schedules.LinearDecay(k % 100, 100);

    /// <summary>A chain of <paramref name="nodes"/> nodes: a leaf, then tanh of the previous node, over and over.</summary>
    public static Node Chain(int nodes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 1);
        var v = Node.Leaf(0.5);
        for (var i = 1; i < nodes; i++)
        {
            v = Node.Tanh(v);
        }
        return v;
    }

    /// <summary>A left-deep sum ((x0 + x1) + x2) + ... of <paramref name="nodes"/> nodes (rounded down to an odd number): half leaves, half additions.</summary>
    public static Node LeftDeepSum(int nodes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 1);
        var sum = Node.Leaf(0.0);
        for (var i = 1; i + 1 < nodes; i += 2)
        {
            sum += Node.Leaf(i * 1e-3);
        }
        return sum;
    }

    /// <summary>
    /// A random DAG of <paramref name="nodes"/> nodes (give or take three) with heavy reuse: 64
    /// leaves, then tanh(a + b), a * b, relu(a - b) and sigmoid(a), where a is the newest value (so
    /// every node is in the root's graph and paths are long) and b any value made so far, drawn
    /// uniformly (so early values are used many times over). Values stay within a few units of 0:
    /// products of squashed values, squashed sums.
    /// </summary>
    public static Node RandomDag(int nodes, int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 100);
        var random = new Random(seed);
        var made = new Node[nodes];
        var count = 0;
        for (; count < 64; count++)
        {
            made[count] = Node.Leaf(random.NextDouble() * 2.0 - 1.0);
        }
        var created = count;
        while (created < nodes - 3)
        {
            var a = made[count - 1];
            var b = made[random.Next(count)];
            switch (random.Next(6))
            {
                case 0 or 1: made[count++] = Node.Tanh(a + b); created += 2; break;
                case 2 or 3: made[count++] = a * b; created += 1; break;
                case 4: made[count++] = Node.Relu(a - b); created += 4; break; // a + b * -1: a leaf and three operations
                default: made[count++] = Node.Sigmoid(a); created += 1; break;
            }
        }
        return made[count - 1];
    }
}
