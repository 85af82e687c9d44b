using Micrograd.Core;
using Micrograd.Core.Nn;
using CoreNeuron = Micrograd.Core.Nn.Neuron;

namespace Micrograd;

/// <summary>
/// micrograd's <c>Neuron</c>: <c>nonlinearity(b + w0·x0 + w1·x1 + ...)</c>, summed left to right
/// starting from the bias, exactly as micrograd's <c>sum(..., self.b)</c>.
/// </summary>
/// <remarks>A mutable shape over the F# core's <see cref="CoreNeuron"/>: the weights are drawn,
/// checked and printed there, and the output is computed by <see cref="CoreNeuron.ActivateSum"/>,
/// the one definition both share, with the weighted sum as one <see cref="Value.WeightedSum"/>.</remarks>
public sealed class Neuron : Module
{
    // The F# neuron this one was made from: its shape and printing. Its own parameters are the
    // starting values only; training changes this neuron's Values.
    private readonly CoreNeuron _shape;
    private readonly Value[] _weights;
    private readonly IReadOnlyList<Value> _parameters;

    /// <summary>A neuron with <paramref name="nin"/> inputs.</summary>
    /// <param name="nin">Number of inputs (at least 1).</param>
    /// <param name="random">Where the initial weights come from: each is uniform(-1, 1) = -1 + 2·NextDouble(),
    /// as Python's <c>random.uniform</c>. Null: a new <see cref="PythonRandom"/>(1337), so runs repeat.</param>
    /// <param name="nonlinearity">ReLU (micrograd's default), tanh (the lecture's), or linear.</param>
    /// <param name="randomBias">false: bias 0 (micrograd's repository); true: one more uniform(-1, 1) draw
    /// after the weights (the lecture's).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="nin"/> is below 1, or
    /// <paramref name="nonlinearity"/> is not a named value.</exception>
    public Neuron(int nin, Random? random = null, Nonlinearity nonlinearity = Nonlinearity.ReLU, bool randomBias = false)
        : this(CoreNeuron.Create(nin, random ?? new PythonRandom(1337), nonlinearity, randomBias))
    {
    }

    // Each of the F# neuron's parameters becomes a new leaf with the same data; its order is the F#
    // neuron's.
    internal Neuron(CoreNeuron shape)
    {
        _shape = shape;
        var byNode = new Dictionary<Node, Value>();
        foreach (var p in shape.Parameters)
        {
            byNode[p] = new Value(p.Data);
        }
        _weights = new Value[shape.Nin];
        for (var i = 0; i < _weights.Length; i++)
        {
            _weights[i] = byNode[shape.Weights[i]];
        }
        Bias = byNode[shape.Bias];
        ByNode = byNode;
        _parameters = ParameterList.Of(shape.Parameters, byNode);
    }

    /// <summary>Each parameter's Value, keyed by the F# neuron's parameter node.</summary>
    internal IReadOnlyDictionary<Node, Value> ByNode { get; }

    /// <summary>The weights, one per input.</summary>
    public IReadOnlyList<Value> Weights => _weights;

    /// <summary>The bias.</summary>
    public Value Bias { get; }

    /// <summary>The function applied to the weighted sum.</summary>
    public Nonlinearity Nonlinearity => _shape.Nonlinearity;

    /// <summary>The neuron's output for inputs <paramref name="x"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> or one of its values is null.</exception>
    /// <exception cref="ArgumentException">The number of inputs is not the neuron's.</exception>
    public Value Forward(IReadOnlyList<Value> x)
    {
        Checks.Inputs(nameof(x), _weights.Length, x);
        Checks.NoNullInputs(nameof(x), x);
        return Apply(x);
    }

    /// <summary>The neuron's output for plain numbers, each made a new leaf.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="ArgumentException">The number of inputs is not the neuron's.</exception>
    public Value Forward(params double[] x)
    {
        Checks.Inputs(nameof(x), _weights.Length, x);
        return Apply(Array.ConvertAll(x, v => new Value(v)));
    }

    // Forward for a layer that has checked the inputs once for all its neurons.
    // The weighted sum is one Value (Value.WeightedSum) standing for micrograd's chain of
    // products and sums, which it makes when asked for its inputs.
    internal Value Apply(IReadOnlyList<Value> x) =>
        CoreNeuron.ActivateSum(default(ValueArithmetic), _weights, Bias, x, _shape.Nonlinearity);

    /// <inheritdoc/>
    public override IReadOnlyList<Value> Parameters() => _parameters;

    /// <summary>micrograd's repr: <c>ReLUNeuron(2)</c>, <c>LinearNeuron(16)</c>, <c>TanhNeuron(3)</c>.</summary>
    public override string ToString() => _shape.ToString();
}
