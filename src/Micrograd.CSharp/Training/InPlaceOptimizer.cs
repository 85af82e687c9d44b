using System.Collections.ObjectModel;
using Micrograd.Core.Nn;

namespace Micrograd;

/// <summary>
/// An optimizer over plain arrays of values and gradients (the tape's parameters): the F# core's
/// in-place steps (<see cref="Core.Nn.Sgd.StepInPlace"/>, <see cref="Core.Nn.Adam.StepInPlace"/>,
/// <see cref="Core.Nn.AdamW.StepInPlace"/>) and their state. A step allocates nothing.
/// </summary>
internal sealed class InPlaceOptimizer
{
    private readonly OptimizerKind _kind;
    private readonly SgdOptions _sgd;
    private readonly AdamOptions _adam;
    private readonly double[] _buffers;
    private readonly double[] _m;
    private readonly double[] _v;
    private int _steps;

    public InPlaceOptimizer(TrainerOptions options, int count)
    {
        _kind = options.Optimizer;
        _sgd = options.Sgd;
        _adam = Trainer.AdamOptionsOf(options);
        _buffers = _kind == OptimizerKind.Sgd ? new double[count] : [];
        _m = _kind == OptimizerKind.Sgd ? [] : new double[count];
        _v = _kind == OptimizerKind.Sgd ? [] : new double[count];
        if (options.OptimizerState is { } state)
        {
            Load(state, count);
        }
    }

    /// <summary>The state, as the F# core's immutable value (an <see cref="SgdState"/> or an <see cref="AdamState"/>).</summary>
    public object State => _kind == OptimizerKind.Sgd
        ? new SgdState(_steps, new ReadOnlyCollection<double>(_buffers.ToArray()))
        : new AdamState(_steps, new ReadOnlyCollection<double>(_m.ToArray()), new ReadOnlyCollection<double>(_v.ToArray()));

    public void Step(double learningRate, double[] values, double[] gradients)
    {
        switch (_kind)
        {
            case OptimizerKind.Sgd:
                Core.Nn.Sgd.StepInPlace(_sgd, learningRate, _steps, values, gradients, _buffers);
                break;
            case OptimizerKind.Adam:
                Core.Nn.Adam.StepInPlace(_adam, learningRate, _steps, values, gradients, _m, _v);
                break;
            default:
                Core.Nn.AdamW.StepInPlace(_adam, learningRate, _steps, values, gradients, _m, _v);
                break;
        }
        _steps++;
    }

    private void Load(object state, int count)
    {
        const string name = "options";
        if (_kind == OptimizerKind.Sgd)
        {
            var s = Checks.StateOf<SgdState>(name, "SGD", state);
            Checks.StepCount(name, s.Steps);
            Checks.PerParameter(name, "momentum buffers", count, s.MomentumBuffers);
            s.MomentumBuffers.ToArray().CopyTo(_buffers, 0);
            _steps = s.Steps;
        }
        else
        {
            var s = Checks.StateOf<AdamState>(name, _kind == OptimizerKind.Adam ? "Adam" : "AdamW", state);
            Checks.StepCount(name, s.Steps);
            Checks.PerParameter(name, "first moments", count, s.FirstMoments);
            Checks.PerParameter(name, "second moments", count, s.SecondMoments);
            s.FirstMoments.ToArray().CopyTo(_m, 0);
            s.SecondMoments.ToArray().CopyTo(_v, 0);
            _steps = s.Steps;
        }
    }
}
