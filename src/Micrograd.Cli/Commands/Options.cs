using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;

namespace Micrograd.Cli.Commands;

/// <summary>
/// Declaring options whose values are checked while parsing. Each option parses its own text
/// (rather than letting System.CommandLine convert it and then validating the value), so that a
/// value that does not parse gets a one-line message saying what is expected, instead of an
/// exception when a validator reads it.
/// </summary>
internal static class Options
{
    // What each option expects, in words, for the error of an option given without a value:
    // System.CommandLine reports that one before any parser of ours runs.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Option, string> Expected = [];

    /// <summary>What <paramref name="option"/> expects, in words, when declared here.</summary>
    public static string? ExpectedOf(Option option) => Expected.TryGetValue(option, out var text) ? text : null;

    /// <summary>Accepts whole numbers from <paramref name="minimum"/> to <paramref name="maximum"/>.</summary>
    public static Option<int> WholeNumber(this Option<int> option, int minimum, int maximum = int.MaxValue)
    {
        Expected.AddOrUpdate(option, Messages.WholeNumberRange(minimum, maximum));
        option.CustomParser = result => ParseWhole(result, option.Name, minimum, maximum) ?? minimum;
        return option;
    }

    /// <summary>Accepts whole numbers from <paramref name="minimum"/> to <paramref name="maximum"/> (when given).</summary>
    public static Option<int?> WholeNumber(this Option<int?> option, int minimum, int maximum = int.MaxValue)
    {
        Expected.AddOrUpdate(option, Messages.WholeNumberRange(minimum, maximum));
        option.CustomParser = result => ParseWhole(result, option.Name, minimum, maximum);
        return option;
    }

    /// <summary>Accepts finite numbers of at least <paramref name="minimum"/>.</summary>
    public static Option<double> FiniteNumber(this Option<double> option, double minimum)
    {
        Expected.AddOrUpdate(option, Messages.FiniteNumberRange(minimum));
        option.CustomParser = result =>
        {
            if (Token(result, option.Name, Messages.FiniteNumberRange(minimum)) is not { } text)
            {
                return minimum;
            }
            // Overflow parses to infinity, so "1e999" is refused with NaN and "Infinity".
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                || !double.IsFinite(value) || value < minimum)
            {
                result.AddError(Messages.NotAFiniteNumber(option.Name, minimum, text));
                return minimum;
            }
            return value;
        };
        return option;
    }

    /// <summary>Accepts finite numbers of at least <paramref name="minimum"/> (when given).</summary>
    public static Option<double?> FiniteNumber(this Option<double?> option, double minimum)
    {
        Expected.AddOrUpdate(option, Messages.FiniteNumberRange(minimum));
        option.CustomParser = result =>
        {
            if (Token(result, option.Name, Messages.FiniteNumberRange(minimum)) is not { } text)
            {
                return null;
            }
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                || !double.IsFinite(value) || value < minimum)
            {
                result.AddError(Messages.NotAFiniteNumber(option.Name, minimum, text));
                return null;
            }
            return value;
        };
        return option;
    }

    /// <summary>Accepts exactly one of <paramref name="allowed"/> (case as written).</summary>
    public static Option<string> OneOf(this Option<string> option, params IReadOnlyList<string> allowed)
    {
        Expected.AddOrUpdate(option, Messages.OneOf(allowed));
        option.CustomParser = result =>
        {
            if (Token(result, option.Name, Messages.OneOf(allowed)) is not { } text)
            {
                return allowed[0];
            }
            if (!allowed.Contains(text, StringComparer.Ordinal))
            {
                result.AddError(Messages.NotOneOf(option.Name, allowed, text));
            }
            return text;
        };
        option.CompletionSources.Add(allowed.ToArray());
        return option;
    }

    /// <summary>
    /// Accepts a path that is not empty, not an option name and valid for the system;
    /// <paramref name="what"/> says what it should name ("a file name", "a folder").
    /// Whether it can be read or written is checked by the command, before it starts work.
    /// </summary>
    public static Option<string?> PathTo(this Option<string?> option, string what)
    {
        Expected.AddOrUpdate(option, what);
        option.CustomParser = result => ParsePath(result, option.Name, what);
        return option;
    }

    /// <summary>
    /// Accepts a name that is not empty and not an option's; <paramref name="what"/> says what it
    /// should name ("a leaf's label"). Whether it names one is checked by the command.
    /// </summary>
    public static Option<string?> Named(this Option<string?> option, string what)
    {
        Expected.AddOrUpdate(option, what);
        option.CustomParser = result =>
        {
            if (Token(result, option.Name, what) is not { } text)
            {
                return null;
            }
            if (string.IsNullOrWhiteSpace(text))
            {
                result.AddError(Messages.EmptyName(option.Name, what));
                return null;
            }
            return text;
        };
        return option;
    }

    private static string? ParsePath(ArgumentResult result, string name, string what)
    {
        if (Token(result, name, what) is not { } text)
        {
            return null;
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            result.AddError(Messages.EmptyPath(name, what));
            return null;
        }
        if (text.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            result.AddError(Messages.InvalidPath(name, text));
            return null;
        }
        return text;
    }

    private static int? ParseWhole(ArgumentResult result, string name, int minimum, int maximum)
    {
        if (Token(result, name, Messages.WholeNumberRange(minimum, maximum)) is not { } text)
        {
            return null;
        }
        // BigInteger tells "too large" apart from "not a number" for any number of digits.
        if (!BigInteger.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            result.AddError(Messages.NotAWholeNumber(name, minimum, maximum, text));
            return null;
        }
        if (value < minimum || value > maximum)
        {
            result.AddError(Messages.WholeNumberOutOfRange(name, minimum, maximum, text.Trim(), tooSmall: value < minimum));
            return null;
        }
        return (int)value;
    }

    // The option's one token, or null (with the error added) when there is none, or when the
    // parser took the next option's name as this option's value ("--steps --out x").
    private static string? Token(ArgumentResult result, string name, string expected)
    {
        if (result.Tokens.Count == 0)
        {
            result.AddError(Messages.NeedsValue(name, expected));
            return null;
        }
        var text = result.Tokens[^1].Value;
        if (text.StartsWith("--", StringComparison.Ordinal))
        {
            result.AddError(Messages.ValueIsAnOption(name, expected, text));
            return null;
        }
        return text;
    }
}
