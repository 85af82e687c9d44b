using System.CommandLine;
using Micrograd.Core.Nn;

namespace Micrograd.Cli.Commands;

/// <summary>What a training command was asked to do, read from its options.</summary>
internal sealed record TrainingSettings(
    Engine Engine, int Steps, int Seed, int? BatchSize, string Optimizer, double LearningRate, string Schedule,
    string? Save, string? Load, string? Log, bool LogLoss, string Out)
{
    /// <summary>The engine's name, as <c>--engine</c> takes it.</summary>
    public string EngineName => TrainingOptions.EngineNames[(int)Engine];

    /// <summary>Whether the optimizer keeps state between steps (plain SGD keeps none).</summary>
    public bool HasOptimizerState => Optimizer != "sgd";

    /// <summary>The file the optimizer's state goes to beside the model file: <c>model.json</c> → <c>model.optimizer.json</c>.</summary>
    public static string OptimizerFileOf(string modelPath) => Path.ChangeExtension(modelPath, ".optimizer.json");

    /// <summary>The library's options for this run.</summary>
    public TrainerOptions ToTrainerOptions(LossKind loss, double l2, object? optimizerState) => new()
    {
        Engine = Engine,
        Loss = loss,
        L2 = l2,
        Steps = Steps,
        BatchSize = BatchSize,
        Optimizer = Optimizer switch
        {
            "adam" => OptimizerKind.Adam,
            "adamw" => OptimizerKind.AdamW,
            _ => OptimizerKind.Sgd,
        },
        Sgd = Optimizer == "momentum" ? new SgdOptions(TrainingOptions.Momentum, 0.0, false, 0.0) : SgdOptions.Defaults,
        Schedule = ScheduleOf(Schedule, LearningRate, Steps),
        OptimizerState = optimizerState,
    };

    /// <summary>The learning rate of step k: the schedule's shape times the base rate.</summary>
    public static Func<int, double> ScheduleOf(string schedule, double learningRate, int steps) => schedule switch
    {
        // 1.0 * x is x: with the default base rate 1.0 this is micrograd's schedule to the bit.
        "linear" => k => learningRate * Schedules.LinearDecay(k, steps),
        "constant" => k => Schedules.Constant(learningRate, k),
        "step" => k => Schedules.StepDecay(learningRate, 0.5, Math.Max(1, steps / 4), k),
        _ => k => Schedules.Cosine(learningRate, 0.0, steps, k),
    };
}

/// <summary>
/// The options every training command shares (<c>moons</c>, <c>spiral</c>): steps, seed, engine,
/// batch size, optimizer, learning rate, schedule, save, load, log, the loss picture's scale and
/// the pictures' folder.
/// </summary>
internal sealed class TrainingOptions
{
    /// <summary>The engines' names, in the order of <see cref="Micrograd.Engine"/>.</summary>
    public static readonly IReadOnlyList<string> EngineNames = ["facade", "functional", "tape"];

    /// <summary>The optimizers' names.</summary>
    public static readonly IReadOnlyList<string> OptimizerNames = ["sgd", "momentum", "adam", "adamw"];

    /// <summary>The schedules' names.</summary>
    public static readonly IReadOnlyList<string> ScheduleNames = ["linear", "constant", "step", "cosine"];

    /// <summary>The momentum of <c>--optimizer momentum</c>.</summary>
    public const double Momentum = 0.9;

    private readonly Func<string, double> _defaultLearningRate;

