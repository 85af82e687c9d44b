using System.CommandLine;
using System.CommandLine.Parsing;

namespace Micrograd.Cli.Commands;

/// <summary>Small helpers for declaring options.</summary>
internal static class Options
{
    /// <summary>Rejects values below <paramref name="minimum"/> with a message naming the option.</summary>
    public static Option<int> AtLeast(this Option<int> option, int minimum)
    {
        option.Validators.Add(result => Check(result, option, minimum));
        return option;
    }

    /// <summary>Rejects values below <paramref name="minimum"/> with a message naming the option (when given).</summary>
    public static Option<int?> AtLeast(this Option<int?> option, int minimum)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } value && value < minimum)
            {
                result.AddError($"{option.Name} must be at least {minimum}; got {value}.");
            }
        });
        return option;
    }

    /// <summary>Rejects negative and non-finite values.</summary>
    public static Option<double> NonNegative(this Option<double> option)
    {
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<double>();
            if (!(value >= 0.0) || double.IsInfinity(value))
            {
                result.AddError($"{option.Name} must be a finite number, 0 or more; got {value}.");
            }
        });
        return option;
    }

    private static void Check(OptionResult result, Option<int> option, int minimum)
    {
        var value = result.GetValueOrDefault<int>();
        if (value < minimum)
        {
            result.AddError($"{option.Name} must be at least {minimum}; got {value}.");
        }
    }
}
