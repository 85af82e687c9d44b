using Micrograd.Core;

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
    private readonly Layer[] _layers;

    /// <summary>An MLP with <paramref name="nin"/> inputs and layers of sizes <paramref name="nouts"/>.</summary>
    /// <param name="nin">Number of inputs.</param>
    /// <param name="nouts">Layer sizes, the last one being the number of outputs.</param>
    /// <param name="random">Initial weights, drawn layer by layer, neuron by neuron, weights then bias.
    /// Null: a new <see cref="PythonRandom"/>(1337), so runs repeat.</param>
    /// <param name="hidden">Nonlinearity of every layer but the last (default ReLU).</param>
    /// <param name="output">Nonlinearity of the last layer (default linear).</param>
    /// <param name="randomBias">Whether biases are drawn too (the lecture's variant); default 0.</param>
    public MLP(
        int nin,
        IReadOnlyList<int> nouts,
        Random? random = null,
        Nonlinearity hidden = Nonlinearity.ReLU,
        Nonlinearity output = Nonlinearity.Linear,
        bool randomBias = false)
    {
        ArgumentNullException.ThrowIfNull(nouts);
        if (nouts.Count == 0)
        {
            throw new ArgumentException("Expected at least one layer size.", nameof(nouts));
        }
        random ??= new PythonRandom(1337);
        _layers = new Layer[nouts.Count];
        var size = nin;
        for (var i = 0; i < nouts.Count; i++)
        {
            var last = i == nouts.Count - 1;
            _layers[i] = new Layer(size, nouts[i], random, last ? output : hidden, randomBias);
            size = nouts[i];
        }
    }

    /// <summary>The lecture's network: tanh in every layer, the output included, and random biases.</summary>
    public static MLP Lecture(int nin, IReadOnlyList<int> nouts, Random? random = null) =>
        new(nin, nouts, random, Nonlinearity.Tanh, Nonlinearity.Tanh, randomBias: true);

    /// <summary>The layers, input side first.</summary>
    public IReadOnlyList<Layer> Layers => _layers;

    /// <summary>The outputs for inputs <paramref name="x"/>: always a list, even for one output.</summary>
    /// <exception cref="ArgumentException">The number of inputs is not the model's.</exception>
    public IReadOnlyList<Value> Forward(IReadOnlyList<Value> x)
    {
        ArgumentNullException.ThrowIfNull(x);
        foreach (var layer in _layers)
        {
            x = layer.Forward(x);
        }
        return x;
    }

    /// <summary>The outputs for plain numbers, each made a new leaf.</summary>
    public IReadOnlyList<Value> Forward(params double[] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Forward(Array.ConvertAll(x, v => new Value(v)));
    }

    /// <inheritdoc/>
    public override IReadOnlyList<Value> Parameters()
    {
        var ps = new List<Value>();
        foreach (var layer in _layers)
        {
            ps.AddRange(layer.Parameters());
        }
        return ps;
    }

    /// <summary>micrograd's repr: <c>MLP of [Layer of [ReLUNeuron(2), ...], ..., Layer of [LinearNeuron(16)]]</c>.</summary>
    public override string ToString() => $"MLP of [{string.Join(", ", _layers.Select(l => l.ToString()))}]";
}
