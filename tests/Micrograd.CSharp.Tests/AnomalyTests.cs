using Micrograd.Core;

namespace Micrograd.CSharp.Tests;

/// <summary>Anomaly detection from C#: the façade builds its values through the core, so a scope of
/// <see cref="Anomaly.Detect"/> checks <see cref="Value"/> arithmetic, <see cref="Value.Backward"/>,
/// <see cref="Value.Gradients"/> and <see cref="ValueTape"/> as it checks nodes.</summary>
public class AnomalyTests
{
    private static AnomalyException Detected(Action action)
    {
        using (Anomaly.Detect())
        {
            return Assert.Throws<AnomalyException>(action);
        }
    }

    [Fact]
    public void Log_OfMinusOneInsideDetect_ThrowsAnArithmeticExceptionNamingLog()
    {
        var x = new Value(-1.0, "x");
        var e = Detected(() => x.Log());
        Assert.IsAssignableFrom<ArithmeticException>(e);
        Assert.Contains("'log' gave NaN", e.Message);
        Assert.Contains("its input: -1 (the leaf \"x\")", e.Message);
        Assert.Same(x.Node, e.Node.Inputs[0]);
    }

    [Fact]
    public void Pow_ZeroToMinusOne_ThrowsNamingThePowerAndItsInput()
    {
        // 0^-1 = 1/0 = +∞
        var e = Detected(() => new Value(0.0, "z").Pow(-1));
        Assert.Contains("'**-1' gave Infinity", e.Message);
        Assert.Contains("its input: 0 (the leaf \"z\")", e.Message);
    }

    [Fact]
    public void Exp_Of1000_ThrowsNamingExp()
    {
        // e^1000 ≈ 10^434, past the largest double (≈ 1.8 · 10^308)
        var e = Detected(() => new Value(1000.0, "big").Exp());
        Assert.Contains("'exp' gave Infinity", e.Message);
        Assert.Contains("1000 (the leaf \"big\")", e.Message);
    }

    [Fact]
    public void Add_NaNLeaf_ThrowsAtTheFirstOperationThatUsesIt()
    {
        using (Anomaly.Detect())
        {
            var n = new Value(double.NaN, "n"); // a leaf is given, not computed
            var e = Assert.Throws<AnomalyException>(() => n + 1);
            Assert.Contains("'+' gave NaN", e.Message);
            Assert.Contains("its inputs: NaN (the leaf \"n\") and 1 (a leaf with no label)", e.Message);
        }
    }

    [Fact]
    public void Backward_NaNGradientOfZeroTimesSqrtAtZero_ThrowsNamingTheRuleAndLeavesGradsAlone()
    {
        var x = new Value(0.0, "x");
        var r = x.Pow(0.5);
        r.Label = "r";
        var y = r * 0;
        // ∂y/∂r = 0; ∂r/∂x = 0.5 · 0^-0.5 = ∞; the chain rule's ∞ · 0 is NaN.
        var e = Detected(() => y.Backward());
        Assert.True(e.InGradient);
        Assert.Contains("the derivative rule of '**0.5' at the node \"r\" gave NaN for its input", e.Message);
        Assert.Contains("its input: 0 (the leaf \"x\")", e.Message);
        Assert.Same(x.Node, e.Input);
        Assert.Equal(0.0, x.Grad);
        Assert.Equal(0.0, y.Grad);
    }

    [Fact]
    public void Backward_InfiniteGradientOfSqrtAtZero_ThrowsNamingTheRule()
    {
        var x = new Value(0.0, "x");
        var y = x.Pow(0.5);
        // ∂y/∂x = 0.5 · 0^-0.5 = +∞ (row C15)
        var e = Detected(() => y.Backward());
        Assert.Contains("the derivative rule of '**0.5'", e.Message);
        Assert.Contains("gave Infinity for its input", e.Message);
        Assert.Equal(double.PositiveInfinity, e.Value);
    }

    [Fact]
    public void Gradients_InfiniteGradientAsValues_ThrowsNamingTheRule()
    {
        var x = new Value(0.0, "x");
        var y = x.Pow(0.5);
        var e = Detected(() => y.Gradients());
        Assert.Contains("the derivative rule of '**0.5'", e.Message);
        Assert.Same(x.Node, e.Input);
    }

