using System.CommandLine;
using Micrograd.Cli.Commands;

namespace Micrograd.Cli;

/// <summary>The <c>micrograd</c> command line, callable in-process (tests call <see cref="Run"/>).</summary>
public static class Cli
{
    /// <summary>The exit code of a run stopped by Ctrl-C (SIGINT), as shells report a process killed by it.</summary>
    public const int InterruptedExitCode = 130;

    // How long a Ctrl-C waits for the step under way to finish and the log of the finished steps
    // to be written, before System.CommandLine gives up on them and exits with 130 anyway.
    private static readonly TimeSpan InterruptGrace = TimeSpan.FromSeconds(10);

    /// <summary>The root command with its subcommands.</summary>
    /// <param name="interactive">Whether output goes to a terminal (progress bars, colours) or not (plain lines).</param>
    public static RootCommand Build(bool interactive = false) =>
        new("micrograd: Karpathy's scalar autograd engine and tiny neural nets, in .NET (an F# core, a C# façade).")
        {
            MoonsCommand.Create(interactive),
            SpiralCommand.Create(interactive),
            GraphCommand.Create(),
        };

    /// <summary>Parses <paramref name="args"/> and runs the command.</summary>
    /// <param name="args">The arguments, as given to <c>Main</c>.</param>
    /// <param name="output">Where normal output goes.</param>
    /// <param name="error">Where errors and warnings go.</param>
    /// <param name="interactive">Whether <paramref name="output"/> is a terminal.</param>
    /// <param name="cancellationToken">Cancelling it stops training as Ctrl-C does.</param>
    /// <returns>The exit code: 0 on success, 1 on a bad argument or a failed write, 130 when interrupted.</returns>
    public static int Run(string[] args, TextWriter output, TextWriter error, bool interactive = false, CancellationToken cancellationToken = default) =>
        RunAsync(args, output, error, interactive, cancellationToken).GetAwaiter().GetResult();

    /// <summary>
    /// Parses <paramref name="args"/> and runs the command; Ctrl-C and SIGTERM cancel the run
    /// as <paramref name="cancellationToken"/> does.
    /// </summary>
    /// <inheritdoc cref="Run"/>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, bool interactive = false, CancellationToken cancellationToken = default)
    {
        var parse = Build(interactive).Parse(args);
        if (parse.Errors.Count > 0)
        {
            // One line, the error first; the help is one --help away and would bury it.
            error.WriteLine($"error: {ParseErrors.Describe(parse)}");
            return Task.FromResult(1);
        }
        var config = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = InterruptGrace };
        return parse.InvokeAsync(config, cancellationToken);
    }
}
