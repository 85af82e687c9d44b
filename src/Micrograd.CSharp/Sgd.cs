using System.Collections.ObjectModel;
using Micrograd.Core.Nn;

namespace Micrograd;

/// <summary>
/// Stochastic gradient descent, PyTorch's <c>torch.optim.SGD</c>: plain (micrograd's
/// <c>p.data -= lr * p.grad</c>), or with momentum, dampening, Nesterov momentum and weight decay,
/// with PyTorch's defaults and update (the formula is in <see cref="Core.Nn.Sgd"/>'s remarks).
/// </summary>
/// <example>
/// <code>
/// var opt = new Sgd(model.Parameters(), lr: 0.1, momentum: 0.9);
/// </code>
/// </example>
public sealed class Sgd : Optimizer
{
    private readonly SgdOptions _options;
    private readonly double[] _buffers;
    private int _steps;

    /// <summary>SGD over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The values to train, e.g. <c>model.Parameters()</c>: leaves, each once.</param>
    /// <param name="lr">The learning rate, finite, 0 or more (PyTorch's default 0.001).</param>
    /// <param name="momentum">The momentum factor μ, 0 or more (default 0: none).</param>
    /// <param name="dampening">The dampening τ of the momentum (default 0).</param>
    /// <param name="nesterov">Nesterov momentum (default off; needs μ above 0 and τ = 0).</param>
    /// <param name="weightDecay">The L2 penalty λ, 0 or more, added to each gradient as λ·p (default 0).</param>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> or one of them is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="parameters"/> is empty, repeats a value or holds a computed one;
    /// or <paramref name="nesterov"/> without momentum or with dampening.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A number is NaN, infinite, or negative where it may not be.</exception>
    public Sgd(
        IEnumerable<Value> parameters,
        double lr = 1e-3,
        double momentum = 0.0,
        double dampening = 0.0,
        bool nesterov = false,
        double weightDecay = 0.0)
        : base(parameters, lr)
    {
        Checks.Momentum(nameof(momentum), momentum);
        Checks.Dampening(nameof(dampening), dampening);
        Checks.WeightDecay(nameof(weightDecay), weightDecay);
        Checks.Nesterov(nameof(nesterov), nesterov, momentum, dampening);
        _options = new SgdOptions(momentum, dampening, nesterov, weightDecay);
        _buffers = new double[Parameters.Count];
    }

    /// <summary>The settings: momentum, dampening, Nesterov, weight decay.</summary>
    public SgdOptions Options => _options;

    /// <inheritdoc/>
    public override int Steps => _steps;

    /// <summary>A snapshot of the state: the step count and the momentum buffers.</summary>
    public SgdState State => new(_steps, new ReadOnlyCollection<double>(_buffers.ToArray()));

    /// <summary>micrograd's update of one number, <c>data - learningRate * grad</c>
    /// (<see cref="Core.Nn.Sgd.Update"/>), here too so that <c>Sgd.Update</c> means it beside this class.</summary>
    /// <param name="data">The parameter's value now.</param>
    /// <param name="grad">The loss's gradient with respect to it.</param>
    /// <param name="learningRate">The step size.</param>
    /// <returns>The new value.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The learning rate is NaN or infinite.</exception>
    public static double Update(double data, double grad, double learningRate) =>
        Core.Nn.Sgd.Update(data, grad, learningRate);

    /// <inheritdoc/>
    public override object GetState() => State;

    /// <summary>Restores a state <see cref="State"/> gave.</summary>
    /// <param name="state">An SGD state for as many parameters.</param>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> is null.</exception>
    /// <exception cref="ArgumentException">Its buffers are not one per parameter.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Its step count is negative.</exception>
    public void LoadState(SgdState state) => LoadState((object)state);

    /// <inheritdoc/>
    public override void LoadState(object state)
    {
        var s = Checks.StateOf<SgdState>(nameof(state), "SGD", state);
        Checks.StepCount(nameof(state), s.Steps);
        var buffers = PerParameter(nameof(state), "momentum buffers", s.MomentumBuffers);
        buffers.CopyTo(_buffers, 0);
        _steps = s.Steps;
    }

    private protected override void StepInPlace(double learningRate, double[] values, double[] grads)
    {
        Core.Nn.Sgd.StepInPlace(_options, learningRate, _steps, values, grads, _buffers);
        _steps++;
    }
}
