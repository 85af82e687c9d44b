using Micrograd.Core;
using Micrograd.Core.Nn;
using Micrograd.CSharp.Tests.Support;

namespace Micrograd.CSharp.Tests;

/// <summary><see cref="Value.Detach"/>, <see cref="Value.Softmax"/> and <see cref="Value.LogSoftmax"/>.</summary>
public class ValueFunctionsTests
{
    // exp 1, exp 2, exp 3 from python3: [math.exp(x) for x in (1, 2, 3)]
    private const double E1 = 2.718281828459045, E2 = 7.38905609893065, E3 = 20.085536923187668;

    private static Value[] Leaves(params double[] xs) => Array.ConvertAll(xs, x => new Value(x));

    [Fact]
    public void Detach_Value_SameDataOpDetachAndTheInputAsItsChild()
    {
        var x = new Value(2.5);

        var d = x.Detach();

        Assert.Equal(2.5, d.Data);
        Assert.Equal("detach", d.Op);
        Assert.Same(x, d.Children[0]);
    }

    [Fact]
    public void Detach_TimesItsInput_SlopeIsTheDetachedValueNotTwiceIt()
    {
        var x = new Value(3.0);

        var y = x * x.Detach();
        y.Backward();

        // d/dx (x · c) = c = 3 (x * x would give 6).
        Assert.Equal(9.0, y.Data);
        Assert.Equal(3.0, x.Grad);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Detach_NonFiniteGradientFromAbove_InputGetsExactlyZero(double upstream)
    {
        var x = new Value(0.5);
        var d = x.Detach();

        var y = d * upstream;
        y.Backward();

        Bits.AssertSame(upstream, d.Grad);
        Bits.AssertSame(0.0, x.Grad);
    }

    [Fact]
    public void Detach_OnACompiledTape_RecomputedFromTheInputOnReplay()
    {
        var x = new Value(3.0);
        var y = x * x.Detach() + (x * x).Detach();
        var tape = y.Compile();

        x.Data = 5.0;
        tape.Forward();
        tape.Backward();

        // 5·5 + 25 = 50 with the detached nodes recomputed (frozen at 3 they would give 24); d/dx = 5.
        Assert.Equal(50.0, tape.Data);
        Assert.Equal(5.0, x.Grad);
    }

    [Fact]
    public void Softmax_OneTwoThree_EachExponentialOverTheirSum()
    {
        var p = Value.Softmax(Leaves(1.0, 2.0, 3.0));

        // e_i / (e1 + e2 + e3); python3: [0.09003057317038046, 0.24472847105479767, 0.6652409557748219]
        var sum = E1 + E2 + E3;
        AssertClose(E1 / sum, p[0].Data);
        AssertClose(E2 / sum, p[1].Data);
        AssertClose(0.6652409557748219, p[2].Data);
    }

    [Fact]
    public void LogSoftmax_OneTwoThree_EachLogitMinusTheLogOfTheSum()
    {
        var logits = Leaves(1.0, 2.0, 3.0);

        var l = Value.LogSoftmax(logits);
        l[2].Backward();

        // x_i - ln(e1 + e2 + e3); python3: [-2.40760596444438, -1.4076059644443801, -0.40760596444438013]
        AssertClose(-2.40760596444438, l[0].Data);
        AssertClose(2.0 - Math.Log(E1 + E2 + E3), l[1].Data);
        AssertClose(-0.40760596444438013, l[2].Data);
        // ∂l2/∂x_j = δ_2j - p_j
        var sum = E1 + E2 + E3;
        AssertClose(-E1 / sum, logits[0].Grad);
        AssertClose(-E2 / sum, logits[1].Grad);
        AssertClose(1.0 - E3 / sum, logits[2].Grad);
    }

    [Fact]
    public void SoftmaxAndLogSoftmax_LogitsOfPlusAndMinus1000_Finite()
    {
        var logits = Leaves(1000.0, 0.0, -1000.0);

        Assert.Equal([1.0, 0.0, 0.0], Value.Softmax(logits).Select(v => v.Data));
        Assert.Equal([0.0, -1000.0, -2000.0], Value.LogSoftmax(logits).Select(v => v.Data));
    }

    [Fact]
    public void SoftmaxAndLogSoftmax_SameLogitsAsTheCore_BitIdenticalValues()
    {
        double[] x = [0.3, -1.7, 2.25, 0.0];
        var facadeP = Value.Softmax(Leaves(x));
        var facadeL = Value.LogSoftmax(Leaves(x));
        var coreP = Functions.Softmax(new NodeArithmetic(), x.Select(Node.Leaf).ToArray());
        var coreL = Functions.LogSoftmax(new NodeArithmetic(), x.Select(Node.Leaf).ToArray());

        for (var i = 0; i < x.Length; i++)
        {
            Bits.AssertSame(coreP[i].Data, facadeP[i].Data);
            Bits.AssertSame(coreL[i].Data, facadeL[i].Data);
        }
    }

    [Fact]
    public void Softmax_BadLogits_TypedExceptionsNamingLogits()
    {
        Assert.Equal("logits", Assert.Throws<ArgumentNullException>(() => Value.Softmax(null!)).ParamName);
        Assert.Equal("logits", Assert.Throws<ArgumentException>(() => Value.LogSoftmax([])).ParamName);
        var e = Assert.Throws<ArgumentNullException>(() => Value.Softmax([new Value(1.0), null!]));
        Assert.Equal("logits", e.ParamName);
        Assert.StartsWith("logits[1] is null; expected a value.", e.Message);
    }

    private static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(actual - expected) <= 1e-15 * Math.Max(1.0, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");
}
