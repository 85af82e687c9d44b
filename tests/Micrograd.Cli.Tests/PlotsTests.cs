using Micrograd.Cli.Output;
using Micrograd.Core.Data;
using Micrograd.Core.Nn;
using ScottPlot.Plottables;

namespace Micrograd.Cli.Tests;

/// <summary>The decision pictures, read off the ScottPlot plot before it is rendered.</summary>
public sealed class PlotsTests
{
    // One linear neuron with weights (1, 0) and bias -0.5: its score is x - 0.5, so class +1 is x > 0.5.
    private const string XAboveHalf = """
        { "format": "micrograd-mlp", "version": 1, "nin": 2,
          "layers": [ { "nout": 1, "nonlinearity": "Linear" } ],
          "parameters": [ 1, 0, -0.5 ] }
        """;

    [Fact]
    public void DecisionBoundaryPlot_TwoPoints_IsAFineSmoothedGridOfTheModelsClass()
    {
        var model = Mlp.FromJson(XAboveHalf);
        Sample[] data = [new(0.0, 0.0, -1.0), new(1.0, 0.0, 1.0)];

        var plot = Plots.DecisionBoundaryPlot(model, data);

        var regions = plot.GetPlottables().OfType<Heatmap>().Single();
        Assert.True(regions.Smooth);
        // One unit beyond the data: x from -1 to 2 and y from -1 to 1. The longer side, 3, in 300
        // cells of 0.01, so 200 rows for the 2 of y.
        var cells = regions.Intensities;
        Assert.Equal(200, cells.GetLength(0));
        Assert.Equal(300, cells.GetLength(1));
        // Column c's centre is x = -1 + (c + 0.5) * 0.01: above 0.5 from column 150 on (0.505).
        for (var r = 0; r < cells.GetLength(0); r++)
        {
            for (var c = 0; c < cells.GetLength(1); c++)
            {
                Assert.Equal(c >= 150 ? 1.0 : 0.0, cells[r, c]);
            }
        }
        Assert.Equal("Decision boundary", plot.Axes.Title.Label.Text);
    }

    [Fact]
    public void DecisionRegionsPlot_Title_IsShort()
    {
        var model = Mlp.Create(2, [16, 3], new Random(1));
        var data = Spiral.Generate(5, 3, 0.2, 1);

        var plot = Plots.DecisionRegionsPlot(model, data, 3);

        Assert.Equal("Decision regions", plot.Axes.Title.Label.Text);
        Assert.True(plot.GetPlottables().OfType<Heatmap>().Single().Smooth);
    }
}
