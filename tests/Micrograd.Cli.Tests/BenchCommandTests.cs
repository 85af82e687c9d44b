namespace Micrograd.Cli.Tests;

public sealed class BenchCommandTests : IDisposable
{
    private readonly CliRunner _runner = new();

    public void Dispose() => _runner.Dispose();

    [Fact]
    public void Bench_SmallestSizes_PrintsEveryWorkloadAndTargetAndThePlot()
    {
        // Checks what is printed, never how fast: the machine may be busy.
        var plot = _runner.PathOf("scaling.png");

        var result = CliRunner.Run("bench", "--max-nodes", "10000", "--runs", "1", "--plot", plot);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        foreach (var text in new[] { "load average", "facade", "functional", "tape", "hand-written", "chain", "sum", "random DAG", "10,000" })
        {
            Assert.Contains(text, result.Output);
        }
        Assert.DoesNotContain("100,000 ", result.Output.Split("random DAG")[0]); // W2 stops at --max-nodes
        // One verdict per target: three step times, two ratios and the tape's allocation (W1); a
        // scaling ratio per shape and way of sorting (depth first, replayed) and two allocation
        // bounds (W2, W3).
        Assert.Contains("replayed", result.Output);
        Assert.Equal(12, result.Output.Split('\n').Count(l => l.StartsWith("met ", StringComparison.Ordinal) || l.StartsWith("MISSED", StringComparison.Ordinal)));
        Assert.True(File.ReadAllBytes(plot).Length > 1000);
    }

    [Fact]
    public void Bench_MaxNodesNotAPowerOfTen_IsRejected()
    {
        var result = CliRunner.Run("bench", "--max-nodes", "5000");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("5000", result.Error);
    }
}
