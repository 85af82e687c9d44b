namespace Micrograd.Cli.Tests;

/// <summary>Arguments that do not parse, or parse to a value out of range: one error line, nothing written.</summary>
public sealed class BadArgumentTests : IDisposable
{
    private readonly CliRunner _runner = new();

    public void Dispose() => _runner.Dispose();

    // Every destination inside the test's folder, so that "nothing written" can be checked there.
    // The option under test comes last, so that one given without a value ends the line.
    private CliResult Moons(params string[] args)
    {
        (string Option, string Value)[] defaults =
        [
            ("--log", _runner.PathOf("log.csv")), ("--save-data", _runner.PathOf("data.csv")),
            ("--out", _runner.PathOf("out")), ("--steps", "1"),
        ];
        var others = defaults.Where(d => !args.Contains(d.Option)).SelectMany(d => new[] { d.Option, d.Value });
        return CliRunner.Run(["moons", .. others, .. args]);
    }

    private void AssertNothingWritten() => Assert.Empty(_runner.Contents());

    [Theory]
    [InlineData("--steps", "abc", "--steps must be a whole number from 1 to 2147483647; got 'abc'.")]
    [InlineData("--steps", "1.5", "--steps must be a whole number from 1 to 2147483647; got '1.5'.")]
    [InlineData("--steps", "1e3", "--steps must be a whole number from 1 to 2147483647; got '1e3'.")]
    [InlineData("--steps", "99999999999", "--steps must be a whole number from 1 to 2147483647; got 99999999999, which is too large.")]
    [InlineData("--steps", "2147483648", "--steps must be a whole number from 1 to 2147483647; got 2147483648, which is too large.")]
    [InlineData("--steps", "0", "--steps must be a whole number from 1 to 2147483647; got 0, which is too small.")]
    [InlineData("--steps", "-3", "--steps must be a whole number from 1 to 2147483647; got -3, which is too small.")]
    [InlineData("--batch-size", "abc", "--batch-size must be a whole number from 1 to 20000; got 'abc'.")]
    [InlineData("--batch-size", "0", "--batch-size must be a whole number from 1 to 20000; got 0, which is too small.")]
    [InlineData("--batch-size", "20001", "--batch-size must be a whole number from 1 to 20000; got 20001, which is too large.")]
    [InlineData("--batch-size", "99999999999", "--batch-size must be a whole number from 1 to 20000; got 99999999999, which is too large.")]
    [InlineData("--samples", "abc", "--samples must be a whole number from 2 to 10000000; got 'abc'.")]
    [InlineData("--samples", "1", "--samples must be a whole number from 2 to 10000000; got 1, which is too small.")]
    [InlineData("--samples", "10000001", "--samples must be a whole number from 2 to 10000000; got 10000001, which is too large.")]
    [InlineData("--noise", "abc", "--noise must be a finite number, 0 or more; got 'abc'.")]
    [InlineData("--noise", "NaN", "--noise must be a finite number, 0 or more; got 'NaN'.")]
    [InlineData("--noise", "Infinity", "--noise must be a finite number, 0 or more; got 'Infinity'.")]
    [InlineData("--noise", "-Infinity", "--noise must be a finite number, 0 or more; got '-Infinity'.")]
    [InlineData("--noise", "1e999", "--noise must be a finite number, 0 or more; got '1e999'.")]
    [InlineData("--noise", "-0.5", "--noise must be a finite number, 0 or more; got '-0.5'.")]
    [InlineData("--noise", "0,5", "--noise must be a finite number, 0 or more; got '0,5'.")]
    [InlineData("--seed", "-1", "--seed must be a whole number from 0 to 2147483647; got -1, which is too small.")]
    [InlineData("--seed", "2147483648", "--seed must be a whole number from 0 to 2147483647; got 2147483648, which is too large.")]
    [InlineData("--seed", "abc", "--seed must be a whole number from 0 to 2147483647; got 'abc'.")]
    [InlineData("--engine", "numpy", "--engine must be facade, functional or tape; got 'numpy'.")]
    [InlineData("--engine", "Facade", "--engine must be facade, functional or tape; got 'Facade'.")]
    public void Moons_ValueOutOfItsKind_IsOneErrorLineSayingWhatIsExpected(string option, string value, string message)
    {
        var result = Moons(option, value);

        Assert.Equal($"error: {message}", BadInput.AssertRefused(result));
        AssertNothingWritten();
    }

    [Theory]
    [InlineData("--rankdir", "xx", "--rankdir must be LR or TB; got 'xx'.")]
    [InlineData("--rankdir", "lr", "--rankdir must be LR or TB; got 'lr'.")]
    [InlineData("--example", "mlp", "--example must be relu, neuron or all; got 'mlp'.")]
    public void Graph_ValueOutOfItsKind_IsOneErrorLineSayingWhatIsExpected(string option, string value, string message)
    {
        var result = CliRunner.Run("graph", "--out", _runner.PathOf("out"), option, value);

        Assert.Equal($"error: {message}", BadInput.AssertRefused(result));
        AssertNothingWritten();
    }

