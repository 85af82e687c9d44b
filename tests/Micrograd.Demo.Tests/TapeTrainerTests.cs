using Micrograd.Core;
using Micrograd.Core.Data;
using Micrograd.Core.Nn;
using Micrograd.CSharp.Tests.Support;

namespace Micrograd.Demo.Tests;

public sealed class TapeTrainerTests
{
    [Theory]
    [InlineData(100)]
    [InlineData(10)]
    public void Step_AfterTheFirst_AllocatesNothing(int batchSize)
    {
        var data = Moons.Generate(100, 0.1, 1337);
        var batches = Enumerable.Range(0, 11)
            .Select(k => Enumerable.Range(0, batchSize).Select(i => data[(k * 17 + i) % data.Count]).ToArray())
            .ToArray();
        var trainer = new TapeTrainer(new PythonRandom(1337));
        trainer.Step(batches[0], 1.0); // compiles the tape

        // An allocation count, not a time: it does not depend on the machine's load.
        var bytes = Allocations.FewestBytes(batches.Length - 1, k =>
            trainer.Step(batches[k + 1], Schedules.LinearDecay(k + 1, batches.Length)));

        Assert.Equal(0L, bytes);
    }

    [Fact]
    public void Step_BatchOfAnotherSize_IsRejected()
    {
        var data = Moons.Generate(20, 0.1, 1);
        var trainer = new TapeTrainer(new PythonRandom(1));
        trainer.Step(data.Take(10).ToArray(), 1.0);

        var e = Assert.Throws<ArgumentException>(() => trainer.Step(data.Take(11).ToArray(), 1.0));
        Assert.Contains("10", e.Message);
    }

    [Fact]
    public void Score_AfterTraining_IsTheFunctionalModelsScoreBitForBit()
    {
        var data = Moons.Generate(100, 0.1, 1337);
        var tape = new TapeTrainer(new PythonRandom(1337));
        var functional = new FunctionalTrainer(new PythonRandom(1337));
        Assert.Equal(functional.Scorer()(0.5, 0.5), tape.Scorer()(0.5, 0.5)); // before any step

        for (var k = 0; k < 5; k++)
        {
            Assert.Equal(functional.Step(data, Schedules.LinearDecay(k, 5)), tape.Step(data, Schedules.LinearDecay(k, 5)));
        }

        foreach (var (x, y) in new[] { (0.0, 0.0), (1.5, -0.5), (-1.0, 1.0) })
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(functional.Scorer()(x, y)), BitConverter.DoubleToInt64Bits(tape.Scorer()(x, y)));
        }
    }
}
