using Micrograd.Core;

namespace Micrograd.CSharp.Tests;

/// <summary><see cref="Value.Gradients"/>, <see cref="Value.Hessian"/> and
/// <see cref="Value.HessianVectorProduct"/> against closed forms written out here.</summary>
public class ValueGradientsTests
{
    [Theory]
    [InlineData(2.0)]
    [InlineData(-1.5)]
    public void Gradients_Cube_AreThreeXSquaredAndBackwardAddsSixX(double at)
    {
        var x = new Value(at);
        var y = x.Pow(3);
        var g = y.Gradients();
        var dydx = g[x];
        Assert.Equal(3 * at * at, dydx.Data, 12);
        Assert.Equal(0.0, x.Grad); // asking for them changes no Grad

        dydx.Backward();
        Assert.Equal(6 * at, x.Grad, 12);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(-2.0)]
    public void Gradients_Tanh_SecondDerivativeIsMinusTwoTanhTimesOneMinusTanhSquared(double at)
    {
        var x = new Value(at);
        x.Tanh().Gradients()[x].Backward();
        var t = Math.Tanh(at);
        Assert.Equal(-2 * t * (1 - t * t), x.Grad, 12);
    }

    [Fact]
    public void Gradients_XYExpX_MixedPartialsLandInTheOtherLeaf()
    {
        // f = x·y·e^x at (0.5, -1.5): f_x = y e^x (x + 1), f_xx = y e^x (x + 2), f_xy = e^x (x + 1).
        var x = new Value(0.5);
        var y = new Value(-1.5);
        var g = (x * y * x.Exp()).Gradients();
        var e = Math.Exp(0.5);
        Assert.Equal(-1.5 * e * 1.5, g[x].Data, 12);
        Assert.Equal(0.5 * e, g[y].Data, 12); // f_y = x e^x

        g[x].Backward();
        Assert.Equal(-1.5 * e * 2.5, x.Grad, 12);
        Assert.Equal(e * 1.5, y.Grad, 12);
    }

    [Fact]
    public void Gradients_EveryValueOfTheGraph_IsAKeyAndTheRootsIsOne()
    {
        var x = new Value(3.0);
        var h = x * x;
        var y = h + x;
        var g = y.Gradients();
        Assert.Equal(3, g.Count);
        Assert.Equal(1.0, g[y].Data);
        Assert.Equal(1.0, g[h].Data);
        Assert.Equal(7.0, g[x].Data); // 2x + 1
    }

    [Fact]
    public void Hessian_XYExpX_IsTheClosedFormAndSymmetric()
    {
        var x = new Value(0.5);
        var y = new Value(-1.5);
        var f = x * y * x.Exp();
        var e = Math.Exp(0.5);
        var h = f.Hessian([x, y]);
        Assert.Equal(-1.5 * e * 2.5, h[0, 0], 12);
        Assert.Equal(e * 1.5, h[0, 1], 12);
        Assert.Equal(e * 1.5, h[1, 0], 12);
        Assert.Equal(0.0, h[1, 1]);

        var hv = f.HessianVectorProduct([x, y], [1.0, 2.0]);
        Assert.Equal(-1.5 * e * 2.5 + 2 * e * 1.5, hv[0], 12);
        Assert.Equal(e * 1.5, hv[1], 12);
        Assert.Equal(0.0, x.Grad);
    }

    [Fact]
    public void Gradients_CustomOpWithoutNodeDerivatives_ThrowsNotSupportedNamingIt()
    {
        var cube = CustomOp.Unary("cube", v => v * v * v, (v, _) => 3 * v * v);
        var e = Assert.Throws<NotSupportedException>(() => new Value(2.0).Apply(cube).Gradients());
        Assert.Contains("'cube'", e.Message);
    }

    [Fact]
    public void Gradients_LeafDataSetAfterBuilding_ThrowsInvalidOperation()
    {
        var x = new Value(2.0);
        var y = x * x;
        x.Data = 3.0;
        var e = Assert.Throws<InvalidOperationException>(() => y.Gradients());
        Assert.Contains("build the expression again", e.Message);
    }

    [Fact]
    public void Hessian_BadLists_ThrowNamingTheParameter()
    {
        var x = new Value(1.0);
        Assert.Equal("wrt", Assert.Throws<ArgumentNullException>(() => x.Hessian(null!)).ParamName);
        Assert.Equal("wrt", Assert.Throws<ArgumentNullException>(() => x.Hessian([x, null!])).ParamName);
        var e = Assert.Throws<ArgumentException>(() => x.HessianVectorProduct([x, x], [1.0]));
        Assert.Equal("vector", e.ParamName);
        Assert.Contains("vector has 1 entries; expected one per node of wrt (2).", e.Message);
    }
}
