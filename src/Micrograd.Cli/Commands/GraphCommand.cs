using System.CommandLine;
using Micrograd.Cli.Graphs;
using Micrograd.Cli.Output;
using Micrograd.Core;

namespace Micrograd.Cli.Commands;

/// <summary>
/// <c>micrograd graph</c>: micrograd's <c>trace_graph</c>. Writes the expression graphs of
/// micrograd's examples as Graphviz DOT (<see cref="Value.ToDot"/>), and renders them to SVG and
/// PNG when Graphviz's <c>dot</c> is installed.
/// </summary>
internal static class GraphCommand
{
    /// <summary>The command.</summary>
    public static Command Create()
    {
        var example = new Option<string>("--example")
        {
            Description = "Which expression: relu is (x * 2 + 1).relu() with x = 1.0; neuron is the lecture's "
                + "tanh(x1*w1 + x2*w2 + b); all draws both.",
            DefaultValueFactory = _ => "all",
        }.OneOf([.. GraphExamples.Names, "all"]);
        var rankDir = new Option<string>("--rankdir")
        {
            Description = "Direction of the picture: LR (inputs left, result right) or TB (top to bottom).",
            DefaultValueFactory = _ => "LR",
        }.OneOf("LR", "TB");
        var output = new Option<string?>("--out")
        {
            Description = "Folder for NAME.dot, and NAME.svg and NAME.png when Graphviz is installed (created if missing).",
            DefaultValueFactory = _ => "out",
            HelpName = "DIR",
        }.PathTo("a folder");
        var command = new Command("graph",
            "Draw micrograd's example expressions, with data and gradients after backward(), as Graphviz DOT; "
            + "render them to SVG and PNG with Graphviz's dot when it is installed.")
        {
            example, rankDir, output,
        };
        command.SetAction(parse =>
        {
            var chosen = parse.GetValue(example)!;
            var names = chosen == "all" ? GraphExamples.Names : [chosen];
            var direction = parse.GetValue(rankDir) == "TB" ? RankDir.TopToBottom : RankDir.LeftToRight;
            var config = parse.InvocationConfiguration;
            return Run(names, direction, parse.GetValue(output)!, config.Output, config.Error);
        });
        return command;
    }

    private static int Run(IReadOnlyList<string> names, RankDir direction, string folder, TextWriter stdout, TextWriter stderr)
    {
        var dot = DotProgram.FindDot();
        var destinations = new Destinations().Folder("--out", folder);
        foreach (var name in names)
        {
            destinations.File("--out", Path.Combine(folder, name + ".dot"));
            if (dot is not null)
            {
                destinations.File("--out", Path.Combine(folder, name + ".svg")).File("--out", Path.Combine(folder, name + ".png"));
            }
        }
        if (destinations.Problem is { } problem)
        {
            stderr.WriteLine($"error: {problem}");
            return 1;
        }
        try
        {
            foreach (var name in names)
            {
                var root = GraphExamples.Build(name);
                var dotFile = Path.Combine(folder, name + ".dot");
                AtomicFile.WriteAllText(dotFile, root.ToDot(direction));
                stdout.WriteLine($"{name}: {root} -> wrote {dotFile}");
                if (dot is not null)
                {
                    foreach (var format in new[] { "svg", "png" })
                    {
                        var image = Path.Combine(folder, $"{name}.{format}");
                        DotProgram.Render(dot, dotFile, format, image);
                        stdout.WriteLine($"{name}: wrote {image}");
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            stderr.WriteLine($"error: {e.Message}");
            return 1;
        }
        if (dot is null)
        {
            var first = Path.Combine(folder, names[0]);
            stdout.WriteLine("Graphviz's dot is not installed, so only the DOT files were written. To render them, install it");
            stdout.WriteLine("(Debian/Ubuntu: apt-get install graphviz) and run, for example:");
            stdout.WriteLine($"  dot -Tsvg {first}.dot -o {first}.svg");
            stdout.WriteLine($"  dot -Tpng {first}.dot -o {first}.png");
        }
        return 0;
    }
}
