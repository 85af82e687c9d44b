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

    [Fact]
    public void Train_CancelledAfterTheThirdStep_KeepsThoseStepsBitForBitAndStops()
    {
        var options = new TrainingOptions(Engine.Facade, Steps: 6, Seed: 3, BatchSize: 10);
        var whole = TrainingRun.Train(Data, options).Log;
        using var cancel = new CancellationTokenSource();

        var cut = TrainingRun.Train(Data, options, r =>
        {
            if (r.Step == 2)
            {
                cancel.Cancel();
            }
        }, cancel.Token);

        Assert.True(cut.Interrupted);
        Assert.False(TrainingRun.Train(Data, options).Interrupted);
        Assert.Equal(whole.Take(3), cut.Log);
    }

    [Fact]
    public void Train_CancelledBeforeTheFirstStep_RunsNoStep()
    {
        var steps = 0;

        var result = TrainingRun.Train(Data, new TrainingOptions(Engine.Tape, 3, 1, null), _ => steps++, new CancellationToken(canceled: true));

        Assert.True(result.Interrupted);
        Assert.Empty(result.Log);
        Assert.Equal(0, steps);
    }

    [Fact]
    public void Train_MaximalStepCount_IsAcceptedWithoutReservingItsLog()
    {
        // int.MaxValue steps used to allocate the whole log (about 50 GB) before the first step.
        using var cancel = new CancellationTokenSource();

        var result = TrainingRun.Train(Data, new TrainingOptions(Engine.Facade, int.MaxValue, 1, 5), _ => cancel.Cancel(), cancel.Token);

        Assert.True(result.Interrupted);
        Assert.Single(result.Log);
    }
}
