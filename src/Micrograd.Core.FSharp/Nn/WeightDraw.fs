namespace Micrograd.Core.Nn

open System

/// <summary>How micrograd draws a network's starting weights, so that a network built here from a
/// <see cref="T:Micrograd.Core.PythonRandom"/> with micrograd's seed starts where micrograd's does.</summary>
[<RequireQualifiedAccess>]
module WeightDraw =

    /// <summary>One weight: Python's <c>random.uniform(-1, 1)</c>, which is <c>a + (b - a) * random()</c>,
    /// so <c>-1.0 + 2.0 * NextDouble()</c>.</summary>
    /// <param name="random">The generator; exactly one <c>NextDouble()</c> is taken from it.</param>
    /// <returns>A number in [-1, 1).</returns>
    /// <exception cref="T:System.ArgumentNullException">The generator is null.</exception>
    [<CompiledName("Uniform")>]
    let uniform (random: Random) : float =
        Checks.random (nameof random) random
        -1.0 + 2.0 * random.NextDouble()
