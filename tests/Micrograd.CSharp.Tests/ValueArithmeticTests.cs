using Micrograd.Core;
using Micrograd.CSharp.Tests.Support;
using CoreNeuron = Micrograd.Core.Nn.Neuron;

namespace Micrograd.CSharp.Tests;

public class ValueArithmeticTests
{
    [Fact]
    public void Operations_Always_AreValuesOperators()
    {
        var a = new ValueArithmetic();
        var x = new Value(-1.5);
        var y = new Value(2.0);

        Assert.Equal(2.5, a.Constant(2.5).Data);
        Assert.Equal("", a.Constant(2.5).Op);
        Assert.Equal([x, y], a.Add(x, y).Children);
        Assert.Equal(0.5, a.Add(x, y).Data);
        Assert.Equal([x, y], a.Multiply(x, y).Children);
        Assert.Equal(-3.0, a.Multiply(x, y).Data);
        Assert.Equal(0.0, a.Relu(x).Data);
        Assert.Equal(Math.Tanh(-1.5), a.Tanh(x).Data);
        Assert.Equal(-1.5, a.Data(x));
    }

    [Fact]
    public void Activate_TanhNeuron_IsTanhOfBiasPlusWeightTimesInputLeftToRight()
    {
        var w = new[] { new Value(0.5), new Value(-3.0) };
        var b = new Value(0.25);
        var x = new[] { new Value(2.0), new Value(0.125) };

        var output = CoreNeuron.Activate(new ValueArithmetic(), w, b, x, Nonlinearity.Tanh);

        var act = output.Children[0];
        Assert.Equal("tanh", output.Op);
        Assert.Same(w[1], act.Children[1].Children[0]);
        Assert.Same(x[1], act.Children[1].Children[1]);
        Assert.Same(b, act.Children[0].Children[0]);
        Bits.AssertSame(Math.Tanh((0.25 + 0.5 * 2.0) + -3.0 * 0.125), output.Data);
    }
}
