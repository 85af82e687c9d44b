using System.Numerics;
using Micrograd.Core;

namespace Micrograd.CSharp.Tests;

/// <summary>
/// <see cref="PythonRandom"/> against CPython 3.11's random module. Every literal was printed by
/// python3 on the development machine with the command in the comment next to it.
/// </summary>
public class PythonRandomTests
{
    // python3 -c "import random; random.seed(S); print([repr(random.random()) for _ in range(5)])"
    public static TheoryData<long, double[]> RandomBySeed => new()
    {
        { 0, [0.8444218515250481, 0.7579544029403025, 0.420571580830845, 0.25891675029296335, 0.5112747213686085] },
        { 7, [0.32383276483316237, 0.15084917392450192, 0.6509344730398537, 0.07243628666754276, 0.5358820043066892] },
        { 42, [0.6394267984578837, 0.025010755222666936, 0.27502931836911926, 0.22321073814882275, 0.7364712141640124] },
        { 1337, [0.6177528569514706, 0.5332655736050008, 0.36584835924937553, 0.5857873539022715, 0.16568728368878083] },
        { -5, [0.6229016948897019, 0.7417869892607294, 0.7951935655656966, 0.9424502837770503, 0.7398985747399307] },
        { 4294967296, [0.11299430095636409, 0.41782886486292836, 0.0166763664992291, 0.6117214625782752, 0.8056470212514185] },
    };

    [Theory]
    [MemberData(nameof(RandomBySeed))]
    public void NextDouble_Seeded_EqualsPythonsRandom(long seed, double[] expected)
    {
        var random = new PythonRandom(seed);

        Assert.Equal(expected, Enumerable.Range(0, expected.Length).Select(_ => random.NextDouble()));
    }

    [Fact]
    public void NextDouble_IntSeed_EqualsPythonsRandom()
    {
        var random = new PythonRandom(7);

        Assert.Equal(0.32383276483316237, random.NextDouble());
    }

    [Fact]
    public void NextDouble_NegativeSeed_SameStreamAsItsAbsoluteValue()
    {
        // python3 -c "import random; random.seed(5); print(repr(random.random()))" gives the -5 stream too.
        Assert.Equal(0.6229016948897019, new PythonRandom(5).NextDouble());
        Assert.Equal(0.6229016948897019, new PythonRandom(-5).NextDouble());
    }

    [Fact]
    public void NextDouble_BigIntegerSeed_EqualsPythonsRandom()
    {
        // python3 -c "import random; random.seed(123456789012345678901234567890); print([repr(random.random()) for _ in range(2)])"
        var random = new PythonRandom(BigInteger.Parse("123456789012345678901234567890"));

        Assert.Equal([0.7275084571578186, 0.1595204831720859], new[] { random.NextDouble(), random.NextDouble() });
    }

    [Fact]
    public void Uniform_Seed42_EqualsPythonsUniform()
    {
        // python3 -c "import random; random.seed(42); print([repr(random.uniform(-1, 1)) for _ in range(3)])"
        var random = new PythonRandom(42);

        Assert.Equal([0.2788535969157675, -0.9499784895546661, -0.4499413632617615], new[] { random.Uniform(-1, 1), random.Uniform(-1, 1), random.Uniform(-1, 1) });
    }

    [Fact]
    public void Next_MaxValue_EqualsPythonsRandrange()
    {
        // python3 -c "import random; random.seed(42); print([random.randrange(10) for _ in range(8)])"
        var random = new PythonRandom(42);

        Assert.Equal([1, 0, 4, 3, 3, 2, 1, 8], Enumerable.Range(0, 8).Select(_ => random.Next(10)));
    }

    [Fact]
    public void Next_MinAndMaxValue_EqualsPythonsRandrange()
    {
        // python3 -c "import random; random.seed(42); print([random.randrange(-5, 5) for _ in range(8)])"
        var random = new PythonRandom(42);

        Assert.Equal([-4, -5, -1, -2, -2, -3, -4, 3], Enumerable.Range(0, 8).Select(_ => random.Next(-5, 5)));
    }

    [Fact]
    public void NextAndNextInt64_NoBounds_EqualPythonsRandrangeOfMaxValue()
    {
        // python3 -c "import random; random.seed(42); print(random.randrange(2**31-1), random.randrange(2**63-1))"
        var random = new PythonRandom(42);

        Assert.Equal(1373158606, random.Next());
        Assert.Equal(230683484220305791L, random.NextInt64());
    }

    [Fact]
    public void GetRandBits_Seed42_EqualsPythonsGetrandbits()
    {
        // python3 -c "import random; random.seed(42); print([random.getrandbits(k) for k in (1, 8, 32, 33, 64)])"
        var random = new PythonRandom(42);

        Assert.Equal([1UL, 28UL, 107420369UL, 3184935163UL, 4117511471858006928UL], new[] { 1, 8, 32, 33, 64 }.Select(random.GetRandBits));
    }

    [Fact]
    public void NextBytes_Seed42_EqualsPythonsRandbytes()
    {
        // python3 -c "import random; random.seed(42); print(list(random.randbytes(7)))"
        var random = new PythonRandom(42);
        var buffer = new byte[7];

        random.NextBytes(buffer);

        Assert.Equal(new byte[] { 157, 121, 177, 163, 49, 128, 28 }, buffer);
    }

    [Fact]
    public void Gauss_Seed42_EqualsPythonsGaussUpToLibm()
    {
        // python3 -c "import random; random.seed(42); print([repr(random.gauss(0, 1)) for _ in range(3)])"
        // cos, sin, log and sqrt come from the platform in both, so allow a few ulps.
        var random = new PythonRandom(42);

        Assert.Equal(-0.14409032957792836, random.Gauss(0, 1), 1e-15);
        Assert.Equal(-0.1729036003315193, random.Gauss(0, 1), 1e-15);
        Assert.Equal(-0.11131586156766246, random.Gauss(0, 1), 1e-15);
    }
}
