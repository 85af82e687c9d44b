using Micrograd.Core;
using Micrograd.Core.Data;
using Micrograd.Core.Nn;

namespace Micrograd;

/// <summary>One implementation of a training step; <see cref="Trainer"/> picks one by <see cref="Engine"/>.</summary>
internal abstract class TrainingEngine(TrainerOptions options, int outputCount)
{
    protected TrainerOptions Options { get; } = options;

    protected LossKind Loss => Options.Loss;

    protected int OutputCount { get; } = outputCount;

    /// <summary>Scratch for one example's output values, to count the right answers without allocating.</summary>
    protected double[] OutputScratch { get; } = new double[outputCount];

    /// <summary>One step on <paramref name="batch"/> (checked by the caller) with <paramref name="learningRate"/>.</summary>
    public abstract StepResult Step(IReadOnlyList<Example> batch, double learningRate);

    /// <summary>The network as trained so far.</summary>
    public abstract Mlp Model { get; }

    /// <summary>The optimizer's state (an <see cref="SgdState"/> or an <see cref="AdamState"/>).</summary>
    public abstract object OptimizerState { get; }

    public static TrainingEngine Create(Mlp model, TrainerOptions options) => options.Engine switch
    {
        Engine.Facade => new FacadeEngine(model, options),
        Engine.Functional => new FunctionalEngine(model, options),
        _ => new TapeEngine(model, options),
    };
}

/// <summary>The façade, as a C# user writes it: a new graph of Values, ZeroGrad, Backward, an <see cref="Optimizer"/>'s Step.</summary>
internal sealed class FacadeEngine : TrainingEngine
{
    private readonly MLP _model;
    private readonly IReadOnlyList<Value> _parameters;
    private readonly Optimizer _optimizer;

    public FacadeEngine(Mlp model, TrainerOptions options)
        : base(options, model.Nout)
    {
        _model = new MLP(model);
        _parameters = _model.Parameters();
        var adam = Trainer.AdamOptionsOf(options);
        _optimizer = options.Optimizer switch
        {
            OptimizerKind.Sgd => new Sgd(_parameters, 0.0, options.Sgd.Momentum, options.Sgd.Dampening, options.Sgd.Nesterov, options.Sgd.WeightDecay),
            OptimizerKind.Adam => new Adam(_parameters, 0.0, adam.Beta1, adam.Beta2, adam.Eps, adam.WeightDecay),
            _ => new AdamW(_parameters, 0.0, adam.Beta1, adam.Beta2, adam.Eps, adam.WeightDecay),
        };
        if (options.OptimizerState is not null)
        {
            // The in-place optimizer's checks name "options", as the other engines' do.
            _optimizer.LoadState(new InPlaceOptimizer(options, _parameters.Count).State);
        }
    }

    public override StepResult Step(IReadOnlyList<Example> batch, double learningRate)
    {
        var graph = LossGraph<Value>.Build(
            default(ValueArithmetic), x => _model.Forward(x), _parameters, Loss, Options.L2, OutputCount, batch);
        var correct = graph.Correct(batch, Loss, v => v.Data, OutputScratch);
        _optimizer.LearningRate = learningRate;
        _optimizer.ZeroGrad();
        graph.Loss.Backward();
        _optimizer.Step();
        return new StepResult(graph.Loss.Data, (double)correct / batch.Count);
    }

    public override Mlp Model => _model.Current();

    public override object OptimizerState => _optimizer.GetState();
}

/// <summary>The core used functionally: immutable nodes, gradients returned, a pure step returning new values and state.</summary>
internal sealed class FunctionalEngine : TrainingEngine
{
    private Mlp _model;
    private object _state;

    public FunctionalEngine(Mlp model, TrainerOptions options)
        : base(options, model.Nout)
    {
        _model = model;
        // The fresh state (or the given one, checked) as the core's immutable value.
        _state = new InPlaceOptimizer(options, model.Parameters.Count).State;
    }

    public override StepResult Step(IReadOnlyList<Example> batch, double learningRate)
    {
        var graph = LossGraph<Node>.Build(
            default(NodeArithmetic), x => _model.Forward(x), _model.Parameters, Loss, Options.L2, OutputCount, batch);
        var correct = graph.Correct(batch, Loss, n => n.Data, OutputScratch);
        var gradients = Backprop.GradientsFor(graph.Loss, _model.Parameters);
        var values = _model.Parameters.Select(p => p.Data).ToArray();
        var (next, state) = Options.Optimizer switch
        {
            OptimizerKind.Sgd => Pair(Core.Nn.Sgd.Step(Options.Sgd, learningRate, values, gradients, (SgdState)_state)),
            OptimizerKind.Adam => Pair(Core.Nn.Adam.Step(Trainer.AdamOptionsOf(Options), learningRate, values, gradients, (AdamState)_state)),
            _ => Pair(Core.Nn.AdamW.Step(Trainer.AdamOptionsOf(Options), learningRate, values, gradients, (AdamState)_state)),
        };
        _model = _model.WithParameters(next);
        _state = state;
        return new StepResult(graph.Loss.Data, (double)correct / batch.Count);
    }

