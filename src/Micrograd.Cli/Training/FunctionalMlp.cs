using Micrograd.Core;

namespace Micrograd.Cli.Training;

/// <summary>
/// micrograd's MLP as an immutable value over core <see cref="Node"/>s: the parameters are leaves,
/// <see cref="Forward"/> builds an expression from them, and <see cref="Step"/> returns a new
/// network whose leaves are <c>p.Data - lr * grads[p]</c>. Nothing is mutated.
/// </summary>
/// <remarks>
/// A stand-in, shaped like the functional <c>Mlp</c> being written in the core
/// (<c>Create</c>, <c>Forward</c>, <c>Parameters</c>, <c>Step</c>): when that lands, the
/// <c>functional</c> engine switches to it and this file goes. It draws its weights in micrograd's
/// order (layer by layer, neuron by neuron, weights uniform(-1, 1), bias 0 without a draw), so
/// from the same generator it starts where the façade's <see cref="MLP"/> does.
/// </remarks>
internal sealed class FunctionalMlp
{
    // [layer][neuron][input] weights; [layer][neuron] biases.
    private readonly Node[][][] _weights;
    private readonly Node[][] _biases;

    private FunctionalMlp(Node[][][] weights, Node[][] biases)
    {
        _weights = weights;
        _biases = biases;
        Parameters = Flatten(weights, biases);
    }

    /// <summary>A network of ReLU hidden layers and a linear last layer of sizes <paramref name="nouts"/>.</summary>
    public static FunctionalMlp Create(int nin, IReadOnlyList<int> nouts, Random random)
    {
        var weights = new Node[nouts.Count][][];
        var biases = new Node[nouts.Count][];
        var size = nin;
        for (var l = 0; l < nouts.Count; l++)
        {
            weights[l] = new Node[nouts[l]][];
            biases[l] = new Node[nouts[l]];
            for (var n = 0; n < nouts[l]; n++)
            {
                weights[l][n] = new Node[size];
                for (var i = 0; i < size; i++)
                {
                    weights[l][n][i] = Node.Leaf(-1.0 + 2.0 * random.NextDouble());
                }
                biases[l][n] = Node.Leaf(0.0);
            }
            size = nouts[l];
        }
        return new FunctionalMlp(weights, biases);
    }

    /// <summary>The leaves, in micrograd's order: per layer, per neuron, weights then bias.</summary>
    public IReadOnlyList<Node> Parameters { get; }

    /// <summary>The outputs for inputs <paramref name="x"/>: each neuron is
    /// <c>b + w0*x0 + w1*x1 + ...</c> summed left to right, then ReLU except in the last layer.</summary>
    public IReadOnlyList<Node> Forward(IReadOnlyList<Node> x)
    {
        for (var l = 0; l < _weights.Length; l++)
        {
            var last = l == _weights.Length - 1;
            var outputs = new Node[_weights[l].Length];
            for (var n = 0; n < outputs.Length; n++)
            {
                var act = _biases[l][n];
                var w = _weights[l][n];
                for (var i = 0; i < w.Length; i++)
                {
                    act += w[i] * x[i];
                }
                outputs[n] = last ? act : Node.Relu(act);
            }
            x = outputs;
        }
        return x;
    }

    /// <summary>The network after one step of gradient descent: every parameter becomes the leaf
    /// <c>p.Data - learningRate * gradients[p]</c> (micrograd's <c>p.data -= lr * p.grad</c>).</summary>
    public FunctionalMlp Step(Gradients gradients, double learningRate)
    {
        Node Update(Node p) => Node.Leaf(p.Data - learningRate * gradients[p]);
        var weights = _weights.Select(layer => layer.Select(neuron => neuron.Select(Update).ToArray()).ToArray()).ToArray();
        var biases = _biases.Select(layer => layer.Select(Update).ToArray()).ToArray();
        return new FunctionalMlp(weights, biases);
    }

    private static Node[] Flatten(Node[][][] weights, Node[][] biases)
    {
        var all = new List<Node>();
        for (var l = 0; l < weights.Length; l++)
        {
            for (var n = 0; n < weights[l].Length; n++)
            {
                all.AddRange(weights[l][n]);
                all.Add(biases[l][n]);
            }
        }
        return all.ToArray();
    }
}
