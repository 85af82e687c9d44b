using Micrograd.Core;

namespace Micrograd;

/// <summary>micrograd's <c>Layer</c>: <paramref name="nout"/> neurons that all see the same inputs.</summary>
/// <param name="nin">Inputs per neuron.</param>
/// <param name="nout">Number of neurons (outputs).</param>
/// <param name="random">Initial weights, drawn neuron by neuron (see <see cref="Neuron"/>).</param>
/// <param name="nonlinearity">Applied by every neuron.</param>
/// <param name="randomBias">Whether biases are drawn too (the lecture's variant).</param>
public sealed class Layer(int nin, int nout, Random? random = null, Nonlinearity nonlinearity = Nonlinearity.ReLU, bool randomBias = false)
    : Module
{
    private readonly Neuron[] _neurons = MakeNeurons(nin, nout, random ?? new PythonRandom(1337), nonlinearity, randomBias);

    private static Neuron[] MakeNeurons(int nin, int nout, Random random, Nonlinearity nonlinearity, bool randomBias)
    {
        if (nout < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(nout), nout, "A layer needs at least one neuron.");
        }
        var neurons = new Neuron[nout];
        for (var i = 0; i < nout; i++)
        {
            neurons[i] = new Neuron(nin, random, nonlinearity, randomBias);
        }
        return neurons;
    }

    /// <summary>The neurons, in output order.</summary>
    public IReadOnlyList<Neuron> Neurons => _neurons;

    /// <summary>One output per neuron, always a list (even for one neuron).</summary>
    public IReadOnlyList<Value> Forward(IReadOnlyList<Value> x)
    {
        var outputs = new Value[_neurons.Length];
        for (var i = 0; i < outputs.Length; i++)
        {
            outputs[i] = _neurons[i].Forward(x);
        }
        return outputs;
    }

    /// <summary>One output per neuron for plain numbers, each made a new leaf.</summary>
    public IReadOnlyList<Value> Forward(params double[] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Forward(Array.ConvertAll(x, v => new Value(v)));
    }

    /// <inheritdoc/>
    public override IReadOnlyList<Value> Parameters()
    {
        var ps = new List<Value>();
        foreach (var n in _neurons)
        {
            ps.AddRange(n.Parameters());
        }
        return ps;
    }

    /// <summary>micrograd's repr: <c>Layer of [ReLUNeuron(2), ReLUNeuron(2)]</c>.</summary>
    public override string ToString() => $"Layer of [{string.Join(", ", _neurons.Select(n => n.ToString()))}]";
}
