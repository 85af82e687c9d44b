using Micrograd.Benchmarks;

namespace Micrograd.Demo.Tests.Benchmarks;

public sealed class StopwatchBenchTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "micrograd-stopwatch-tests", Guid.NewGuid().ToString("N"));

    public StopwatchBenchTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = StopwatchBench.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void Run_SmallestSizes_PrintsEveryWorkloadAndTargetAndThePlot()
    {
        // Checks what is printed, never how fast: the machine may be busy.
        var plot = Path.Combine(_folder, "scaling.png");

        var result = Run("--max-nodes", "10000", "--runs", "1", "--plot", plot);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        foreach (var text in new[] { "load average", "W1-user", "facade", "functional", "tape", "hand-written", "chain", "sum", "random DAG", "10,000" })
        {
            Assert.Contains(text, result.Output);
        }
        Assert.DoesNotContain("100,000 ", result.Output.Split("random DAG")[0]); // W2 stops at --max-nodes
        // One verdict per target: W1-user's time, its Python and hand-written ratios and its bytes
        // per node, the façade's and functional steps, the tape's ratio and allocation (W1); a
        // scaling ratio per shape and way of sorting (depth first, replayed) and two allocation
        // bounds (W2, W3).
        Assert.Contains("replayed", result.Output);
        Assert.Equal(14, result.Output.Split('\n').Count(l => l.StartsWith("met ", StringComparison.Ordinal) || l.StartsWith("MISSED", StringComparison.Ordinal)));
        Assert.True(File.ReadAllBytes(plot).Length > 1000);
    }

    [Theory]
    [InlineData("--max-nodes", "5000", "5000")]
    [InlineData("--runs", "0", "--runs")]
    [InlineData("--runs", "many", "many")]
    [InlineData("--plots", "x.png", "--plots")]
    [InlineData("--runs", null, "needs a value")]
    public void Run_BadArgument_IsAMessageAndTheUsageNotAnException(string name, string? value, string named)
    {
        var result = value is null ? Run(name) : Run(name, value);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: ", result.Error);
        Assert.Contains(named, result.Error);
        Assert.Contains("usage: stopwatch", result.Error);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public void Run_Help_PrintsTheUsageAndRunsNothing()
    {
        var result = Run("--help");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("usage: stopwatch", result.Output);
    }
}
