using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Micrograd.Cli.Tests;

/// <summary>
/// Ctrl-C during training: "interrupted at step N" where N is the step that did not run (so steps
/// 0 to N-1 finished, and the log has N rows), the log of those steps, nothing else, exit 130.
/// </summary>
public sealed class InterruptTests : IDisposable
{
    private readonly CliRunner _runner = new();

    public void Dispose() => _runner.Dispose();

    /// <summary>Cancels a token once the given number of step lines have been written through it.</summary>
    private sealed class CancelAfterSteps(int steps, CancellationTokenSource cancel) : StringWriter
    {
        private int _seen;

        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value is not null && value.StartsWith("step ", StringComparison.Ordinal) && ++_seen == steps)
            {
                cancel.Cancel();
            }
        }
    }

    private string[] Moons(int steps) =>
        ["moons", "--steps", steps.ToString(CultureInfo.InvariantCulture), "--log", _runner.PathOf("log.csv"),
            "--save-data", _runner.PathOf("data.csv"), "--out", _runner.PathOf("out")];

    [Fact]
    public void Run_CancelledAfterThreeSteps_KeepsTheirLogAndExits130()
    {
        using var cancel = new CancellationTokenSource();
        using var output = new CancelAfterSteps(3, cancel);

        var result = CliRunner.Run(output, cancel.Token, Moons(1000));

        Assert.Equal(130, result.ExitCode);
        Assert.Equal("interrupted at step 3", result.Error.TrimEnd());
        var rows = LogFile.Read(_runner.PathOf("log.csv"));
        Assert.Equal([0, 1, 2], rows.Select(r => r.Step));
        // Python: [1.0 - 0.9*k/1000 for k in range(3)]
        Assert.Equal([1.0, 0.9991, 0.9982], rows.Select(r => r.LearningRate));
        // Only the log: no pictures of a half-trained model, no saved data, no temporary files.
        Assert.Equal(["log.csv"], _runner.Contents());
        Assert.Contains($"wrote {_runner.PathOf("log.csv")}", result.Output);
    }

    [Fact]
    public void Run_CancelledBeforeTheFirstStep_WritesTheHeaderOnlyLog()
    {
        var result = CliRunner.Run(new CancellationToken(canceled: true), Moons(5));

        Assert.Equal(130, result.ExitCode);
        Assert.Equal("interrupted at step 0", result.Error.TrimEnd());
        Assert.Equal("step,loss,accuracy,learning_rate\n", File.ReadAllText(_runner.PathOf("log.csv")));
        Assert.Equal(["log.csv"], _runner.Contents());
    }

    [Fact]
    public void Run_CancelledWithoutLog_WritesNothing()
    {
        var result = CliRunner.Run(new CancellationToken(canceled: true), "moons", "--steps", "5", "--out", _runner.PathOf("out"));

        Assert.Equal(130, result.ExitCode);
        Assert.Equal("interrupted at step 0", result.Error.TrimEnd());
        Assert.Empty(_runner.Contents());
    }

    [Fact]
    public async Task Process_SentSigint_PrintsTheStepKeepsTheLogAndExits130()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // No SIGINT to send from outside on Windows; the in-process tests cover the logic.
        }
        var program = Path.Combine(AppContext.BaseDirectory, "micrograd.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(program);
        foreach (var arg in Moons(100_000))
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = new StringBuilder();
        var stepLines = 0;
        try
        {
            while (stepLines < 3 && process.StandardOutput.ReadLine() is { } line)
            {
                output.AppendLine(line);
                stepLines += line.StartsWith("step ", StringComparison.Ordinal) ? 1 : 0;
            }
            Assert.Equal(3, stepLines);
            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                kill.WaitForExit();
                Assert.Equal(0, kill.ExitCode);
            }
            output.Append(await process.StandardOutput.ReadToEndAsync());
            using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(patience.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }

        Assert.Equal(130, process.ExitCode);
        var rows = LogFile.Read(_runner.PathOf("log.csv"));
        Assert.True(rows.Count >= 3, $"only {rows.Count} rows");
        Assert.Equal(Enumerable.Range(0, rows.Count), rows.Select(r => r.Step));
        // The interrupted step is the first that is not in the log, and every logged step was printed.
        Assert.Equal($"interrupted at step {rows.Count}", (await errors).TrimEnd());
        var printed = output.ToString().Split('\n').Count(l => l.StartsWith("step ", StringComparison.Ordinal));
        Assert.Equal(rows.Count, printed);
        Assert.Equal(["log.csv"], _runner.Contents());
    }
}
