namespace Micrograd.Cli.Tests;

/// <summary>The outcome of one in-process run of the command line.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Error);

/// <summary>Runs <c>micrograd</c> in-process, and gives each test its own temporary folder.</summary>
internal sealed class CliRunner : IDisposable
{
    public CliRunner()
    {
        Folder = Path.Combine(Path.GetTempPath(), "micrograd-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    /// <summary>A fresh, empty folder, deleted with the runner.</summary>
    public string Folder { get; }

    /// <summary>A path inside <see cref="Folder"/>.</summary>
    public string PathOf(string name) => Path.Combine(Folder, name);

    /// <summary>Runs the command line with redirected (non-interactive) output.</summary>
    public static CliResult Run(params string[] args) => Run(CancellationToken.None, args);

    /// <summary>Runs the command line, cancelled (as Ctrl-C does) when <paramref name="cancellationToken"/> is.</summary>
    public static CliResult Run(CancellationToken cancellationToken, params string[] args)
    {
        using var output = new StringWriter();
        return Run(output, cancellationToken, args);
    }

    /// <summary>Runs the command line with its normal output going to <paramref name="output"/>.</summary>
    public static CliResult Run(TextWriter output, CancellationToken cancellationToken, params string[] args)
    {
        using var error = new StringWriter();
        var code = Cli.Run(args, output, error, cancellationToken: cancellationToken);
        return new CliResult(code, output.ToString() ?? "", error.ToString());
    }

    /// <summary>Every file and folder under <see cref="Folder"/>, relative to it, in order.</summary>
    public IReadOnlyList<string> Contents() =>
        Directory.EnumerateFileSystemEntries(Folder, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(Folder, p))
            .Order(StringComparer.Ordinal)
            .ToArray();

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}
