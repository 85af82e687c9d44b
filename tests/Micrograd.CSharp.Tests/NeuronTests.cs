using Micrograd.Core;

namespace Micrograd.CSharp.Tests;

public class NeuronTests
{
    // python3 -c "import random; random.seed(1337); print([repr(random.uniform(-1, 1)) for _ in range(3)])"
    private const double U0 = 0.23550571390294128;
    private const double U1 = 0.06653114721000164;
    private const double U2 = -0.26830328150124894;

    [Fact]
    public void Constructor_PythonRandom1337_WeightsAreMicrogradsUniformDrawsAndBiasIsZero()
    {
        var neuron = new Neuron(2, new PythonRandom(1337));

        Assert.Equal([U0, U1], neuron.Weights.Select(w => w.Data));
        Assert.Equal(0.0, neuron.Bias.Data);
    }

    [Fact]
    public void Constructor_NoRandom_UsesPythonRandom1337()
    {
        Assert.Equal([U0, U1], new Neuron(2).Weights.Select(w => w.Data));
    }

    [Fact]
    public void Constructor_RandomBias_DrawsTheBiasAfterTheWeights()
    {
        var neuron = new Neuron(2, new PythonRandom(1337), randomBias: true);

        Assert.Equal([U0, U1], neuron.Weights.Select(w => w.Data));
        Assert.Equal(U2, neuron.Bias.Data);
    }

    [Fact]
    public void Constructor_NoInputs_ThrowsArgumentOutOfRangeExceptionForNin()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Neuron(0));

        Assert.Equal("nin", e.ParamName);
        Assert.StartsWith("A neuron needs at least one input.", e.Message);
    }

    [Fact]
    public void Constructor_UndefinedNonlinearity_ThrowsArgumentOutOfRangeExceptionForNonlinearity()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Neuron(2, nonlinearity: (Nonlinearity)42));

        Assert.Equal("nonlinearity", e.ParamName);
        Assert.StartsWith("Expected Linear, ReLU or Tanh.", e.Message);
    }

    [Fact]
    public void Parameters_Always_WeightsThenBias()
    {
        var neuron = new Neuron(3);

        Assert.Equal([.. neuron.Weights, neuron.Bias], neuron.Parameters());
        Assert.All(neuron.Parameters().Zip([.. neuron.Weights, neuron.Bias]), p => Assert.Same(p.Second, p.First));
    }

    [Fact]
    public void Forward_Linear_IsBiasPlusWeightedInputsLeftToRight()
    {
        var neuron = Set(new Neuron(2, nonlinearity: Nonlinearity.Linear), [2.0, -3.0], 0.5);

        var y = neuron.Forward([1.0, 4.0]);

        Assert.Equal(0.5 + 2.0 * 1.0 - 3.0 * 4.0, y.Data);
        Assert.Equal("+", y.Op);
        Assert.Same(neuron.Bias, y.Children[0].Children[0]); // (b + w0·x0) + w1·x1
    }

    [Fact]
    public void Forward_ReLU_ClipsANegativeSumToZero()
    {
        var neuron = Set(new Neuron(2), [2.0, -3.0], 0.5);

        Assert.Equal(0.0, neuron.Forward([1.0, 4.0]).Data);
        Assert.Equal(14.5, neuron.Forward([1.0, -4.0]).Data);
        Assert.Equal("ReLU", neuron.Forward([1.0, -4.0]).Op);
    }

    [Fact]
    public void Forward_Tanh_AppliesTanhToTheSum()
    {
        var neuron = Set(new Neuron(2, nonlinearity: Nonlinearity.Tanh), [2.0, -3.0], 0.5);

        var y = neuron.Forward([1.0, 1.0]);

        Assert.Equal("tanh", y.Op);
        Assert.Equal(Math.Tanh(-0.5), y.Data);
    }

    [Fact]
    public void Backward_ThroughForward_GradsOfWeightsAreTheInputs()
    {
        var neuron = Set(new Neuron(2, nonlinearity: Nonlinearity.Linear), [2.0, -3.0], 0.5);
        var x = new Value[] { 1.5, -4.0 };

        neuron.Forward(x).Backward();

        Assert.Equal([1.5, -4.0, 1.0], neuron.Parameters().Select(p => p.Grad));
        Assert.Equal([2.0, -3.0], x.Select(v => v.Grad));
    }

    [Fact]
    public void Forward_WrongNumberOfInputs_ThrowsArgumentExceptionWithExpectedAndGot()
    {
        var neuron = new Neuron(2);

        var e = Assert.Throws<ArgumentException>(() => neuron.Forward([1.0, 2.0, 3.0]));

        Assert.Equal("x", e.ParamName);
        Assert.Contains("Expected 2 inputs, got 3", e.Message);
    }

    [Fact]
    public void Forward_Null_ThrowsArgumentNullException()
    {
        var e = Assert.Throws<ArgumentNullException>(() => new Neuron(2).Forward((IReadOnlyList<Value>)null!));

        Assert.Equal("x", e.ParamName);
        Assert.StartsWith("The inputs are null; expected a list of them.", e.Message);
    }

    [Fact]
    public void Forward_NullInput_ThrowsArgumentNullExceptionNamingItsPosition()
    {
        var e = Assert.Throws<ArgumentNullException>(() => new Neuron(2).Forward([new Value(1.0), null!]));

        Assert.Equal("x", e.ParamName);
        Assert.StartsWith("x[1] is null; expected a value.", e.Message);
    }

    [Theory]
    [InlineData(Nonlinearity.ReLU, 2, "ReLUNeuron(2)")]
    [InlineData(Nonlinearity.Linear, 16, "LinearNeuron(16)")]
    [InlineData(Nonlinearity.Tanh, 3, "TanhNeuron(3)")]
    public void ToString_Always_IsMicrogradsRepr(Nonlinearity nonlinearity, int nin, string expected)
    {
        Assert.Equal(expected, new Neuron(nin, nonlinearity: nonlinearity).ToString());
    }

    private static Neuron Set(Neuron neuron, double[] weights, double bias)
    {
        for (var i = 0; i < weights.Length; i++)
        {
            neuron.Weights[i].Data = weights[i];
        }
        neuron.Bias.Data = bias;
        return neuron;
    }
}
