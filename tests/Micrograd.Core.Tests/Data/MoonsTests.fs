module Micrograd.Core.Tests.Data.MoonsTests

open System
open Xunit
open Micrograd.Core.Data

// The expected points were printed by CPython 3.11.7 running
//     python3 tests/Micrograd.Core.Tests/python/moons_values.py
// (math.cos and math.sin, then random.seed(seed) and random.gauss, in Moons.generate's order).

let private pythonMoons7 = [|
    0.9088246706702338, -0.08322834003509738, -1.0
    -0.08833109857747153, 1.0991218089333783, -1.0
    -0.9057501626740514, 0.16095002404943468, -1.0
    -0.1314906961008598, 0.6178401966091744, 1.0
    0.5755856195301933, -0.40651747300957486, 1.0
    1.5676463520114678, -0.3693232749051166, 1.0
    1.8774560282513681, 0.3165310351473487, 1.0
|]

let private pythonMoons2 = [|
    0.6463474746307984, -0.3444482042372405, -1.0
    0.20084067431579086, -0.18817302838957328, 1.0
|]

/// The noise goes through the platform's cos, sin and log, which may differ from the C library
/// Python used in the last bit.
let private closeTo (expected: float) (actual: float) =
    Assert.True(
        abs (actual - expected) <= 1e-15 * max 1.0 (abs expected),
        sprintf "expected %.17g, got %.17g" expected actual
    )

let private assertPoints (expected: (float * float * float)[]) (actual: Sample seq) =
    let actual = Array.ofSeq actual
    Assert.Equal(expected.Length, actual.Length)
    for (x, y, label), p in Array.zip expected actual do
        closeTo x p.X
        closeTo y p.Y
        Assert.Equal(label, p.Label)

[<Fact>]
let ``generate is the Python construction: the moons in order, then Gauss noise on x and then y`` () =
    assertPoints pythonMoons7 (Moons.generate 7 0.1 1337)
    assertPoints pythonMoons2 (Moons.generate 2 0.3 5)

[<Fact>]
let ``micrograd's demo data starts and ends each moon where Python's does`` () =
    let points = Moons.generate 100 0.1 1337
    assertPoints [|
        0.9088246706702338, -0.08322834003509738, -1.0
        -1.090190897666293, 0.12024637353822755, -1.0
        -0.12804674567795468, 0.40578269185798954, 1.0
        1.9336543498725267, 0.4648849014293894, 1.0
    |] [ points[0]; points[49]; points[50]; points[99] ]

[<Fact>]
let ``an odd count puts the extra point on the inner moon`` () =
    let points = Moons.generate 7 0.1 1337
    Assert.Equal(7, points.Count)
    Assert.Equal(3, points |> Seq.filter (fun p -> p.Label = -1.0) |> Seq.length)
    Assert.Equal(4, points |> Seq.filter (fun p -> p.Label = 1.0) |> Seq.length)

[<Fact>]
let ``without noise the points lie on the two half circles, from angle 0 to pi`` () =
    let points = Moons.generate 10 0.0 1
    for p in points do
        if p.Label < 0.0 then
            Assert.Equal(1.0, p.X * p.X + p.Y * p.Y, 12)
        else
            Assert.Equal(1.0, (1.0 - p.X) * (1.0 - p.X) + (0.5 - p.Y) * (0.5 - p.Y), 12)
    Assert.Equal((1.0, 0.0), (points[0].X, points[0].Y))
    Assert.Equal((0.0, 0.5), (points[5].X, points[5].Y))

[<Fact>]
let ``the same seed gives the same points, another seed other points`` () =
    Assert.Equal<Sample seq>(Moons.generate 20 0.1 5, Moons.generate 20 0.1 5)
    Assert.NotEqual<Sample seq>(Moons.generate 20 0.1 5, Moons.generate 20 0.1 6)

[<Fact>]
let ``bad arguments are ArgumentOutOfRangeException naming the parameter`` () =
    let paramName (f: unit -> obj) = Assert.Throws<ArgumentOutOfRangeException>(fun () -> f () |> ignore).ParamName
    Assert.Equal("samples", paramName (fun () -> Moons.generate 1 0.1 1))
    for noise in [ -0.1; nan; infinity ] do
        Assert.Equal("noise", paramName (fun () -> Moons.generate 10 noise 1))
