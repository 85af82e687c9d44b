using System.CommandLine;
using Micrograd.Cli.Commands;

namespace Micrograd.Cli;

/// <summary>The <c>micrograd</c> command line, callable in-process (tests call <see cref="Run"/>).</summary>
public static class Cli
{
    /// <summary>The root command with its subcommands.</summary>
    /// <param name="interactive">Whether output goes to a terminal (progress bars, colours) or not (plain lines).</param>
    public static RootCommand Build(bool interactive = false) =>
        new("micrograd: Karpathy's scalar autograd engine and tiny neural nets, in .NET (an F# core, a C# façade).")
        {
            MoonsCommand.Create(interactive),
            GraphCommand.Create(),
        };

    /// <summary>Parses <paramref name="args"/> and runs the command.</summary>
    /// <param name="args">The arguments, as given to <c>Main</c>.</param>
    /// <param name="output">Where normal output goes.</param>
    /// <param name="error">Where errors go.</param>
    /// <param name="interactive">Whether <paramref name="output"/> is a terminal.</param>
    /// <returns>The exit code: 0 on success, non-zero on any error.</returns>
    public static int Run(string[] args, TextWriter output, TextWriter error, bool interactive = false)
    {
        var parse = Build(interactive).Parse(args);
        return parse.Invoke(new InvocationConfiguration { Output = output, Error = error });
    }
}
