using ScottPlot;

namespace Micrograd.Benchmarks;

/// <summary>W2 as a picture, drawn with ScottPlot as PNG bytes.</summary>
internal static class ScalingPlot
{
    private const int Width = 800;
    private const int Height = 600;

    /// <summary>The legend's text of a line: the shape, how the graph was sorted, and how the line is drawn.</summary>
    public static string LegendText(string shape, string way, LinePattern pattern) =>
        $"{shape}, {way}: {(pattern.Equals(LinePattern.Dashed) ? "dashed" : "solid")}";

    /// <summary>
    /// Backprop's nanoseconds per node against the number of nodes (a logarithmic axis), per graph
    /// shape a solid line with the sort depth first and a dashed one with the sort replayed. Flat
    /// lines are linear scaling.
    /// </summary>
    public static byte[] Draw(IReadOnlyList<GraphRow> rows)
    {
        var plot = new Plot();
        var colors = new[] { Color.FromHex("#B2182B"), Color.FromHex("#2166AC"), Colors.DarkGreen, Colors.Gray };
        var shapes = rows.GroupBy(r => r.Shape).ToArray();
        for (var s = 0; s < shapes.Length; s++)
        {
            foreach (var (way, perNode, pattern) in new (string, Func<GraphRow, double>, LinePattern)[]
            {
                ("depth first", r => r.NanosecondsPerNode, LinePattern.Solid),
                ("replayed", r => r.ReplayedNanosecondsPerNode, LinePattern.Dashed),
            })
            {
                var line = plot.Add.ScatterLine(
                    shapes[s].Select(r => Math.Log10(r.Nodes)).ToArray(),
                    shapes[s].Select(perNode).ToArray());
                line.LegendText = LegendText(shapes[s].Key, way, pattern);
                line.LineWidth = 2;
                line.MarkerSize = 8;
                line.LinePattern = pattern;
                line.Color = colors[s % colors.Length];
            }
        }
        var decades = rows.Select(r => Math.Round(Math.Log10(r.Nodes))).Distinct().Order().ToArray();
        plot.Axes.Bottom.SetTicks(decades, decades.Select(d => $"10^{d}").ToArray());
        plot.Axes.SetLimitsY(0.0, rows.Max(r => Math.Max(r.NanosecondsPerNode, r.ReplayedNanosecondsPerNode)) * 1.2);
        plot.Title("Backprop.Gradients: time per node against graph size");
        plot.XLabel("nodes in the graph");
        plot.YLabel("ns per node (median)");
        plot.ShowLegend(Alignment.LowerRight);
        // Long enough for a dash and its gap to show, so the symbol agrees with the words beside it.
        plot.Legend.SymbolWidth = 40;
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }
}
