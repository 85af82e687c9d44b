using Micrograd.Core;

namespace Micrograd.Cli.Data;

/// <summary>
/// Two interleaving half circles, like scikit-learn's <c>make_moons</c> that micrograd's demo
/// trains on, written here so that the data needs neither numpy nor a download.
/// </summary>
/// <remarks>
/// <para>The first <c>n / 2</c> points lie on the outer moon (<c>cos t, sin t</c>, label -1), the
/// rest on the inner one (<c>1 - cos t, 1 - sin t - 0.5</c>, label +1), with <c>t</c> evenly
/// spaced over [0, π] on each moon. Then every point, in that order, gets Gaussian noise on x
/// and then on y from <see cref="PythonRandom.Gauss"/>. Unlike scikit-learn, the points are not
/// shuffled: outer moon first, inner moon second.</para>
/// <para>The noise goes through the platform's sin, cos and log, so another C library could
/// change the last bit of a coordinate; save the data (<c>--save-data</c>) to replay a run
/// exactly elsewhere.</para>
/// </remarks>
internal static class Moons
{
    /// <summary>The points of two noisy moons.</summary>
    /// <param name="samples">How many points in all (at least 2).</param>
    /// <param name="noise">Standard deviation of the Gaussian noise (0 for none).</param>
    /// <param name="seed">Seed of the <see cref="PythonRandom"/> the noise is drawn from.</param>
    public static IReadOnlyList<Sample> Generate(int samples, double noise, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(noise);
        var outer = samples / 2;
        var inner = samples - outer;
        var points = new Sample[samples];
        for (var i = 0; i < outer; i++)
        {
            var t = Angle(i, outer);
            points[i] = new Sample(Math.Cos(t), Math.Sin(t), -1.0);
        }
        for (var i = 0; i < inner; i++)
        {
            var t = Angle(i, inner);
            points[outer + i] = new Sample(1.0 - Math.Cos(t), 1.0 - Math.Sin(t) - 0.5, 1.0);
        }
        var random = new PythonRandom(seed);
        for (var i = 0; i < samples; i++)
        {
            var p = points[i];
            var x = p.X + random.Gauss(0.0, noise);
            var y = p.Y + random.Gauss(0.0, noise);
            points[i] = p with { X = x, Y = y };
        }
        return points;
    }

    // numpy's linspace(0, pi, count): the i-th of count evenly spaced angles, both ends included.
    private static double Angle(int i, int count) => count == 1 ? 0.0 : Math.PI * i / (count - 1);
}
