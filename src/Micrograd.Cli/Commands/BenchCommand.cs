using System.CommandLine;
using System.Globalization;
using System.Runtime;
using Micrograd.Cli.Bench;
using Micrograd.Cli.Output;
using Spectre.Console;

namespace Micrograd.Cli.Commands;

/// <summary>
/// <c>micrograd bench</c>: the performance figures without BenchmarkDotNet. Times micrograd's demo
/// step on every engine (W1) and backprop over chains and sums of growing size (W2) and a random DAG
/// (W3) with a Stopwatch, median of several runs, and prints them with the ratios the project aims at.
/// </summary>
internal static class BenchCommand
{
    /// <summary>micrograd in Python, one demo step on this machine class (seconds).</summary>
    public const double PythonStepSeconds = 2.21;

    /// <summary>The command.</summary>
    public static Command Create(bool interactive)
    {
        var maxNodes = new Option<int>("--max-nodes")
        {
            Description = "The largest W2 graph: 10^4 up to this, by powers of ten (10000 to 10000000; 10^7 needs ~2 GB and about 20 s more).",
            DefaultValueFactory = _ => 1_000_000,
            HelpName = "N",
        };
        maxNodes.AcceptOnlyFromAmong("10000", "100000", "1000000", "10000000");
        var runs = new Option<int>("--runs")
        {
            Description = "Timed runs per figure; the median is printed (more runs, steadier figures on a busy machine).",
            DefaultValueFactory = _ => 7,
        }.AtLeast(1);
        var plot = new Option<string?>("--plot")
        {
            Description = "Also draw backprop's nanoseconds per node against graph size (W2) into this PNG.",
            HelpName = "FILE.png",
        };
        var command = new Command("bench",
            "Time micrograd's demo step on every engine (W1) and backprop on graphs of 10^4 to 10^6 nodes (W2, W3), "
            + "with a Stopwatch, median of several runs; prints the figures and their ratios to the project's targets.")
        {
            maxNodes, runs, plot,
        };
        command.SetAction(parse =>
        {
            var config = parse.InvocationConfiguration;
            return Run(parse.GetValue(maxNodes), parse.GetValue(runs), parse.GetValue(plot), config.Output, config.Error, interactive);
        });
        return command;
    }

    private static int Run(int maxNodes, int runs, string? plotPath, TextWriter stdout, TextWriter stderr, bool interactive)
    {
        var console = Terminal.Create(stdout, interactive);
        stdout.WriteLine(Environment());
        console.WriteLine();

        var steps = Enum.GetValues<StepEngine>().Select(e => BenchRun.DemoStep(e, runs)).ToArray();
        console.Write(StepTable(steps, runs, interactive));
        // Verdicts go to the writer as they are: a console would wrap them at 80 columns.
        foreach (var line in StepTargets(steps))
        {
            stdout.WriteLine(line);
        }
        console.WriteLine();

        var graphs = new List<GraphRow>();
        foreach (var (shape, build) in new (string, Func<int, Core.Node>)[] { ("chain", Workloads.Chain), ("sum", Workloads.LeftDeepSum) })
        {
            foreach (var size in BenchRun.Sizes(maxNodes))
            {
                graphs.Add(BenchRun.Gradients(shape, () => build(size), runs));
            }
        }
        var dag = BenchRun.Gradients("random DAG", () => Workloads.RandomDag(100_000), runs);
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
                AtomicFile.WriteAllBytes(plotPath, Plots.Scaling(graphs));
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
        $"micrograd bench: .NET {System.Environment.Version}, {System.Environment.ProcessorCount} processors, {(GCSettings.IsServerGC ? "server" : "workstation")} GC ({GCSettings.LatencyMode}), gen-0 budget {Gen0Budget()}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average {LoadAverage()}");

    // The runtime takes the gen-0 budget from the environment only; dotnet run sets it from the
    // CLI's launchSettings.json. Without it a façade or functional step takes about twice as long.
    private static string Gen0Budget() =>
        System.Environment.GetEnvironmentVariable("DOTNET_GCgen0size") is { Length: > 0 } size
            ? $"DOTNET_GCgen0size={size}"
            : "the runtime's default (set DOTNET_GCgen0size=0x8000000 for the figures of docs/performance.md)";

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
        var nodes = Core.Graph.Count(
            Demo.DemoLossGraph.Build(Core.Nn.Mlp.Create(2, Demo.DemoLoss.LayerSizes, new Core.PythonRandom(1337)), Workloads.DemoData()).Loss);
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
        yield return Target("façade step", Ms(StepEngine.Facade), 2.2, "ms");
        yield return Target("functional step", Ms(StepEngine.Functional), 2.2, "ms");
        yield return Target("tape step", Ms(StepEngine.Tape), 0.22, "ms");
        yield return Target("tape / hand-written", Ms(StepEngine.Tape) / Ms(StepEngine.HandWritten), 3.0, "×");
        yield return Target("façade / functional", Ms(StepEngine.Facade) / Ms(StepEngine.Functional), 1.5, "×");
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
        yield return Target("most bytes/node allocated building a graph", scaling.Append(dag).Max(r => r.BuildBytesPerNode), 100.0, "B");
    }

    private static string Target(string what, double value, double target, string unit) =>
        Invariant($"{(value <= target ? "met   " : "MISSED")}  {what}: {value:0.###} {unit} (target ≤ {target} {unit})");

    private static string Name(StepEngine engine) => engine switch
    {
        StepEngine.HandWritten => "hand-written (no graph)",
        _ => engine.ToString().ToLowerInvariant(),
    };

    private static Table NewTable(bool interactive, string title) =>
        new Table().Border(interactive ? TableBorder.Rounded : TableBorder.Ascii).Title(Markup.Escape(title));

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
