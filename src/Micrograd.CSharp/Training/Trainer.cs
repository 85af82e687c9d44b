using System.Diagnostics;
using Micrograd.Core;
using Micrograd.Core.Data;
using Micrograd.Core.Nn;

namespace Micrograd;

/// <summary>
/// A training loop over any of the three engines: a network, a loss, an optimizer with a
/// learning-rate schedule, data, steps or epochs, a batch size. It reports every step through an
/// <see cref="IProgress{T}"/> and stops cleanly when its <see cref="CancellationToken"/> is cancelled.
/// Every engine builds the same graph (<see cref="TrainingLoss.Batch"/>) and steps with the F# core's
/// optimizer arithmetic, so all three log the same numbers to the last bit.
/// </summary>
/// <example>
/// <code>
/// var random = new PythonRandom(1337);
/// var model = Mlp.Create(2, new[] { 16, 16, 1 }, random);
/// var data = Moons.Generate(100, 0.1, 1337).Select(Example.OfSample).ToArray();
/// var result = Trainer.Train(model, data, new TrainerOptions { Engine = Engine.Tape }, random);
/// Console.WriteLine(result.Log[^1].Loss);
/// </code>
/// </example>
public sealed class Trainer
{
    private readonly TrainingEngine _engine;
    private readonly Mlp _initial;
    private int _steps;

    /// <summary>A trainer starting from <paramref name="model"/>, which is left unchanged.</summary>
    /// <param name="model">The network to train (the core's immutable <see cref="Mlp"/>).</param>
    /// <param name="options">How to train; null: micrograd's demo (<see cref="TrainerOptions"/>' defaults).</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting of <paramref name="options"/> is out of range
    /// or not a defined value; the exception names <c>options</c>.</exception>
    /// <exception cref="ArgumentException">A loss other than cross-entropy with a network of more than one output,
    /// settings PyTorch refuses (Nesterov without momentum), or an optimizer state of another kind or size.</exception>
    public Trainer(Mlp model, TrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Options = options ?? new TrainerOptions();
        Check(Options, model);
        _initial = model;
        _engine = TrainingEngine.Create(model, Options);
    }

    /// <summary>How this trainer trains.</summary>
    public TrainerOptions Options { get; }

    /// <summary>The number of trainable parameters (337 for micrograd's demo network).</summary>
    public int ParameterCount => _initial.Parameters.Count;

    /// <summary>How many steps this trainer has taken.</summary>
    public int Steps => _steps;

    /// <summary>The network as trained so far: a new immutable network each time it is read.</summary>
    public Mlp Model => _engine.Model;

    /// <summary>The optimizer's state now (an <see cref="SgdState"/> or an <see cref="AdamState"/>), to save or resume from.</summary>
    public object OptimizerState => _engine.OptimizerState;

    /// <summary>
    /// One step on <paramref name="batch"/>: forward pass, loss, gradients, one optimizer update
    /// with <paramref name="learningRate"/>. On the tape engine every step needs the first step's batch size,
    /// and allocates nothing.
    /// </summary>
    /// <returns>The loss and the accuracy of the forward pass, before the update.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="batch"/> or one of its examples is null.</exception>
    /// <exception cref="ArgumentException">The batch is empty, an example does not fit the network or the
    /// loss, or (tape) the batch size is not the first step's.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is NaN, infinite or negative.</exception>
    public StepResult Step(IReadOnlyList<Example> batch, double learningRate)
    {
        TrainingLoss.CheckData(nameof(batch), Options.Loss, _initial.Nin, _initial.Nout, batch);
        Checks.OptimizerLearningRate(nameof(learningRate), learningRate);
        var result = _engine.Step(batch, learningRate);
        _steps++;
        return result;
    }

