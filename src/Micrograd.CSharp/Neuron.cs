using Micrograd.Core;

namespace Micrograd;

/// <summary>
/// micrograd's <c>Neuron</c>: <c>nonlinearity(b + w0·x0 + w1·x1 + ...)</c>, summed left to right
/// starting from the bias, exactly as micrograd's <c>sum(..., self.b)</c>.
/// </summary>
public sealed class Neuron : Module
{
    private readonly Value[] _weights;

    /// <summary>A neuron with <paramref name="nin"/> inputs.</summary>
    /// <param name="nin">Number of inputs (at least 1).</param>
    /// <param name="random">Where the initial weights come from: each is uniform(-1, 1) = -1 + 2·NextDouble(),
    /// as Python's <c>random.uniform</c>. Null: a new <see cref="PythonRandom"/>(1337), so runs repeat.</param>
    /// <param name="nonlinearity">ReLU (micrograd's default), tanh (the lecture's), or linear.</param>
    /// <param name="randomBias">false: bias 0 (micrograd's repository); true: one more uniform(-1, 1) draw
    /// after the weights (the lecture's).</param>
    public Neuron(int nin, Random? random = null, Nonlinearity nonlinearity = Nonlinearity.ReLU, bool randomBias = false)
    {
        if (nin < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(nin), nin, "A neuron needs at least one input.");
        }
        if (!Enum.IsDefined(nonlinearity))
        {
            throw new ArgumentOutOfRangeException(nameof(nonlinearity), nonlinearity, "Expected Linear, ReLU or Tanh.");
        }
        random ??= new PythonRandom(1337);
        _weights = new Value[nin];
        for (var i = 0; i < nin; i++)
        {
            _weights[i] = new Value(-1.0 + 2.0 * random.NextDouble());
        }
        Bias = new Value(randomBias ? -1.0 + 2.0 * random.NextDouble() : 0.0);
        Nonlinearity = nonlinearity;
    }

    /// <summary>The weights, one per input.</summary>
    public IReadOnlyList<Value> Weights => _weights;

    /// <summary>The bias.</summary>
    public Value Bias { get; }

    /// <summary>The function applied to the weighted sum.</summary>
    public Nonlinearity Nonlinearity { get; }

    /// <summary>The neuron's output for inputs <paramref name="x"/>.</summary>
    /// <exception cref="ArgumentException">The number of inputs is not the neuron's.</exception>
    public Value Forward(IReadOnlyList<Value> x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Count != _weights.Length)
        {
            throw new ArgumentException($"Expected {_weights.Length} inputs, got {x.Count}.", nameof(x));
        }
        var act = Bias;
        for (var i = 0; i < _weights.Length; i++)
        {
            act += _weights[i] * x[i];
        }
        return Nonlinearity switch
        {
            Nonlinearity.ReLU => act.Relu(),
            Nonlinearity.Tanh => act.Tanh(),
            _ => act,
        };
    }

    /// <summary>The neuron's output for plain numbers, each made a new leaf.</summary>
    public Value Forward(params double[] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Forward(Array.ConvertAll(x, v => new Value(v)));
    }

    /// <inheritdoc/>
    public override IReadOnlyList<Value> Parameters() => [.. _weights, Bias];

    /// <summary>micrograd's repr: <c>ReLUNeuron(2)</c>, <c>LinearNeuron(16)</c>, <c>TanhNeuron(3)</c>.</summary>
    public override string ToString() => $"{Nonlinearity}Neuron({_weights.Length})";
}
