namespace Micrograd.Cli.Tests;

public sealed class SpiralCommandTests : IDisposable
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly CliRunner _runner = new();

    public void Dispose() => _runner.Dispose();

    private CliResult Spiral(params string[] more) =>
        CliRunner.Run(["spiral", "--points", "10", "--out", _runner.PathOf("out"), .. more]);

    [Fact]
    public void Run_WritesTheLogAndBothPictures()
    {
        var log = _runner.PathOf("log.csv");
        var result = Spiral("--steps", "3", "--log", log);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Training MLP(2, [16, 16, 3]) with the facade engine on a 3-armed spiral of 30 points (noise 0.2, seed 1337).", result.Output);
        var rows = LogFile.Read(log);
        Assert.Equal([0, 1, 2], rows.Select(r => r.Step));
        // Adam's 0.01 times 1.0 - 0.9*k/3: Python [0.01 * (1.0 - 0.9*k/3) for k in range(3)].
        Assert.Equal([0.01, 0.006999999999999999, 0.004], rows.Select(r => r.LearningRate));
        // 30 points: every accuracy is a whole number of thirtieths.
        Assert.All(rows, r => Assert.Equal(Math.Round(r.Accuracy * 30) / 30, r.Accuracy, 15));
        foreach (var picture in new[] { "decision-regions.png", "loss.png" })
        {
            Assert.Equal(PngSignature, File.ReadAllBytes(Path.Combine(_runner.PathOf("out"), picture)).Take(8));
        }
    }

    [Fact]
    public void Log_FirstStep_IsNearLnThreeForAnUntrainedNetwork()
    {
        // Small initial logits give every class about 1/3: the cross-entropy starts near ln 3 = 1.0986.
        var log = _runner.PathOf("log.csv");
        Spiral("--steps", "1", "--log", log);
        Assert.InRange(LogFile.Read(log)[0].Loss, 0.5, 3.0);
    }

    [Theory]
    [InlineData("--batch-size", "7")]
    [InlineData("--optimizer", "momentum")]
    [InlineData("--optimizer", "adamw", "--schedule", "cosine")]
    public void Engine_AllThree_LogTheSameNumbersBitForBit(params string[] options)
    {
        var logs = new[] { "facade", "functional", "tape" }.Select(e =>
        {
            var log = _runner.PathOf($"log-{e}.csv");
            Assert.Equal(0, Spiral(["--steps", "4", "--engine", e, "--log", log, .. options]).ExitCode);
            return File.ReadAllText(log);
        }).ToArray();
        Assert.Equal(logs[0], logs[1]);
        Assert.Equal(logs[0], logs[2]);
    }

    [Fact]
    public void SaveThenLoad_ResumesAdamAsIfTheRunHadNotStopped()
    {
        var model = _runner.PathOf("model.json");
        string[] common = ["--schedule", "constant", "--engine", "tape"];
        var whole = _runner.PathOf("whole.csv");
        var second = _runner.PathOf("second.csv");
        Spiral(["--steps", "4", "--log", whole, .. common]);
        Spiral(["--steps", "2", "--save", model, .. common]);
        Spiral(["--steps", "2", "--load", model, "--log", second, .. common]);

        Assert.Equal(LogFile.Read(whole).Skip(2).Select(r => r.Loss), LogFile.Read(second).Select(r => r.Loss));
        Assert.True(File.Exists(_runner.PathOf("model.optimizer.json")));
    }

    [Fact]
    public void Interrupted_KeepsOnlyTheLog()
    {
        var log = _runner.PathOf("log.csv");
        var result = CliRunner.Run(new CancellationToken(canceled: true), ["spiral", "--steps", "5", "--log", log, "--save", _runner.PathOf("m.json"), "--out", _runner.PathOf("out")]);

        Assert.Equal(130, result.ExitCode);
        Assert.Equal("interrupted at step 0", result.Error.TrimEnd());
        Assert.Equal(["log.csv"], _runner.Contents());
    }

    [Theory]
    [InlineData("--points", "0", "--points must be a whole number from 1 to 20000; got 0, which is too small.")]
    [InlineData("--points", "abc", "--points must be a whole number from 1 to 20000; got 'abc'.")]
    [InlineData("--classes", "1", "--classes must be a whole number from 2 to 10; got 1, which is too small.")]
    [InlineData("--classes", "11", "--classes must be a whole number from 2 to 10; got 11, which is too large.")]
    [InlineData("--noise", "-1", "--noise must be a finite number, 0 or more; got '-1'.")]
    [InlineData("--noise", "NaN", "--noise must be a finite number, 0 or more; got 'NaN'.")]
    [InlineData("--optimizer", "lbfgs", "--optimizer must be sgd, momentum, adam or adamw; got 'lbfgs'.")]
    [InlineData("--engine", "gpu", "--engine must be facade, functional or tape; got 'gpu'.")]
    public void BadValue_IsOneErrorLineAndWritesNothing(string option, string value, string message)
    {
        BadInput.AssertRefused(
            CliRunner.Run("spiral", "--steps", "1", "--log", _runner.PathOf("log.csv"), "--out", _runner.PathOf("out"), option, value), message);
        Assert.Empty(_runner.Contents());
    }

    [Fact]
    public void TooManyPoints_IsRefused()
    {
        BadInput.AssertRefused(CliRunner.Run("spiral", "--points", "10000", "--classes", "3", "--out", _runner.PathOf("out")),
            "--points 10000 times --classes 3 is 30000 points; a step trains on at most 20000.");
        Assert.Empty(_runner.Contents());
    }

    [Fact]
    public void BatchLargerThanTheData_IsRefusedBeforeWriting()
    {
        BadInput.AssertRefused(Spiral("--steps", "1", "--batch-size", "31", "--log", _runner.PathOf("log.csv")),
            "--batch-size 31 is more than the 30 points of the data; expected at most 30.");
        Assert.Empty(_runner.Contents());
    }

    [Fact]
    public void Out_IsAFile_IsRefusedBeforeTraining()
    {
        File.WriteAllText(_runner.PathOf("out"), "");
        BadInput.AssertRefused(Spiral("--steps", "1"), "--out: '", "is a file; expected a folder");
    }
}
