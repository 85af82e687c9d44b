namespace Micrograd.Core.Data

open System
open System.Collections.Generic
open Micrograd.Core

/// <summary>
/// The classic spiral of Stanford's CS231n notes ("Putting it together: minimal neural network
/// case study"): K arms winding out from the origin, one class each, which no straight line
/// separates.
/// </summary>
/// <remarks>
/// <para>Class j has N points, i = 0 .. N - 1, built as the notes build them with numpy:</para>
/// <code>
/// r = linspace(0, 1, N)[i]                          (= i * (1 / (N - 1)), the last exactly 1)
/// t = linspace(4j, 4(j + 1), N)[i] + noise * z      (= i * (4 / (N - 1)) + 4j, the last exactly 4(j + 1))
/// point = (r sin t, r cos t), label j
/// </code>
/// <para>with <c>z</c> standard normal. Here z comes from <see cref="T:Micrograd.Core.PythonRandom"/>'s
/// <c>gauss</c> (Python's <c>random.gauss(0.0, noise)</c>, class by class, point by point) instead
/// of numpy's <c>randn</c>, so that plain Python reproduces the points; the shape is the notes'
/// (their <c>noise</c> is 0.2), the individual points are not numpy's.</para>
/// <para>As with <see cref="T:Micrograd.Core.Data.Moons"/>, sin, cos and log are the platform's, so
/// another C library may change a coordinate's last bit.</para>
/// </remarks>
[<RequireQualifiedAccess>]
module Spiral =

    // numpy's linspace(start, stop, count)[i]: i * step + start, the last exactly stop.
    let private linspace (start: float) (stop: float) (count: int) (i: int) =
        if count = 1 then start
        elif i = count - 1 then stop
        else float i * ((stop - start) / float (count - 1)) + start

    /// <summary>The points of a K-armed spiral, class 0's first.</summary>
    /// <param name="pointsPerClass">N, the points of each arm, at least 1.</param>
    /// <param name="classes">K, the number of arms and classes, at least 1.</param>
    /// <param name="noise">The standard deviation of the Gaussian noise on each angle: finite, 0 or more (CS231n's is 0.2).</param>
    /// <param name="seed">Seeds the <see cref="T:Micrograd.Core.PythonRandom"/> the noise is drawn from.</param>
    /// <returns>N * K examples with features (x, y) and the class index as label: class 0's N, then class 1's, ...</returns>
    /// <exception cref="T:System.ArgumentOutOfRangeException">N or K is below 1, N * K is above 10,000,000,
    /// or the noise is negative, infinite or NaN.</exception>
    /// <example>
    /// <code lang="fsharp">
    /// let data = Spiral.generate 100 3 0.2 1337   // 300 points in three classes
    /// </code>
    /// </example>
    [<CompiledName("Generate")>]
    let generate (pointsPerClass: int) (classes: int) (noise: float) (seed: int) : IReadOnlyList<Example> =
        if pointsPerClass < 1 then
            raise (
                ArgumentOutOfRangeException(
                    nameof pointsPerClass,
                    pointsPerClass,
                    "A spiral needs at least 1 point per class."
                )
            )
        if classes < 1 then
            raise (ArgumentOutOfRangeException(nameof classes, classes, "A spiral needs at least 1 class."))
        if int64 pointsPerClass * int64 classes > 10_000_000L then
            raise (
                ArgumentOutOfRangeException(
                    nameof pointsPerClass,
                    pointsPerClass,
                    sprintf
                        "%d points per class times %d classes is more than 10,000,000 points."
                        pointsPerClass
                        classes
                )
            )
        if not (noise >= 0.0) || Double.IsInfinity noise then
            raise (ArgumentOutOfRangeException(nameof noise, noise, "The noise must be a finite number, 0 or more."))
        let random = PythonRandom seed
        let points = Array.zeroCreate<Example>(pointsPerClass * classes)
        for j in 0 .. classes - 1 do
            for i in 0 .. pointsPerClass - 1 do
                let r = linspace 0.0 1.0 pointsPerClass i
                let t =
                    linspace (4.0 * float j) (4.0 * float (j + 1)) pointsPerClass i
                    + random.Gauss(0.0, noise)
                points[j * pointsPerClass + i] <- Example.OfClass([| r * Math.Sin t; r * Math.Cos t |], j)
        points :> IReadOnlyList<Example>
