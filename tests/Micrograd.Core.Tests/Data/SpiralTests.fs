module Micrograd.Core.Tests.Data.SpiralTests

open System
open Xunit
open Micrograd.Core.Data

// The expected points were printed by CPython 3.11.7 running
//     python3 tests/Micrograd.Core.Tests/python/spiral_values.py
// (CS231n's spiral: r = linspace(0, 1, N), t = linspace(4j, 4(j+1), N) + random.gauss(0, noise),
// point (r sin t, r cos t), class j; random.seed(seed) first).

let private python4x3 = [|
    -0.0, 0.0, 0
    0.30650917654473664, 0.13100853332885834, 0
    0.4042999797192315, -0.5300810983646497, 0
    -0.8707133431568763, -0.491790884470804, 0
    -0.0, -0.0, 1
    -0.1958295410495883, 0.2697441416665406, 1
    0.08013904276314796, 0.6618324397228128, 1
    0.9280331913414411, -0.3724975110905039, 1
    0.0, -0.0, 2
    0.05719186745952351, -0.32839031868738666, 2
    -0.654210074115807, -0.12827167797232047, 2
    -0.5421270494034086, 0.8402965323653039, 2
|]

// sin, cos and log are the platform's, which may differ from Python's C library in the last bit.
let private closeTo (expected: float) (actual: float) =
    Assert.True(
        abs (actual - expected) <= 1e-15 * max 1.0 (abs expected),
        sprintf "expected %.17g, got %.17g" expected actual
    )

[<Fact>]
let ``generate is CS231n's spiral with Python's gauss noise, class by class`` () =
    let points = Spiral.generate 4 3 0.2 1337
    Assert.Equal(python4x3.Length, points.Count)
    for (x, y, j), p in Array.zip python4x3 (Array.ofSeq points) do
        closeTo x (p.Feature 0)
        closeTo y (p.Feature 1)
        Assert.Equal(j, p.Class)
        Assert.Equal(float j, p.Label)
        Assert.Equal(2, p.FeatureCount)

[<Fact>]
let ``each arm starts at the origin and ends on the unit circle`` () =
    let points = Spiral.generate 50 3 0.2 5
    for j in 0..2 do
        let first = points[j * 50]
        let last = points[j * 50 + 49]
        Assert.Equal(0.0, first.Feature 0 * first.Feature 0 + first.Feature 1 * first.Feature 1)
        // r = 1 exactly, so x² + y² = sin² t + cos² t = 1 to rounding.
        closeTo 1.0 (last.Feature 0 * last.Feature 0 + last.Feature 1 * last.Feature 1)

[<Fact>]
let ``without noise the angle is linspace: the middle point of class 1 of 3 points lies at t = 6`` () =
    // N = 3: r = [0, 0.5, 1], t = [4, 6, 8] for class 1.
    let p = (Spiral.generate 3 2 0.0 1)[4]
    Assert.Equal(0.5 * Math.Sin 6.0, p.Feature 0)
    Assert.Equal(0.5 * Math.Cos 6.0, p.Feature 1)

[<Fact>]
let ``the same seed gives the same points, another seed others`` () =
    let a = Spiral.generate 20 3 0.2 1
    let b = Spiral.generate 20 3 0.2 1
    let c = Spiral.generate 20 3 0.2 2
    Assert.Equal<float>(a |> Seq.collect (fun p -> p.Features), b |> Seq.collect (fun p -> p.Features))
    Assert.NotEqual<float>(a |> Seq.collect (fun p -> p.Features), c |> Seq.collect (fun p -> p.Features))

[<Theory>]
[<InlineData(0, 3, 0.2, "pointsPerClass")>]
[<InlineData(5, 0, 0.2, "classes")>]
[<InlineData(5, 3, -0.1, "noise")>]
[<InlineData(5, 3, Double.NaN, "noise")>]
[<InlineData(5, 3, Double.PositiveInfinity, "noise")>]
[<InlineData(5_000_000, 3, 0.2, "pointsPerClass")>]
let ``bad arguments are refused naming the parameter`` (n: int, k: int, noise: float, name: string) =
    let e =
        Assert.Throws<ArgumentOutOfRangeException>(fun () -> Spiral.generate n k noise 1 |> ignore)
    Assert.Equal(name, e.ParamName)
