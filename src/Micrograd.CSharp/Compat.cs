// Compiled for netstandard2.1 only (see the .csproj): what the façade uses and .NET Standard 2.1
// lacks, under the .NET names, so that the net10.0 build is the same source. The attribute types
// are found by the compiler by name; the members are C# 14 extensions doing what .NET's do.
using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace System.Runtime.CompilerServices
{
    /// <summary>Lets <c>init</c> accessors and records compile for .NET Standard 2.1.</summary>
    internal static class IsExternalInit
    {
    }

    /// <summary>Lets <c>[CallerArgumentExpression]</c> name the caller's argument on .NET Standard 2.1.</summary>
    [AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
    internal sealed class CallerArgumentExpressionAttribute(string parameterName) : Attribute
    {
        public string ParameterName { get; } = parameterName;
    }
}

namespace System.Collections.Generic
{
    /// <summary>Compares objects by reference, as .NET's <c>ReferenceEqualityComparer</c>.</summary>
    internal sealed class ReferenceEqualityComparer : IEqualityComparer<object?>
    {
        public static ReferenceEqualityComparer Instance { get; } = new();

        public new bool Equals(object? x, object? y) => ReferenceEquals(x, y);

        public int GetHashCode(object? obj) => RuntimeHelpers.GetHashCode(obj!);
    }
}

namespace Micrograd
{
    internal static class NetStandardCompat
    {
        extension(ArgumentNullException)
        {
            public static void ThrowIfNull(
                [NotNull] object? argument, [CallerArgumentExpression(nameof(argument))] string? paramName = null)
            {
                if (argument is null)
                {
                    throw new ArgumentNullException(paramName);
                }
            }
        }

        extension(Stopwatch)
        {
            public static TimeSpan GetElapsedTime(long startingTimestamp) =>
                TimeSpan.FromTicks((long)((Stopwatch.GetTimestamp() - startingTimestamp) * ((double)TimeSpan.TicksPerSecond / Stopwatch.Frequency)));
        }

        extension(string)
        {
            public static string Create(IFormatProvider provider, FormattableString text) => text.ToString(provider);
        }

        extension<TKey, TValue>(Dictionary<TKey, TValue> dictionary)
            where TKey : notnull
        {
            public ReadOnlyDictionary<TKey, TValue> AsReadOnly() => new(dictionary);
        }
    }
}
