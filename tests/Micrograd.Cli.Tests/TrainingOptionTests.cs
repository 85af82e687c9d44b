using Micrograd.Core.Nn;

namespace Micrograd.Cli.Tests;

/// <summary>moons' --optimizer, --lr, --schedule, --save and --load, and their bad values.</summary>
public sealed class TrainingOptionTests : IDisposable
{
    private readonly CliRunner _runner = new();

    public void Dispose() => _runner.Dispose();

    private CliResult Moons(params string[] more) =>
        CliRunner.Run(["moons", "--out", _runner.PathOf("out"), .. more]);

    private IReadOnlyList<LogRow> Log(params string[] more)
    {
        var log = _runner.PathOf($"log-{Guid.NewGuid():N}.csv");
        var result = Moons(["--log", log, .. more]);
        Assert.Equal(0, result.ExitCode);
        return LogFile.Read(log);
    }

    [Fact]
    public void Schedule_Linear_IsTheBaseRateTimesMicrogradsDecay()
    {
        // Python: [0.5 * (1.0 - 0.9*k/5) for k in range(5)]
        Assert.Equal([0.5, 0.41000000000000003, 0.32, 0.22999999999999998, 0.14],
            Log("--steps", "5", "--lr", "0.5").Select(r => r.LearningRate));
    }

    [Fact]
    public void Schedule_ConstantStepAndCosine_AreTheirFormulas()
    {
        Assert.All(Log("--steps", "3", "--lr", "0.25", "--schedule", "constant"), r => Assert.Equal(0.25, r.LearningRate));
        // Halved every steps/4 = 2 steps: Python [0.8 * 0.5**(k//2) for k in range(8)].
        Assert.Equal([0.8, 0.8, 0.4, 0.4, 0.2, 0.2, 0.1, 0.1],
            Log("--steps", "8", "--lr", "0.8", "--schedule", "step").Select(r => r.LearningRate));
        // Python: [0.0 + (1.0 - 0.0) * (1 + math.cos(math.pi * k / 4)) / 2 for k in range(4)]
        Assert.Equal([1.0, 0.8535533905932737, 0.5, 0.14644660940672627],
            Log("--steps", "4", "--schedule", "cosine").Select(r => r.LearningRate));
    }

    [Theory]
    [InlineData("momentum")]
    [InlineData("adam")]
    [InlineData("adamw")]
    public void Optimizer_EveryEngine_LogsTheSameNumbersBitForBit(string optimizer)
    {
        var logs = new[] { "facade", "functional", "tape" }
            .Select(e => Log("--steps", "3", "--optimizer", optimizer, "--engine", e, "--batch-size", "20")).ToArray();
        Assert.Equal(logs[0], logs[1]);
        Assert.Equal(logs[0], logs[2]);
        // Another optimizer, other numbers after the first step.
        Assert.NotEqual(Log("--steps", "3", "--batch-size", "20").Select(r => r.Loss), logs[0].Select(r => r.Loss));
    }

    [Fact]
    public void Optimizer_Default_IsSgdWithMicrogradsRate()
    {
        Assert.Equal(Log("--steps", "3"), Log("--steps", "3", "--optimizer", "sgd", "--lr", "1", "--schedule", "linear"));
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("momentum")]
    [InlineData("adam")]
    [InlineData("adamw")]
    public void SaveThenLoad_ResumesAsIfTheRunHadNotStopped(string optimizer)
    {
        var model = _runner.PathOf("model.json");
        string[] common = ["--optimizer", optimizer, "--schedule", "constant", "--lr", "0.05"];
        var whole = Log(["--steps", "6", .. common]);
        var first = Log(["--steps", "3", "--save", model, .. common]);
        var second = Log(["--steps", "3", "--load", model, .. common]);

        Assert.Equal(whole.Take(3), first);
        Assert.Equal(whole.Skip(3).Select(r => r.Loss), second.Select(r => r.Loss));
        // Plain SGD keeps no state, so only the network is saved.
        Assert.Equal(optimizer != "sgd", File.Exists(_runner.PathOf("model.optimizer.json")));
    }

