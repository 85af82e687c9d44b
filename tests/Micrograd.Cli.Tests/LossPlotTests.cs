using Micrograd.Cli.Output;
using ScottPlot;
using ScottPlot.Plottables;

namespace Micrograd.Cli.Tests;

/// <summary>
/// loss.png, read off the ScottPlot plot before it is rendered (and checked again after, so that
/// no autoscaling on the way changes what the picture shows).
/// </summary>
public sealed class LossPlotTests
{
    private static StepRecord Record(int step, double loss, double accuracy) => new(step, loss, accuracy, 0.1, TimeSpan.Zero);

    private static readonly StepRecord[] ThreeSteps = [Record(0, 0.9, 0.5), Record(1, 0.5, 0.75), Record(2, 0.2, 1.0)];

    private static Scatter[] Lines(Plot plot) => [.. plot.GetPlottables().OfType<Scatter>()];

    // Rendering runs the layout and the tick generators; what the picture shows is then fixed.
    private static void Render(Plot plot) => Assert.NotEmpty(plot.GetImageBytes(800, 600, ImageFormat.Png));

    [Fact]
    public void Build_LinearScale_LossAxisRunsFromZeroToAboveTheLargestLoss()
    {
        var plot = LossPlot.Build(ThreeSteps, logLoss: false);
        Render(plot);

        Assert.Equal(0.0, plot.Axes.Left.Min);
        // The largest loss 0.9, and 5 % of headroom: 0.9 * 1.05 = 0.945.
        Assert.Equal(0.945, plot.Axes.Left.Max, 12);
    }

