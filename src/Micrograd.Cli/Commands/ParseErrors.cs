using System.CommandLine;
using System.CommandLine.Parsing;

namespace Micrograd.Cli.Commands;

/// <summary>
/// Turns System.CommandLine's parse errors into the one line printed after <c>error: </c>.
/// The options' own parsers (<see cref="Options"/>) already word their errors; what is left is
/// words the parser did not recognise, a missing command, and the parser's own few messages.
/// </summary>
internal static class ParseErrors
{
    /// <summary>The first problem of <paramref name="parse"/>, as one line.</summary>
    public static string Describe(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var commandName = CommandName(parse.CommandResult);
        // An option's error first: "--log --steps 5" leaves '5' unmatched, but the cause is --log's.
        var optionError = parse.Errors.FirstOrDefault(e => e.SymbolResult is OptionResult or ArgumentResult { Parent: OptionResult });
        if (optionError is not null)
        {
            var option = optionError.SymbolResult switch
            {
                OptionResult o => o,
                ArgumentResult { Parent: OptionResult o } => o,
                _ => null,
            };
            // System.CommandLine's own arity errors come before our parsers run; the rest are ours.
            if (option is { Tokens.Count: 0 })
            {
                return Messages.NeedsValue(option.Option.Name, Options.ExpectedOf(option.Option) ?? "see --help");
            }
            if (option is { Tokens.Count: > 1 } && option.Option.Arity.MaximumNumberOfValues == 1)
            {
                return Messages.GivenTwice(option.Option.Name, option.Tokens.Select(t => t.Value).ToArray());
            }
            return OneLine(optionError.Message);
        }
        if (parse.UnmatchedTokens.Count > 0)
        {
            var token = parse.UnmatchedTokens[0];
            if (token.StartsWith('-'))
            {
                return Messages.UnknownOption(token, commandName, Suggest(token, command.Options.SelectMany(o => o.Aliases.Prepend(o.Name))));
            }
            return command is RootCommand
                ? Messages.UnknownCommand(token, command.Subcommands.Select(c => c.Name).ToArray())
                : Messages.UnexpectedArgument(token, commandName);
        }
        if (command is RootCommand && command.Subcommands.Count > 0)
        {
            return Messages.NoCommand(command.Subcommands.Select(c => c.Name).ToArray());
        }
        return OneLine(parse.Errors[0].Message);
    }

    private static string CommandName(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r is not null; r = r.Parent)
        {
            if (r is CommandResult c)
            {
                names.Insert(0, c.Command is RootCommand ? "micrograd" : c.Command.Name);
            }
        }
        return string.Join(' ', names);
    }

    // The closest option name, when a typo is a likely cause: at most two edits away.
    private static string? Suggest(string token, IEnumerable<string> names)
    {
        var best = names
            .Where(n => n.StartsWith("--", StringComparison.Ordinal))
            .Select(n => (Name: n, Distance: Distance(token, n)))
            .OrderBy(p => p.Distance)
            .FirstOrDefault();
        return best.Name is not null && best.Distance <= 2 ? best.Name : null;
    }

    // Levenshtein distance, one row at a time.
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
