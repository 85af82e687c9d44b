using System.Globalization;
using System.Runtime;
using Micrograd.Core;
using Spectre.Console;

namespace Micrograd.Benchmarks;

/// <summary>
/// The Stopwatch mode, <c>stopwatch [--max-nodes N] [--runs N] [--plot FILE.png]</c>: the
/// performance figures without BenchmarkDotNet. Times micrograd's demo step on every engine (W1)
/// and backprop over chains and sums of growing size (W2) and a random DAG (W3) with a Stopwatch,
/// median of several runs, and prints them with the ratios the project aims at.
/// </summary>
public static class StopwatchBench
{
    /// <summary>micrograd in Python, one demo step on this machine class (seconds).</summary>
    public const double PythonStepSeconds = 2.21;

    /// <summary>What <c>--help</c> prints, and an argument error after its message.</summary>
    public const string Usage =
        """
        usage: stopwatch [--max-nodes N] [--runs N] [--plot FILE.png]
          --max-nodes N    the largest W2 graph: 10^4 up to N by powers of ten; 10000, 100000, 1000000
                           (the default) or 10000000 (10^7 needs ~2 GB and about 20 s more)
          --runs N         timed runs per figure, at least 1 (default 7); the median is printed
          --plot FILE.png  also draw backprop's nanoseconds per node against graph size (W2)
        """;

    private static readonly int[] MaxNodesChoices = [10_000, 100_000, 1_000_000, 10_000_000];

    private sealed record Options(int MaxNodes, int Runs, string? Plot);

    /// <summary>Parses <paramref name="args"/> (what follows <c>stopwatch</c>) and runs the bench.</summary>
    /// <param name="args">The options.</param>
    /// <param name="stdout">Where the tables and verdicts go.</param>
    /// <param name="stderr">Where errors go.</param>
    /// <param name="interactive">Whether <paramref name="stdout"/> is a terminal (rounded tables, colours).</param>
    /// <returns>0 on success, 1 when the plot cannot be written, 2 for bad arguments.</returns>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, bool interactive = false)
    {
        if (args.Any(a => a is "-h" or "--help"))
        {
            stdout.Write(Usage);
            return 0;
        }
        var (options, problem) = Parse(args);
        if (options is null)
        {
            stderr.WriteLine($"error: {problem}");
            stderr.Write(Usage);
            return 2;
        }
        return Bench(options, stdout, stderr, interactive);
    }

