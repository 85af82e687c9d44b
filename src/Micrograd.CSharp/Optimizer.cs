using Micrograd.Core.Nn;

namespace Micrograd;

/// <summary>
/// What PyTorch's <c>torch.optim.Optimizer</c> is: a list of parameters captured at construction,
/// <see cref="ZeroGrad"/> before each backward pass and <see cref="Step"/> after it, which reads
/// every parameter's <see cref="Value.Grad"/> and writes its <see cref="Value.Data"/>. The
/// arithmetic of each step is the F# core's (<see cref="Core.Nn.Sgd"/>, <see cref="Core.Nn.Adam"/>,
/// <see cref="Core.Nn.AdamW"/>), so a mutable optimizer here and the pure F# step give the same
/// numbers to the bit.
/// </summary>
/// <example>
/// <code>
/// var opt = new Adam(model.Parameters(), lr: 0.01);
/// opt.ZeroGrad();
/// loss.Backward();
/// opt.Step();
/// opt.LearningRate = 0.005;   // a schedule sets this between steps
/// </code>
/// </example>
public abstract class Optimizer
{
    private readonly Value[] _parameters;
    private readonly double[] _values;
    private readonly double[] _grads;
    private double _learningRate;

    /// <summary>Captures the parameters and checks them and the learning rate.</summary>
    /// <param name="parameters">The values to train, e.g. <c>model.Parameters()</c>: leaves, each once.</param>
    /// <param name="lr">The learning rate, finite, 0 or more.</param>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> or one of them is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="parameters"/> is empty, holds a value twice, or holds a computed (non-leaf) value.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lr"/> is NaN, infinite or negative.</exception>
    private protected Optimizer(IEnumerable<Value> parameters, double lr)
    {
        // Enumerated once: the caller's sequence may be lazy.
        var list = parameters?.ToArray();
        Checks.Parameters(nameof(parameters), list!);
        _parameters = list!;
        for (var i = 0; i < _parameters.Length; i++)
        {
            Checks.LeafParameter(nameof(parameters), i, _parameters[i].Node);
        }
        Checks.OptimizerLearningRate(nameof(lr), lr);
        _learningRate = lr;
        _values = new double[_parameters.Length];
        _grads = new double[_parameters.Length];
    }

    /// <summary>The parameters this optimizer steps, in the order given (its state's order).</summary>
    public IReadOnlyList<Value> Parameters => _parameters;

    /// <summary>The learning rate of the next <see cref="Step"/> (PyTorch's <c>param_groups[0]["lr"]</c>);
    /// a schedule sets it between steps.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to NaN, infinity or a negative number.</exception>
    public double LearningRate
    {
        get => _learningRate;
        set
        {
            Checks.OptimizerLearningRate(nameof(value), value);
            _learningRate = value;
        }
    }

    /// <summary>How many steps this optimizer has taken (restored by <see cref="LoadState(object)"/>).</summary>
    public abstract int Steps { get; }

    /// <summary>Sets every parameter's <see cref="Value.Grad"/> to 0, before the next <see cref="Value.Backward"/>.</summary>
    public void ZeroGrad()
    {
        foreach (var p in _parameters)
        {
            p.Grad = 0.0;
        }
    }

    /// <summary>One step: reads every parameter's Data and Grad, runs the F# core's step on them
    /// and this optimizer's state, and writes the new Data back. Allocates nothing but the
    /// parameters' new leaves.</summary>
    public void Step()
    {
        for (var i = 0; i < _parameters.Length; i++)
        {
            _values[i] = _parameters[i].Data;
            _grads[i] = _parameters[i].Grad;
        }
        StepInPlace(_learningRate, _values, _grads);
        for (var i = 0; i < _parameters.Length; i++)
        {
            _parameters[i].Data = _values[i];
        }
    }

    /// <summary>The state, as a plain immutable value (an <see cref="SgdState"/> or an
    /// <see cref="AdamState"/>), for saving; <see cref="LoadState(object)"/> restores it.</summary>
    public abstract object GetState();

    /// <summary>Restores a state <see cref="GetState"/> gave, so that training resumes where it was.</summary>
    /// <param name="state">A state of this kind of optimizer, for as many parameters.</param>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="state"/> is of another optimizer, or not one entry per parameter.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Its step count is negative.</exception>
    public abstract void LoadState(object state);

    /// <summary>The F# core's in-place step on the values and gradients, updating the state.</summary>
    private protected abstract void StepInPlace(double learningRate, double[] values, double[] grads);

    /// <summary>A copy of <paramref name="list"/>, checked to hold one number per parameter.</summary>
    private protected double[] PerParameter(string paramName, string what, IReadOnlyList<double> list)
    {
        Checks.PerParameter(paramName, what, _parameters.Length, list);
        return list.ToArray();
    }
}
