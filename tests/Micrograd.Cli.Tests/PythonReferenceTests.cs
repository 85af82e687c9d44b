namespace Micrograd.Cli.Tests;

/// <summary>
/// `micrograd moons` against micrograd's own demo: python/micrograd_demo.py (micrograd's engine, nn
/// and demo loop in plain Python) was run on python/moons.csv, and its printed log committed next
/// to it. Losses must agree to 1e-12 relative, accuracies and learning rates exactly.
/// </summary>
public sealed class PythonReferenceTests : IDisposable
{
    private const double Tolerance = 1e-12;

    private readonly CliRunner _runner = new();

    public void Dispose() => _runner.Dispose();

    private static string Reference(string name) => Path.Combine(AppContext.BaseDirectory, "python", name);

    private IReadOnlyList<LogRow> Train(params string[] options)
    {
        var log = _runner.PathOf("log.csv");
        var result = CliRunner.Run(["moons", "--data", Reference("moons.csv"), "--log", log, "--out", _runner.PathOf("out"), .. options]);
        Assert.True(result.ExitCode == 0, result.Error);
        return LogFile.Read(log);
    }

    private static double AssertSameLog(IReadOnlyList<LogRow> expected, IReadOnlyList<LogRow> actual, double tolerance)
    {
        Assert.Equal(expected.Count, actual.Count);
        var worst = 0.0;
        for (var i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            Assert.Equal(e.Step, a.Step);
            Assert.Equal(e.LearningRate, a.LearningRate);
            Assert.True(e.Accuracy == a.Accuracy, $"step {e.Step}: accuracy {a.Accuracy}, micrograd {e.Accuracy}");
            var relative = Math.Abs(a.Loss - e.Loss) / Math.Abs(e.Loss);
            Assert.True(relative <= tolerance, $"step {e.Step}: loss {a.Loss:R}, micrograd {e.Loss:R} (relative difference {relative:E2})");
            worst = Math.Max(worst, relative);
        }
        return worst;
    }

    [Theory]
    [InlineData("facade")]
    [InlineData("functional")]
    public void Moons_HundredFullBatchSteps_MatchMicrogradsDemo(string engine)
    {
        var expected = LogFile.Read(Reference("demo_full_batch.csv"));

        var actual = Train("--steps", "100", "--engine", engine);

        AssertSameLog(expected, actual, Tolerance);
    }

    [Fact]
    public void Moons_HundredFullBatchSteps_EqualMicrogradWithOrderedInputsBitForBit()
    {
        // micrograd keeps a value's inputs in a set, so the order in which it adds up gradients
        // depends on memory addresses; in operand order (as the .NET core sorts) it is the same
        // arithmetic, and every number equals.
        var expected = LogFile.Read(Reference("demo_full_batch_ordered.csv"));

        var actual = Train("--steps", "100");

        AssertSameLog(expected, actual, tolerance: 0.0);
    }

    [Fact]
    public void Moons_MinibatchesOfTwenty_MatchMicrogradsDemoWithRandomShuffle()
    {
        var expected = LogFile.Read(Reference("demo_batch_20.csv"));

        var actual = Train("--steps", "30", "--batch-size", "20");

        AssertSameLog(expected, actual, Tolerance);
    }
}
