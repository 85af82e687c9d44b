using System.Globalization;
using Micrograd.Cli.Output;
using Micrograd.Core;
using Micrograd.Core.Data;
using Micrograd.Core.Nn;
using Spectre.Console;

namespace Micrograd.Cli.Commands;

/// <summary>A file a run writes besides the log, the model and the pictures (moons' <c>--save-data</c>).</summary>
internal sealed record ExtraFile(string Option, string Path, Func<byte[]> Content);

/// <summary>What a training command trains: the data, the network's shape, the loss, the pictures.</summary>
/// <param name="Title">The network, as printed ("MLP(2, [16, 16, 1])").</param>
/// <param name="Source">Where the data came from, as printed.</param>
/// <param name="Data">The examples.</param>
/// <param name="Layers">The network's layer sizes on its 2 inputs.</param>
/// <param name="Loss">The loss.</param>
/// <param name="DecisionFile">The decision picture's file name in <c>--out</c>.</param>
/// <param name="DrawDecision">Draws the trained network's decision regions with the data.</param>
/// <param name="InputFile">A file the run reads (<c>--data</c>), which no destination may overwrite.</param>
/// <param name="Extras">Files written besides the usual ones.</param>
internal sealed record Problem(
    string Title, string Source, IReadOnlyList<Example> Data, IReadOnlyList<int> Layers, LossKind Loss,
    string DecisionFile, Func<Mlp, byte[]> DrawDecision, string? InputFile, IReadOnlyList<ExtraFile> Extras);

/// <summary>
/// The run every training command shares: destinations checked before step 0, the network (new or
/// <c>--load</c>ed), training with progress and Ctrl-C, then every file written atomically, or none.
/// </summary>
internal static class TrainingRunner
{
    /// <summary>The loss picture written into <c>--out</c>.</summary>
    public const string LossFile = "loss.png";

    /// <summary>The weight of the L2 penalty: micrograd's demo's.</summary>
    public const double L2 = Core.Nn.Losses.DemoAlpha;