    public TrainingOptions(string defaultOptimizer, Func<string, double> defaultLearningRate, int defaultSteps, int maxBatch)
    {
        _defaultLearningRate = defaultLearningRate;
        Steps = new Option<int>("--steps")
        {
            Description = "Steps of training; step k's learning rate follows --schedule.",
            DefaultValueFactory = _ => defaultSteps,
        }.WholeNumber(1);
        Seed = new Option<int>("--seed")
        {
            Description = "Seeds Python's random (MT19937): the initial weights, then the minibatches, and the noise of generated data. "
                + "0 or more (Python's random.seed(-n) is random.seed(n)).",
            DefaultValueFactory = _ => 1337,
        }.WholeNumber(0);
        Engine = new Option<string>("--engine")
        {
            Description = "facade: the C# Value/MLP as in micrograd; functional: the immutable F# core; tape: the loss graph compiled "
                + "once and re-run every step. Same numbers, bit for bit.",
            DefaultValueFactory = _ => "facade",
        }.OneOf([.. EngineNames]);
        BatchSize = new Option<int?>("--batch-size")
        {
            Description = "Train on a random minibatch of this many points per step (default: all points). Each step shuffles "
                + "the indices with the seeded generator, as Python's random.shuffle does, and takes the first N.",
            HelpName = "N",
        }.WholeNumber(1, maxBatch);
        Optimizer = new Option<string>("--optimizer")
        {
            Description = $"sgd: micrograd's p.data -= lr * p.grad; momentum: SGD with momentum {Momentum}; adam, adamw: PyTorch's "
                + "Adam and AdamW with their defaults (betas 0.9, 0.999; AdamW's weight decay 0.01).",
            DefaultValueFactory = _ => defaultOptimizer,
        }.OneOf([.. OptimizerNames]);
        LearningRate = new Option<double?>("--lr")
        {
            Description = $"The base learning rate, which --schedule scales (default: {string.Join(", ", OptimizerNames.Select(o => $"{o} {defaultLearningRate(o).ToString(System.Globalization.CultureInfo.InvariantCulture)}"))}).",
            HelpName = "RATE",
        }.FiniteNumber(0.0);
        Schedule = new Option<string>("--schedule")
        {
            Description = "linear: lr * (1.0 - 0.9*k/steps), micrograd's; constant: lr; step: lr halved every quarter of the steps; "
                + "cosine: from lr down to 0 along half a cosine.",
            DefaultValueFactory = _ => "linear",
        }.OneOf([.. ScheduleNames]);
        Save = new Option<string?>("--save")
        {
            Description = "Write the trained network to this JSON file (MLP.Load and Mlp.load read it), and, for momentum, adam and adamw, "
                + "the optimizer's state beside it (model.json: model.optimizer.json), so that --load resumes.",
            HelpName = "FILE.json",
        }.PathTo("a file name");
        Load = new Option<string?>("--load")
        {
            Description = "Start from the network in this JSON file (written by --save) instead of new weights, and from the optimizer's "
                + "state beside it when there is one.",
            HelpName = "FILE.json",
        }.PathTo("a JSON file");
        Log = new Option<string?>("--log")
        {
            Description = "Write step,loss,accuracy,learning_rate to this CSV, one row per step: the loss of step k's forward pass "
                + "before its update, accuracy as a fraction, numbers round-trip. On Ctrl-C it holds the steps that finished.",
            HelpName = "FILE.csv",
        }.PathTo("a file name");
        LogLoss = new Option<bool>("--log-loss")
        {
            Description = "Draw loss.png's loss on a logarithmic axis (ticks at powers of ten), where the late steps' small "
                + "losses stay apart, instead of on one from 0.",
        };
        Out = new Option<string?>("--out")
        {
            Description = "Folder for the pictures (created if missing).",
            DefaultValueFactory = _ => "out",
            HelpName = "DIR",
        }.PathTo("a folder");
    }

    public Option<int> Steps { get; }

    public Option<int> Seed { get; }

    public Option<string> Engine { get; }

    public Option<int?> BatchSize { get; }

    public Option<string> Optimizer { get; }

    public Option<double?> LearningRate { get; }

    public Option<string> Schedule { get; }

    public Option<string?> Save { get; }

    public Option<string?> Load { get; }

    public Option<string?> Log { get; }

    public Option<bool> LogLoss { get; }

    public Option<string?> Out { get; }

    /// <summary>The options that come before a command's own (data) options.</summary>
    public IEnumerable<Option> Training => [Steps, Seed, Engine, BatchSize, Optimizer, LearningRate, Schedule];

    /// <summary>The options that come after a command's own.</summary>
    public IEnumerable<Option> Files => [Save, Load, Log, LogLoss];

    /// <summary>The settings of a parsed command line.</summary>
    public TrainingSettings Read(ParseResult parse)
    {
        var optimizer = parse.GetValue(Optimizer)!;
        return new TrainingSettings(
            (Micrograd.Engine)EngineNames.ToList().IndexOf(parse.GetValue(Engine)!),
            parse.GetValue(Steps),
            parse.GetValue(Seed),
            parse.GetValue(BatchSize),
            optimizer,
            parse.GetValue(LearningRate) ?? _defaultLearningRate(optimizer),
            parse.GetValue(Schedule)!,
            parse.GetValue(Save),
            parse.GetValue(Load),
            parse.GetValue(Log),
            parse.GetValue(LogLoss),
            parse.GetValue(Out)!);
    }
}
