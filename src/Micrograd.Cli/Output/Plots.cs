using Micrograd.Core;
using Micrograd.Core.Data;
using Micrograd.Core.Nn;
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

    // Three classes' regions and points (the spiral's); two classes use the first two.
    private static readonly Color[] Regions = [NegativeRegion, PositiveRegion, Color.FromHex("#B8E186")];
    private static readonly Color[] Points = [NegativePoint, PositivePoint, Color.FromHex("#4D9221")];

    /// <summary>
    /// micrograd's demo picture: the plane coloured by the class the model gives each point
    /// (score &gt; 0 or not, on a grid one unit beyond the data), and the data on top, coloured by label.
    /// </summary>
    public static byte[] DecisionBoundary(Mlp model, IReadOnlyList<Sample> data)
    {
        var scorer = new Scorer(model);
        var plot = Regioned(data.Select(s => (s.X, s.Y)).ToArray(), 2, (x, y) => scorer.Class(x, y));
        AddPoints(plot, data.Where(s => s.Label < 0).Select(s => (s.X, s.Y)), NegativePoint, "label -1");
        AddPoints(plot, data.Where(s => s.Label > 0).Select(s => (s.X, s.Y)), PositivePoint, "label +1");
        plot.Title("Decision boundary (regions: the model's class; points: the data)");
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>
    /// The spiral's picture: the plane coloured by the class the model predicts at each point (its
    /// largest output), one colour per class, and the data on top, coloured by class.
    /// </summary>
    public static byte[] DecisionRegions(Mlp model, IReadOnlyList<Example> data, int classes)
    {
        var scorer = new Scorer(model);
        var plot = Regioned(data.Select(e => (e.Feature(0), e.Feature(1))).ToArray(), classes, (x, y) => scorer.Class(x, y));
        for (var k = 0; k < classes; k++)
        {
            var label = k;
            AddPoints(plot, data.Where(e => e.Class == label).Select(e => (e.Feature(0), e.Feature(1))), Points[k % Points.Length], $"class {k}");
        }
        plot.Title("Decision regions (regions: the model's class; points: the data)");
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    // The heatmap of the model's classes on a grid one unit beyond the data.
    private static Plot Regioned((double X, double Y)[] points, int classes, Func<double, double, int> classify)
    {
        var xMin = points.Min(p => p.X) - 1.0;
        var xMax = points.Max(p => p.X) + 1.0;
        var yMin = points.Min(p => p.Y) - 1.0;
        var yMax = points.Max(p => p.Y) + 1.0;
        var step = Math.Max(GridStep, Math.Max(xMax - xMin, yMax - yMin) / MaxCellsPerSide);
        var columns = Math.Clamp((int)Math.Ceiling((xMax - xMin) / step), 1, MaxCellsPerSide);
        var rows = Math.Clamp((int)Math.Ceiling((yMax - yMin) / step), 1, MaxCellsPerSide);

        // Row 0 is the top of the picture, so rows go down from yMax; each cell is scored at its centre.
        var cells = new double[rows, columns];
        for (var r = 0; r < rows; r++)
        {
            var y = yMax - (r + 0.5) * step;
            for (var c = 0; c < columns; c++)
            {
                var x = xMin + (c + 0.5) * step;
                cells[r, c] = classify(x, y);
            }
        }

        var plot = new Plot();
        var regions = plot.Add.Heatmap(cells);
        regions.Extent = new CoordinateRect(xMin, xMin + columns * step, yMax - rows * step, yMax);
        regions.Colormap = new ScottPlot.Colormaps.Custom([.. Enumerable.Range(0, classes).Select(k => Regions[k % Regions.Length])], smooth: false);
        regions.ManualRange = new ScottPlot.Range(0.0, classes - 1.0);
        plot.Axes.SetLimits(xMin, xMax, yMin, yMax);
        plot.XLabel("x");
        plot.YLabel("y");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    // The model's class at a point, on a tape compiled once from its forward pass on two leaves, so
    // that scoring a picture's grid builds no graph per cell; the scores are those of a forward pass.
    private sealed class Scorer
    {
        private readonly Tape _tape;
        private readonly int _x;
        private readonly int _y;
        private readonly int[] _outputs;
        private readonly double[] _values;

        public Scorer(Mlp model)
        {
            var x = Node.Leaf(0.0, "x");
            var y = Node.Leaf(0.0, "y");
            var outputs = model.Forward([x, y]);
            // One root that depends on every output, so that the tape computes them all.
            var root = outputs[0];
            for (var k = 1; k < outputs.Count; k++)
            {
                root += outputs[k];
            }
            _tape = Tape.Compile(root);
            (_x, _y) = (_tape.IndexOf(x), _tape.IndexOf(y));
            _outputs = outputs.Select(_tape.IndexOf).ToArray();
            _values = new double[_outputs.Length];
        }

        // One output: micrograd's score > 0; several: the largest.
        public int Class(double x, double y)
        {
            _tape.SetValue(_x, x);
            _tape.SetValue(_y, y);
            _tape.Forward();
            for (var k = 0; k < _outputs.Length; k++)
            {
                _values[k] = _tape.Value(_outputs[k]);
            }
            return _values.Length == 1 ? (_values[0] > 0 ? 1 : 0) : TrainingLoss.PredictedClass(_values);
        }
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

    private static void AddPoints(Plot plot, IEnumerable<(double X, double Y)> points, Color color, string legend)
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
