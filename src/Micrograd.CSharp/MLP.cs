using Micrograd.Core;
using Micrograd.Core.Nn;

namespace Micrograd;

/// <summary>
/// micrograd's <c>MLP</c>: layers of sizes <c>nouts</c> on <c>nin</c> inputs. By default micrograd's
/// repository network (ReLU hidden layers, a linear last layer, weights uniform(-1, 1), bias 0);
/// <see cref="Lecture"/> gives the lecture's (tanh everywhere, random biases).
/// </summary>
/// <example>
/// <code>
/// var model = new MLP(2, [16, 16, 1], random: new PythonRandom(1337));
/// var score = model.Forward(0.5, -1.0)[0];
/// </code>
/// </example>
public sealed class MLP : Module
{
    private readonly Mlp _shape;
    private readonly Layer[] _layers;
    private readonly IReadOnlyList<Value> _parameters;

    /// <summary>An MLP with <paramref name="nin"/> inputs and layers of sizes <paramref name="nouts"/>.</summary>
    /// <param name="nin">Number of inputs (at least 1).</param>
    /// <param name="nouts">Layer sizes, the last one being the number of outputs; each at least 1.</param>
    /// <param name="random">Initial weights, drawn layer by layer, neuron by neuron, weights then bias.
    /// Null: a new <see cref="PythonRandom"/>(1337), so runs repeat.</param>
    /// <param name="hidden">Nonlinearity of every layer but the last (default ReLU).</param>
    /// <param name="output">Nonlinearity of the last layer (default linear).</param>
    /// <param name="randomBias">Whether biases are drawn too (the lecture's variant); default 0.</param>
    /// <exception cref="ArgumentNullException"><paramref name="nouts"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="nouts"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="nin"/> or a layer size is below 1,
    /// or <paramref name="hidden"/> or <paramref name="output"/> is not a named value (both are
    /// checked, even when there is one layer and <paramref name="hidden"/> is unused).</exception>
    /// <remarks>The network is drawn and checked by the F# core's <see cref="Mlp.Create"/>, and each of its
    /// parameters becomes a new <see cref="Value"/> with the same data, in the same order.</remarks>
    public MLP(
        int nin,
        IReadOnlyList<int> nouts,
        Random? random = null,
        Nonlinearity hidden = Nonlinearity.ReLU,
        Nonlinearity output = Nonlinearity.Linear,
        bool randomBias = false)
    {
        _shape = Mlp.Create(nin, nouts, random ?? new PythonRandom(1337), hidden, output, randomBias);
        _layers = new Layer[_shape.Layers.Count];
        for (var i = 0; i < _layers.Length; i++)
        {
            _layers[i] = new Layer(_shape.Layers[i]);
        }
        _parameters = ParameterList.Of(_shape.Parameters, ParameterList.Merge(_layers.Select(l => l.ByNode)));
    }

    /// <summary>The lecture's network: tanh in every layer, the output included, and random biases.</summary>
    public static MLP Lecture(int nin, IReadOnlyList<int> nouts, Random? random = null) =>
        new(nin, nouts, random, Nonlinearity.Tanh, Nonlinearity.Tanh, randomBias: true);

    /// <summary>The layers, input side first.</summary>
    public IReadOnlyList<Layer> Layers => _layers;

    /// <summary>The outputs for inputs <paramref name="x"/>: always a list, even for one output.</summary>
    /// <exception cref="ArgumentException">The number of inputs is not the model's.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> or one of its values is null.</exception>
    public IReadOnlyList<Value> Forward(IReadOnlyList<Value> x)
    {
        Checks.Inputs(nameof(x), _shape.Nin, x);
        Checks.NoNullInputs(nameof(x), x);
        return Apply(x);
    }

    /// <summary>The outputs for plain numbers, each made a new leaf.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="ArgumentException">The number of inputs is not the model's.</exception>
    public IReadOnlyList<Value> Forward(params double[] x)
    {
        Checks.Inputs(nameof(x), _shape.Nin, x);
        return Apply(Array.ConvertAll(x, v => new Value(v)));
    }

    // Each layer's outputs are the next one's inputs.
    private Value[] Apply(IReadOnlyList<Value> x)
    {
        var outputs = _layers[0].Apply(x);
        for (var i = 1; i < _layers.Length; i++)
        {
            outputs = _layers[i].Apply(outputs);
        }
        return outputs;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<Value> Parameters() => _parameters;

    /// <summary>micrograd's repr: <c>MLP of [Layer of [ReLUNeuron(2), ...], ..., Layer of [LinearNeuron(16)]]</c>.</summary>
    public override string ToString() => _shape.ToString();
}
