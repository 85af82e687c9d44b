using System.Globalization;
using Micrograd.Core;

namespace Micrograd.CSharp.Tests;

public class ValueTests
{
    // micrograd's README example. By hand: c = 3a + 4b + 3 = -1, d = 12(ab + b³) + 4 relu(a + b)
    // + relu(b - a) = 6, e = c - d = -7, f = e² = 49, g = f/2 + 10/f = 2421/98; dg/de = e - 20/e³
    // = -2381/343, de/da = 3 - (12b - 1) = -20, de/db = 4 - (12(a + 3b²) + 1) = -93.
    [Fact]
    public void Backward_MicrogradReadmeExample_MatchesTheExactRationals()
    {
        var a = new Value(-4.0);
        var b = new Value(2.0);
        var c = a + b;
        var d = a * b + b.Pow(3);
        c += c + 1;
        c += 1 + c + (-a);
        d += d * 2 + (b + a).Relu();
        d += 3 * d + (b - a).Relu();
        var e = c - d;
        var f = e.Pow(2);
        var g = f / 2.0;
        g += 10.0 / f;

        g.Backward();

        AssertClose(2421.0 / 98.0, g.Data);
        AssertClose(47620.0 / 343.0, a.Grad);
        AssertClose(221433.0 / 343.0, b.Grad);
    }

    // micrograd's sanity check. By hand: z = 3x + 2 = -10, q = relu z + zx = 40, h = z² = 100,
    // y = h + q(1 + x) = -20; dy/dx = 6z + (3x + z)(1 + x) + q = -60 + 66 + 40 = 46.
    [Fact]
    public void Backward_MicrogradSanityCheck_GivesExactIntegers()
    {
        var (x, y) = SanityCheck();

        y.Backward();

        Assert.Equal(-20.0, y.Data);
        Assert.Equal(46.0, x.Grad);
    }

    [Fact]
    public void Backward_CalledThreeTimes_EveryGradIsThreeTimesTheGradientRootIncluded()
    {
        var (x, y) = SanityCheck();

        y.Backward();
        y.Backward();
        y.Backward();

        Assert.Equal(3 * 46.0, x.Grad);
        Assert.Equal(3.0, y.Grad);
        Assert.All(ValueProperties.Reachable(y), v => Assert.Equal(3.0 * Backprop.Gradients(y.Node)[v.Node], v.Grad));
    }

    [Fact]
    public void Backward_TwoRootsSharingALeaf_AddsBothGradients()
    {
        var a = new Value(3.0);
        var b = new Value(2.0);

        (a * b).Backward();
        (a + b).Backward();

        Assert.Equal(2.0 + 1.0, a.Grad);
        Assert.Equal(3.0 + 1.0, b.Grad);
    }

    [Fact]
    public void Backward_ValueUsedTwiceInOneOperation_GetsBothContributions()
    {
        var a = new Value(3.0);

        (a * a).Backward();

        Assert.Equal(6.0, a.Grad);
    }

    [Fact]
    public void Backward_ValueTheRootDoesNotUse_KeepsItsGrad()
    {
        var a = new Value(3.0);
        var unused = new Value(5.0) { Grad = 0.25 };

        (a * 2.0).Backward();

        Assert.Equal(0.25, unused.Grad);
    }

    [Fact]
    public void Backward_MillionDeepChain_CompletesWithExactGradient()
    {
        // y = x + x + ... + x, each addition on the previous sum: a chain 1,000,000 deep.
        const int depth = 1_000_000;
        var x = new Value(0.5);
        var y = x;
        for (var i = 0; i < depth; i++)
        {
            y += x;
        }

        y.Backward();

        Assert.Equal((depth + 1) * 0.5, y.Data);
        Assert.Equal(depth + 1.0, x.Grad);
    }

    // Backward notes in each value where it put it. A later graph that lays the same value out at
    // another position must not believe the old note. By hand, with a = 2, b = 1:
    // y1 = a·a + 1 gives dy1/da = 2a = 4; y2 = b·3 + a·a (b's part laid out first) gives
    // dy2/da = 4 and dy2/db = 3.
    [Fact]
    public void Backward_ValueLaidOutElsewhereByALaterGraph_StillGetsItsGradient()
    {
        var a = new Value(2.0);
        var b = new Value(1.0);
        var s = a * a;
        (s + 1.0).Backward();
        Assert.Equal(4.0, a.Grad);

        (b * 3.0 + s).Backward();

        Assert.Equal(4.0 + 4.0, a.Grad);
        Assert.Equal(3.0, b.Grad);
        Assert.Equal(1.0 + 1.0, s.Grad);
    }

    [Fact]
    public void Data_SetOnLeafAfterBuilding_ExpressionKeepsItsDataAndGradients()
    {
        var a = new Value(3.0);
        var y = a * a;

        a.Data = 5.0;
        y.Backward();

        Assert.Equal(5.0, a.Data);
        Assert.Equal(9.0, y.Data);
        Assert.Equal(6.0, a.Grad);
    }

