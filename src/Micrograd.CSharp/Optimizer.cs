using Micrograd.Core.Nn;

namespace Micrograd;

/// <summary>
/// What PyTorch's <c>torch.optim.Optimizer</c> is: a list of parameters captured at construction,
/// <see cref="ZeroGrad"/> before each backward pass and <see cref="Step"/> after it, which reads
/// every parameter's <see cref="Micrograd.Core.MutableNode.Grad"/> and writes its <see cref="Micrograd.Core.MutableNode.Data"/>. The
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

    /// <summary>Sets every parameter's <see cref="Micrograd.Core.MutableNode.Grad"/> to 0, before the next <see cref="Value.Backward"/>.</summary>
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

    /// <summary>Saves the learning rate, the settings and the state to a JSON file, atomically, so
    /// that <see cref="LoadSgd"/>, <see cref="LoadAdam"/> or <see cref="LoadAdamW"/> (or the F# core's
    /// <see cref="OptimizerFile"/>) resumes training where it is, to the bit.</summary>
    /// <param name="path">The file; its folder must exist.</param>
    /// <exception cref="InvalidOperationException">A buffer or moment is NaN or infinite; nothing is written.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or names a folder.</exception>
    /// <exception cref="IOException">The folder does not exist, or the write failed.</exception>
    public void Save(string path)
    {
        // The optimizers are this assembly's three (the constructor is private protected).
        switch (this)
        {
            case Sgd sgd:
                OptimizerFile.SaveSgd(path, _learningRate, sgd.Options, sgd.State);
                break;
            case AdamW adamW:
                OptimizerFile.SaveAdamW(path, _learningRate, adamW.Options, adamW.State);
                break;
            case Adam adam:
                OptimizerFile.SaveAdam(path, _learningRate, adam.Options, adam.State);
                break;
        }
    }

    /// <summary>An SGD optimizer over <paramref name="parameters"/> with the learning rate, settings
    /// and state an SGD optimizer's <see cref="Save"/> wrote.</summary>
    /// <param name="path">The file.</param>
    /// <param name="parameters">The values to train, in the order the saved optimizer had them (<c>model.Parameters()</c>).</param>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">The file is not a saved SGD state (an Adam one, say), or
    /// not for as many parameters; the message names the file and the JSON path of the fault.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="parameters"/> is null.</exception>
    public static Sgd LoadSgd(string path, IEnumerable<Value> parameters)
    {
        var list = Captured(parameters);
        var c = OptimizerFile.LoadSgd(list.Length, path);
        var o = c.Options;
        var sgd = new Sgd(list, c.LearningRate, o.Momentum, o.Dampening, o.Nesterov, o.WeightDecay);
        sgd.LoadState(c.State);
        return sgd;
    }

    /// <summary>An Adam optimizer with what an Adam optimizer's <see cref="Save"/> wrote (as <see cref="LoadSgd"/>).</summary>
    /// <param name="path">The file.</param>
    /// <param name="parameters">The values to train, in the saved optimizer's order.</param>
    /// <exception cref="InvalidDataException">The file is not a saved Adam state (an AdamW or SGD one
    /// included), or not for as many parameters.</exception>
    public static Adam LoadAdam(string path, IEnumerable<Value> parameters)
    {
        var list = Captured(parameters);
        var c = OptimizerFile.LoadAdam(list.Length, path);
        var o = c.Options;
        var adam = new Adam(list, c.LearningRate, o.Beta1, o.Beta2, o.Eps, o.WeightDecay);
        adam.LoadState(c.State);
        return adam;
    }

    /// <summary>An AdamW optimizer with what an AdamW optimizer's <see cref="Save"/> wrote (as <see cref="LoadSgd"/>).</summary>
    /// <param name="path">The file.</param>
    /// <param name="parameters">The values to train, in the saved optimizer's order.</param>
    /// <exception cref="InvalidDataException">The file is not a saved AdamW state, or not for as many parameters.</exception>
    public static AdamW LoadAdamW(string path, IEnumerable<Value> parameters)
    {
        var list = Captured(parameters);
        var c = OptimizerFile.LoadAdamW(list.Length, path);
        var o = c.Options;
        var adamW = new AdamW(list, c.LearningRate, o.Beta1, o.Beta2, o.Eps, o.WeightDecay);
        adamW.LoadState(c.State);
        return adamW;
    }

    // Enumerated once, and checked before the file is read, so that its count is the one compared.
    private static Value[] Captured(IEnumerable<Value> parameters)
    {
        var list = parameters?.ToArray();
        Checks.Parameters(nameof(parameters), list!);
        return list!;
    }

    /// <summary>The F# core's in-place step on the values and gradients, updating the state.</summary>
    private protected abstract void StepInPlace(double learningRate, double[] values, double[] grads);

    /// <summary>A copy of <paramref name="list"/>, checked to hold one number per parameter.</summary>
    private protected double[] PerParameter(string paramName, string what, IReadOnlyList<double> list)
    {
        Checks.PerParameter(paramName, what, _parameters.Length, list);
        return list.ToArray();
    }
}