    public static int Run(
        TrainingSettings settings, Problem problem, TextWriter stdout, TextWriter stderr, bool interactive,
        CancellationToken cancellationToken, Action? warn = null)
    {
        var decision = Path.Combine(settings.Out, problem.DecisionFile);
        var curve = Path.Combine(settings.Out, LossFile);
        var destinations = new Destinations();
        foreach (var extra in problem.Extras)
        {
            destinations.File(extra.Option, extra.Path);
        }
        if (settings.Log is { } logTo)
        {
            destinations.File("--log", logTo);
        }
        if (settings.Save is { } saveTo)
        {
            destinations.File("--save", saveTo);
            if (settings.HasOptimizerState)
            {
                destinations.File("--save", TrainingSettings.OptimizerFileOf(saveTo));
            }
        }
        destinations.Folder("--out", settings.Out).File("--out", decision).File("--out", curve).NotOver(problem.InputFile);
        if (destinations.Problem is { } problemText)
        {
            return Fail(stderr, problemText);
        }

        // The weights are drawn even when --load replaces them, so that the minibatches are those of a run without it.
        var random = new PythonRandom(settings.Seed);
        var model = Mlp.Create(2, problem.Layers, random);
        object? optimizerState = null;
        if (settings.Load is { } loadFrom)
        {
            if (LoadModel(loadFrom, model, stderr) is not { } loaded)
            {
                return 1;
            }
            model = loaded;
            var optimizerFile = TrainingSettings.OptimizerFileOf(loadFrom);
            if (settings.HasOptimizerState && File.Exists(optimizerFile))
            {
                if (!TryLoadOptimizer(settings, optimizerFile, model.Parameters.Count, stderr, out optimizerState))
                {
                    return 1;
                }
            }
        }

        warn?.Invoke();
        var console = Terminal.Create(stdout, interactive);
        // Plain lines go straight to the writer: Spectre would wrap them at its 80 columns when redirected.
        stdout.WriteLine($"Training {problem.Title} with the {settings.EngineName} engine on {problem.Source}.");
        if (settings.Load is { } from)
        {
            stdout.WriteLine(optimizerState is null ? $"loaded {from}" : $"loaded {from} and {TrainingSettings.OptimizerFileOf(from)}");
        }
        var options = settings.ToTrainerOptions(problem.Loss, L2, optimizerState);
        var diverged = false;
        void Watch(StepRecord r)
        {
            if (!diverged && !double.IsFinite(r.Loss))
            {
                diverged = true;
                stderr.WriteLine($"warning: {Messages.LossNotFinite(r.Step, r.Loss)}");
            }
        }
        var trainer = new Trainer(model, options);
        var result = interactive
            ? TrainWithProgressBar(console, trainer, problem.Data, random, settings.Steps, Watch, cancellationToken)
            : trainer.Run(problem.Data, random, new Lines(r =>
            {
                stdout.WriteLine(StepLine(r));
                Watch(r);
            }), cancellationToken);

        if (result.Interrupted)
        {
            // Only the log: it is whole (one row per finished step); the pictures and the model would be half-trained.
            stderr.WriteLine(Messages.Interrupted(result.Log.Count));
            if (settings.Log is { } partial && Write(stderr, [(partial, () => Encode(TrainingLog.Format(result.Log)))]) is { } written)
            {
                Report(stdout, written);
            }
            return Cli.InterruptedExitCode;
        }

        // Everything is drawn and encoded before anything is written, so a failure there writes nothing.
        var files = new List<(string Path, Func<byte[]> Content)>();
        try
        {
            foreach (var extra in problem.Extras)
            {
                var bytes = extra.Content();
                files.Add((extra.Path, () => bytes));
            }
            if (settings.Log is { } logPath)
            {
                var text = Encode(TrainingLog.Format(result.Log));
                files.Add((logPath, () => text));
            }
            var picture = problem.DrawDecision(result.Model);
            var losses = LossPlot.Draw(result.Log, settings.LogLoss);
            files.Add((decision, () => picture));
            files.Add((curve, () => losses));
            if (settings.Save is { } savePath)
            {
                var json = Encode(result.Model.ToJson());
                files.Add((savePath, () => json));
            }
        }
        catch (InvalidOperationException e)
        {
            return Fail(stderr, Messages.CannotSave(settings.Save ?? "", e.Message));
        }
        if (Write(stderr, files) is not { } done)
        {
            return 1;
        }
        if (settings.Save is { } saved && settings.HasOptimizerState)
        {
            var optimizerFile = TrainingSettings.OptimizerFileOf(saved);
            try
            {
                SaveOptimizer(settings, options, optimizerFile, result.OptimizerState);
                done.Add(optimizerFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                return Fail(stderr, Messages.CannotSave(optimizerFile, e.Message));
            }
        }
        console.Write(Summary(result, settings, interactive));
        Report(stdout, done);
        return 0;
    }

    private static Mlp? LoadModel(string path, Mlp shape, TextWriter stderr)
    {
        if (Directory.Exists(path))
        {
            Fail(stderr, Messages.LoadIsAFolder(path));
            return null;
        }
        if (!File.Exists(path))
        {
            Fail(stderr, Messages.LoadMissing(path));
            return null;
        }
        Mlp loaded;
        try
        {
            loaded = Mlp.Load(path);
        }
        catch (InvalidDataException e)
        {
            Fail(stderr, Messages.CannotLoad(e.Message));
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Fail(stderr, Messages.LoadUnreadable(path, Messages.Reason(e)));
            return null;
        }
        var want = Describe(shape);
        if (Describe(loaded) != want)
        {
            Fail(stderr, Messages.WrongNetwork(path, Describe(loaded), want));
            return null;
        }
        return loaded;
    }

    // The network's layer sizes on its inputs, as in MLP(2, [16, 16, 1]).
    private static string Describe(Mlp m) => $"MLP({m.Nin}, [{string.Join(", ", m.Layers.Select(l => l.Nout))}])";

    private static bool TryLoadOptimizer(TrainingSettings settings, string path, int count, TextWriter stderr, out object? state)
    {
        state = null;
        try
        {
            state = settings.Optimizer switch
            {
                "adam" => OptimizerFile.LoadAdam(count, path).State,
                "adamw" => OptimizerFile.LoadAdamW(count, path).State,
                _ => OptimizerFile.LoadSgd(count, path).State,
            };
            return true;
        }
        catch (InvalidDataException e)
        {
            Fail(stderr, Messages.CannotLoad(e.Message));
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Fail(stderr, Messages.LoadUnreadable(path, Messages.Reason(e)));
            return false;
        }
    }

    private static void SaveOptimizer(TrainingSettings settings, TrainerOptions options, string path, object state)
    {
        switch (state)
        {
            case SgdState sgd:
                OptimizerFile.SaveSgd(path, settings.LearningRate, options.Sgd, sgd);
                break;
            case AdamState adam when settings.Optimizer == "adamw":
                OptimizerFile.SaveAdamW(path, settings.LearningRate, AdamOptions.AdamWDefaults, adam);
                break;
            case AdamState adam:
                OptimizerFile.SaveAdam(path, settings.LearningRate, AdamOptions.Defaults, adam);
                break;
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

    /// <summary>UTF-8 without a byte-order mark.</summary>
    public static byte[] Encode(string text) => new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text);

    /// <summary>Prints <c>error: message</c> and returns the exit code 1.</summary>
    public static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine($"error: {message}");
        return 1;
    }

    private static TrainingResult TrainWithProgressBar(
        IAnsiConsole console, Trainer trainer, IReadOnlyList<Example> data, PythonRandom random, int steps,
        Action<StepRecord> watch, CancellationToken cancellationToken) =>
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("training", maxValue: steps);
                return trainer.Run(data, random, new Lines(r =>
                {
                    task.Description = Markup.Escape(StepLine(r));
                    task.Increment(1);
                    watch(r);
                }), cancellationToken);
            });

    // micrograd's demo prints "step 0 loss 0.8958..., accuracy 50.0%"; the loss here is round-trip.
    private static string StepLine(StepRecord r) =>
        string.Create(CultureInfo.InvariantCulture, $"step {r.Step} loss {r.Loss:R}, accuracy {r.Accuracy * 100:0.0##}%");

    private static Table Summary(TrainingResult result, TrainingSettings settings, bool interactive)
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
        table.AddRow("optimizer", Invariant($"{settings.Optimizer}, lr {settings.LearningRate:R}, {settings.Schedule}"));
        table.AddRow("parameters", Invariant($"{result.Model.Parameters.Count}"));
        table.AddRow("engine", settings.EngineName);
        table.AddRow("time per step", Invariant($"{perStep:0.0} ms"));
        return table;
    }

    // Reports on the training thread, as it happens (Progress<T> would post to a thread-pool thread).
    private sealed class Lines(Action<StepRecord> report) : IProgress<StepRecord>
    {
        public void Report(StepRecord value) => report(value);
    }
}