    private static (Options? Options, string? Problem) Parse(IReadOnlyList<string> args)
    {
        var options = new Options(MaxNodes: 1_000_000, Runs: 7, Plot: null);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is not ("--max-nodes" or "--runs" or "--plot"))
            {
                return (null, $"unknown argument '{name}'");
            }
            if (i + 1 == args.Count)
            {
                return (null, $"{name} needs a value");
            }
            var value = args[++i];
            var number = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (int?)null;
            switch (name)
            {
                case "--max-nodes" when number is { } max && MaxNodesChoices.Contains(max):
                    options = options with { MaxNodes = max };
                    break;
                case "--max-nodes":
                    return (null, $"--max-nodes must be one of {string.Join(", ", MaxNodesChoices)}; got '{value}'");
                case "--runs" when number >= 1:
                    options = options with { Runs = number.Value };
                    break;
                case "--runs":
                    return (null, $"--runs must be a whole number, at least 1; got '{value}'");
                default:
                    options = options with { Plot = value };
                    break;
            }
        }
        return (options, null);
    }

    private static int Bench(Options options, TextWriter stdout, TextWriter stderr, bool interactive)
    {
        var (maxNodes, runs, plotPath) = (options.MaxNodes, options.Runs, options.Plot);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
        });
        stdout.WriteLine(Environment());
        console.WriteLine();

        // Anomaly detection is timed after the interleaved rounds, not among them: the weak tables
        // its checks fill (a core node per value) slow every collection while they last.
        var steps = StopwatchRun.DemoSteps([.. Enum.GetValues<StepEngine>().Where(e => e != StepEngine.UserLoopDetecting)], runs);
        console.Write(StepTable(steps, runs, interactive));
        // Verdicts go to the writer as they are: a console would wrap them at 80 columns.
        foreach (var line in StepTargets(steps))
        {
            stdout.WriteLine(line);
        }
        var detecting = StopwatchRun.DemoStep(StepEngine.UserLoopDetecting, runs).Step;
        var user = steps.Single(r => r.Engine == StepEngine.UserLoop).Step;
        stdout.WriteLine(Invariant(
            $"W1-user inside Anomaly.Detect(), timed after the table: {detecting.Milliseconds:0.000} ms/step, {detecting.Bytes:N0} bytes/step ({detecting.Nanoseconds / user.Nanoseconds:0.0}× W1-user)"));
        console.WriteLine();

        var graphs = new List<GraphRow>();
        foreach (var (shape, build) in new (string, Func<int, Node>)[] { ("chain", Workloads.Chain), ("sum", Workloads.LeftDeepSum) })
        {
            foreach (var size in StopwatchRun.Sizes(maxNodes))
            {
                graphs.Add(StopwatchRun.Gradients(shape, () => build(size), runs));
            }
        }
        var dag = StopwatchRun.Gradients("random DAG", () => Workloads.RandomDag(100_000), runs);
        console.Write(GraphTable([.. graphs, dag], runs, interactive));
        foreach (var line in GraphTargets(graphs, dag))
        {
            stdout.WriteLine(line);
        }
        stdout.WriteLine($"load average after: {LoadAverage()}");

        if (plotPath is not null)
        {
            try
            {
                File.WriteAllBytes(plotPath, ScalingPlot.Draw(graphs));
                console.WriteLine($"wrote {plotPath}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"error: cannot write {plotPath}: {e.Message}");
                return 1;
            }
        }
        return 0;
    }

    private static string Environment() => Invariant(
        $"stopwatch: .NET {System.Environment.Version}, {System.Environment.ProcessorCount} processors, {(GCSettings.IsServerGC ? "server" : "workstation")} GC ({GCSettings.LatencyMode}), gen-0 budget {Gen0Budget()}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average {LoadAverage()}");

    // The runtime takes a gen-0 budget from the environment only; the figures of docs/performance.md
    // are taken without one, as a user's program runs.
    private static string Gen0Budget() =>
        System.Environment.GetEnvironmentVariable("DOTNET_GCgen0size") is { Length: > 0 } size
            ? $"DOTNET_GCgen0size={size} (not the runtime's default: figures not comparable with docs/performance.md)"
            : "the runtime's default";

    // The 1, 5 and 15-minute load averages on Linux; figures taken under load are slower.
    private static string LoadAverage()
    {
        try
        {
            var fields = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"{fields[0]} {fields[1]} {fields[2]}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "unknown";
        }
    }

    private static Table StepTable(IReadOnlyList<StepRow> rows, int runs, bool interactive)
    {
        var baseline = rows.Single(r => r.Engine == StepEngine.HandWritten).Step.Nanoseconds;
        var nodes = Graph.Count(Workloads.DemoStepLoss());
        var table = NewTable(interactive, Invariant($"W1: micrograd's demo step (MLP(2, [16, 16, 1]), 100 points, {nodes:N0} nodes), median of {runs} runs"))
            .AddColumn("engine")
            .AddColumn(new TableColumn("ms/step").RightAligned())
            .AddColumn(new TableColumn("bytes/step").RightAligned())
            .AddColumn(new TableColumn("× faster than Python").RightAligned())
            .AddColumn(new TableColumn("× hand-written").RightAligned());
        foreach (var r in rows)
        {
            table.AddRow(
                Name(r.Engine),
                Invariant($"{r.Step.Milliseconds:0.000}"),
                Invariant($"{r.Step.Bytes:N0}"),
                Invariant($"{PythonStepSeconds * 1e9 / r.Step.Nanoseconds:N0}"),
                Invariant($"{r.Step.Nanoseconds / baseline:0.0}"));
        }
        return table;
    }

    private static IEnumerable<string> StepTargets(IReadOnlyList<StepRow> rows)
    {
        double Ms(StepEngine e) => rows.Single(r => r.Engine == e).Step.Milliseconds;
        var nodes = Graph.Count(Workloads.DemoStepLoss());
        yield return Target("W1-user: the README loop, façade", Ms(StepEngine.UserLoop), 1.0, "ms");
        yield return Target("W1-user against Python", Ms(StepEngine.UserLoop), PythonStepSeconds * 1e3 / 1500, "ms (1,500× Python)");
        yield return Target("W1-user / hand-written", Ms(StepEngine.UserLoop) / Ms(StepEngine.HandWritten), 15.0, "×");
        yield return Target("W1-user bytes per node of micrograd's graph (its neurons' sums are one value each)", rows.Single(r => r.Engine == StepEngine.UserLoop).Step.Bytes / nodes, 48.0, "B");
        yield return Target("façade step (Micrograd.Demo's FacadeTrainer)", Ms(StepEngine.Facade), 1.0, "ms");
        yield return Target("functional step", Ms(StepEngine.Functional), 0.8, "ms");
        yield return Target("tape / hand-written", Ms(StepEngine.Tape) / Ms(StepEngine.HandWritten), 1.1, "×");
        yield return Target("tape bytes/step", rows.Single(r => r.Engine == StepEngine.Tape).Step.Bytes, 0.0, "B");
    }

    private static Table GraphTable(IReadOnlyList<GraphRow> rows, int runs, bool interactive)
    {
        var table = NewTable(interactive, Invariant($"W2, W3: Backprop.Gradients on a graph built beforehand, the sort depth first, and replaying the previous call's shape; median of {runs} runs"))
            .AddColumn("graph")
            .AddColumn(new TableColumn("nodes").RightAligned())
            .AddColumn(new TableColumn("ms").RightAligned())
            .AddColumn(new TableColumn("ns/node").RightAligned())
            .AddColumn(new TableColumn("replayed ns/node").RightAligned())
            .AddColumn(new TableColumn("bytes/node").RightAligned())
            .AddColumn(new TableColumn("build bytes/node").RightAligned());
        foreach (var r in rows)
        {
            table.AddRow(
                r.Shape,
                Invariant($"{r.Nodes:N0}"),
                Invariant($"{r.DepthFirst.Milliseconds:0.000}"),
                Invariant($"{r.NanosecondsPerNode:0.0}"),
                Invariant($"{r.ReplayedNanosecondsPerNode:0.0}"),
                Invariant($"{r.BytesPerNode:0.0}"),
                Invariant($"{r.BuildBytesPerNode:0.0}"));
        }
        return table;
    }

    private static IEnumerable<string> GraphTargets(IReadOnlyList<GraphRow> scaling, GraphRow dag)
    {
        foreach (var shape in scaling.GroupBy(r => r.Shape))
        {
            foreach (var (way, perNode) in new[]
            {
                ("depth first", shape.Select(r => r.NanosecondsPerNode).ToArray()),
                ("replayed", shape.Select(r => r.ReplayedNanosecondsPerNode).ToArray()),
            })
            {
                yield return Target(
                    Invariant($"{shape.Key}, {way}: slowest / fastest ns/node, {shape.First().Nodes:N0} to {shape.Last().Nodes:N0} nodes"),
                    perNode.Max() / perNode.Min(), 1.5, "×");
            }
        }
        yield return Target("most bytes/node allocated by backprop", scaling.Append(dag).Max(r => r.BytesPerNode), 100.0, "B");
        yield return Target("most bytes/node allocated building a graph of core nodes", scaling.Append(dag).Max(r => r.BuildBytesPerNode), 48.0, "B");
    }

    private static string Target(string what, double value, double target, string unit) =>
        Invariant($"{(value <= target ? "met   " : "MISSED")}  {what}: {value:0.###} {unit} (target ≤ {target} {unit})");

    private static string Name(StepEngine engine) => engine switch
    {
        StepEngine.HandWritten => "hand-written (no graph)",
        StepEngine.UserLoop => "façade, README's loop (W1-user)",
        StepEngine.UserLoopDetecting => "W1-user inside Anomaly.Detect()",
        _ => engine.ToString().ToLowerInvariant(),
    };

    private static Table NewTable(bool interactive, string title) =>
        new Table().Border(interactive ? TableBorder.Rounded : TableBorder.Ascii).Title(Markup.Escape(title));

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
