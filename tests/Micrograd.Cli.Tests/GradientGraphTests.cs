using Micrograd.Cli.Graphs;
using Micrograd.Core;

namespace Micrograd.Cli.Tests;

/// <summary>
/// <c>micrograd graph --gradient</c>: a derivative drawn as a graph. Its nodes are counted by hand
/// from the rule table (src/Micrograd.Core.FSharp/Reference/Rules.fs), where backprop starts from a
/// new leaf 1 (d root / d root) and each rule hands on its local derivative times that gradient.
/// </summary>
public sealed class GradientGraphTests : IDisposable
{
    private readonly CliRunner _runner = new();

    public void Dispose() => _runner.Dispose();

    // The nodes of a DOT text: one record box per value.
    private static int Nodes(string dot) => dot.Split('\n').Count(line => line.Contains("[shape=record", StringComparison.Ordinal));

    [Fact]
    public void ToDot_CubeOfX_IsThreeTimesXSquaredInSixNodes()
    {
        var x = new Value(2.0, "x");
        var y = x.Pow(3);
        y.Label = "y";

        var leaf = GradientGraph.Leaf(y, "x")!;
        var dydx = GradientGraph.Of(y, leaf);
        var dot = GradientGraph.ToDot(dydx, GradientGraph.Name(y, leaf), RankDir.LeftToRight);

        // 3 * 2² = 12.
        Assert.Equal(12.0, dydx.Data);
        // PowConst 3: (konst 3 * x ** 2) * g, g the seed: the leaves 3, x and 1, then x ** 2, 3 * x**2
        // and (3 * x**2) * 1: six nodes, three of them computed.
        Assert.Equal(6, Nodes(dot));
        Assert.Equal(3, dot.Split('\n').Count(line => line.Contains("_op [label=", StringComparison.Ordinal)));
        Assert.Contains("[label=\"**2\"]", dot);
        Assert.Contains("{ dy/dx | data 12.0000 }", dot);
        Assert.Contains("{ x | data 2.0000 }", dot);
        Assert.DoesNotContain("grad", dot);
    }

    [Fact]
    public void Graph_ReluGradientOfX_WritesBothGraphsAndTheDerivativesFiveNodes()
    {
        var output = _runner.PathOf("out");

        var result = CliRunner.Run("graph", "--example", "relu", "--gradient", "x", "--out", output);

        Assert.Equal(0, result.ExitCode);
        Assert.True(File.Exists(Path.Combine(output, "relu.dot")));
        var dot = File.ReadAllText(Path.Combine(output, "relu-gradient-x.dot"));
        // y = relu(x * 2 + 1) at x = 1: relu hands on konst 1 * g (g the seed 1), + passes it on, and
        // x * 2 hands x the other input times it: 2 * (1 * 1). Leaves 2, 1, 1 and two products: 5 nodes.
        Assert.Equal(5, Nodes(dot));
        Assert.Contains("{ dy/dx | data 2.0000 }", dot);
        Assert.Contains("relu-gradient-x: dy/dx = 2, a graph of 5 nodes", result.Output);
    }

    [Fact]
    public void Graph_NeuronGradientOfW1_HoldsTheWholeForwardGraph()
    {
        var output = _runner.PathOf("out");

        var result = CliRunner.Run("graph", "--example", "neuron", "--gradient", "w1", "--out", output);

        Assert.Equal(0, result.ExitCode);
        var dot = File.ReadAllText(Path.Combine(output, "neuron-gradient-w1.dot"));
        // do/dw1 = x1 * ((1 - o * o) * 1): tanh's rule reads o, so the 10 values of the neuron
        // (x1, w1, x2, w2, b, x1*w1, x2*w2, their sum, n, o) are all in it; then the seed 1, the
        // konst 1, o * o, -1, (o * o) * -1, 1 + that (a - b is a + b * -1), times the seed, and
        // x1 times the result: 10 + 7 + 1 = 18 nodes. Its value: 2 * (1 - 0.5) = 1.
        Assert.Equal(18, Nodes(dot));
        Assert.Contains("{ do/dw1 | data 1.0000 }", dot);
        Assert.Contains("tanh", dot);
    }

    [Fact]
    public void Graph_GradientOfALeafOneExampleLacks_WritesNothing()
    {
        var output = _runner.PathOf("out");

        // The default --example all: relu has x, the neuron has not.
        var result = CliRunner.Run("graph", "--gradient", "x", "--out", output);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: --gradient: the neuron example has no leaf 'x'; expected x1, w1, x2, w2 or b (--example chooses the example).\n",
            result.Error.Replace("\r\n", "\n"));
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void Graph_Help_DescribesGradientAndItsLeaves()
    {
        var result = CliRunner.Run("graph", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--gradient <LEAF>", result.Output);
        Assert.Contains("relu: x; neuron: x1, w1, x2, w2 or b", result.Output);
    }
}
