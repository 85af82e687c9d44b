using Micrograd.Core;

namespace Micrograd.CSharp.Tests;

public class MLPTests
{
    // The lecture's data set: four samples, three inputs each, targets ±1.
    private static readonly double[][] Xs = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]];
    private static readonly double[] Ys = [1.0, -1.0, -1.0, 1.0];

    [Theory]
    [InlineData(3, new[] { 4, 4, 1 }, 41)]   // 4·(3+1) + 4·(4+1) + 1·(4+1)
    [InlineData(2, new[] { 16, 16, 1 }, 337)] // 16·(2+1) + 16·(16+1) + 1·(16+1)
    public void Parameters_Always_CountsWeightsAndBiases(int nin, int[] nouts, int expected)
    {
        Assert.Equal(expected, new MLP(nin, nouts).Parameters().Count);
        Assert.Equal(expected, MLP.Lecture(nin, nouts).Parameters().Count);
    }

    [Fact]
    public void Parameters_Always_LayerByLayerNeuronByNeuronWeightsThenBias()
    {
        var model = new MLP(3, [4, 4, 1]);

        var expected = model.Layers.SelectMany(l => l.Neurons).SelectMany(n => n.Weights.Append(n.Bias)).ToList();

        Assert.All(model.Parameters().Zip(expected), p => Assert.Same(p.Second, p.First));
        Assert.Equal(expected.Count, model.Parameters().Count);
    }

    [Fact]
    public void Constructor_PythonRandom1337_FirstWeightsAreMicrogradsAndBiasesZero()
    {
        // micrograd's nn.MLP(2, [16, 16, 1]) after random.seed(1337), run with python3: parameters
        // [0], [1], [2] and [-2] are 0.23550571390294128, 0.06653114721000164, 0, -0.2532524374373504.
        var ps = new MLP(2, [16, 16, 1], new PythonRandom(1337)).Parameters();

        Assert.Equal(0.23550571390294128, ps[0].Data);
        Assert.Equal(0.06653114721000164, ps[1].Data);
        Assert.Equal(-0.2532524374373504, ps[^2].Data);
        Assert.All(new MLP(2, [16, 16, 1]).Layers.SelectMany(l => l.Neurons), n => Assert.Equal(0.0, n.Bias.Data));
    }

    [Fact]
    public void Lecture_PythonRandom0_BiasIsDrawnAfterTheWeights()
    {
        // python3 -c "import random; random.seed(0); print([repr(random.uniform(-1, 1)) for _ in range(4)])"
        // gives the first neuron's three weights and then its bias -0.4821664994140733.
        var lecture = MLP.Lecture(3, [4, 4, 1], new PythonRandom(0)).Parameters();
        var randomBias = new MLP(3, [4, 4, 1], new PythonRandom(0), Nonlinearity.Tanh, Nonlinearity.Tanh, randomBias: true).Parameters();

        Assert.Equal(-0.4821664994140733, lecture[3].Data);
        Assert.Equal(lecture.Select(p => p.Data), randomBias.Select(p => p.Data));
    }

    [Fact]
    public void Forward_PythonRandom1337_EqualsMicrogradsOutput()
    {
        // micrograd's nn.MLP(2, [16, 16, 1]) after random.seed(1337), called on [0.5, -1.0] with
        // python3: -0.6662156889793147. Only + and * and ReLU, in the same order: equal to the bit.
        var model = new MLP(2, [16, 16, 1], new PythonRandom(1337));

        Assert.Equal(-0.6662156889793147, model.Forward(0.5, -1.0)[0].Data);
    }

    [Fact]
    public void Forward_LecturePythonRandom0_FirstLossEqualsTheLecturesInPython()
    {
        // The lecture's MLP(3, [4, 4, 1]) after random.seed(0), run with python3: the first
        // prediction -0.9119817024497697 and the first loss 7.729794845790028 (tanh and pow come
        // from the platform's libm in both, so allow a few ulps).
        var model = MLP.Lecture(3, [4, 4, 1], new PythonRandom(0));

        Assert.Equal(-0.9119817024497697, model.Forward(Xs[0])[0].Data, 1e-14);
        Assert.Equal(7.729794845790028, Loss(model).Data, 1e-13);
    }

    [Fact]
    public void Forward_Always_ReturnsAListEvenForOneOutput()
    {
        Assert.Single(new MLP(2, [3, 1]).Forward(1.0, 2.0));
        Assert.Equal(3, new MLP(2, [3]).Forward(1.0, 2.0).Count);
    }

    [Fact]
    public void Forward_Values_GradientsReachTheInputs()
    {
        var model = new MLP(2, [3, 1], new PythonRandom(3), Nonlinearity.Tanh);
        Value[] x = [0.5, -1.0];

        model.Forward(x)[0].Backward();

        Assert.All(x, v => Assert.NotEqual(0.0, v.Grad));
    }

    [Fact]
    public void Forward_WrongNumberOfInputs_ThrowsArgumentExceptionWithExpectedAndGot()
    {
        var model = new MLP(3, [4, 1]);

        var e = Assert.Throws<ArgumentException>(() => model.Forward(1.0, 2.0));

        Assert.Equal("x", e.ParamName);
        Assert.StartsWith("Expected 3 inputs, got 2.", e.Message);
    }

    [Fact]
    public void Forward_Null_ThrowsArgumentNullException()
    {
        var model = new MLP(3, [4, 1]);

        Assert.Throws<ArgumentNullException>(() => model.Forward((IReadOnlyList<Value>)null!));
        Assert.Throws<ArgumentNullException>(() => model.Forward((double[])null!));
    }

    [Fact]
    public void Constructor_NoLayers_ThrowsArgumentExceptionForNouts()
    {
        var empty = Assert.Throws<ArgumentException>(() => new MLP(2, []));
        var missing = Assert.Throws<ArgumentNullException>(() => new MLP(2, null!));

        Assert.Equal("nouts", empty.ParamName);
        Assert.StartsWith("Expected at least one layer size, got none.", empty.Message);
        Assert.Equal("nouts", missing.ParamName);
        Assert.StartsWith("The layer sizes are null; expected e.g. [16, 16, 1].", missing.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Constructor_NoInputs_ThrowsArgumentOutOfRangeExceptionForNin(int nin)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new MLP(nin, [4, 1]));

        Assert.Equal("nin", e.ParamName);
        Assert.StartsWith("A network needs at least one input.", e.Message);
    }

    [Fact]
    public void Constructor_LayerOfSizeZero_ThrowsArgumentOutOfRangeExceptionNamingNoutsAndThePosition()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new MLP(2, [16, 0, 1]));

        Assert.Equal("nouts", e.ParamName);
        Assert.StartsWith("Layer 1 has size 0; every layer needs at least one neuron.", e.Message);
    }

    [Fact]
    public void Constructor_OneLayerWithUndefinedHidden_ThrowsArgumentOutOfRangeExceptionForHidden()
    {
        // One layer uses only the output nonlinearity, but a hidden one that is no nonlinearity at all is still refused.
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new MLP(2, [1], hidden: (Nonlinearity)42));

        Assert.Equal("hidden", e.ParamName);
        Assert.StartsWith("Expected Linear, ReLU or Tanh.", e.Message);
    }

    [Fact]
    public void Constructor_UndefinedOutput_ThrowsArgumentOutOfRangeExceptionForOutput()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new MLP(2, [4, 1], output: (Nonlinearity)42));

        Assert.Equal("output", e.ParamName);
        Assert.StartsWith("Expected Linear, ReLU or Tanh.", e.Message);
    }

    [Fact]
    public void Forward_NullInput_ThrowsArgumentNullExceptionNamingItsPosition()
    {
        var e = Assert.Throws<ArgumentNullException>(() => new MLP(2, [4, 1]).Forward([new Value(1.0), null!]));

        Assert.Equal("x", e.ParamName);
        Assert.StartsWith("x[1] is null; expected a value.", e.Message);
    }

    [Fact]
    public void ToString_Default_IsMicrogradsRepr()
    {
        // micrograd's __repr__ of nn.MLP(3, [4, 4, 1]), printed by python3.
        Assert.Equal(
            "MLP of [Layer of [ReLUNeuron(3), ReLUNeuron(3), ReLUNeuron(3), ReLUNeuron(3)], " +
            "Layer of [ReLUNeuron(4), ReLUNeuron(4), ReLUNeuron(4), ReLUNeuron(4)], Layer of [LinearNeuron(4)]]",
            new MLP(3, [4, 4, 1]).ToString());
    }

    [Fact]
    public void ToString_Lecture_HasTanhNeuronsEverywhere()
    {
        Assert.Equal(
            "MLP of [Layer of [TanhNeuron(3), TanhNeuron(3), TanhNeuron(3), TanhNeuron(3)], " +
            "Layer of [TanhNeuron(4), TanhNeuron(4), TanhNeuron(4), TanhNeuron(4)], Layer of [TanhNeuron(4)]]",
            MLP.Lecture(3, [4, 4, 1]).ToString());
    }

    [Fact]
    public void ToString_MicrogradDemoNetwork_IsMicrogradsRepr()
    {
        var relu2 = string.Join(", ", Enumerable.Repeat("ReLUNeuron(2)", 16));
        var relu16 = string.Join(", ", Enumerable.Repeat("ReLUNeuron(16)", 16));

        Assert.Equal($"MLP of [Layer of [{relu2}], Layer of [{relu16}], Layer of [LinearNeuron(16)]]", new MLP(2, [16, 16, 1]).ToString());
    }

    // The lecture's training loop, run in python3 with micrograd for seeds 0..9: the loss falls
    // below 0.05 by step 12 at the latest, and is below 0.008 after 50 steps.
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    public void Lecture_GradientDescent_LossFallsBelowFivePercentWithinFiftySteps(int seed)
    {
        var model = MLP.Lecture(3, [4, 4, 1], new PythonRandom(seed));
        var losses = new List<double>();

        for (var step = 0; step < 50; step++)
        {
            var loss = Loss(model);
            losses.Add(loss.Data);
            if (loss.Data < 0.05)
            {
                break;
            }
            model.ZeroGrad();
            loss.Backward();
            foreach (var p in model.Parameters())
            {
                p.Data -= 0.1 * p.Grad;
            }
        }

        Assert.True(losses[^1] < 0.05, $"seed {seed}: losses {string.Join(", ", losses.Select(l => l.ToString("G4")))}");
    }

    private static Value Loss(MLP model) =>
        Value.Sum(Xs.Zip(Ys, (x, y) => (model.Forward(x)[0] - y).Pow(2)));
}
