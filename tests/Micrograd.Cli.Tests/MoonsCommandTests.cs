namespace Micrograd.Cli.Tests;

public sealed class MoonsCommandTests : IDisposable
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly CliRunner _runner = new();

    public void Dispose() => _runner.Dispose();

    private CliResult Moons(string log, params string[] more) =>
        CliRunner.Run(["moons", "--log", log, "--out", _runner.PathOf("out"), .. more]);

    [Fact]
    public void Log_FiveSteps_HasHeaderAndOneRowPerStepWithTheDemoSchedule()
    {
        var log = _runner.PathOf("log.csv");

        var result = Moons(log, "--steps", "5");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(LogFile.Header, File.ReadLines(log).First());
        var rows = LogFile.Read(log);
        Assert.Equal([0, 1, 2, 3, 4], rows.Select(r => r.Step));
        // 1.0 - 0.9*k/5, as Python evaluates it (0.9*1/5 = 0.18 rounds so that 1 - it is 0.8200000000000001).
        Assert.Equal([1.0, 0.8200000000000001, 0.64, 0.45999999999999996, 0.28], rows.Select(r => r.LearningRate));
        Assert.All(rows, r => Assert.InRange(r.Accuracy, 0.0, 1.0));
        Assert.All(rows, r => Assert.True(double.IsFinite(r.Loss) && r.Loss > 0));
        // 100 points: every accuracy is a whole number of hundredths.
        Assert.All(rows, r => Assert.Equal(Math.Round(r.Accuracy * 100) / 100, r.Accuracy));
    }

    [Fact]
    public void Log_FirstStep_IsTheLossOfTheUntrainedModel()
    {
        var log = _runner.PathOf("log.csv");

        Moons(log, "--steps", "1");

        // micrograd's data loss starts near 1 (scores near 0 make every margin loss near 1).
        var first = LogFile.Read(log)[0];
        Assert.InRange(first.Loss, 0.5, 1.5);
        Assert.Equal(1.0, first.LearningRate);
    }

    [Fact]
    public void Out_AfterTraining_HoldsBothPicturesAsPng()
    {
        var result = Moons(_runner.PathOf("log.csv"), "--steps", "2");

        Assert.Equal(0, result.ExitCode);
        foreach (var name in new[] { "decision-boundary.png", "loss.png" })
        {
            var bytes = File.ReadAllBytes(Path.Combine(_runner.PathOf("out"), name));
            Assert.Equal(PngSignature, bytes.Take(8));
            Assert.True(bytes.Length > 1000, $"{name} is only {bytes.Length} bytes");
        }
        // Atomic writes leave no temporary file behind.
        Assert.Equal(2, Directory.GetFiles(_runner.PathOf("out")).Length);
    }

    [Fact]
    public void Log_SameSeedTwice_IsIdentical()
    {
        Moons(_runner.PathOf("a.csv"), "--steps", "3", "--seed", "7");
        Moons(_runner.PathOf("b.csv"), "--steps", "3", "--seed", "7");
        Moons(_runner.PathOf("c.csv"), "--steps", "3", "--seed", "8");

        var a = File.ReadAllText(_runner.PathOf("a.csv"));
        Assert.Equal(a, File.ReadAllText(_runner.PathOf("b.csv")));
        Assert.NotEqual(a, File.ReadAllText(_runner.PathOf("c.csv")));
    }

    [Theory]
    [InlineData("--steps", "4")]
    [InlineData("--steps", "4", "--batch-size", "10")]
    public void Engine_FunctionalAndFacade_LogTheSameNumbersBitForBit(params string[] options)
    {
        var facade = _runner.PathOf("facade.csv");
        var functional = _runner.PathOf("functional.csv");

        Assert.Equal(0, Moons(facade, [.. options, "--engine", "facade"]).ExitCode);
        Assert.Equal(0, Moons(functional, [.. options, "--engine", "functional"]).ExitCode);

        Assert.Equal(File.ReadAllText(facade), File.ReadAllText(functional));
    }

    [Theory]
    [InlineData("--steps", "6")]
    [InlineData("--steps", "6", "--batch-size", "10")]
    [InlineData("--steps", "5", "--batch-size", "7", "--seed", "42", "--samples", "30")]
    public void Engine_Tape_LogsWhatTheFacadeLogsBitForBit(params string[] options)
    {
        var facade = _runner.PathOf("facade.csv");
        var tape = _runner.PathOf("tape.csv");

        Assert.Equal(0, Moons(facade, [.. options, "--engine", "facade"]).ExitCode);
        var result = Moons(tape, [.. options, "--engine", "tape"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(File.ReadAllText(facade), File.ReadAllText(tape));
        Assert.Contains("tape engine", result.Output);
    }

    [Fact]
    public void BatchSize_Ten_ReportsAccuracyInTenths()
    {
        var log = _runner.PathOf("log.csv");

        Assert.Equal(0, Moons(log, "--steps", "3", "--batch-size", "10").ExitCode);

        Assert.All(LogFile.Read(log), r => Assert.Equal(Math.Round(r.Accuracy * 10) / 10, r.Accuracy));
    }

    [Fact]
    public void BatchSize_LargerThanTheData_FailsWithoutWritingAnything()
    {
        var log = _runner.PathOf("log.csv");

        var result = Moons(log, "--samples", "10", "--batch-size", "11");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--batch-size 11", result.Error);
        Assert.False(File.Exists(log));
        Assert.False(Directory.Exists(_runner.PathOf("out")));
    }

    [Fact]
    public void Output_Redirected_PrintsOneLinePerStepAndTheTableWithoutEscapes()
    {
        var result = Moons(_runner.PathOf("log.csv"), "--steps", "3");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(3, result.Output.Split('\n').Count(l => l.StartsWith("step ", StringComparison.Ordinal)));
        Assert.StartsWith("Training MLP(2, [16, 16, 1]) with the facade engine on 100 generated moons (noise 0.1, seed 1337).\n",
            result.Output.ReplaceLineEndings("\n"));
        Assert.Contains("final loss", result.Output);
        Assert.Contains("time per step", result.Output);
        Assert.DoesNotContain('\u001b', result.Output);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public void SaveData_ThenData_TrainsTheSame()
    {
        var data = _runner.PathOf("moons.csv");
        Moons(_runner.PathOf("generated.csv"), "--steps", "2", "--samples", "40", "--save-data", data);

        var result = Moons(_runner.PathOf("read.csv"), "--steps", "2", "--data", data);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(File.ReadAllText(_runner.PathOf("generated.csv")), File.ReadAllText(_runner.PathOf("read.csv")));
    }

    [Fact]
    public void Samples_WithData_IsRejected()
    {
        var result = CliRunner.Run("moons", "--data", "x.csv", "--samples", "10", "--out", _runner.PathOf("out"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--samples", result.Error);
    }

    [Theory]
    [InlineData("--steps", "0")]
    [InlineData("--engine", "numpy")]
    [InlineData("--noise", "-1")]
    public void Option_OutOfRange_IsAnErrorNamingIt(string option, string value)
    {
        var result = CliRunner.Run("moons", option, value, "--out", _runner.PathOf("out"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(option == "--engine" ? "numpy" : option, result.Error);
        Assert.False(Directory.Exists(_runner.PathOf("out")));
    }

    [Fact]
    public void Help_DescribesEveryOption()
    {
        var result = CliRunner.Run("moons", "--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var option in new[] { "--steps", "--seed", "--engine", "--batch-size", "--data", "--samples", "--noise", "--log", "--save-data", "--out" })
        {
            var line = result.Output.Split('\n').Single(l => l.TrimStart().StartsWith(option + " ", StringComparison.Ordinal));
            Assert.True(line.Trim().Length > option.Length + 20, $"{option} has no description: '{line}'");
        }
    }
}
