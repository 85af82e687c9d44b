using Micrograd.Core.Data;
using Micrograd.Demo;
using ScottPlot;

namespace Micrograd.Cli.Output;

/// <summary>The pictures of a training run, drawn with ScottPlot as PNG bytes.</summary>
internal static class Plots
{
    private const int Width = 800;
    private const int Height = 600;

    // Grid spacing of the decision-boundary picture (micrograd's demo uses 0.25; finer is smoother
    // and costs one forward pass per cell, on a tape).
    private const double GridStep = 0.05;

    // The most cells along a side: data spread wide gets coarser cells instead of a grid that
    // does not fit in memory (coordinates of ±10^6 would ask for 4*10^7 cells a side).
    private const int MaxCellsPerSide = 400;

    private static readonly Color NegativeRegion = Color.FromHex("#F4A582");
    private static readonly Color PositiveRegion = Color.FromHex("#92C5DE");
    private static readonly Color NegativePoint = Color.FromHex("#B2182B");
    private static readonly Color PositivePoint = Color.FromHex("#2166AC");

    /// <summary>
    /// micrograd's demo picture: the plane coloured by the class the model gives each point
    /// (score &gt; 0 or not, on a grid one unit beyond the data), and the data on top, coloured by label.
    /// </summary>
    public static byte[] DecisionBoundary(ITrainer trainer, IReadOnlyList<Sample> data)
    {
        var xMin = data.Min(s => s.X) - 1.0;
        var xMax = data.Max(s => s.X) + 1.0;
        var yMin = data.Min(s => s.Y) - 1.0;
        var yMax = data.Max(s => s.Y) + 1.0;
        var step = Math.Max(GridStep, Math.Max(xMax - xMin, yMax - yMin) / MaxCellsPerSide);
        var columns = Math.Clamp((int)Math.Ceiling((xMax - xMin) / step), 1, MaxCellsPerSide);
        var rows = Math.Clamp((int)Math.Ceiling((yMax - yMin) / step), 1, MaxCellsPerSide);

        // Row 0 is the top of the picture, so rows go down from yMax; each cell is scored at its centre.
        var score = trainer.Scorer();
        var classes = new double[rows, columns];
        for (var r = 0; r < rows; r++)
        {
            var y = yMax - (r + 0.5) * step;
            for (var c = 0; c < columns; c++)
            {
                var x = xMin + (c + 0.5) * step;
                classes[r, c] = score(x, y) > 0 ? 1.0 : 0.0;
            }
        }

        var plot = new Plot();
        var regions = plot.Add.Heatmap(classes);
        regions.Extent = new CoordinateRect(xMin, xMin + columns * step, yMax - rows * step, yMax);
        regions.Colormap = new ScottPlot.Colormaps.Custom([NegativeRegion, PositiveRegion], smooth: false);
        regions.ManualRange = new ScottPlot.Range(0.0, 1.0);

        AddPoints(plot, data.Where(s => s.Label < 0), NegativePoint, "label -1");
        AddPoints(plot, data.Where(s => s.Label > 0), PositivePoint, "label +1");

        plot.Axes.SetLimits(xMin, xMax, yMin, yMax);
        plot.Title("Decision boundary (regions: the model's class; points: the data)");
        plot.XLabel("x");
        plot.YLabel("y");
        plot.ShowLegend(Alignment.UpperRight);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>Loss (left axis) and accuracy (right axis, in [0, 1]) against the step.</summary>
    public static byte[] LossCurve(IReadOnlyList<StepRecord> log)
    {
        var steps = log.Select(r => (double)r.Step).ToArray();
        var plot = new Plot();

        var loss = plot.Add.ScatterLine(steps, log.Select(r => r.Loss).ToArray());
        loss.LegendText = "loss";
        loss.LineWidth = 2;
        loss.Color = NegativePoint;

        var accuracy = plot.Add.ScatterLine(steps, log.Select(r => r.Accuracy).ToArray());
        accuracy.LegendText = "accuracy";
        accuracy.LineWidth = 2;
        accuracy.Color = PositivePoint;
        accuracy.Axes.YAxis = plot.Axes.Right;

        plot.Axes.SetLimitsY(0.0, 1.05, plot.Axes.Right);
        plot.Title("Training");
        plot.XLabel("step");
        plot.YLabel("loss");
        plot.Axes.Right.Label.Text = "accuracy";
        plot.ShowLegend(Alignment.MiddleRight);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    private static void AddPoints(Plot plot, IEnumerable<Sample> points, Color color, string legend)
    {
        var list = points.ToArray();
        if (list.Length == 0)
        {
            return;
        }
        var markers = plot.Add.Markers(list.Select(s => s.X).ToArray(), list.Select(s => s.Y).ToArray(), MarkerShape.FilledCircle, 8, color);
        markers.LegendText = legend;
    }
}
