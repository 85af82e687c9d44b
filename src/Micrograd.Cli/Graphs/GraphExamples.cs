namespace Micrograd.Cli.Graphs;

/// <summary>The expressions micrograd draws with <c>trace_graph</c>/<c>draw_dot</c>, after <c>backward()</c>.</summary>
internal static class GraphExamples
{
    /// <summary>The names <c>--example</c> accepts (besides <c>all</c>), in drawing order.</summary>
    public static readonly string[] Names = ["relu", "neuron"];

    /// <summary>The expression called <paramref name="name"/>, with its gradients filled in.</summary>
    public static Value Build(string name) => name switch
    {
        "relu" => Relu(),
        "neuron" => Neuron(),
        _ => throw new ArgumentException($"Unknown example '{name}'; expected {string.Join(" or ", Names)}.", nameof(name)),
    };

    /// <summary>micrograd's README example: <c>y = (x * 2 + 1).relu()</c> with x = 1.0.</summary>
    public static Value Relu()
    {
        var x = new Value(1.0, "x");
        var y = (x * 2 + 1).Relu();
        y.Label = "y";
        y.Backward();
        return y;
    }

    /// <summary>
    /// The lecture's neuron: <c>o = tanh(x1*w1 + x2*w2 + b)</c> with x1 = 2, x2 = 0, w1 = -3, w2 = 1 and
    /// b = 6.8813735870195432 (so that o = 0.7071... and do/dn = 0.5), labelled as in the lecture.
    /// </summary>
    public static Value Neuron()
    {
        var x1 = new Value(2.0, "x1");
        var x2 = new Value(0.0, "x2");
        var w1 = new Value(-3.0, "w1");
        var w2 = new Value(1.0, "w2");
        var b = new Value(6.8813735870195432, "b");
        var x1w1 = x1 * w1;
        x1w1.Label = "x1*w1";
        var x2w2 = x2 * w2;
        x2w2.Label = "x2*w2";
        var x1w1x2w2 = x1w1 + x2w2;
        x1w1x2w2.Label = "x1*w1 + x2*w2";
        var n = x1w1x2w2 + b;
        n.Label = "n";
        var o = n.Tanh();
        o.Label = "o";
        o.Backward();
        return o;
    }
}
