using Micrograd.Cli.Data;

namespace Micrograd.Cli.Tests;

public sealed class MoonsDataTests
{
    [Fact]
    public void Generate_OddCount_PutsTheExtraPointOnTheInnerMoon()
    {
        var points = Moons.Generate(7, 0.1, 1337);

        Assert.Equal(7, points.Count);
        Assert.Equal(3, points.Count(p => p.Label == -1.0));
        Assert.Equal(4, points.Count(p => p.Label == 1.0));
    }

    [Fact]
    public void Generate_NoNoise_PutsPointsOnTheTwoHalfCircles()
    {
        var points = Moons.Generate(10, 0.0, 1);

        Assert.All(points.Where(p => p.Label < 0), p => Assert.Equal(1.0, p.X * p.X + p.Y * p.Y, 12));
        Assert.All(points.Where(p => p.Label > 0), p => Assert.Equal(1.0, (1 - p.X) * (1 - p.X) + (0.5 - p.Y) * (0.5 - p.Y), 12));
        Assert.Equal((1.0, 0.0), (points[0].X, points[0].Y));
        Assert.Equal((0.0, 0.5), (points[5].X, points[5].Y));
    }

    [Fact]
    public void Generate_SameSeed_SamePoints_OtherSeed_OtherPoints()
    {
        Assert.Equal(Moons.Generate(20, 0.1, 5), Moons.Generate(20, 0.1, 5));
        Assert.NotEqual(Moons.Generate(20, 0.1, 5), Moons.Generate(20, 0.1, 6));
    }
}
