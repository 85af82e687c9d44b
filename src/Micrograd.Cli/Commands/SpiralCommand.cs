using System.CommandLine;
using System.Globalization;
using Micrograd.Cli.Output;
using Micrograd.Core.Data;
using Micrograd.Core.Nn;

namespace Micrograd.Cli.Commands;

/// <summary>
/// <c>micrograd spiral</c>: CS231n's three-armed spiral, one class per arm, learnt by an
/// <c>MLP(2, [16, 16, 3])</c> with softmax cross-entropy and Adam; writes the decision regions in
/// three colours and the training curves as PNG.
/// </summary>
internal static class SpiralCommand
{
    /// <summary>The decision picture written into <c>--out</c>.</summary>
    public const string DecisionRegionsFile = "decision-regions.png";

    /// <summary>The most points <c>--points</c> times <c>--classes</c> may make: every point is in every step's graph.</summary>
    public const int MaxPoints = 20_000;

    /// <summary>The most classes (arms).</summary>
    public const int MaxClasses = 10;

    // Adam's and AdamW's 0.01 learns the spiral in a few hundred steps; SGD needs a larger step.
    private static double DefaultLearningRate(string optimizer) => optimizer switch
    {
        "sgd" => 1.0,
        "momentum" => 0.1,
        _ => 0.01,
    };

    /// <summary>The command, printing a progress bar when <paramref name="interactive"/>, plain lines otherwise.</summary>
    public static Command Create(bool interactive)
    {
        var training = new TrainingOptions("adam", DefaultLearningRate, 300, MaxPoints);
        var points = new Option<int>("--points")
        {
            Description = "Points per class (per arm).",
            DefaultValueFactory = _ => 100,
        }.WholeNumber(1, MaxPoints);
        var classes = new Option<int>("--classes")
        {
            Description = "Classes, one arm each; the network's last layer has one output per class.",
            DefaultValueFactory = _ => 3,
        }.WholeNumber(2, MaxClasses);
        var noise = new Option<double>("--noise")
        {
            Description = "Standard deviation of the Gaussian noise on each point's angle (CS231n's 0.2).",
            DefaultValueFactory = _ => 0.2,
        }.FiniteNumber(0.0);

        var command = new Command("spiral",
            "Train MLP(2, [16, 16, 3]) on CS231n's three-armed spiral: softmax cross-entropy, L2 regularisation (alpha 1e-4), "
            + "Adam, 300 full-batch steps. The arms are CS231n's, the noise Python's random.gauss.");
        foreach (var option in training.Training.Concat([points, classes, noise]).Concat(training.Files).Append(training.Out))
        {
            command.Options.Add(option);
        }
        command.SetAction((parse, cancellationToken) =>
        {
            var settings = training.Read(parse);
            var (n, k, sigma) = (parse.GetValue(points), parse.GetValue(classes), parse.GetValue(noise));
            var config = parse.InvocationConfiguration;
            // On the thread pool: System.CommandLine listens for Ctrl-C only once the action has returned its task.
            return Task.Run(() => Run(settings, n, k, sigma, config.Output, config.Error, interactive, cancellationToken), CancellationToken.None);
        });
        return command;
    }

    private static int Run(
        TrainingSettings settings, int pointsPerClass, int classes, double noise, TextWriter stdout, TextWriter stderr,
        bool interactive, CancellationToken cancellationToken)
    {
        // Checked here, not in a validator: a validator would read values that failed to parse.
        if ((long)pointsPerClass * classes > MaxPoints)
        {
            return TrainingRunner.Fail(stderr, Messages.TooManySpiralPoints(pointsPerClass, classes, MaxPoints));
        }
        var data = Spiral.Generate(pointsPerClass, classes, noise, settings.Seed);
        if (settings.BatchSize is { } size && size > data.Count)
        {
            return TrainingRunner.Fail(stderr, Messages.BatchLargerThanData(size, data.Count));
        }
        int[] layers = [16, 16, classes];
        var source = string.Create(CultureInfo.InvariantCulture,
            $"a {classes}-armed spiral of {data.Count} points (noise {noise}, seed {settings.Seed})");
        var problem = new Problem(
            $"MLP(2, [16, 16, {classes}])", source, data, layers, LossKind.CrossEntropy,
            DecisionRegionsFile, model => Plots.DecisionRegions(model, data, classes), null, []);
        return TrainingRunner.Run(settings, problem, stdout, stderr, interactive, cancellationToken);
    }
}
