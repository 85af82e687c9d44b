using Micrograd.Core;

namespace Micrograd.CSharp.Tests;

public class LayerTests
{
    [Fact]
    public void Constructor_PythonRandom1337_DrawsNeuronByNeuron()
    {
        // python3 -c "import random; random.seed(1337); print([repr(random.uniform(-1, 1)) for _ in range(4)])"
        var layer = new Layer(2, 2, new PythonRandom(1337));

        Assert.Equal([0.23550571390294128, 0.06653114721000164], layer.Neurons[0].Weights.Select(w => w.Data));
        Assert.Equal([-0.26830328150124894, 0.1715747078045431], layer.Neurons[1].Weights.Select(w => w.Data));
    }

    [Fact]
    public void Constructor_NoNeurons_ThrowsArgumentOutOfRangeExceptionForNout()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Layer(2, 0));

        Assert.Equal("nout", e.ParamName);
        Assert.StartsWith("A layer needs at least one neuron.", e.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Constructor_NoInputs_ThrowsArgumentOutOfRangeExceptionForNin(int nin)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Layer(nin, 2));

        Assert.Equal("nin", e.ParamName);
        Assert.StartsWith("A layer needs at least one input.", e.Message);
    }

    [Fact]
    public void Constructor_UndefinedNonlinearity_ThrowsArgumentOutOfRangeExceptionForNonlinearity()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Layer(2, 3, nonlinearity: (Nonlinearity)42));

        Assert.Equal("nonlinearity", e.ParamName);
        Assert.StartsWith("Expected Linear, ReLU or Tanh.", e.Message);
    }

    [Fact]
    public void Parameters_Always_NeuronByNeuronWeightsThenBias()
    {
        var layer = new Layer(3, 4);

        var expected = layer.Neurons.SelectMany(n => n.Weights.Append(n.Bias)).ToList();

        Assert.Equal(4 * (3 + 1), layer.Parameters().Count);
        Assert.All(layer.Parameters().Zip(expected), p => Assert.Same(p.Second, p.First));
    }

    [Fact]
    public void Forward_Always_OneOutputPerNeuronEvenForOne()
    {
        Assert.Equal(3, new Layer(2, 3).Forward([1.0, 2.0]).Count);
        Assert.Single(new Layer(2, 1).Forward([1.0, 2.0]));
    }

    [Fact]
    public void Forward_Always_EachOutputIsItsNeuronsOutput()
    {
        var layer = new Layer(2, 3, new PythonRandom(7), Nonlinearity.Tanh, randomBias: true);
        Value[] x = [0.5, -1.5];

        var outputs = layer.Forward(x);

        Assert.Equal(layer.Neurons.Select(n => n.Forward(x).Data), outputs.Select(o => o.Data));
    }

    [Fact]
    public void Forward_WrongNumberOfInputs_ThrowsArgumentExceptionWithExpectedAndGot()
    {
        var e = Assert.Throws<ArgumentException>(() => new Layer(3, 2).Forward([1.0]));

        Assert.Equal("x", e.ParamName);
        Assert.StartsWith("Expected 3 inputs, got 1.", e.Message);
    }

    [Fact]
    public void Forward_NullInput_ThrowsArgumentNullExceptionNamingItsPosition()
    {
        var e = Assert.Throws<ArgumentNullException>(() => new Layer(2, 3).Forward([null!, new Value(1.0)]));

        Assert.Equal("x", e.ParamName);
        Assert.StartsWith("x[0] is null; expected a value.", e.Message);
    }

    [Fact]
    public void ToString_Always_IsMicrogradsRepr()
    {
        Assert.Equal("Layer of [ReLUNeuron(2), ReLUNeuron(2)]", new Layer(2, 2).ToString());
        Assert.Equal("Layer of [LinearNeuron(16)]", new Layer(16, 1, nonlinearity: Nonlinearity.Linear).ToString());
        Assert.Equal("Layer of [TanhNeuron(3)]", new Layer(3, 1, nonlinearity: Nonlinearity.Tanh).ToString());
    }
}
