using Micrograd.Core;
using Micrograd.Core.Nn;
using Micrograd.CSharp.Tests.Support;

namespace Micrograd.CSharp.Tests;

/// <summary>The demo loss of the F# core, <see cref="Losses"/>, built over the façade's <see cref="Value"/>.</summary>
public class LossesTests
{
    private static Value[] Leaves(params double[] xs) => Array.ConvertAll(xs, x => new Value(x));

    [Fact]
    public void Demo_SmallExample_IsHingeLossesAveragedPlusAlphaTimesSquares()
    {
        // Every number exact in binary; the last sample (score 3, label 1) is outside the margin.
        var scores = Leaves(0.5, -2.0, 0.25, 3.0);
        var negatedLabels = Leaves(-1.0, -1.0, 1.0, -1.0);
        var parameters = Leaves(0.5, -1.0, 2.0);

        var total = Losses.Demo(new ValueArithmetic(), scores, negatedLabels, parameters);
        total.Backward();

        // relu(s*(-y) + 1): relu(0.5*-1 + 1), relu(-2*-1 + 1), relu(0.25*1 + 1), relu(3*-1 + 1)
        var dataLoss = (0.5 + 3.0 + 1.25 + 0.0) * (1.0 / 4.0);
        var regLoss = (0.5 * 0.5 + -1.0 * -1.0 + 2.0 * 2.0) * 1e-4;
        Assert.Equal(dataLoss + regLoss, total.Data);
        // d total / d score_i = -y_i / n inside the margin, 0 outside; d total / d p = 2 * alpha * p.
        Assert.Equal([-0.25, -0.25, 0.25, 0.0], scores.Select(s => s.Grad));
        Assert.Equal([2.0 * (1e-4 * 0.5), 2.0 * (1e-4 * -1.0), 2.0 * (1e-4 * 2.0)], parameters.Select(p => p.Grad));
    }

    [Fact]
    public void Demo_ReluNetwork_SameBitsAsTheDemoWrittenOutWithValueOperators()
    {
        var (xs, ys) = Data();
        var model = new MLP(2, [8, 8, 1], new PythonRandom(1337));
        var scores = xs.Select(x => model.Forward(x)[0]).ToArray();

        var total = Losses.Demo(new ValueArithmetic(), scores, ys.Select(y => new Value(-y)).ToArray(), model.Parameters());
        // micrograd's demo, written out by hand in Values, as the façade's trainer wrote it before it called Losses.Demo.
        var written = Value.Sum(scores.Select((s, i) => (s * -ys[i] + 1.0).Relu())) * (1.0 / scores.Length)
            + Value.Sum(model.Parameters().Select(p => p * p)) * 1e-4;

        Bits.AssertSame(written.Data, total.Data);
    }

    [Fact]
    public void Demo_SameModelAndDataInFSharpAndCSharp_BitIdenticalTotalsAndGradients()
    {
        var (xs, ys) = Data();
        var facade = new MLP(2, [8, 8, 1], new PythonRandom(1337));
        var functional = Mlp.Create(2, [8, 8, 1], new PythonRandom(1337));

        var facadeTotal = Losses.Demo(
            new ValueArithmetic(),
            xs.Select(x => facade.Forward(x)[0]).ToArray(),
            ys.Select(y => new Value(-y)).ToArray(),
            facade.Parameters());
        facade.ZeroGrad();
        facadeTotal.Backward();
        var functionalTotal = Losses.Demo(
            new NodeArithmetic(),
            xs.Select(x => functional.Forward(x)[0]).ToArray(),
            ys.Select(y => Node.Leaf(-y)).ToArray(),
            functional.Parameters);
        var gradients = Backprop.GradientsFor(functionalTotal, functional.Parameters);

        Bits.AssertSame(functionalTotal.Data, facadeTotal.Data);
        var facadeGradients = facade.Parameters().Select(p => p.Grad).ToArray();
        Assert.Equal(gradients.Length, facadeGradients.Length);
        for (var i = 0; i < gradients.Length; i++)
        {
            Bits.AssertSame(gradients[i], facadeGradients[i]);
        }
    }

    [Fact]
    public void MaxMargin_FewerLabelsThanScores_ThrowsArgumentExceptionForNegatedLabels()
    {
        var e = Assert.Throws<ArgumentException>(() => Losses.MaxMargin(new ValueArithmetic(), Leaves(1.0, 2.0), Leaves(-1.0)));

        Assert.Equal("negatedLabels", e.ParamName);
        Assert.StartsWith("Expected 2 negatedLabels, one per entry of scores, got 1.", e.Message);
    }

    [Theory]
    [InlineData(1.0, 0.3, true)]
    [InlineData(-1.0, -0.3, true)]
    [InlineData(1.0, 0.0, false)]
    [InlineData(-1.0, 2.0, false)]
    public void IsCorrect_LabelAndScore_TrueWhenTheSignsAgree(double label, double score, bool expected)
    {
        Assert.Equal(expected, Losses.IsCorrect(label, score));
    }

    // Twelve points of two classes, by quadrant.
    private static (double[][] Xs, double[] Ys) Data()
    {
        var random = new PythonRandom(7);
        var xs = Enumerable.Range(0, 12).Select(_ => new[] { random.Uniform(-1, 1), random.Uniform(-1, 1) }).ToArray();
        return (xs, xs.Select(x => x[0] * x[1] > 0 ? 1.0 : -1.0).ToArray());
    }
}
