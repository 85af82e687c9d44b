using System.CommandLine;
using System.Globalization;
using Micrograd.Cli.Output;
using Micrograd.Core.Data;
using Micrograd.Demo;
using Spectre.Console;

namespace Micrograd.Cli.Commands;

/// <summary>
/// <c>micrograd moons</c>: micrograd's demo. Trains <c>MLP(2, [16, 16, 1])</c> on two moons with
/// the demo's max-margin loss, L2 regularisation and learning-rate schedule, then writes the
/// decision boundary and the training curves as PNG.
/// </summary>
internal static class MoonsCommand
{
    /// <summary>The pictures written into <c>--out</c>.</summary>
    public const string DecisionBoundaryFile = "decision-boundary.png";

    /// <summary>The pictures written into <c>--out</c>.</summary>
    public const string LossFile = "loss.png";

    /// <summary>The command, printing a progress bar when <paramref name="interactive"/>, plain lines otherwise.</summary>
    public static Command Create(bool interactive)
    {
        var steps = new Option<int>("--steps")
        {
            Description = "Steps of gradient descent; step k uses learning rate 1.0 - 0.9*k/steps.",
            DefaultValueFactory = _ => 100,
        }.WholeNumber(1);
        var seed = new Option<int>("--seed")
        {
            Description = "Seeds Python's random (MT19937): the initial weights, then the minibatches, and the noise of generated data. "
                + "0 or more (Python's random.seed(-n) is random.seed(n)).",
            DefaultValueFactory = _ => 1337,
        }.WholeNumber(0);
        var engine = new Option<string>("--engine")
        {
            Description = "facade: the C# Value/MLP as in micrograd; functional: the immutable F# core; tape: the loss graph compiled "
                + "once and re-run every step. Same numbers, bit for bit.",
            DefaultValueFactory = _ => "facade",
        }.OneOf([.. Engines.Names]);
        var batchSize = new Option<int?>("--batch-size")
        {
            Description = "Train on a random minibatch of this many points per step (default: all points). Each step shuffles "
                + "the indices with the seeded generator, as Python's random.shuffle does, and takes the first N.",
            HelpName = "N",
        }.WholeNumber(1, MaxPointsPerStep);
        var data = new Option<string?>("--data")
        {
            Description = "Train on this CSV instead of generated moons: header x,y,label, then one point a line; labels -1/1 or 0/1.",
            HelpName = "FILE.csv",
        }.PathTo("a CSV file");
        var samples = new Option<int>("--samples")
        {
            Description = "How many moon points to generate (half on each moon, an odd one out on the inner one). Not with --data.",
            DefaultValueFactory = _ => 100,
        }.WholeNumber(2, MaxSamples);
        var noise = new Option<double>("--noise")
        {
            Description = "Standard deviation of the Gaussian noise of generated moons. Not with --data.",
            DefaultValueFactory = _ => 0.1,
        }.FiniteNumber(0.0);
        var log = new Option<string?>("--log")
        {
            Description = "Write step,loss,accuracy,learning_rate to this CSV, one row per step: the loss of step k's forward pass "
                + "before its update, accuracy as a fraction, numbers round-trip. On Ctrl-C it holds the steps that finished.",
            HelpName = "FILE.csv",
        }.PathTo("a file name");
        var saveData = new Option<string?>("--save-data")
        {
            Description = "Also write the data trained on to this CSV (x,y,label, round-trip numbers), the format --data reads.",
            HelpName = "FILE.csv",
        }.PathTo("a file name");
        var output = new Option<string?>("--out")
        {
            Description = $"Folder for the pictures {DecisionBoundaryFile} and {LossFile} (created if missing).",
            DefaultValueFactory = _ => "out",
            HelpName = "DIR",
        }.PathTo("a folder");

        var command = new Command("moons",
            "Train micrograd's demo network, MLP(2, [16, 16, 1]), on two moons, exactly as micrograd's demo does: "
            + "max-margin loss, L2 regularisation (alpha 1e-4), 100 steps of full-batch gradient descent.")
        {
            steps, seed, engine, batchSize, data, samples, noise, log, saveData, output,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(data) is { Implicit: false })
            {
                foreach (var shape in new Option[] { samples, noise })
                {
                    if (result.GetResult(shape) is { Implicit: false })
                    {
                        result.AddError(Messages.NotWithData(shape.Name));
                    }
                }
            }
        });
        command.SetAction((parse, cancellationToken) =>
        {
            var settings = new Settings(
                Engines.Parse(parse.GetValue(engine)!),
                parse.GetValue(steps),
                parse.GetValue(seed),
                parse.GetValue(batchSize),
                parse.GetValue(data),
                parse.GetValue(samples),
                parse.GetValue(noise),
                parse.GetValue(log),
                parse.GetValue(saveData),
                parse.GetValue(output)!);
            var config = parse.InvocationConfiguration;
            // On the thread pool: System.CommandLine listens for Ctrl-C only once the action has
            // returned its task, and training runs for as long as it is asked to.
            return Task.Run(() => Run(settings, config.Output, config.Error, interactive, cancellationToken), CancellationToken.None);
        });
        return command;
    }

    /// <summary>
    /// The most points a step may train on: each point adds about 660 nodes to the step's graph,
    /// which lives until the step ends (10,000 points take about 1.2 GB).
    /// </summary>
    public const int MaxPointsPerStep = 20_000;

    /// <summary>The most moons <c>--samples</c> generates.</summary>
    public const int MaxSamples = 10_000_000;

    /// <summary>
    /// The largest coordinate a data set may have: beyond it the picture's axes, and the network's
    /// scores after the first update, stop being finite numbers.
    /// </summary>
    public const double MaxCoordinate = 1e100;

    private sealed record Settings(
        Engine Engine, int Steps, int Seed, int? BatchSize, string? Data, int Samples, double Noise,
        string? Log, string? SaveData, string Out);

    private static int Run(Settings settings, TextWriter stdout, TextWriter stderr, bool interactive, CancellationToken cancellationToken)
    {
        if (Load(settings, stderr) is not { } data)
        {
            return 1;
        }
        var points = settings.BatchSize ?? data.Count;
        if (points > data.Count)
        {
            return Fail(stderr, Messages.BatchLargerThanData(points, data.Count));
        }
        if (points > MaxPointsPerStep)
        {
            return Fail(stderr, Messages.TooManyPointsPerStep(data.Count, MaxPointsPerStep));
        }
        var boundary = Path.Combine(settings.Out, DecisionBoundaryFile);
        var curve = Path.Combine(settings.Out, LossFile);
        var destinations = new Destinations();
        if (settings.SaveData is { } saveTo)
        {
            destinations.File("--save-data", saveTo);
        }
        if (settings.Log is { } logTo)
        {
            destinations.File("--log", logTo);
        }
        destinations.Folder("--out", settings.Out).File("--out", boundary).File("--out", curve).NotOver(settings.Data);
        if (destinations.Problem is { } problem)
        {
            return Fail(stderr, problem);
        }
        foreach (var warning in Warnings(data))
        {
            stderr.WriteLine($"warning: {warning}");
        }

        var console = Terminal.Create(stdout, interactive);
        var source = settings.Data ?? $"{data.Count} generated moons (noise {settings.Noise.ToString(CultureInfo.InvariantCulture)}, seed {settings.Seed})";
        // Plain lines go straight to the writer: Spectre would wrap them at its 80 columns when redirected.
        stdout.WriteLine($"Training MLP(2, [16, 16, 1]) with the {settings.Engine.ToString().ToLowerInvariant()} engine on {source}.");
        var options = new TrainingOptions(settings.Engine, settings.Steps, settings.Seed, settings.BatchSize);
        var diverged = false;
        void Watch(StepRecord r)
        {
            if (!diverged && !double.IsFinite(r.Loss))
            {
                diverged = true;
                stderr.WriteLine($"warning: {Messages.LossNotFinite(r.Step, r.Loss)}");
            }
        }
        var result = interactive
            ? TrainWithProgressBar(console, data, options, Watch, cancellationToken)
            : TrainWithLines(stdout, data, options, Watch, cancellationToken);

        if (result.Interrupted)
        {
            // Only the log: it is whole (one row per finished step); the pictures would show a model half-trained.
            stderr.WriteLine(Messages.Interrupted(result.Log.Count));
            if (settings.Log is { } partial && Write(stderr, [(partial, () => Encode(TrainingLog.Format(result.Log)))]) is { } written)
            {
                Report(stdout, written);
            }
            return Cli.InterruptedExitCode;
        }

        // Everything is drawn before anything is written, so a failure in drawing writes nothing.
        var files = new List<(string Path, Func<byte[]> Content)>();
        if (settings.SaveData is { } saveData)
        {
            var text = Encode(Csv.Format(data));
            files.Add((saveData, () => text));
        }
        if (settings.Log is { } logPath)
        {
            var text = Encode(TrainingLog.Format(result.Log));
            files.Add((logPath, () => text));
        }
        var picture = Plots.DecisionBoundary(result.Trainer, data);
        var losses = Plots.LossCurve(result.Log);
        files.Add((boundary, () => picture));
        files.Add((curve, () => losses));
        if (Write(stderr, files) is not { } done)
        {
            return 1;
        }
        console.Write(Summary(result, settings, interactive));
        Report(stdout, done);
        return 0;
    }

    private static IReadOnlyList<Sample>? Load(Settings settings, TextWriter stderr)
    {
        IReadOnlyList<Sample> data;
        if (settings.Data is not { } path)
        {
            data = Moons.Generate(settings.Samples, settings.Noise, settings.Seed);
        }
        else if (Directory.Exists(path))
        {
            Fail(stderr, Messages.DataIsAFolder(path));
            return null;
        }
        else if (!File.Exists(path))
        {
            Fail(stderr, Messages.DataMissing(path));
            return null;
        }
        else
        {
            try
            {
                data = Csv.Read(path);
            }
            catch (InvalidDataException e)
            {
                Fail(stderr, e.Message);
                return null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Fail(stderr, Messages.CannotRead(path, Messages.Reason(e)));
                return null;
            }
        }
        if (data.Any(s => Math.Abs(s.X) > MaxCoordinate || Math.Abs(s.Y) > MaxCoordinate))
        {
            Fail(stderr, Messages.CoordinatesTooLarge(settings.Data ?? "the generated data", MaxCoordinate));
            return null;
        }
        return data;
    }

    private static IEnumerable<string> Warnings(IReadOnlyList<Sample> data)
    {
        if (data.Count == 1)
        {
            yield return Messages.OnePoint();
        }
        else if (data.All(s => s.Label == data[0].Label))
        {
            yield return Messages.OneClass(data[0].Label);
        }
    }

    // Writes every file, each atomically; the first failure stops the rest and is reported.
    private static List<string>? Write(TextWriter stderr, IReadOnlyList<(string Path, Func<byte[]> Content)> files)
    {
        var written = new List<string>();
        try
        {
            foreach (var (path, content) in files)
            {
                AtomicFile.WriteAllBytes(path, content());
                written.Add(path);
            }
        }
        catch (IOException e)
        {
            Fail(stderr, e.Message);
            return null;
        }
        return written;
    }

    private static void Report(TextWriter stdout, IEnumerable<string> written)
    {
        foreach (var file in written)
        {
            stdout.WriteLine($"wrote {file}");
        }
    }

    private static byte[] Encode(string text) => new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text);

    private static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine($"error: {message}");
        return 1;
    }

    private static TrainingResult TrainWithLines(
        TextWriter stdout, IReadOnlyList<Sample> data, TrainingOptions options, Action<StepRecord> watch, CancellationToken cancellationToken) =>
        TrainingRun.Train(data, options, r =>
        {
            stdout.WriteLine(StepLine(r));
            watch(r);
        }, cancellationToken);

    private static TrainingResult TrainWithProgressBar(
        IAnsiConsole console, IReadOnlyList<Sample> data, TrainingOptions options, Action<StepRecord> watch, CancellationToken cancellationToken) =>
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("training", maxValue: options.Steps);
                return TrainingRun.Train(data, options, r =>
                {
                    task.Description = Markup.Escape(StepLine(r));
                    task.Increment(1);
                    watch(r);
                }, cancellationToken);
            });

    // micrograd's demo prints "step 0 loss 0.8958..., accuracy 50.0%"; the loss here is round-trip.
    private static string StepLine(StepRecord r) =>
        string.Create(CultureInfo.InvariantCulture, $"step {r.Step} loss {r.Loss:R}, accuracy {r.Accuracy * 100:0.0##}%");

    private static Table Summary(TrainingResult result, Settings settings, bool interactive)
    {
        var last = result.Log[^1];
        var perStep = result.Elapsed.TotalMilliseconds / result.Log.Count;
        var table = new Table()
            .Border(interactive ? TableBorder.Rounded : TableBorder.Ascii)
            .AddColumn("result")
            .AddColumn(new TableColumn("value").RightAligned());
        string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
        table.AddRow("final loss", Invariant($"{last.Loss:R}"));
        table.AddRow("final accuracy", Invariant($"{last.Accuracy * 100:0.0##}%"));
        table.AddRow("steps", Invariant($"{result.Log.Count}"));
        table.AddRow("batch", settings.BatchSize is { } b ? Invariant($"{b} points") : "all points");
        table.AddRow("parameters", Invariant($"{result.Trainer.ParameterCount}"));
        table.AddRow("engine", settings.Engine.ToString().ToLowerInvariant());
        table.AddRow("time per step", Invariant($"{perStep:0.0} ms"));
        return table;
    }
}
