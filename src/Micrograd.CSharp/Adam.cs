using System.Collections.ObjectModel;
using Micrograd.Core.Nn;

namespace Micrograd;

/// <summary>
/// Adam, PyTorch's <c>torch.optim.Adam</c>, with its defaults (lr 0.001, betas 0.9 and 0.999,
/// eps 1e-8, no weight decay) and its update with bias correction (the formula is in
/// <see cref="Core.Nn.Adam"/>'s remarks).
/// </summary>
/// <example>
/// <code>
/// var opt = new Adam(model.Parameters(), lr: 0.01);
/// </code>
/// </example>
public class Adam : Optimizer
{
    private readonly AdamOptions _options;
    private readonly bool _decoupled;
    private readonly double[] _m;
    private readonly double[] _v;
    private int _steps;

    /// <summary>Adam over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The values to train, e.g. <c>model.Parameters()</c>: leaves, each once.</param>
    /// <param name="lr">The learning rate, finite, 0 or more (default 0.001).</param>
    /// <param name="beta1">β1, in [0, 1) (default 0.9).</param>
    /// <param name="beta2">β2, in [0, 1) (default 0.999).</param>
    /// <param name="eps">ε, 0 or more, added to the denominator after its square root (default 1e-8).</param>
    /// <param name="weightDecay">The L2 penalty λ, 0 or more, added to each gradient as λ·p (default 0).</param>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> or one of them is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="parameters"/> is empty, repeats a value or holds a computed one.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A number is out of its range.</exception>
    public Adam(
        IEnumerable<Value> parameters,
        double lr = 1e-3,
        double beta1 = 0.9,
        double beta2 = 0.999,
        double eps = 1e-8,
        double weightDecay = 0.0)
        : this(parameters, lr, beta1, beta2, eps, weightDecay, decoupled: false)
    {
    }

    private protected Adam(
        IEnumerable<Value> parameters,
        double lr,
        double beta1,
        double beta2,
        double eps,
        double weightDecay,
        bool decoupled)
        : base(parameters, lr)
    {
        Checks.Beta(nameof(beta1), "beta1", beta1);
        Checks.Beta(nameof(beta2), "beta2", beta2);
        Checks.Eps(nameof(eps), eps);
        Checks.WeightDecay(nameof(weightDecay), weightDecay);
        _options = new AdamOptions(beta1, beta2, eps, weightDecay);
        _decoupled = decoupled;
        _m = new double[Parameters.Count];
        _v = new double[Parameters.Count];
    }

    /// <summary>The settings: betas, eps, weight decay.</summary>
    public AdamOptions Options => _options;

    /// <inheritdoc/>
    public override int Steps => _steps;

    /// <summary>A snapshot of the state: the step count and the first and second moments.</summary>
    public AdamState State =>
        new(_steps, new ReadOnlyCollection<double>(_m.ToArray()), new ReadOnlyCollection<double>(_v.ToArray()));

    /// <inheritdoc/>
    public override object GetState() => State;

    /// <summary>Restores a state <see cref="State"/> gave (Adam's and AdamW's states are alike).</summary>
    /// <param name="state">An Adam state for as many parameters.</param>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> is null.</exception>
    /// <exception cref="ArgumentException">Its moments are not one per parameter.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Its step count is negative.</exception>
    public void LoadState(AdamState state) => LoadState((object)state);

    /// <inheritdoc/>
    public override void LoadState(object state)
    {
        var s = Checks.StateOf<AdamState>(nameof(state), _decoupled ? "AdamW" : "Adam", state);
        Checks.StepCount(nameof(state), s.Steps);
        var m = PerParameter(nameof(state), "first moments", s.FirstMoments);
        var v = PerParameter(nameof(state), "second moments", s.SecondMoments);
        m.CopyTo(_m, 0);
        v.CopyTo(_v, 0);
        _steps = s.Steps;
    }

    private protected override void StepInPlace(double learningRate, double[] values, double[] grads)
    {
        if (_decoupled)
        {
            Core.Nn.AdamW.StepInPlace(_options, learningRate, _steps, values, grads, _m, _v);
        }
        else
        {
            Core.Nn.Adam.StepInPlace(_options, learningRate, _steps, values, grads, _m, _v);
        }
        _steps++;
    }
}
