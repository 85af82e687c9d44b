using Micrograd.Core;
using Micrograd.Testing;

namespace Micrograd.CSharp.Tests;

/// <summary>The testing kit's <see cref="GradCheck"/> and <see cref="GradGradCheck"/> as C# calls
/// them (issue 13): the issue's example as written, lambdas over values and over nodes side by
/// side, and the throwing variants. Expected numbers are worked out by hand in the comments.</summary>
public class GradCheckTests
{
    // softplus with its derivative written wrong: σ(x)(1 − σ(x)) (σ's own derivative) instead of σ(x).
    private static readonly CustomOp WrongSoftplus = CustomOp.Unary(
        "softplus", x => Math.Log(1 + Math.Exp(x)), (x, y) => 1 / (1 + Math.Exp(-x)) * (1 - 1 / (1 + Math.Exp(-x))));

    [Fact]
    public void Check_TheIssuesExample_CompilesAsWrittenAndPasses()
    {
        // The issue's lines, unchanged.
        GradCheckReport r = GradCheck.Check(xs => (xs[0] * xs[1]).Tanh() + xs[0].Exp(), 0.3, -1.2);   // Func<IReadOnlyList<Value>, Value>, params double[]
        bool ok = r.Passed;                  // r.Entries[i]: Index, Analytic, Numeric, AbsoluteError, RelativeError, Passed
        GradCheck.Assert(xs => xs[0].Pow(3), 2.0);   // throws when a partial disagrees

        Assert.True(ok, r.ToString());
        Assert.Equal(2, r.Entries.Count);
        // ∂/∂x0 = x1·(1 − tanh²(x0·x1)) + e^x0 and ∂/∂x1 = x0·(1 − tanh²(x0·x1)), at (0.3, −1.2).
        var t = Math.Tanh(0.3 * -1.2);
        var e0 = r.Entries[0];
        Assert.Equal(0, e0.Index);
        Assert.Equal(-1.2 * (1 - t * t) + Math.Exp(0.3), e0.Analytic, 12);
        Assert.Equal(e0.Analytic, e0.Numeric, 6);
        Assert.Equal(Math.Abs(e0.Analytic - e0.Numeric), e0.AbsoluteError);
        Assert.Equal(e0.AbsoluteError / Math.Abs(e0.Numeric), e0.RelativeError);
        Assert.True(e0.Passed);
        Assert.Equal(1, r.Entries[1].Index);
        Assert.Equal(0.3 * (1 - t * t), r.Entries[1].Analytic, 12);
    }

    [Fact]
    public void Assert_WrongRule_ThrowsGradCheckExceptionNamingTheFailingInput()
    {
        // f = x0 + softplus(x1) at (0.5, 0): ∂/∂x0 = 1 is right; ∂/∂x1 is σ(0)(1 − σ(0)) = 1/4
        // where the slope is σ(0) = 1/2.
        var e = Assert.Throws<GradCheckException>(() => GradCheck.Assert(xs => xs[0] + xs[1].Apply(WrongSoftplus), 0.5, 0.0));
        Assert.Contains("1 of 2 derivatives disagree", e.Message);
        Assert.Contains("x1: analytic 0.25", e.Message);
        Assert.Contains("FAILED", e.Message);
        Assert.Equal(1, Assert.Single(e.Report.Failures).Index);
        Assert.Equal(0.5, e.Report.Failures[0].Numeric, 9);
    }

    [Fact]
    public void CheckNodes_ALambdaOverNodes_IsNeverAmbiguousWithOneOverValues()
    {
        // The same function over core nodes and over values: the names differ, so each lambda
        // binds without a cast, and both give d(x·y)/dx = y = 3 and d/dy = x = 2 at (2, 3).
        var overNodes = GradCheck.CheckNodes(xs => xs[0] * xs[1], 2.0, 3.0);
        var overValues = GradCheck.Check(xs => xs[0] * xs[1], 2.0, 3.0);
        Assert.Equal(3.0, overNodes.Entries[0].Analytic);
        Assert.Equal(2.0, overNodes.Entries[1].Analytic);
        Assert.Equal(overNodes.Entries[0].Analytic, overValues.Entries[0].Analytic);
        Assert.Equal(overNodes.Entries[1].Analytic, overValues.Entries[1].Analytic);
        GradCheck.AssertNodes(xs => xs[0] * xs[1], new GradCheckOptions(eps: 1e-5), 2.0, 3.0);
    }

    [Fact]
    public void GradGradCheck_MixedPartialsOfXYExpX_AndTheThrowingVariantsTakeOptions()
    {
        // f = x·y·e^x at (0.5, −1.5): f_xx = y e^x (x + 2), f_xy = f_yx = e^x (x + 1), f_yy = 0.
        var r = GradGradCheck.Check(xs => xs[0] * xs[1] * xs[0].Exp(), 0.5, -1.5);
        Assert.True(r.Passed, r.ToString());
        var e = Math.Exp(0.5);
        Assert.Equal(-1.5 * e * 2.5, r.Entries[0].Analytic, 12);
        Assert.Equal(e * 1.5, r.Entries[1].Analytic, 12);
        Assert.Equal(e * 1.5, r.Entries[2].Analytic, 12);
        Assert.Equal(0.0, r.Entries[3].Analytic);
        Assert.Equal((0, 1), (r.Entries[1].Index, r.Entries[1].SecondIndex));

        var options = new GradCheckOptions(eps: 1e-3);
        GradGradCheck.Assert(xs => xs[0] * xs[1] * xs[0].Exp(), options, 0.5, -1.5);
        GradGradCheck.AssertNodes(xs => xs[0] * xs[1] * Node.Exp(xs[0]), options, 0.5, -1.5);

        // softplus whose derivative as a node is wrong, σ² instead of σ: at 1 softplus'' comes out
        // 2σ(1)²(1 − σ(1)) ≈ 0.2875 instead of σ(1)(1 − σ(1)) ≈ 0.1966. Both variants throw.
        var bad = CustomOp.Unary(
            "softplus", x => Math.Log(1 + Math.Exp(x)), (x, y) => 1 / (1 + Math.Exp(-x)),
            (x, y) => Node.Sigmoid(x) * Node.Sigmoid(x));
        var s = 1 / (1 + Math.Exp(-1.0));
        var thrown = Assert.Throws<GradCheckException>(() => GradGradCheck.Assert(xs => xs[0].Apply(bad), options, 1.0));
        Assert.Equal(2 * s * s * (1 - s), thrown.Report.Entries[0].Analytic, 12);
        Assert.Equal(s * (1 - s), thrown.Report.Entries[0].Numeric, 6);
        Assert.Equal(options, thrown.Report.Options);
        Assert.Throws<GradCheckException>(() => GradGradCheck.AssertNodes(xs => bad.Apply(xs[0]), options, 1.0));
    }
}