    [Fact]
    public void Build_Accuracy_IsInPercentOnAnAxisFromZeroTo100()
    {
        var plot = LossPlot.Build(ThreeSteps, logLoss: false);
        Render(plot);

        var accuracy = Lines(plot).Single(s => s.LegendText == "accuracy (%)");
        // 0.5, 0.75, 1.0 as the console prints them: 50 %, 75 %, 100 %.
        Assert.Equal([50.0, 75.0, 100.0], accuracy.Data.GetScatterPoints().Select(p => p.Y));
        Assert.Same(plot.Axes.Right, accuracy.Axes.YAxis);
        Assert.Equal(0.0, plot.Axes.Right.Min);
        Assert.InRange(plot.Axes.Right.Max, 100.0, 110.0);
        var labels = plot.Axes.Right.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => t.Label).ToArray();
        Assert.Equal(["0 %", "20 %", "40 %", "60 %", "80 %", "100 %"], labels);
    }

    [Fact]
    public void Build_Legend_NamesBothLines()
    {
        var plot = LossPlot.Build(ThreeSteps, logLoss: false);

        Assert.Equal(["loss", "accuracy (%)"], Lines(plot).Select(s => s.LegendText));
        Assert.True(plot.Legend.IsVisible);
    }

    [Fact]
    public void Build_Axes_AreColouredAsTheirLines()
    {
        var plot = LossPlot.Build(ThreeSteps, logLoss: false);
        var lines = Lines(plot);
        var loss = lines.Single(s => s.LegendText == "loss");
        var accuracy = lines.Single(s => s.LegendText == "accuracy (%)");

        Assert.NotEqual(loss.Color, accuracy.Color);
        foreach (var (axis, line) in new[] { (plot.Axes.Left, loss), (plot.Axes.Right, accuracy) })
        {
            Assert.Equal(line.Color, axis.Label.ForeColor);
            Assert.Equal(line.Color, axis.TickLabelStyle.ForeColor);
            Assert.Equal(line.Color, axis.FrameLineStyle.Color);
        }
    }

    [Fact]
    public void Build_OneStep_IsAVisiblePointInsideAStepAxisOfOneStep()
    {
        var plot = LossPlot.Build([Record(0, 0.8, 0.5)], logLoss: false);
        Render(plot);

        // Step 0 in the middle of an axis half a step either side: from -0.5 to 0.5.
        Assert.Equal(-0.5, plot.Axes.Bottom.Min);
        Assert.Equal(0.5, plot.Axes.Bottom.Max);
        Assert.InRange(0.8, plot.Axes.Left.Min, plot.Axes.Left.Max);
        Assert.InRange(50.0, plot.Axes.Right.Min, plot.Axes.Right.Max);
        // A single point has no line to draw: it is drawn as a marker.
        Assert.All(Lines(plot), s => Assert.True(s.MarkerSize > 0, $"{s.LegendText} has no marker"));
        // Steps are whole numbers: the only tick between -0.5 and 0.5 is step 0.
        var ticks = plot.Axes.Bottom.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => t.Position).ToArray();
        Assert.Equal([0.0], ticks);
    }

    [Fact]
    public void Build_HundredSteps_DrawsLinesWithoutMarkersOverTheSteps()
    {
        var log = Enumerable.Range(0, 100).Select(k => Record(k, 1.0 / (k + 1), 0.5)).ToArray();

        var plot = LossPlot.Build(log, logLoss: false);
        Render(plot);

        Assert.All(Lines(plot), s => Assert.Equal(0f, s.MarkerSize));
        // Steps 0 to 99, with 2 % of the 99-step span either side: 1.98.
        Assert.Equal(-1.98, plot.Axes.Bottom.Min, 12);
        Assert.Equal(100.98, plot.Axes.Bottom.Max, 12);
        Assert.Equal(0.0, plot.Axes.Left.Min);
    }

    [Fact]
    public void Build_LogScale_DrawsLog10OfTheLossBetweenWholeDecades()
    {
        StepRecord[] log = [Record(0, 0.5, 0.5), Record(1, 0.05, 0.5), Record(2, 0.02, 1.0)];

        var plot = LossPlot.Build(log, logLoss: true);
        Render(plot);

        var loss = Lines(plot).Single(s => s.LegendText == "loss");
        // log10 of 0.5, 0.05 and 0.02 (python3: math.log10).
        var ys = loss.Data.GetScatterPoints().Select(p => p.Y).ToArray();
        Assert.Equal(-0.3010299956639812, ys[0], 12);
        Assert.Equal(-1.3010299956639813, ys[1], 12);
        Assert.Equal(-1.6989700043360187, ys[2], 12);
        // From the decade below the smallest (0.01, log10 -2) to the one above the largest (1, log10 0),
        // with 0.03 of a decade beyond each.
        Assert.Equal(-2.03, plot.Axes.Left.Min, 12);
        Assert.Equal(0.03, plot.Axes.Left.Max, 12);
        var labels = plot.Axes.Left.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => t.Label).ToArray();
        Assert.Equal(["0.01", "0.1", "1"], labels);
        Assert.Equal("loss (log scale)", plot.Axes.Left.Label.Text);
    }

    [Fact]
    public void Build_LogScale_LeavesOutALossOfZero()
    {
        StepRecord[] log = [Record(0, 0.5, 0.5), Record(1, 0.0, 1.0)];

        var plot = LossPlot.Build(log, logLoss: true);
        Render(plot);

        var loss = Lines(plot).Single(s => s.LegendText == "loss");
        Assert.Equal([0.0], loss.Data.GetScatterPoints().Select(p => p.X));
        Assert.True(double.IsFinite(plot.Axes.Left.Min));
    }

    [Theory]
    [InlineData("moons")]
    [InlineData("spiral")]
    public void Command_LogLoss_IsInTheHelpAndWritesTheLossPicture(string command)
    {
        using var runner = new CliRunner();
        var output = runner.PathOf("out");

        var help = CliRunner.Run(command, "--help");
        var result = CliRunner.Run(command, "--steps", "1", "--log-loss", "--out", output);

        Assert.Contains("--log-loss", help.Output);
        Assert.Equal(0, result.ExitCode);
        Assert.True(new FileInfo(Path.Combine(output, "loss.png")).Length > 0);
    }
}
