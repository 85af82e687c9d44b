namespace Micrograd.Cli.Tests;

public sealed class DataFileTests : IDisposable
{
    private readonly CliRunner _runner = new();

    public void Dispose() => _runner.Dispose();

    private CliResult TrainOn(string csv)
    {
        var data = _runner.PathOf("data.csv");
        File.WriteAllText(data, csv);
        return CliRunner.Run("moons", "--data", data, "--steps", "2",
            "--log", _runner.PathOf("log.csv"), "--out", _runner.PathOf("out"));
    }

    private void AssertNothingWritten()
    {
        Assert.False(File.Exists(_runner.PathOf("log.csv")));
        Assert.False(Directory.Exists(_runner.PathOf("out")));
        Assert.Equal([_runner.PathOf("data.csv")], Directory.GetFiles(_runner.Folder));
    }

    [Theory]
    [InlineData("x,y,label\n0.5,1,1\n1.5,2\n", "line 3", "missing column")]
    [InlineData("x,y,label\n0.5,1,1\n1.5,2,\n", "line 3", "label is empty")]
    [InlineData("x,y,label\n0.5,1,1\n-0.5,1,-1\n2,abc,1\n", "line 4", "y is not a number: 'abc'")]
    [InlineData("x,y,label\n0.5,NaN,1\n", "line 2", "y is not a finite number")]
    [InlineData("x,y,label\n0.5,1,1\n0.5,1,2\n", "line 3", "bad label '2'")]
    [InlineData("x,y,label\n0.5,1,-1\n0.5,1,0\n", "line 3", "bad label '0'")]
    [InlineData("x,y,label\n0.5,1,1,7\n", "line 2", "extra column")]
    [InlineData("a,b,c\n0.5,1,1\n", "line 1", "expected the header 'x,y,label'")]
    public void Data_MalformedLine_FailsNamingTheLineAndWritesNothing(string csv, string line, string problem)
    {
        var result = TrainOn(csv);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"{line}: ", result.Error);
        Assert.Contains(problem, result.Error);
        AssertNothingWritten();
    }

    [Theory]
    [InlineData("", "empty file")]
    [InlineData("\n\n", "empty file")]
    [InlineData("x,y,label\n", "no data")]
    public void Data_EmptyFile_FailsAndWritesNothing(string csv, string problem)
    {
        var result = TrainOn(csv);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(problem, result.Error);
        AssertNothingWritten();
    }

    [Fact]
    public void Data_MissingFile_FailsAndWritesNothing()
    {
        var result = CliRunner.Run("moons", "--data", _runner.PathOf("nowhere.csv"), "--out", _runner.PathOf("out"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("nowhere.csv", result.Error);
        Assert.False(Directory.Exists(_runner.PathOf("out")));
    }

    [Fact]
    public void Data_ZeroOneLabels_TrainAsMinusOneOne()
    {
        var zeroOne = TrainOn("x,y,label\n0.5,1,1\n-0.5,-1,0\n1.5,0.25,0\n");
        var zeroOneLog = File.ReadAllText(_runner.PathOf("log.csv"));

        var plusMinus = TrainOn("X, Y, Label\r\n0.5,1,+1\r\n-0.5,-1,-1\r\n1.5,0.25,-1\r\n\r\n");

        Assert.Equal(0, zeroOne.ExitCode);
        Assert.Equal(0, plusMinus.ExitCode);
        Assert.Equal(zeroOneLog, File.ReadAllText(_runner.PathOf("log.csv")));
    }
}
