using Micrograd.Core.Data;

namespace Micrograd.Demo.Tests;

public sealed class TrainingRunTests
{
    private static readonly IReadOnlyList<Sample> Data = Moons.Generate(30, 0.1, 7);

    [Fact]
    public void Train_MinibatchesOnEveryEngine_LogTheSameNumbers()
    {
        var logs = Enum.GetValues<Engine>()
            .Select(e => TrainingRun.Train(Data, new TrainingOptions(e, Steps: 4, Seed: 3, BatchSize: 10)).Log)
            .ToArray();

        Assert.All(logs, log => Assert.Equal(logs[0], log));
        Assert.Equal([0, 1, 2, 3], logs[0].Select(r => r.Step));
        Assert.Equal(0.32499999999999996, logs[0][3].LearningRate); // Python: 1.0 - 0.9 * 3 / 4
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    public void Train_BatchSizeOutsideTheData_IsRejected(int size)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            TrainingRun.Train(Data, new TrainingOptions(Engine.Facade, 1, 1, size)));

        Assert.Equal("options", e.ParamName);
    }
}
