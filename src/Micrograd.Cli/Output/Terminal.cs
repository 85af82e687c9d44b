using Spectre.Console;

namespace Micrograd.Cli.Output;

/// <summary>Spectre.Console consoles over a given writer, fancy on a terminal and plain elsewhere.</summary>
internal static class Terminal
{
    /// <summary>
    /// A console writing to <paramref name="writer"/>. Interactive: colours and live widgets as the
    /// terminal allows. Not interactive (output redirected, or a test's writer): no escape codes,
    /// no live widgets, 80 columns.
    /// </summary>
    public static IAnsiConsole Create(TextWriter writer, bool interactive) =>
        AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
}
