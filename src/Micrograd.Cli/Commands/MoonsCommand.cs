using System.CommandLine;
using System.Globalization;
using Micrograd.Cli.Data;
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
        }.AtLeast(1);
        var seed = new Option<int>("--seed")
        {
            Description = "Seeds Python's random (MT19937): the initial weights, then the minibatches, and the noise of generated data.",
            DefaultValueFactory = _ => 1337,
        };
        var engine = new Option<string>("--engine")
        {
            Description = "facade: the C# Value/MLP as in micrograd; functional: the immutable F# core; tape: the loss graph compiled "
                + "once and re-run every step. Same numbers, bit for bit.",
            DefaultValueFactory = _ => "facade",
        };
        engine.AcceptOnlyFromAmong([.. Engines.Names]);
        var batchSize = new Option<int?>("--batch-size")
        {
            Description = "Train on a random minibatch of this many points per step (default: all points). Each step shuffles "
                + "the indices with the seeded generator, as Python's random.shuffle does, and takes the first N.",
            HelpName = "N",
        }.AtLeast(1);
        var data = new Option<string?>("--data")
        {
            Description = "Train on this CSV instead of generated moons: header x,y,label, then one point a line; labels -1/1 or 0/1.",
            HelpName = "FILE.csv",
        };
        var samples = new Option<int>("--samples")
        {
            Description = "How many moon points to generate (half on each moon). Not with --data.",
            DefaultValueFactory = _ => 100,
        }.AtLeast(2);
        var noise = new Option<double>("--noise")
        {
            Description = "Standard deviation of the Gaussian noise of generated moons. Not with --data.",
            DefaultValueFactory = _ => 0.1,
        }.NonNegative();
        var log = new Option<string?>("--log")
        {
            Description = "Write step,loss,accuracy,learning_rate to this CSV, one row per step: the loss of step k's forward pass "
                + "before its update, accuracy as a fraction, numbers round-trip.",
            HelpName = "FILE.csv",
        };
        var saveData = new Option<string?>("--save-data")
        {
            Description = "Also write the data trained on to this CSV (x,y,label, round-trip numbers), the format --data reads.",
            HelpName = "FILE.csv",
        };
        var output = new Option<string>("--out")
        {
            Description = $"Folder for the pictures {DecisionBoundaryFile} and {LossFile} (created if missing).",
            DefaultValueFactory = _ => "out",
            HelpName = "DIR",
        };

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
                        result.AddError($"{shape.Name} shapes generated moons; it cannot be used with --data.");
                    }
                }
            }
        });
        command.SetAction(parse =>
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
            return Run(settings, config.Output, config.Error, interactive);
        });
        return command;
    }

    private sealed record Settings(
        Engine Engine, int Steps, int Seed, int? BatchSize, string? Data, int Samples, double Noise,
        string? Log, string? SaveData, string Out);

    private static int Run(Settings settings, TextWriter stdout, TextWriter stderr, bool interactive)
    {
        IReadOnlyList<Sample> data;
        try
        {
            data = settings.Data is { } path ? CsvData.Read(path) : Moons.Generate(settings.Samples, settings.Noise, settings.Seed);
        }
        catch (DataFormatException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: cannot read {settings.Data}: {e.Message}");
            return 1;
        }
        if (settings.BatchSize is { } size && size > data.Count)
        {
            stderr.WriteLine($"error: --batch-size {size} is more than the {data.Count} points of the data.");
            return 1;
        }

        var console = Terminal.Create(stdout, interactive);
        var source = settings.Data ?? $"{data.Count} generated moons (noise {settings.Noise.ToString(CultureInfo.InvariantCulture)}, seed {settings.Seed})";
        // Plain lines go straight to the writer: Spectre would wrap them at its 80 columns when redirected.
        stdout.WriteLine($"Training MLP(2, [16, 16, 1]) with the {settings.Engine.ToString().ToLowerInvariant()} engine on {source}.");
        var options = new TrainingOptions(settings.Engine, settings.Steps, settings.Seed, settings.BatchSize);
        var result = interactive ? TrainWithProgressBar(console, data, options) : TrainWithLines(stdout, data, options);

        var written = new List<string>();
        try
        {
            if (settings.SaveData is { } saveData)
            {
                CsvData.Write(saveData, data);
                written.Add(saveData);
            }
            if (settings.Log is { } logPath)
            {
                TrainingLog.Write(logPath, result.Log);
                written.Add(logPath);
            }
            var boundary = Path.Combine(settings.Out, DecisionBoundaryFile);
            AtomicFile.WriteAllBytes(boundary, Plots.DecisionBoundary(result.Trainer, data));
            written.Add(boundary);
            var curve = Path.Combine(settings.Out, LossFile);
            AtomicFile.WriteAllBytes(curve, Plots.LossCurve(result.Log));
            written.Add(curve);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: cannot write the results: {e.Message}");
            return 1;
        }

        console.Write(Summary(result, settings, interactive));
        foreach (var file in written)
        {
            stdout.WriteLine($"wrote {file}");
        }
        return 0;
    }

    private static TrainingResult TrainWithLines(TextWriter stdout, IReadOnlyList<Sample> data, TrainingOptions options) =>
        TrainingRun.Train(data, options, r => stdout.WriteLine(StepLine(r)));

    private static TrainingResult TrainWithProgressBar(IAnsiConsole console, IReadOnlyList<Sample> data, TrainingOptions options) =>
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("training", maxValue: options.Steps);
                return TrainingRun.Train(data, options, r =>
                {
                    task.Description = Markup.Escape(StepLine(r));
                    task.Increment(1);
                });
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
