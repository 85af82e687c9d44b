using Micrograd.Core;

namespace Micrograd.CSharp.Tests;

/// <summary>User-defined operations from C#: the example, through the façade and the core.</summary>
public class CustomOpTests
{
    // The derivative arguments are the input(s) and the operation's output.
    private static readonly CustomOp Softplus =
        CustomOp.Unary("softplus", x => Math.Log(1 + Math.Exp(x)), (x, y) => 1 / (1 + Math.Exp(-x)));

    private static readonly CustomOp Hypot =
        CustomOp.Binary("hypot", (a, b) => Math.Sqrt(a * a + b * b), (a, b, y) => (a / y, b / y));

    [Fact]
    public void Apply_OnNodes_ComputesTheForwardValueAndNamesTheOp()
    {
        Node n = Softplus.Apply(Node.Leaf(0.5));
        Node h = Hypot.Apply(Node.Leaf(3.0), Node.Leaf(4.0));

        Assert.Equal(Math.Log(1 + Math.Exp(0.5)), n.Data);
        Assert.Equal("softplus", n.Op);
        Assert.Equal(5.0, h.Data); // √(9 + 16)
        Assert.Equal("hypot", h.Op);
    }

    // By hand: w = hypot(a, b) at (3, 4) is 5; dw/da = 3/5, dw/db = 4/5.
    [Fact]
    public void Backward_ThroughACustomBinaryOp_AddsItsRuleIntoGrad()
    {
        var a = new Value(3.0, "a");
        var b = new Value(4.0, "b");
        Value w = a.Apply(Hypot, b);

        w.Backward();

        Assert.Equal(5.0, w.Data);
        Assert.Equal("hypot", w.Op);
        Assert.Equal(0.6, a.Grad, 15);
        Assert.Equal(0.8, b.Grad, 15);
        Assert.Equal([a, b], w.Children);
    }

    // softplus' = σ(x) = 1 / (1 + e^-x), here at 0.5.
    [Fact]
    public void Backward_ThroughACustomUnaryOp_MatchesTheCoreBitForBit()
    {
        var x = new Value(0.5);
        Value v = x.Apply(Softplus);
        var viaTape = v.Compile();

        v.Backward();
        var grad = x.Grad;
        x.Grad = 0;
        viaTape.Forward();
        viaTape.Backward();

        Assert.Equal(1 / (1 + Math.Exp(-0.5)), grad, 15);
        Assert.Equal(Core.Reference.Backprop.Gradients(v.Node)[x.Node], grad);
        Assert.Equal(grad, x.Grad);
        Assert.Contains("label=\"softplus\"", v.ToDot());
    }

    [Fact]
    public void Apply_WrongNumberOfInputsOrNull_IsRefusedNamingTheParameter()
    {
        var x = new Value(1.0);

        var oneForTwo = Assert.Throws<ArgumentException>(() => x.Apply(Hypot));
        var twoForOne = Assert.Throws<ArgumentException>(() => x.Apply(Softplus, x));
        var noOther = Assert.Throws<ArgumentNullException>(() => x.Apply(Hypot, null!));
        var noOp = Assert.Throws<ArgumentNullException>(() => x.Apply(null!));

        Assert.Contains("'hypot' takes two inputs; 1 given.", oneForTwo.Message);
        Assert.Contains("'softplus' takes one input; 2 given.", twoForOne.Message);
        Assert.Equal("operation", oneForTwo.ParamName);
        Assert.Equal("operation", twoForOne.ParamName);
        Assert.Equal("other", noOther.ParamName);
        Assert.Equal("operation", noOp.ParamName);
    }

    [Fact]
    public void Binary_NullDerivatives_IsRefusedNamingThem()
    {
        var e = Assert.Throws<ArgumentNullException>(() => CustomOp.Binary("f", (a, b) => a, null!));

        Assert.Equal("derivatives", e.ParamName);
    }

    [Fact]
    public void Node_OfAValue_ReportsTheValuesLabelAndTag()
    {
        var a = new Value(2.0, "a");
        var e = a * a;
        e.Label = "e";

        Assert.Equal("a", a.Node.Label);
        Assert.Equal("e", e.Node.Label);
        Assert.Same(e, e.Node.Tag);
        Assert.Null(Node.Leaf(1.0).Tag);
    }
}
