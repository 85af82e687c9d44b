using Micrograd.Core;
using Micrograd.Core.Data;
using Micrograd.Core.Nn;

namespace Micrograd.CSharp.Tests;

public sealed class TrainerBadInputTests
{
    private static Mlp Binary() => Mlp.Create(2, [3, 1], new PythonRandom(1));

    private static Mlp ThreeClasses() => Mlp.Create(2, [3, 3], new PythonRandom(1));

    private static readonly Example[] Points = [Example.Create([0.5, 1.0], 1.0), Example.Create([-0.5, 0.0], -1.0)];

    public static TheoryData<TrainerOptions> BadOptions() =>
    [
        new TrainerOptions { Steps = 0 },
        new TrainerOptions { Epochs = 0 },
        new TrainerOptions { BatchSize = 0 },
        new TrainerOptions { L2 = -1e-4 },
        new TrainerOptions { L2 = double.NaN },
        new TrainerOptions { Engine = (Engine)7 },
        new TrainerOptions { Optimizer = (OptimizerKind)7 },
        new TrainerOptions { Loss = (LossKind)7 },
        new TrainerOptions { Sgd = new SgdOptions(-0.5, 0.0, false, 0.0) },
        new TrainerOptions { Adam = new AdamOptions(1.0, 0.999, 1e-8, 0.0) },
    ];

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Constructor_OptionOutOfRange_ThrowsNamingOptions(TrainerOptions options)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(Binary(), options));
        Assert.Equal("options", e.ParamName);
    }

    [Fact]
    public void Constructor_NullModel_ThrowsNamingModel() =>
        Assert.Equal("model", Assert.Throws<ArgumentNullException>(() => new Trainer(null!)).ParamName);

    [Fact]
    public void Constructor_MaxMarginWithThreeOutputs_ThrowsSayingToUseCrossEntropy()
    {
        var e = Assert.Throws<ArgumentException>(() => new Trainer(ThreeClasses()));
        Assert.Equal("options", e.ParamName);
        Assert.Contains("CrossEntropy", e.Message);
    }

    [Fact]
    public void Constructor_NesterovWithoutMomentum_ThrowsNamingOptions() =>
        Assert.Equal("options", Assert.Throws<ArgumentException>(
            () => new Trainer(Binary(), new TrainerOptions { Sgd = new SgdOptions(0.0, 0.0, true, 0.0) })).ParamName);

    [Fact]
    public void Constructor_StateOfAnotherOptimizer_ThrowsNamingOptions()
    {
        var state = Core.Nn.Adam.Init(Binary().Parameters.Count);
        var e = Assert.Throws<ArgumentException>(() => new Trainer(Binary(), new TrainerOptions { OptimizerState = state }));
        Assert.Equal("options", e.ParamName);
    }

    [Fact]
    public void Constructor_StateOfAnotherSize_ThrowsNamingOptions()
    {
        var state = Core.Nn.Sgd.Init(3);
        var e = Assert.Throws<ArgumentException>(() => new Trainer(Binary(), new TrainerOptions { OptimizerState = state }));
        Assert.Equal("options", e.ParamName);
    }

    [Fact]
    public void Run_BadData_ThrowsNamingDataAndTheExample()
    {
        var trainer = new Trainer(Binary());
        Assert.Equal("data", Assert.Throws<ArgumentNullException>(() => trainer.Run(null!)).ParamName);
        Assert.Equal("data", Assert.Throws<ArgumentException>(() => trainer.Run([])).ParamName);
        var wrongWidth = Assert.Throws<ArgumentException>(() => trainer.Run([Example.Create([1.0], 1.0)]));
        Assert.Contains("data[0] has 1 features; the network takes 2 inputs", wrongWidth.Message);
        var wrongLabel = Assert.Throws<ArgumentException>(() => trainer.Run([Points[0], Example.Create([1.0, 2.0], 0.0)]));
        Assert.Contains("data[1] has label 0; the max-margin loss expects -1 or +1", wrongLabel.Message);
    }

    [Fact]
    public void Run_ClassOutOfRange_ThrowsNamingTheExample()
    {
        var trainer = new Trainer(ThreeClasses(), new TrainerOptions { Loss = LossKind.CrossEntropy });
        var e = Assert.Throws<ArgumentException>(() => trainer.Run([Example.OfClass([0.0, 1.0], 3)]));
        Assert.Equal("data", e.ParamName);
        Assert.Contains("expects a class index from 0 to 2", e.Message);
    }

    [Theory]
    [InlineData(LossKind.Mse, "The mean squared error scores one output per example; the network has 3.")]
    [InlineData(LossKind.BinaryCrossEntropy, "Binary cross-entropy scores one output per example; the network has 3.")]
    public void Constructor_OneOutputLossWithThreeOutputs_ThrowsNamingTheLoss(LossKind loss, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => new Trainer(ThreeClasses(), new TrainerOptions { Loss = loss }));
        Assert.Equal("options", e.ParamName);
        Assert.StartsWith(message, e.Message);
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(-1.0)]
    public void Run_BinaryCrossEntropyLabelNotAProbability_ThrowsNamingTheExample(double label)
    {
        var trainer = new Trainer(Binary(), new TrainerOptions { Loss = LossKind.BinaryCrossEntropy });
        var e = Assert.Throws<ArgumentException>(() => trainer.Run([Example.Create([0.0, 1.0], 1.0), Example.Create([1.0, 2.0], label)]));
        Assert.Equal("data", e.ParamName);
        Assert.Contains("data[1] has label", e.Message);
        Assert.Contains("binary cross-entropy expects a probability from 0 to 1", e.Message);
    }

    [Fact]
    public void Run_BatchLargerThanTheData_ThrowsNamingBatchSize()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(Binary(), new TrainerOptions { BatchSize = 3 }).Run(Points));
        Assert.Equal("BatchSize", e.ParamName);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-0.1)]
    [InlineData(double.PositiveInfinity)]
    public void Run_ScheduleGivesABadRate_ThrowsNamingSchedule(double rate)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(
            () => new Trainer(Binary(), new TrainerOptions { Schedule = _ => rate }).Run(Points));
        Assert.Equal("Schedule", e.ParamName);
    }

    [Fact]
    public void Run_EpochsBeyondIntMaxValueSteps_ThrowsNamingEpochs()
    {
        var data = Enumerable.Range(0, 4).Select(i => Example.Create([i, 0.0], 1.0)).ToArray();
        var e = Assert.Throws<ArgumentOutOfRangeException>(
            () => new Trainer(Binary(), new TrainerOptions { Epochs = int.MaxValue, BatchSize = 1 }).Run(data));
        Assert.Equal("Epochs", e.ParamName);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-1.0)]
    public void Step_BadLearningRate_ThrowsNamingLearningRate(double rate) =>
        Assert.Equal("learningRate", Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(Binary()).Step(Points, rate)).ParamName);

    [Fact]
    public void Step_TapeGivenAnotherBatchSize_ThrowsNamingBatch()
    {
        var trainer = new Trainer(Binary(), new TrainerOptions { Engine = Engine.Tape });
        trainer.Step(Points, 0.1);
        var e = Assert.Throws<ArgumentException>(() => trainer.Step([Points[0]], 0.1));
        Assert.Equal("batch", e.ParamName);
        Assert.Contains("compiled for batches of 2 examples; this one has 1", e.Message);
    }
}