    [Fact]
    public void Backward_SecondDerivativeInfinite_ThrowsWhereTheFirstIsFinite()
    {
        var x = new Value(0.0, "x");
        var dydx = x.Pow(1.5).Gradients()[x]; // 1.5 · x^0.5 = 0 at 0; the next, 0.75 · x^-0.5, is +∞
        Assert.Equal(0.0, dydx.Data);
        var e = Detected(() => dydx.Backward());
        Assert.Contains("the derivative rule of '**0.5'", e.Message);
    }

    [Fact]
    public void ValueTape_ForwardAtALeafOutsideTheDomain_ThrowsNamingTheTapePosition()
    {
        var x = new Value(1.0, "x");
        var tape = x.Log().Compile(); // positions: x 0, log 1
        x.Data = -1.0;
        var e = Detected(() => tape.Forward());
        Assert.Contains("'log' gave NaN at a node with no label (tape position 1); its input: -1 (the leaf \"x\")", e.Message);
    }

    [Fact]
    public void ValueTape_BackwardInfiniteGradient_ThrowsAndLeavesGradsAlone()
    {
        var x = new Value(4.0, "x");
        var tape = x.Pow(0.5).Compile();
        x.Data = 0.0;
        tape.Forward();
        var e = Detected(() => tape.Backward());
        Assert.Contains("the derivative rule of '**0.5' at a node with no label (tape position 1) gave Infinity", e.Message);
        Assert.Equal(0.0, x.Grad);
    }

    [Fact]
    public void Operations_OutsideAScope_GiveTheDocumentedIeeeNumbers()
    {
        Assert.True(double.IsNaN(new Value(-1.0).Log().Data)); // C16
        Assert.True(double.IsNaN(new Value(double.NaN).Tanh().Data)); // C17
        Assert.Equal(double.PositiveInfinity, new Value(1000.0).Exp().Data);
        var x = new Value(0.0);
        x.Pow(0.5).Backward();
        Assert.Equal(double.PositiveInfinity, x.Grad); // C15
        Assert.False(Anomaly.IsEnabled);
    }

    [Fact]
    public void Detect_Nested_StaysOnUntilTheOuterScopeIsDisposed()
    {
        var x = new Value(-1.0);
        using (Anomaly.Detect())
        {
            using (Anomaly.Detect())
            {
                Assert.Throws<AnomalyException>(() => x.Log());
            }
            Assert.Throws<AnomalyException>(() => x.Log());
        }
        Assert.True(double.IsNaN(x.Log().Data));
    }

    [Fact]
    public void Detect_ExceptionLeavesTheScope_DetectionEnds()
    {
        var x = new Value(-1.0);
        Assert.Throws<AnomalyException>(() =>
        {
            using (Anomaly.Detect())
            {
                x.Log();
            }
        });
        Assert.False(Anomaly.IsEnabled);
        Assert.True(double.IsNaN(x.Log().Data));
    }

    [Fact]
    public async Task Detect_AcrossAnAwait_StaysOnInItsFlow()
    {
        var x = new Value(-1.0);
        using (Anomaly.Detect())
        {
            await Task.Yield();
            Assert.Throws<AnomalyException>(() => x.Log());
            await Task.Delay(1);
            Assert.Throws<AnomalyException>(() => x.Log());
        }
        Assert.True(double.IsNaN(x.Log().Data));
    }

    [Fact]
    public void Detect_OnThisThread_LeavesAThreadRunningOnItsOwnUnchecked()
    {
        using var go = new ManualResetEventSlim(false);
        double other = 0;
        // Started before the scope opens, so it does not share this flow.
        var thread = new Thread(() =>
        {
            go.Wait();
            other = new Value(-1.0).Log().Data;
        });
        thread.Start();
        using (Anomaly.Detect())
        {
            go.Set();
            thread.Join();
            Assert.Throws<AnomalyException>(() => new Value(-1.0).Log());
        }
        Assert.True(double.IsNaN(other));
    }
}
