using System.CommandLine;
using System.Globalization;
using Micrograd.Cli.Output;
using Micrograd.Core.Data;
using Micrograd.Core.Nn;

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
    public const string LossFile = TrainingRunner.LossFile;

    /// <summary>micrograd's network on 2 inputs: two hidden layers of 16 ReLU neurons, one linear output.</summary>
    public static readonly IReadOnlyList<int> Layers = [16, 16, 1];

    // The base learning rate of each optimizer: 1.0 is micrograd's (its schedule is 1.0 - 0.9*k/steps).
    private static double DefaultLearningRate(string optimizer) => optimizer switch
    {
        "sgd" => 1.0,
        "momentum" => 0.1,
        _ => 0.01,
    };

    /// <summary>The command, printing a progress bar when <paramref name="interactive"/>, plain lines otherwise.</summary>
    public static Command Create(bool interactive)
    {
        var training = new TrainingOptions("sgd", DefaultLearningRate, 100, MaxPointsPerStep);
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
        var saveData = new Option<string?>("--save-data")
        {
            Description = "Also write the data trained on to this CSV (x,y,label, round-trip numbers), the format --data reads.",
            HelpName = "FILE.csv",
        }.PathTo("a file name");
        var command = new Command("moons",
            "Train micrograd's demo network, MLP(2, [16, 16, 1]), on two moons, exactly as micrograd's demo does: "
            + "max-margin loss, L2 regularisation (alpha 1e-4), 100 steps of full-batch gradient descent.");
        foreach (var option in training.Training.Concat([data, samples, noise]).Concat(training.Files).Concat([saveData, training.Out]))
        {
            command.Options.Add(option);
        }
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
                training.Read(parse),
                parse.GetValue(data),
                parse.GetValue(samples),
                parse.GetValue(noise),
                parse.GetValue(saveData));
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

    private sealed record Settings(TrainingSettings Training, string? Data, int Samples, double Noise, string? SaveData);

    private static int Run(Settings settings, TextWriter stdout, TextWriter stderr, bool interactive, CancellationToken cancellationToken)
    {
        if (Load(settings, stderr) is not { } data)
        {
            return 1;
        }
        var points = settings.Training.BatchSize ?? data.Count;
        if (points > data.Count)
        {
            return TrainingRunner.Fail(stderr, Messages.BatchLargerThanData(points, data.Count));
        }
        if (points > MaxPointsPerStep)
        {
            return TrainingRunner.Fail(stderr, Messages.TooManyPointsPerStep(data.Count, MaxPointsPerStep));
        }
        var extras = new List<ExtraFile>();
        if (settings.SaveData is { } saveData)
        {
            extras.Add(new ExtraFile("--save-data", saveData, () => TrainingRunner.Encode(Csv.Format(data))));
        }
        var source = settings.Data ?? $"{data.Count} generated moons (noise {settings.Noise.ToString(CultureInfo.InvariantCulture)}, seed {settings.Training.Seed})";
        var problem = new Problem(
            "MLP(2, [16, 16, 1])", source, data.Select(Example.OfSample).ToArray(), Layers, LossKind.MaxMargin,
            DecisionBoundaryFile, model => Plots.DecisionBoundary(model, data), settings.Data, extras);
        return TrainingRunner.Run(settings.Training, problem, stdout, stderr, interactive, cancellationToken, () =>
        {
            foreach (var warning in Warnings(data))
            {
                stderr.WriteLine($"warning: {warning}");
            }
        });
    }

    private static IReadOnlyList<Sample>? Load(Settings settings, TextWriter stderr)
    {
        IReadOnlyList<Sample> data;
        if (settings.Data is not { } path)
        {
            data = Moons.Generate(settings.Samples, settings.Noise, settings.Training.Seed);
        }
        else if (Directory.Exists(path))
        {
            TrainingRunner.Fail(stderr, Messages.DataIsAFolder(path));
            return null;
        }
        else if (!File.Exists(path))
        {
            TrainingRunner.Fail(stderr, Messages.DataMissing(path));
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
                TrainingRunner.Fail(stderr, e.Message);
                return null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                TrainingRunner.Fail(stderr, Messages.CannotRead(path, Messages.Reason(e)));
                return null;
            }
        }
        if (data.Any(s => Math.Abs(s.X) > MaxCoordinate || Math.Abs(s.Y) > MaxCoordinate))
        {
            TrainingRunner.Fail(stderr, Messages.CoordinatesTooLarge(settings.Data ?? "the generated data", MaxCoordinate));
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
}