    private static (double[] Values, object State) Pair<TState>(Tuple<double[], TState> step) => (step.Item1, step.Item2!);

    public override Mlp Model => _model;

    public override object OptimizerState => _state;
}

/// <summary>
/// The compiled tape: the first step's graph (the functional engine's) compiled once; every step
/// writes the batch's features and targets into its data leaves, re-runs it, and updates the
/// parameters in the tape's own slots. A step allocates nothing.
/// </summary>
/// <remarks>A graph of the same shape gives the same numbers when its leaves hold the same values, so
/// this engine logs what the others log, bit for bit. Every step must have the first one's batch size.</remarks>
internal sealed class TapeEngine : TrainingEngine
{
    private readonly Mlp _initial;
    private readonly InPlaceOptimizer _optimizer;
    private readonly double[] _values;
    private readonly double[] _gradients;
    private readonly double[] _targets;
    private Tape? _tape;
    private int[] _parameters = [];
    private int[][] _inputs = [];
    private int[][] _targetLeaves = [];
    private int[][] _outputs = [];

    public TapeEngine(Mlp model, TrainerOptions options)
        : base(options, model.Nout)
    {
        _initial = model;
        var count = model.Parameters.Count;
        _optimizer = new InPlaceOptimizer(options, count);
        _values = model.Parameters.Select(p => p.Data).ToArray();
        _gradients = new double[count];
        _targets = new double[TrainingLoss.TargetCount(options.Loss, model.Nout)];
    }

    /// <summary>The compiled loss graph (null before the first step).</summary>
    public Tape? Tape => _tape;

    public override StepResult Step(IReadOnlyList<Example> batch, double learningRate)
    {
        var tape = _tape ?? Compile(batch);
        TrainingLoss.CheckTapeBatch(nameof(batch), _outputs.Length, batch.Count);
        for (var i = 0; i < _outputs.Length; i++)
        {
            var example = batch[i];
            var inputs = _inputs[i];
            for (var f = 0; f < inputs.Length; f++)
            {
                tape.SetValue(inputs[f], example.Feature(f));
            }
            TrainingLoss.WriteTargets(Loss, example.Label, _targets);
            var leaves = _targetLeaves[i];
            for (var k = 0; k < leaves.Length; k++)
            {
                tape.SetValue(leaves[k], _targets[k]);
            }
        }
        var loss = tape.Forward();
        var correct = 0;
        for (var i = 0; i < _outputs.Length; i++)
        {
            var outputs = _outputs[i];
            for (var k = 0; k < outputs.Length; k++)
            {
                OutputScratch[k] = tape.Value(outputs[k]);
            }
            if (TrainingLoss.IsCorrect(Loss, batch[i].Label, OutputScratch))
            {
                correct++;
            }
        }
        tape.Backward();
        for (var p = 0; p < _parameters.Length; p++)
        {
            _values[p] = tape.Value(_parameters[p]);
            _gradients[p] = tape.Gradient(_parameters[p]);
        }
        _optimizer.Step(learningRate, _values, _gradients);
        for (var p = 0; p < _parameters.Length; p++)
        {
            tape.SetValue(_parameters[p], _values[p]);
        }
        return new StepResult(loss, (double)correct / batch.Count);
    }

    public override Mlp Model => _initial.WithParameters(_values);

    public override object OptimizerState => _optimizer.State;

    // The functional engine's graph, compiled; the tape finds the data leaves by their nodes.
    private Tape Compile(IReadOnlyList<Example> batch)
    {
        var graph = LossGraph<Node>.Build(
            default(NodeArithmetic), x => _initial.Forward(x), _initial.Parameters, Loss, Options.L2, OutputCount, batch);
        var tape = Core.Tape.Compile(graph.Loss);
        int[] IndicesOf(Node[] nodes) => Array.ConvertAll(nodes, tape.IndexOf);
        _inputs = Array.ConvertAll(graph.Inputs, IndicesOf);
        _targetLeaves = Array.ConvertAll(graph.Targets, IndicesOf);
        _outputs = Array.ConvertAll(graph.Outputs, IndicesOf);
        _parameters = _initial.Parameters.Select(tape.IndexOf).ToArray();
        _tape = tape;
        return tape;
    }
}