    [Fact]
    public void Save_WritesANetworkTheLibraryLoads()
    {
        var model = _runner.PathOf("model.json");
        var result = Moons("--steps", "2", "--save", model, "--optimizer", "adam");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"wrote {model}", result.Output);
        Assert.Contains($"wrote {_runner.PathOf("model.optimizer.json")}", result.Output);
        Assert.Equal(337, MLP.Load(model).Parameters().Count);
        Assert.Equal(2, OptimizerFile.LoadAdam(337, _runner.PathOf("model.optimizer.json")).State.Steps);
    }

    [Fact]
    public void Load_PrintsWhatItLoaded()
    {
        var model = _runner.PathOf("model.json");
        Moons("--steps", "1", "--save", model, "--optimizer", "momentum");
        var result = Moons("--steps", "1", "--load", model, "--optimizer", "momentum");
        Assert.Contains($"loaded {model} and {_runner.PathOf("model.optimizer.json")}", result.Output);
    }

    [Theory]
    [InlineData("--optimizer", "rmsprop", "--optimizer must be sgd, momentum, adam or adamw; got 'rmsprop'.")]
    [InlineData("--optimizer", "Adam", "--optimizer must be sgd, momentum, adam or adamw; got 'Adam'.")]
    [InlineData("--schedule", "exp", "--schedule must be linear, constant, step or cosine; got 'exp'.")]
    [InlineData("--lr", "abc", "--lr must be a finite number, 0 or more; got 'abc'.")]
    [InlineData("--lr", "-0.1", "--lr must be a finite number, 0 or more; got '-0.1'.")]
    [InlineData("--lr", "NaN", "--lr must be a finite number, 0 or more; got 'NaN'.")]
    [InlineData("--lr", "1e999", "--lr must be a finite number, 0 or more; got '1e999'.")]
    [InlineData("--save", "", "--save needs a file name; got an empty path.")]
    [InlineData("--load", "", "--load needs a JSON file; got an empty path.")]
    public void Moons_BadValue_IsOneErrorLineAndWritesNothing(string option, string value, string message)
    {
        BadInput.AssertRefused(Moons("--steps", "1", option, value), message);
        Assert.Empty(_runner.Contents());
    }

    [Theory]
    [InlineData("--lr", "error: --lr needs a value: a finite number, 0 or more.")]
    [InlineData("--optimizer", "error: --optimizer needs a value: sgd, momentum, adam or adamw.")]
    [InlineData("--schedule", "error: --schedule needs a value: linear, constant, step or cosine.")]
    [InlineData("--save", "error: --save needs a value: a file name.")]
    [InlineData("--load", "error: --load needs a value: a JSON file.")]
    public void Moons_OptionWithoutItsValue_SaysWhatItNeeds(string option, string message)
    {
        Assert.Equal(message, BadInput.AssertRefused(Moons("--steps", "1", option)));
    }

    [Fact]
    public void Load_MissingFile_IsRefusedBeforeWriting()
    {
        var missing = _runner.PathOf("missing.json");
        BadInput.AssertRefused(Moons("--steps", "1", "--log", _runner.PathOf("log.csv"), "--load", missing),
            $"--load: '{missing}' does not exist; expected a network saved by --save (a JSON file).");
        Assert.Empty(_runner.Contents());
    }

    [Fact]
    public void Load_Folder_IsRefused()
    {
        Directory.CreateDirectory(_runner.PathOf("dir"));
        BadInput.AssertRefused(Moons("--steps", "1", "--load", _runner.PathOf("dir")), "--load: '", "is a folder");
    }

    [Fact]
    public void Load_NotANetwork_IsRefusedNamingTheFile()
    {
        var bad = _runner.PathOf("bad.json");
        File.WriteAllText(bad, "{ \"format\": ");
        var line = BadInput.AssertRefused(Moons("--steps", "1", "--load", bad), "--load: ", bad);
        Assert.Equal([bad], Directory.GetFiles(_runner.Folder));
        Assert.DoesNotContain("   at ", line);
    }

    [Fact]
    public void Load_SpiralNetworkIntoMoons_IsRefusedNamingBothShapes()
    {
        var model = _runner.PathOf("spiral.json");
        CliRunner.Run("spiral", "--steps", "1", "--points", "5", "--save", model, "--out", _runner.PathOf("out"));
        BadInput.AssertRefused(Moons("--steps", "1", "--load", model),
            $"--load: '{model}' holds MLP(2, [16, 16, 3]); this command trains MLP(2, [16, 16, 1]).");
    }

    [Fact]
    public void Load_OptimizerStateOfAnotherOptimizer_IsRefusedNamingTheFile()
    {
        var model = _runner.PathOf("model.json");
        Moons("--steps", "1", "--save", model, "--optimizer", "momentum");
        BadInput.AssertRefused(Moons("--steps", "1", "--load", model, "--optimizer", "adam"),
            "--load: ", _runner.PathOf("model.optimizer.json"));
    }

    [Fact]
    public void Save_IsAFolder_IsRefusedBeforeTraining()
    {
        Directory.CreateDirectory(_runner.PathOf("model.json"));
        BadInput.AssertRefused(Moons("--steps", "1", "--save", _runner.PathOf("model.json")),
            "--save: '", "is a folder; expected a file to write.");
        Assert.False(Directory.Exists(_runner.PathOf("out")));
    }

    [Fact]
    public void Save_SameFileAsTheLog_IsRefused()
    {
        var file = _runner.PathOf("same.json");
        BadInput.AssertRefused(Moons("--steps", "1", "--log", file, "--save", file),
            $"--log and --save name the same file '{file}'");
        Assert.Empty(_runner.Contents());
    }

    [Fact]
    public void Save_OverTheDataFile_IsRefused()
    {
        var data = _runner.PathOf("data.csv");
        File.WriteAllText(data, "x,y,label\n0,0,1\n1,1,-1\n");
        BadInput.AssertRefused(Moons("--steps", "1", "--data", data, "--save", data),
            $"--save would overwrite the --data file '{data}'");
    }
}
