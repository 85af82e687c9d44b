namespace Micrograd.CSharp.Tests.Support;

/// <summary>Bit-for-bit comparison of doubles, for the laws that promise the same numbers to the last bit.</summary>
internal static class Bits
{
    /// <summary>The double's bits: equal bits are the same number, NaN payload and the sign of zero included.</summary>
    public static long Of(double x) => BitConverter.DoubleToInt64Bits(x);

    /// <summary>Fails with both numbers (round-trip format) unless their bits are equal.</summary>
    public static void AssertSame(double expected, double actual) =>
        Assert.True(Of(expected) == Of(actual), $"expected {expected:R}, got {actual:R}");
}