    [Theory]
    [InlineData("error: --steps needs a value: a whole number from 1 to 2147483647.", "--steps")]
    [InlineData("error: --noise needs a value: a finite number, 0 or more.", "--noise")]
    [InlineData("error: --steps needs a value: a whole number from 1 to 2147483647; '--seed' is another option.", "--steps", "--seed", "3")]
    [InlineData("error: --log needs a value: a file name; '--steps' is another option.", "--log", "--steps", "5")]
    [InlineData("error: --engine needs a value: facade, functional or tape.", "--engine")]
    public void Moons_OptionWithoutItsValue_SaysWhatItNeeds(string message, params string[] args)
    {
        var result = Moons(args);

        Assert.Equal(message, BadInput.AssertRefused(result));
        AssertNothingWritten();
    }

    [Fact]
    public void Graph_OptionWithoutItsValue_SaysWhatItNeeds()
    {
        var result = CliRunner.Run("graph", "--out", _runner.PathOf("out"), "--rankdir");

        Assert.Equal("error: --rankdir needs a value: LR or TB.", BadInput.AssertRefused(result));
        AssertNothingWritten();
    }

    [Fact]
    public void Moons_OptionGivenTwice_IsRefusedNamingBothValues()
    {
        var result = Moons("--seed", "5", "--seed", "6");

        Assert.Equal("error: --seed is given 2 times ('5', '6'); give it once.", BadInput.AssertRefused(result));
        AssertNothingWritten();
    }

    [Theory]
    [InlineData("--log", "", "error: --log needs a file name; got an empty path.")]
    [InlineData("--log", "  ", "error: --log needs a file name; got an empty path.")]
    [InlineData("--save-data", "", "error: --save-data needs a file name; got an empty path.")]
    [InlineData("--data", "", "error: --data needs a CSV file; got an empty path.")]
    [InlineData("--out", "", "error: --out needs a folder; got an empty path.")]
    [InlineData("--log", "a\0b.csv", "error: --log: 'a\0b.csv' is not a valid path.")]
    public void Moons_EmptyOrInvalidPath_IsRefused(string option, string path, string message)
    {
        var result = Moons(option, path);

        Assert.Equal(message, BadInput.AssertRefused(result));
        AssertNothingWritten();
    }

    [Fact]
    public void Graph_EmptyOut_IsRefused()
    {
        var result = CliRunner.Run("graph", "--out", "");

        Assert.Equal("error: --out needs a folder; got an empty path.", BadInput.AssertRefused(result));
    }

    [Theory]
    [InlineData("error: unknown option '--bogus' for 'micrograd moons' ('micrograd moons --help' lists the options).", "moons", "--bogus")]
    [InlineData("error: unknown option '--step' for 'micrograd moons'; did you mean --steps? ('micrograd moons --help' lists the options).", "moons", "--step", "3")]
    [InlineData("error: unknown option '--exampel' for 'micrograd graph'; did you mean --example? ('micrograd graph --help' lists the options).", "graph", "--exampel", "relu")]
    [InlineData("error: unexpected argument 'extra': 'micrograd moons' takes options only ('micrograd moons --help' lists them).", "moons", "extra")]
    [InlineData("error: unknown command 'frob'; expected moons, spiral or graph ('micrograd --help' describes them).", "frob")]
    [InlineData("error: unknown command 'bench'; expected moons, spiral or graph ('micrograd --help' describes them).", "bench", "--runs", "abc")]
    [InlineData("error: no command given; expected moons, spiral or graph ('micrograd --help' describes them).")]
    public void UnknownWord_IsOneErrorLineNamingIt(string message, params string[] args)
    {
        var result = CliRunner.Run(args);

        Assert.Equal(message, BadInput.AssertRefused(result));
    }

    [Theory]
    [InlineData("--samples", "10")]
    [InlineData("--noise", "0.2")]
    public void Moons_ShapeOfGeneratedMoonsWithData_IsRefused(string option, string value)
    {
        var data = Path.Combine(Path.GetTempPath(), "never-read.csv");

        var result = Moons("--data", data, option, value);

        Assert.Equal($"error: {option} shapes generated moons; it cannot be used with --data.", BadInput.AssertRefused(result));
        AssertNothingWritten();
    }

    [Fact]
    public void Moons_BatchLargerThanTheData_IsRefusedBeforeWriting()
    {
        var result = Moons("--samples", "10", "--batch-size", "11");

        Assert.Equal("error: --batch-size 11 is more than the 10 points of the data; expected at most 10.", BadInput.AssertRefused(result));
        AssertNothingWritten();
    }
}