    [Fact]
    public void Data_SetOnLeaf_NextExpressionUsesTheNewData()
    {
        var a = new Value(3.0);
        _ = a * a;

        a.Data = 5.0;
        var z = a * a;
        z.Backward();

        Assert.Equal(25.0, z.Data);
        Assert.Equal(10.0, a.Grad);
    }

    [Fact]
    public void Data_SetBetweenTwoUses_BackwardAddsTheGradientOfEachUse()
    {
        var a = new Value(3.0);
        var before = a * 2.0;
        a.Data = 5.0;
        var after = a * 3.0;
        var y = before + after;

        y.Backward();

        Assert.Equal(6.0 + 15.0, y.Data);
        Assert.Equal(2.0 + 3.0, a.Grad);
    }

    // A leaf set between uses has one cell per use, each adding its gradient to the leaf's Grad in
    // topological order (the graph laid out depth first: y1's use first): ((0 + 1e16) + 1) + 1,
    // which rounds to 1e16 each time; the other order would give 1e16 + 2. The same with anomaly
    // detection on, which takes the core's checked sweep.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Backward_LeafSetBetweenThreeUses_AddsEachUsesGradientInTopologicalOrder(bool detect)
    {
        var x = new Value(1.0);
        var y1 = x * 1e16;
        x.Data = 1.0;
        var y2 = x * 1.0;
        x.Data = 1.0;
        var y3 = x * 1.0;
        var root = (y1 + y2) + y3;

        using (detect ? Micrograd.Core.Anomaly.Detect() : null)
        {
            root.Backward();
        }

        var expected = 0.0 + 1e16;
        expected += 1.0;
        expected += 1.0;
        Assert.Equal(1e16, expected);
        Assert.Equal(expected, x.Grad);
    }

    [Fact]
    public void Data_SetOnComputedValue_ThrowsInvalidOperationException()
    {
        var y = new Value(3.0) * 2.0;

        Assert.Throws<InvalidOperationException>(() => y.Data = 1.0);
        Assert.Equal(6.0, y.Data);
    }

    [Fact]
    public void Label_Set_IsReadBackAndNullBecomesEmpty()
    {
        var a = new Value(1.0, "a");
        Assert.Equal("a", a.Label);

        a.Label = "alpha";
        Assert.Equal("alpha", a.Label);

        a.Label = null!;
        Assert.Equal("", a.Label);
    }

    [Fact]
    public void Label_SetOnUsedValue_GradientsStillReachIt()
    {
        var a = new Value(3.0);
        var e = a * 4.0;
        var f = e * 2.0;

        e.Label = "e";
        a.Label = "a";
        f.Backward();

        Assert.Equal(2.0, e.Grad);
        Assert.Equal(8.0, a.Grad);
    }

    [Fact]
    public void ToDot_AfterRelabellingAndBackward_ShowsCurrentLabelsAndGrads()
    {
        var a = new Value(-4.0, "a");
        var b = new Value(2.0, "b");
        var e = a * b;
        e.Label = "e";

        a.Label = "alpha";
        e.Backward();
        var dot = e.ToDot();

        Assert.Contains("rankdir=LR", dot);
        Assert.Contains("{ alpha | data -4.0000 | grad 2.0000 }", dot);
        Assert.Contains("{ b | data 2.0000 | grad -4.0000 }", dot);
        Assert.Contains("{ e | data -8.0000 | grad 1.0000 }", dot);
        Assert.Contains("[label=\"*\"]", dot);
        Assert.DoesNotContain("{ a |", dot);
    }

    [Fact]
    public void ToDot_TopToBottom_SetsRankDir()
    {
        Assert.Contains("rankdir=TB", (new Value(1.0) + 2.0).ToDot(RankDir.TopToBottom));
    }

    [Fact]
    public void ToString_NewValue_PrintsShortestRoundTripDataAndZeroGrad()
    {
        // python3 -c "print(repr(2421/98))" prints 24.70408163265306.
        Assert.Equal("Value(data=24.70408163265306, grad=0)", new Value(2421.0 / 98.0).ToString());
    }

    [Fact]
    public void ToString_AfterBackward_PrintsGrad()
    {
        // python3 -c "print(repr(0.1 + 0.2))" prints 0.30000000000000004.
        var y = new Value(0.1) + 0.2;
        y.Backward();

        Assert.Equal("Value(data=0.30000000000000004, grad=1)", y.ToString());
        Assert.Equal("Value(data=-4, grad=-0.5)", new Value(-4.0) { Grad = -0.5 }.ToString());
    }

    [Fact]
    public void ToString_CultureWithDecimalComma_StillPrintsDecimalPoint()
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NumberDecimalSeparator = ",";
        culture.NumberFormat.NegativeSign = "~";
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = culture;
            Assert.Equal("Value(data=-0.5, grad=0.25)", new Value(-0.5) { Grad = 0.25 }.ToString());
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    private static (Value X, Value Y) SanityCheck()
    {
        var x = new Value(-4.0);
        var z = 2 * x + 2 + x;
        var q = z.Relu() + z * x;
        var h = (z * z).Relu();
        var y = h + q + q * x;
        return (x, y);
    }

    private static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(actual - expected) <= 1e-9 * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");
}
