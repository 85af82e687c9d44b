using Micrograd.Core;
using Micrograd.Core.Nn;
using CoreLayer = Micrograd.Core.Nn.Layer;

namespace Micrograd;

/// <summary>micrograd's <c>Layer</c>: neurons that all see the same inputs.</summary>
/// <remarks>A mutable shape over the F# core's <see cref="CoreLayer"/>, which draws, checks and prints it.</remarks>
public sealed class Layer : Module
{
    private readonly CoreLayer _shape;
    private readonly Neuron[] _neurons;
    private readonly IReadOnlyList<Value> _parameters;

    /// <summary>A layer of <paramref name="nout"/> neurons with <paramref name="nin"/> inputs each.</summary>
    /// <param name="nin">Inputs per neuron (at least 1).</param>
    /// <param name="nout">Number of neurons, and so of outputs (at least 1).</param>
    /// <param name="random">Initial weights, drawn neuron by neuron (see <see cref="Neuron"/>).
    /// Null: a new <see cref="PythonRandom"/>(1337), so runs repeat.</param>
    /// <param name="nonlinearity">Applied by every neuron.</param>
    /// <param name="randomBias">Whether biases are drawn too (the lecture's variant).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="nin"/> or <paramref name="nout"/>
    /// is below 1, or <paramref name="nonlinearity"/> is not a named value.</exception>
    public Layer(int nin, int nout, Random? random = null, Nonlinearity nonlinearity = Nonlinearity.ReLU, bool randomBias = false)
        : this(CoreLayer.Create(nin, nout, random ?? new PythonRandom(1337), nonlinearity, randomBias))
    {
    }

    internal Layer(CoreLayer shape)
    {
        _shape = shape;
        _neurons = new Neuron[shape.Nout];
        for (var i = 0; i < _neurons.Length; i++)
        {
            _neurons[i] = new Neuron(shape.Neurons[i]);
        }
        ByNode = ParameterList.Merge(_neurons.Select(n => n.ByNode));
        _parameters = ParameterList.Of(shape.Parameters, ByNode);
    }

    /// <summary>Each parameter's Value, keyed by the F# layer's parameter node.</summary>
    internal IReadOnlyDictionary<Node, Value> ByNode { get; }

    /// <summary>The neurons, in output order.</summary>
    public IReadOnlyList<Neuron> Neurons => _neurons;

    /// <summary>One output per neuron, always a list (even for one neuron).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> or one of its values is null.</exception>
    /// <exception cref="ArgumentException">The number of inputs is not the layer's.</exception>
    public IReadOnlyList<Value> Forward(IReadOnlyList<Value> x)
    {
        Checks.Inputs(nameof(x), _shape.Nin, x);
        Checks.NoNullInputs(nameof(x), x);
        return Apply(x);
    }

    /// <summary>One output per neuron for plain numbers, each made a new leaf.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="ArgumentException">The number of inputs is not the layer's.</exception>
    public IReadOnlyList<Value> Forward(params double[] x)
    {
        Checks.Inputs(nameof(x), _shape.Nin, x);
        return Apply(Array.ConvertAll(x, v => new Value(v)));
    }

    // Every neuron on the same inputs, checked once by the caller.
    internal Value[] Apply(IReadOnlyList<Value> x)
    {
        var outputs = new Value[_neurons.Length];
        for (var i = 0; i < outputs.Length; i++)
        {
            outputs[i] = _neurons[i].Apply(x);
        }
        return outputs;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<Value> Parameters() => _parameters;

    /// <summary>micrograd's repr: <c>Layer of [ReLUNeuron(2), ReLUNeuron(2)]</c>.</summary>
    public override string ToString() => _shape.ToString();
}
