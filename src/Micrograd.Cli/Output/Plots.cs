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

    // Cells along the longer side of the decision pictures: about two pixels a cell in an
    // 800-pixel picture, drawn smoothed, so that the boundary reads as a curve, not as steps
    // (micrograd's demo uses a grid of 0.25). Each cell is one forward pass on a tape; the grid
    // does not grow with the data's spread, which only makes the cells larger.
    private const int CellsPerSide = 300;

    private static readonly Color NegativeRegion = Color.FromHex("#F4A582");
    private static readonly Color PositiveRegion = Color.FromHex("#92C5DE");
    private static readonly Color NegativePoint = Color.FromHex("#B2182B");
    private static readonly Color PositivePoint = Color.FromHex("#2166AC");

    // Three classes' regions and points (the spiral's); two classes use the first two.
    private static readonly Color[] Regions = [NegativeRegion, PositiveRegion, Color.FromHex("#B8E186")];
    private static readonly Color[] Points = [NegativePoint, PositivePoint, Color.FromHex("#4D9221")];

    /// <summary>The title of the moons' picture: the legend names the points, the colours the regions.</summary>
    public const string DecisionBoundaryTitle = "Decision boundary";

    /// <summary>The title of the spiral's picture.</summary>
    public const string DecisionRegionsTitle = "Decision regions";

    /// <summary>
    /// micrograd's demo picture: the plane coloured by the class the model gives each point
    /// (score &gt; 0 or not, on a fine grid one unit beyond the data), and the data on top, coloured by label.
    /// </summary>
    public static byte[] DecisionBoundary(Mlp model, IReadOnlyList<Sample> data) =>
        DecisionBoundaryPlot(model, data).GetImageBytes(Width, Height, ImageFormat.Png);

    /// <summary>The picture of <see cref="DecisionBoundary"/>, before it is rendered.</summary>
    public static Plot DecisionBoundaryPlot(Mlp model, IReadOnlyList<Sample> data)
    {
        var scorer = new Scorer(model);
        var plot = Regioned(data.Select(s => (s.X, s.Y)).ToArray(), 2, (x, y) => scorer.Class(x, y));
        AddPoints(plot, data.Where(s => s.Label < 0).Select(s => (s.X, s.Y)), NegativePoint, "label -1");
        AddPoints(plot, data.Where(s => s.Label > 0).Select(s => (s.X, s.Y)), PositivePoint, "label +1");
        plot.Title(DecisionBoundaryTitle);
        return plot;
    }

    /// <summary>
    /// The spiral's picture: the plane coloured by the class the model predicts at each point (its
    /// largest output), one colour per class, and the data on top, coloured by class.
    /// </summary>
    public static byte[] DecisionRegions(Mlp model, IReadOnlyList<Example> data, int classes) =>
        DecisionRegionsPlot(model, data, classes).GetImageBytes(Width, Height, ImageFormat.Png);

    /// <summary>The picture of <see cref="DecisionRegions"/>, before it is rendered.</summary>
    public static Plot DecisionRegionsPlot(Mlp model, IReadOnlyList<Example> data, int classes)
    {
        var scorer = new Scorer(model);
        var plot = Regioned(data.Select(e => (e.Feature(0), e.Feature(1))).ToArray(), classes, (x, y) => scorer.Class(x, y));
        for (var k = 0; k < classes; k++)
        {
            var label = k;
            AddPoints(plot, data.Where(e => e.Class == label).Select(e => (e.Feature(0), e.Feature(1))), Points[k % Points.Length], $"class {k}");
        }
        plot.Title(DecisionRegionsTitle);
        return plot;
    }

    // The heatmap of the model's classes on a grid one unit beyond the data.
    private static Plot Regioned((double X, double Y)[] points, int classes, Func<double, double, int> classify)
    {
        var xMin = points.Min(p => p.X) - 1.0;
        var xMax = points.Max(p => p.X) + 1.0;
        var yMin = points.Min(p => p.Y) - 1.0;
        var yMax = points.Max(p => p.Y) + 1.0;
        var step = Math.Max(xMax - xMin, yMax - yMin) / CellsPerSide;
        var columns = Math.Clamp((int)Math.Ceiling((xMax - xMin) / step), 1, CellsPerSide);
        var rows = Math.Clamp((int)Math.Ceiling((yMax - yMin) / step), 1, CellsPerSide);

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
        // Interpolated between cells: the boundary is drawn anti-aliased instead of in steps.
        regions.Smooth = true;
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