    /// <summary>
    /// Trains on <paramref name="data"/> for <see cref="TrainerOptions.Steps"/> steps or
    /// <see cref="TrainerOptions.Epochs"/> epochs, the learning rate of step k given by the schedule.
    /// </summary>
    /// <remarks>
    /// Without a batch size every step trains on all the data, in its order (micrograd's demo).
    /// With one, <paramref name="random"/> draws the batches as Python does: by steps, each step
    /// <c>idx = list(range(n)); random.shuffle(idx); idx[:size]</c>; by epochs, each epoch shuffles
    /// so once and takes <c>idx[b*size:(b+1)*size]</c> for <c>b</c> in <c>range(n // size)</c>.
    /// The batches are drawn into buffers made once, so on the tape engine a step of the loop allocates
    /// nothing but its log record's share of the log.
    /// </remarks>
    /// <param name="data">The examples.</param>
    /// <param name="random">Draws the batches; null: a new <see cref="PythonRandom"/>(1337). micrograd's
    /// demo draws the weights and then the batches from one generator: pass that one.</param>
    /// <param name="progress">Told of every finished step, on the training thread
    /// (<see cref="Progress{T}"/> posts it to its synchronisation context instead).</param>
    /// <param name="cancellationToken">Checked before every step: once cancelled, no further step starts,
    /// and the result holds the finished steps with <see cref="TrainingResult.Interrupted"/> set.</param>
    /// <returns>The trained network, the log, the time, the optimizer's state.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> or an example is null.</exception>
    /// <exception cref="ArgumentException">The data is empty or an example does not fit (the message names it).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The batch size is above the number of examples, the
    /// epochs ask for more than <see cref="int.MaxValue"/> steps, or the schedule gives a learning rate
    /// that is NaN, infinite or negative.</exception>
    public TrainingResult Run(
        IReadOnlyList<Example> data, PythonRandom? random = null, IProgress<StepRecord>? progress = null,
        CancellationToken cancellationToken = default)
    {
        TrainingLoss.CheckData(nameof(data), Options.Loss, _initial.Nin, _initial.Nout, data);
        var n = data.Count;
        var size = Options.BatchSize ?? n;
        TrainingLoss.CheckBatchSize(nameof(Options.BatchSize), size, n);
        var perEpoch = n / size;
        var total = Options.Epochs is { } epochs ? (long)epochs * perEpoch : Options.Steps;
        if (total > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(Options.Epochs), Options.Epochs,
                $"{Options.Epochs} epochs of {perEpoch} steps are more than {int.MaxValue} steps.");
        }
        var steps = (int)total;
        var schedule = Options.Schedule ?? (k => Schedules.LinearDecay(k, steps));
        random ??= new PythonRandom(1337);
        var indices = new int[n];
        var buffer = Options.BatchSize is null ? null : new Example[size];
        var batch = buffer ?? data;
        // Grown as steps finish, not sized up front: a run of int.MaxValue steps is valid, and is
        // cancelled long before its log would fill memory.
        var log = new List<StepRecord>();
        var clock = Stopwatch.StartNew();
        for (var k = 0; k < steps; k++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                clock.Stop();
                return new TrainingResult(Model, log, clock.Elapsed, OptimizerState) { Interrupted = true };
            }
            if (buffer is not null)
            {
                var offset = 0;
                if (Options.Epochs is null || k % perEpoch == 0)
                {
                    Batches.ShuffleIndices(random, indices);
                }
                if (Options.Epochs is not null)
                {
                    offset = k % perEpoch * size;
                }
                for (var b = 0; b < size; b++)
                {
                    buffer[b] = data[indices[offset + b]];
                }
            }
            var learningRate = schedule(k);
            Checks.OptimizerLearningRate(nameof(Options.Schedule), learningRate);
            var started = Stopwatch.GetTimestamp();
            var result = _engine.Step(batch, learningRate);
            _steps++;
            var record = new StepRecord(k, result.Loss, result.Accuracy, learningRate, Stopwatch.GetElapsedTime(started));
            log.Add(record);
            progress?.Report(record);
        }
        clock.Stop();
        return new TrainingResult(Model, log, clock.Elapsed, OptimizerState);
    }

    /// <summary>A new <see cref="Trainer"/> on <paramref name="model"/>, <see cref="Run"/> on <paramref name="data"/>.</summary>
    /// <inheritdoc cref="Run"/>
    /// <param name="model">The network to train; left unchanged (the result holds the trained one).</param>
    /// <param name="data">The examples.</param>
    /// <param name="options">How to train; null: micrograd's demo.</param>
    /// <param name="random">Draws the batches.</param>
    /// <param name="progress">Told of every finished step.</param>
    /// <param name="cancellationToken">Stops the run before its next step.</param>
    public static TrainingResult Train(
        Mlp model, IReadOnlyList<Example> data, TrainerOptions? options = null, PythonRandom? random = null,
        IProgress<StepRecord>? progress = null, CancellationToken cancellationToken = default) =>
        new Trainer(model, options).Run(data, random, progress, cancellationToken);

    /// <summary>Trains a façade <see cref="MLP"/> in place: as <see cref="Train(Mlp, IReadOnlyList{Example}, TrainerOptions?, PythonRandom?, IProgress{StepRecord}?, CancellationToken)"/>
    /// from its current parameters, then writes the trained values into its parameters' <see cref="Micrograd.Core.MutableNode.Data"/>.</summary>
    /// <inheritdoc cref="Train(Mlp, IReadOnlyList{Example}, TrainerOptions?, PythonRandom?, IProgress{StepRecord}?, CancellationToken)"/>
    public static TrainingResult Train(
        MLP model, IReadOnlyList<Example> data, TrainerOptions? options = null, PythonRandom? random = null,
        IProgress<StepRecord>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var result = Train(model.Current(), data, options, random, progress, cancellationToken);
        var parameters = model.Parameters();
        var trained = result.Model.Parameters;
        for (var i = 0; i < parameters.Count; i++)
        {
            parameters[i].Data = trained[i].Data;
        }
        return result;
    }

    /// <summary>The Adam settings a run uses: the options' own, or PyTorch's defaults of the chosen optimizer.</summary>
    internal static AdamOptions AdamOptionsOf(TrainerOptions options) =>
        options.Adam ?? (options.Optimizer == OptimizerKind.AdamW ? AdamOptions.AdamWDefaults : AdamOptions.Defaults);

    private static void Check(TrainerOptions options, Mlp model)
    {
        const string name = "options";
        TrainingLoss.CheckDefined(name, options.Engine, "Facade, Functional or Tape");
        TrainingLoss.CheckDefined(name, options.Optimizer, "Sgd, Adam or AdamW");
        TrainingLoss.CheckKind(name, options.Loss);
        TrainingLoss.CheckAlpha(name, options.L2);
        Core.Nn.Checks.StepsAtLeastOne(name, "The number of steps", options.Steps);
        if (options.Epochs is { } epochs)
        {
            Core.Nn.Checks.StepsAtLeastOne(name, "The number of epochs", epochs);
        }
        if (options.BatchSize is { } size)
        {
            Core.Nn.Checks.StepsAtLeastOne(name, "The batch size", size);
        }
        Core.Nn.Sgd.CheckOptions(name, options.Sgd);
        Core.Nn.Adam.CheckOptions(name, AdamOptionsOf(options));
        TrainingLoss.CheckOutputs(name, options.Loss, model.Nout);
    }
}
