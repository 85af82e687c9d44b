module Micrograd.Testing.Tests.ExpressionsTests

open System
open Xunit
open Micrograd.Core
open Micrograd.Testing

let private hypot =
    CustomOp.Binary("hypot", (fun a b -> Math.Sqrt(a * a + b * b)), (fun a b y -> struct (a / y, b / y)))

/// x0 = 3, x1 = 4; s2 = hypot(x0, x1) = 5; s3 = s2 - x0 = 2; s4 = s3 ** 2 = 4; s5 = log s4.
let private sample =
    Expression(
        [| 3.0; 4.0 |],
        [| { Lo = 2.5; Hi = 3.5 }; { Lo = 3.5; Hi = 4.5 } |],
        [| Binary(0, 0, 1); Sub(2, 0); PowK(3, 2.0); Log 4 |],
        [|
            ExpressionOperation(hypot, { Lo = 0.25; Hi = 10.0 }, { Lo = -10.0; Hi = 10.0 })
        |]
    )

[<Fact>]
let ``an expression evaluates in plain floats, as nodes and as values to the same numbers`` () =
    let v = sample.ValuesAt sample.Leaves
    Assert.Equal<float[]>([| 3.0; 4.0; 5.0; 2.0; 4.0; Math.Log 4.0 |], v)
    let nodes = sample.Build()
    Assert.Equal(6, nodes.Length)
    Assert.Equal(Math.Log 4.0, nodes[5].Data)
    Assert.Equal("hypot", nodes[2].Op)
    Assert.Equal("x1", nodes[1].Label)
    let values = sample.BuildValues()
    Assert.Equal(Math.Log 4.0, values[5].Data)
    Assert.Equal(Math.Log 4.0, sample.Evaluate sample.Leaves)

[<Fact>]
let ``an expression prints as its program`` () =
    Assert.Equal("x0 = 3; x1 = 4; s2 = hypot(x0, x1); s3 = s2 - x0; s4 = s3 ** 2; s5 = log s4", string sample)

[<Fact>]
let ``BuildFrom builds on the nodes given and WithLeaves moves the point`` () =
    let a = Node.Leaf 3.0
    let b = Node.Leaf 4.0
    let nodes = sample.BuildFrom [| a; b |]
    Assert.Same(a, nodes[0])
    // d log((hypot(a, b) - a)²) / da = 2 (a / 5 - 1) / 2 at (3, 4) = -0.4, written out.
    Assert.Equal(-0.4, (Backprop.gradients nodes[5])[a], 12)
    let moved = sample.WithLeaves [| 3.0; 4.25 |]
    Assert.Equal(4.25, moved.Leaves[1])
    Assert.Equal(4.0, sample.Leaves[1])
