using Micrograd.Benchmarks;
using Micrograd.Core;
using Micrograd.Core.Data;
using Micrograd.Core.Nn;

namespace Micrograd.Demo.Tests.Benchmarks;

public sealed class HandWrittenTrainerTests
{
    private const double Tolerance = 1e-12;

    [Theory]
    [InlineData(1337, 100)]
    [InlineData(1337, 10)]
    [InlineData(42, 100)]
    [InlineData(7, 1)]
    public void Step_EachOfTwentySteps_GradientsEqualTheGraphsWithin1e12Relative(int seed, int batchSize)
    {
        var data = Moons.Generate(100, 0.1, seed);
        var hand = new HandWrittenTrainer(new PythonRandom(seed));
        var model = Mlp.Create(2, DemoNetwork.LayerSizes, new PythonRandom(seed));
        Assert.Equal(model.Parameters.Select(p => p.Data), hand.Parameters);

        for (var k = 0; k < 20; k++)
        {
            // A different window of the data each step, so that the ReLUs switch on and off.
            var batch = Enumerable.Range(0, batchSize).Select(i => data[(k * 13 + i) % data.Count]).ToArray();
            var current = model.WithParameters([.. hand.Parameters]);
            var graph = DemoLossGraph.Build(current, batch);
            var gradients = Backprop.Gradients(graph.Loss);

            var result = hand.Step(batch, Schedules.LinearDecay(k, 20));

            AssertClose(graph.Loss.Data, result.Loss, $"loss at step {k}");
            for (var j = 0; j < current.Parameters.Count; j++)
            {
                AssertClose(gradients[current.Parameters[j]], hand.Gradients[j], $"gradient of parameter {j} at step {k}");
            }
        }
    }

    [Fact]
    public void Score_AfterTraining_IsTheFacadeModelsScore()
    {
        var data = Moons.Generate(100, 0.1, 1337);
        var hand = new HandWrittenTrainer(new PythonRandom(1337));
        var facade = new FacadeTrainer(new PythonRandom(1337));
        for (var k = 0; k < 5; k++)
        {
            hand.Step(data, Schedules.LinearDecay(k, 5));
            facade.Step(data, Schedules.LinearDecay(k, 5));
        }

        foreach (var (x, y) in new[] { (0.0, 0.0), (1.5, -0.5), (-1.0, 1.0) })
        {
            AssertClose(facade.Scorer()(x, y), hand.Scorer()(x, y), $"score at ({x}, {y})");
        }
    }

    private static void AssertClose(double expected, double actual, string what) =>
        Assert.True(
            Math.Abs(expected - actual) <= Tolerance * Math.Abs(expected),
            $"{what}: the graph gives {expected:R}, the hand-written step {actual:R}");
}
