using System.CommandLine;
using Micrograd.Cli.Graphs;
using Micrograd.Cli.Output;
using Micrograd.Core;

namespace Micrograd.Cli.Commands;

/// <summary>
/// <c>micrograd graph</c>: micrograd's <c>trace_graph</c>. Writes the expression graphs of
/// micrograd's examples as Graphviz DOT (<see cref="Value.ToDot"/>), and renders them to SVG and
/// PNG when Graphviz's <c>dot</c> is installed; with <c>--gradient LEAF</c>, also the derivative
/// of each example's result with respect to that leaf, as a graph of its own (gradients as nodes).
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
        var gradient = new Option<string?>("--gradient")
        {
            Description = "Also draw d(result)/d(LEAF) as a graph of its own, gradients as nodes (Backprop.GradientNodes): "
                + "the expression's values, the local derivatives backprop's rules add and the products that chain them, "
                + "to NAME-gradient-LEAF.dot (and .svg, .png). LEAF is a leaf of the example: "
                + string.Join("; ", GraphExamples.Names.Select(n => $"{n}: {Messages.OneOf([.. GradientGraph.Leaves(GraphExamples.Build(n)).Select(l => l.Label)])}"))
                + ".",
            HelpName = "LEAF",
        }.Named("a leaf's label");
        var command = new Command("graph",
            "Draw micrograd's example expressions, with data and gradients after backward(), as Graphviz DOT; "
            + "render them to SVG and PNG with Graphviz's dot when it is installed. --gradient draws a derivative's graph too.")
        {
            example, rankDir, gradient, output,
        };
        command.SetAction(parse =>
        {
            var chosen = parse.GetValue(example)!;
            var names = chosen == "all" ? GraphExamples.Names : [chosen];
            var direction = parse.GetValue(rankDir) == "TB" ? RankDir.TopToBottom : RankDir.LeftToRight;
            var config = parse.InvocationConfiguration;
            return Run(names, direction, parse.GetValue(gradient), parse.GetValue(output)!, config.Output, config.Error);
        });
        return command;
    }

    /// <summary>The file name of a gradient graph, without its extension: <c>relu-gradient-x</c>.</summary>
    public static string GradientFileOf(string example, string leaf) => $"{example}-gradient-{leaf}";

    // One picture to draw: its file name without extension, and its DOT text with what to print.
    private sealed record Picture(string Name, Func<(string Dot, string Says)> Draw);

    private static int Run(
        IReadOnlyList<string> names, RankDir direction, string? leaf, string folder, TextWriter stdout, TextWriter stderr)
    {
        var pictures = new List<Picture>();
        foreach (var name in names)
        {
            var root = GraphExamples.Build(name);
            pictures.Add(new Picture(name, () => (root.ToDot(direction), root.ToString())));
            if (leaf is null)
            {
                continue;
            }
            // Every example is checked before anything is written: --gradient names a leaf of each.
            if (GradientGraph.Leaf(root, leaf) is not { } wrt)
            {
                var leaves = GradientGraph.Leaves(root).Select(n => n.Label).ToArray();
                stderr.WriteLine($"error: {Messages.NotALeaf("--gradient", name, leaf, leaves)}");
                return 1;
            }
            pictures.Add(new Picture(GradientFileOf(name, leaf), () =>
            {
                var derivative = GradientGraph.Of(root, wrt);
                var says = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"{GradientGraph.Name(root, wrt)} = {derivative.Data:R}, a graph of {Graph.Count(derivative)} nodes");
                return (GradientGraph.ToDot(derivative, GradientGraph.Name(root, wrt), direction), says);
            }));
        }

        var dot = DotProgram.FindDot();
        var destinations = new Destinations().Folder("--out", folder);
        foreach (var picture in pictures)
        {
            destinations.File("--out", Path.Combine(folder, picture.Name + ".dot"));
            if (dot is not null)
            {
                destinations.File("--out", Path.Combine(folder, picture.Name + ".svg")).File("--out", Path.Combine(folder, picture.Name + ".png"));
            }
        }
        if (destinations.Problem is { } problem)
        {
            stderr.WriteLine($"error: {problem}");
            return 1;
        }
        try
        {
            foreach (var picture in pictures)
            {
                var (text, says) = picture.Draw();
                var dotFile = Path.Combine(folder, picture.Name + ".dot");
                AtomicFile.WriteAllText(dotFile, text);
                stdout.WriteLine($"{picture.Name}: {says} -> wrote {dotFile}");
                if (dot is not null)
                {
                    foreach (var format in new[] { "svg", "png" })
                    {
                        var image = Path.Combine(folder, $"{picture.Name}.{format}");
                        DotProgram.Render(dot, dotFile, format, image);
                        stdout.WriteLine($"{picture.Name}: wrote {image}");
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
