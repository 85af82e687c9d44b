using Micrograd.Core;
using Micrograd.Core.Data;
using Micrograd.Core.Nn;

namespace Micrograd.Demo.Tests;

public sealed class TrainerTests
{
    private static readonly IReadOnlyList<Sample> Data = Moons.Generate(20, 0.1, 3);

    [Fact]
    public void Scorer_AfterTheSameSteps_IsTheSameOnBothEngines()
    {
        var facade = Engines.Create(Engine.Facade, new PythonRandom(1337));
        var functional = Engines.Create(Engine.Functional, new PythonRandom(1337));
        for (var k = 0; k < 3; k++)
        {
            Assert.Equal(facade.Step(Data, Schedules.LinearDecay(k, 3)), functional.Step(Data, Schedules.LinearDecay(k, 3)));
        }

        var (a, b) = (facade.Scorer(), functional.Scorer());

        foreach (var (x, y) in new[] { (0.0, 0.0), (-1.5, 2.25), (3.0, -1.0), (0.5, 0.25) })
        {
            Assert.Equal(a(x, y), b(x, y));
        }
    }

    [Fact]
    public void Scorer_OnTheTrainingPoints_AgreesWithTheNextStepsAccuracy()
    {
        var trainer = Engines.Create(Engine.Facade, new PythonRandom(1337));
        trainer.Step(Data, 1.0);
        var score = trainer.Scorer();
        var correct = Data.Count(s => Core.Nn.Losses.IsCorrect(s.Label, score(s.X, s.Y)));

        var next = trainer.Step(Data, 0.5);

        Assert.Equal((double)correct / Data.Count, next.Accuracy);
    }

    [Fact]
    public void ParameterCount_DemoNetwork_Is337()
    {
        Assert.Equal(337, Engines.Create(Engine.Facade, new PythonRandom(1)).ParameterCount);
        Assert.Equal(337, Engines.Create(Engine.Functional, new PythonRandom(1)).ParameterCount);
    }

    [Theory]
    [InlineData(0, 100, 1.0)]
    [InlineData(50, 100, 0.55)]
    [InlineData(99, 100, 0.10899999999999987)]
    public void LearningRate_IsTheDemosSchedule(int step, int steps, double expected)
    {
        Assert.Equal(expected, Schedules.LinearDecay(step, steps));
    }
}
