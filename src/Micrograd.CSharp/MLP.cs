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
        : this(Mlp.Create(nin, nouts, random ?? new PythonRandom(1337), hidden, output, randomBias))
    {
    }

    // Each of the F# network's parameters becomes a new Value with the same data, in the same order.
    internal MLP(Mlp shape)
    {
        _shape = shape;
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

    /// <summary>Saves the network to a JSON file, atomically: its shape and every parameter's
    /// current <see cref="Micrograd.Core.MutableNode.Data"/>, to the bit. The F# core's <see cref="Mlp.Save(string)"/>
    /// writes it, so <see cref="Mlp.Load(string)"/> loads it into the functional network too.</summary>
    /// <param name="path">The file; its folder must exist. A file already there is replaced only
    /// once the new one is whole.</param>
    /// <exception cref="InvalidOperationException">A parameter is NaN or infinite (the message names
    /// its position); nothing is written.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or names a folder.</exception>
    /// <exception cref="IOException">The folder does not exist, or the write failed.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder may not be written.</exception>
    public void Save(string path) => Current().Save(path);

    /// <summary>The JSON <see cref="Save"/> writes, as text.</summary>
    /// <exception cref="InvalidOperationException">A parameter is NaN or infinite.</exception>
    public string ToJson() => Current().ToJson();

    /// <summary>Loads a network <see cref="Save"/> (or the F# core's <c>Mlp.save</c>) wrote: the same
    /// shape, every parameter a new <see cref="Value"/> with the saved bits.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">The file is not a saved network (not whole JSON, another
    /// format or version, a wrong shape, a missing or mistyped field); the message names the file and
    /// the JSON path of the fault. No network is made.</exception>
    public static MLP Load(string path) => new(Mlp.Load(path));

    /// <summary>The network in JSON text <see cref="ToJson"/> gave (as <see cref="Load"/>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="InvalidDataException">The text is not a saved network.</exception>
    public static MLP FromJson(string json) => new(Mlp.FromJson(json));

    // The F# network with this one's current parameter values (training changes the Values, not _shape).
    internal Mlp Current()
    {
        var values = new double[_parameters.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = _parameters[i].Data;
        }
        return _shape.WithParameters(values);
    }

    /// <summary>micrograd's repr: <c>MLP of [Layer of [ReLUNeuron(2), ...], ..., Layer of [LinearNeuron(16)]]</c>.</summary>
    public override string ToString() => _shape.ToString();
}
