using System.Globalization;
using ScottPlot;

namespace Micrograd.Cli.Output;

/// <summary>
/// The training curves: the loss on the left axis, from 0 (or on a log scale), and the accuracy on
/// the right, in percent as the console prints it, each axis in the colour of its line.
/// </summary>
internal static class LossPlot
{
    private const int Width = 800;
    private const int Height = 600;

    /// <summary>The loss line's colour, and its axis's.</summary>
    public static readonly Color LossColor = Color.FromHex("#B2182B");

    /// <summary>The accuracy line's colour, and its axis's.</summary>
    public static readonly Color AccuracyColor = Color.FromHex("#2166AC");

    /// <summary>The legend's text of the loss line.</summary>
    public const string LossLegend = "loss";

    /// <summary>The legend's text of the accuracy line.</summary>
    public const string AccuracyLegend = "accuracy (%)";

    // The top of the accuracy axis, a little above 100 % so that a run at 100 % is a line below
    // the frame, not on it; its ticks stop at 100 %.
    private const double AccuracyTop = 105.0;

    // Up to this many steps each step is marked, so that a run of one step is a point, not nothing.
    private const int MarkedSteps = 20;

    /// <summary>The curves as a PNG.</summary>
    public static byte[] Draw(IReadOnlyList<StepRecord> log, bool logLoss) =>
        Build(log, logLoss).GetImageBytes(Width, Height, ImageFormat.Png);

    /// <summary>
    /// The curves as a ScottPlot <see cref="Plot"/>, every axis's limits set (nothing is left to
    /// the autoscaler), so that what will be drawn can be read before it is.
    /// </summary>
    /// <param name="log">One record per step, at least one.</param>
    /// <param name="logLoss">The loss on a logarithmic axis (ticks at powers of ten) instead of one from 0.</param>
    public static Plot Build(IReadOnlyList<StepRecord> log, bool logLoss)
    {
        var plot = new Plot();
        var marker = log.Count <= MarkedSteps ? 7f : 0f;

        // A log axis cannot show a loss of 0 (or one that diverged): those steps are left out of it.
        var lossPoints = log.Where(r => !logLoss || (r.Loss > 0.0 && double.IsFinite(r.Loss))).ToArray();
        var loss = plot.Add.Scatter(
            lossPoints.Select(r => (double)r.Step).ToArray(),
            lossPoints.Select(r => logLoss ? Math.Log10(r.Loss) : r.Loss).ToArray());
        loss.LegendText = LossLegend;
        loss.LineWidth = 2;
        loss.MarkerSize = marker;
        loss.Color = LossColor;

        var accuracy = plot.Add.Scatter(
            log.Select(r => (double)r.Step).ToArray(),
            log.Select(r => r.Accuracy * 100.0).ToArray());
        accuracy.LegendText = AccuracyLegend;
        accuracy.LineWidth = 2;
        accuracy.MarkerSize = marker;
        accuracy.Color = AccuracyColor;
        accuracy.Axes.YAxis = plot.Axes.Right;

        var (first, last) = (log[0].Step, log[^1].Step);
        // Half a step either side at least: one step is a point in the middle, not on the frame.
        var pad = Math.Max(0.5, (last - first) * 0.02);
        plot.Axes.SetLimitsX(first - pad, last + pad);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };

        if (logLoss)
        {
            LogAxis(plot, lossPoints.Select(r => r.Loss).ToArray());
        }
        else
        {
            var finite = log.Select(r => r.Loss).Where(double.IsFinite).ToArray();
            var top = finite.Length > 0 ? finite.Max() : 0.0;
            plot.Axes.SetLimitsY(0.0, top > 0.0 ? top * 1.05 : 1.0, plot.Axes.Left);
        }

        plot.Axes.SetLimitsY(0.0, AccuracyTop, plot.Axes.Right);
        var percent = new ScottPlot.TickGenerators.NumericManual();
        for (var p = 0; p <= 100; p += 20)
        {
            percent.AddMajor(p, string.Create(CultureInfo.InvariantCulture, $"{p} %"));
        }
        plot.Axes.Right.TickGenerator = percent;

        plot.Title("Training");
        plot.XLabel("step");
        plot.YLabel(logLoss ? "loss (log scale)" : "loss");
        plot.Axes.Right.Label.Text = "accuracy";
        Colour(plot.Axes.Left, LossColor);
        Colour(plot.Axes.Right, AccuracyColor);
        plot.ShowLegend(Alignment.MiddleRight);
        return plot;
    }

    // The axis's line, ticks, numbers and label all in its line's colour, which says which axis is whose.
    private static void Colour(IAxis axis, Color color)
    {
        axis.FrameLineStyle.Color = color;
        axis.MajorTickStyle.Color = color;
        axis.MinorTickStyle.Color = color;
        axis.TickLabelStyle.ForeColor = color;
        axis.Label.ForeColor = color;
    }

    // The loss axis in decades: the line is log10 of the loss, a major tick at each power of ten
    // (labelled with the loss, 0.01 not -2) and minor ticks at its multiples 2 to 9.
    private static void LogAxis(Plot plot, double[] losses)
    {
        var (low, high) = losses.Length > 0 ? (Math.Log10(losses.Min()), Math.Log10(losses.Max())) : (-1.0, 0.0);
        var bottom = (int)Math.Floor(low);
        var top = Math.Max((int)Math.Ceiling(high), bottom + 1);
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (var decade = bottom; decade <= top; decade++)
        {
            ticks.AddMajor(decade, Math.Pow(10.0, decade).ToString("G3", CultureInfo.InvariantCulture));
            for (var k = 2; k <= 9 && decade < top; k++)
            {
                ticks.AddMinor(decade + Math.Log10(k));
            }
        }
        plot.Axes.Left.TickGenerator = ticks;
        // A little beyond the outer decades, so that their ticks are drawn inside the frame.
        plot.Axes.SetLimitsY(bottom - 0.03, top + 0.03, plot.Axes.Left);
    }
}
