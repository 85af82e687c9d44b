using System.Globalization;

namespace Micrograd.Cli.Tests;

/// <summary>--data files that cannot be used, and data sets that train but deserve a warning.</summary>
public sealed class DataInputTests : IDisposable
{
    private readonly CliRunner _runner = new();

    public void Dispose() => _runner.Dispose();

    private string Csv(string text, string name = "data.csv")
    {
        var path = _runner.PathOf(name);
        File.WriteAllText(path, text);
        return path;
    }

    private CliResult TrainOn(string data, string steps = "2") =>
        CliRunner.Run("moons", "--data", data, "--steps", steps, "--log", _runner.PathOf("log.csv"), "--out", _runner.PathOf("out"));

    private static string[] Lines(string text) => text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');

    [Fact]
    public void Data_AFolder_SaysItIsAFolder()
    {
        var folder = _runner.PathOf("points");
        Directory.CreateDirectory(folder);

        var result = TrainOn(folder);

        Assert.Equal($"error: --data: '{folder}' is a folder; expected a CSV file (x,y,label).", BadInput.AssertRefused(result));
        Assert.DoesNotContain("denied", result.Error);
        Assert.Equal(["points"], _runner.Contents());
    }

    [Fact]
    public void Data_Missing_SaysItDoesNotExist()
    {
        var missing = _runner.PathOf("nowhere.csv");

        var result = TrainOn(missing);

        Assert.Equal($"error: --data: '{missing}' does not exist; expected a CSV file (x,y,label).", BadInput.AssertRefused(result));
        Assert.Empty(_runner.Contents());
    }

    [Theory]
    [InlineData("1e101")]
    [InlineData("-1.7976931348623157e308")]
    public void Data_CoordinateBeyondTheLimit_IsRefused(string x)
    {
        var data = Csv($"x,y,label\n{x},0,1\n0,0,-1\n");

        var result = TrainOn(data);

        Assert.Equal($"error: {data} has a coordinate beyond ±1E+100; the picture and the network's scores need coordinates within it.",
            BadInput.AssertRefused(result));
        Assert.Equal(["data.csv"], _runner.Contents());
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("1e400")]
    public void Data_NonFiniteCoordinate_IsRefusedNamingTheLine(string y)
    {
        var data = Csv($"x,y,label\n0.5,1,1\n0.5,{y},-1\n");

        var result = TrainOn(data);

        Assert.Equal($"error: {data}, line 3: y is not a finite number: '{y}'", BadInput.AssertRefused(result));
        Assert.Equal(["data.csv"], _runner.Contents());
    }

    [Fact]
    public void Data_MorePointsThanAStepHolds_AsksForBatchSize()
    {
        var text = new System.Text.StringBuilder("x,y,label\n");
        for (var i = 0; i <= 20_000; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{i % 7},{i % 5},{(i % 2 == 0 ? 1 : -1)}\n");
        }
        var data = Csv(text.ToString());

        var result = TrainOn(data);

        Assert.Equal("error: a step trains on at most 20000 points (each adds about 660 nodes to the step's graph), and the data has 20001; give --batch-size, at most 20000.",
            BadInput.AssertRefused(result));
        Assert.Equal(["data.csv"], _runner.Contents());
    }

    [Fact]
    public void Data_OnePoint_TrainsWithAWarning()
    {
        var result = TrainOn(Csv("x,y,label\n0.5,1,1\n"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["warning: the data has only 1 point: the model is trained and scored on that point alone, so the accuracy says nothing."],
            Lines(result.Error));
        Assert.Equal(2, LogFile.Read(_runner.PathOf("log.csv")).Count);
    }

    [Theory]
    [InlineData("x,y,label\n0.5,1,1\n-1,2,1\n3,0,1\n", "+1")]
    [InlineData("x,y,label\n0.5,1,0\n-1,2,0\n", "-1")]
    public void Data_OneClassOnly_TrainsWithAWarning(string csv, string label)
    {
        var result = TrainOn(Csv(csv));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal([$"warning: every point of the data has label {label}, one class only: answering {label} always scores 100%, so the accuracy says nothing."],
            Lines(result.Error));
        Assert.True(File.Exists(Path.Combine(_runner.PathOf("out"), "loss.png")));
    }

    [Fact]
    public void Data_SpreadOverMillions_DrawsThePictureOnACoarserGrid()
    {
        // A 0.05 grid over ±10^6 would need 4*10^7 cells a side (the run used to run out of memory).
        var result = TrainOn(Csv("x,y,label\n1e6,1,1\n-1e6,-1e6,-1\n"));

        Assert.Equal(0, result.ExitCode);
        var picture = File.ReadAllBytes(Path.Combine(_runner.PathOf("out"), "decision-boundary.png"));
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], picture.Take(4));
    }

    [Fact]
    public void Loss_Diverging_WarnsOnceNamingTheFirstNonFiniteStep()
    {
        var result = TrainOn(Csv("x,y,label\n1e100,1,1\n-1e100,2,-1\n"), steps: "4");

        Assert.Equal(0, result.ExitCode);
        var rows = LogFile.Read(_runner.PathOf("log.csv"));
        var first = rows.First(r => !double.IsFinite(r.Loss));
        var loss = first.Loss.ToString(CultureInfo.InvariantCulture);
        Assert.Equal([$"warning: the loss of step {first.Step} is {loss}: training has diverged, and the later steps and the picture mean nothing."],
            Lines(result.Error));
    }

    [Fact]
    public void Noise_SoLargeTheCoordinatesPassTheLimit_IsRefused()
    {
        var result = CliRunner.Run("moons", "--noise", "1e300", "--log", _runner.PathOf("log.csv"), "--out", _runner.PathOf("out"));

        Assert.Equal("error: the generated data has a coordinate beyond ±1E+100; the picture and the network's scores need coordinates within it.",
            BadInput.AssertRefused(result));
        Assert.Empty(_runner.Contents());
    }

    [Fact]
    public void Samples_MoreThanAStepHolds_AsksForBatchSize()
    {
        var result = CliRunner.Run("moons", "--samples", "20001", "--log", _runner.PathOf("log.csv"), "--out", _runner.PathOf("out"));

        Assert.Equal("error: a step trains on at most 20000 points (each adds about 660 nodes to the step's graph), and the data has 20001; give --batch-size, at most 20000.",
            BadInput.AssertRefused(result));
        Assert.Empty(_runner.Contents());
    }

    [Fact]
    public void Samples_Odd_PutsTheOddPointOnTheInnerMoon()
    {
        var saved = _runner.PathOf("moons.csv");

        var result = CliRunner.Run("moons", "--samples", "5", "--steps", "1", "--save-data", saved, "--out", _runner.PathOf("out"));

        Assert.Equal(0, result.ExitCode);
        // 5 / 2 = 2 on the outer moon (label -1), the other 3 on the inner one (+1).
        var labels = File.ReadLines(saved).Skip(1).Select(l => l.Split(',')[2]).ToArray();
        Assert.Equal(["-1", "-1", "1", "1", "1"], labels);
    }

    [Fact]
    public void Seed_Largest_IsAccepted()
    {
        var result = CliRunner.Run("moons", "--seed", "2147483647", "--steps", "1", "--samples", "4", "--out", _runner.PathOf("out"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
    }
}
