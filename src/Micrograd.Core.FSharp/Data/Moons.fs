namespace Micrograd.Core.Data

open System
open System.Collections.Generic
open Micrograd.Core

/// <summary>
/// Two interleaving half circles, like scikit-learn's <c>make_moons</c> that micrograd's demo
/// trains on, written here so that the data needs neither numpy nor a download.
/// </summary>
/// <remarks>
/// <para>The first <c>n / 2</c> points lie on the outer moon (<c>cos t, sin t</c>, label -1), the
/// rest on the inner one (<c>1 - cos t, 1 - sin t - 0.5</c>, label +1), with <c>t</c> evenly
/// spaced over [0, π] on each moon. Then every point, in that order, gets Gaussian noise on x
/// and then on y from <see cref="M:Micrograd.Core.PythonRandom.Gauss(System.Double,System.Double)"/>.
/// Unlike scikit-learn, the points are not shuffled: outer moon first, inner moon second.</para>
/// <para>The noise goes through the platform's sin, cos and log, so another C library could
/// change the last bit of a coordinate; save the points to replay a run exactly elsewhere.</para>
/// </remarks>
[<RequireQualifiedAccess>]
module Moons =

    // numpy's linspace(0, pi, count): the i-th of count evenly spaced angles, both ends included.
    let private angle (i: int) (count: int) = if count = 1 then 0.0 else Math.PI * float i / float (count - 1)

    /// <summary>The points of two noisy moons.</summary>
    /// <param name="samples">How many points in all, at least 2; an odd one out goes to the inner moon.</param>
    /// <param name="noise">The standard deviation of the Gaussian noise: a finite number, 0 for none.</param>
    /// <param name="seed">Seeds the <see cref="T:Micrograd.Core.PythonRandom"/> the noise is drawn from.</param>
    /// <returns>The outer moon's points (label -1), then the inner moon's (label +1).</returns>
    /// <exception cref="T:System.ArgumentOutOfRangeException">Fewer than 2 samples, or a negative,
    /// infinite or NaN noise.</exception>
    /// <example>
    /// <code lang="fsharp">
    /// let data = Moons.generate 100 0.1 1337   // micrograd's demo data
    /// </code>
    /// </example>
    [<CompiledName("Generate")>]
    let generate (samples: int) (noise: float) (seed: int) : IReadOnlyList<Sample> =
        if samples < 2 then
            raise (ArgumentOutOfRangeException(nameof samples, samples, "Two moons need at least 2 samples."))
        if not (noise >= 0.0) || Double.IsInfinity noise then
            raise (ArgumentOutOfRangeException(nameof noise, noise, "The noise must be a finite number, 0 or more."))
        let outer = samples / 2
        let inner = samples - outer
        let points = Array.zeroCreate<Sample> samples
        for i in 0 .. outer - 1 do
            let t = angle i outer
            points[i] <- {
                X = Math.Cos t
                Y = Math.Sin t
                Label = -1.0
            }
        for i in 0 .. inner - 1 do
            let t = angle i inner
            points[outer + i] <- {
                X = 1.0 - Math.Cos t
                Y = 1.0 - Math.Sin t - 0.5
                Label = 1.0
            }
        let random = PythonRandom seed
        for i in 0 .. samples - 1 do
            let p = points[i]
            // x's noise is drawn before y's: Gauss keeps the second of each pair for the next call.
            let x = p.X + random.Gauss(0.0, noise)
            let y = p.Y + random.Gauss(0.0, noise)
            points[i] <- { p with X = x; Y = y }
        points :> IReadOnlyList<Sample>
