namespace Micrograd.Cli.Tests;

/// <summary>What every refused input must look like.</summary>
internal static class BadInput
{
    /// <summary>
    /// Exit code 1, nothing on standard output, and on standard error exactly one line: it starts
    /// with <c>error: </c>, contains every one of <paramref name="fragments"/>, and is no stack trace.
    /// </summary>
    /// <returns>The error line.</returns>
    public static string AssertRefused(CliResult result, params string[] fragments)
    {
        Assert.Equal(1, result.ExitCode);
        var lines = result.Error.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Single(lines);
        Assert.StartsWith("error: ", lines[0]);
        foreach (var fragment in fragments)
        {
            Assert.Contains(fragment, lines[0]);
        }
        Assert.DoesNotContain("Exception", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
        Assert.DoesNotContain(".tmp", result.Error);
        Assert.Equal("", result.Output);
        return lines[0];
    }
}
