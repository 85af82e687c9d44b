/// User-defined operations: through every traversal, against numerical differentiation, and a
/// deliberately wrong rule that the numeric property catches.
module Micrograd.Core.Tests.OperationTests

open System
open Xunit
open FsCheck
open FsCheck.FSharp
open Micrograd.Core
open Micrograd.Core.Tests.Generators

/// σ(x) = 1 / (1 + e^-x), written out here: the derivative of softplus.
let private sigma (x: float) = 1.0 / (1.0 + Math.Exp(-x))

[<Fact>]
let ``a custom operation computes its forward value and prints its name`` () =
    let h = hypot.Apply(Node.Leaf 3.0, Node.Leaf 4.0)
    Assert.Equal(5.0, h.Data) // √(9 + 16)
    Assert.Equal("hypot", h.Op)
    Assert.Equal("Node(data=5, op=\"hypot\")", string h)
    Assert.Equal(2, hypot.Arity)
    let s = softplus.Apply(Node.Leaf 0.0)
    Assert.Equal(Math.Log 2.0, s.Data) // ln(1 + e^0)
    Assert.Equal(1, softplus.Arity)
    Assert.Equal("softplus", string softplus)

[<Fact>]
let ``a custom operation's gradients come from its rule in every engine`` () =
    // y = hypot(a, b) * softplus(a) at a = 3, b = 4: hypot = 5, ∂hypot/∂a = 3/5, ∂hypot/∂b = 4/5,
    // softplus(3) = ln(1 + e^3), softplus'(3) = σ(3). By the product rule:
    // dy/da = 0.6 · ln(1 + e^3) + 5 · σ(3), dy/db = 0.8 · ln(1 + e^3).
    let a = Node.Leaf 3.0
    let b = Node.Leaf 4.0
    let y = hypot.Apply(a, b) * softplus.Apply a
    let sp3 = Math.Log(1.0 + Math.Exp 3.0)
    let dyda = 0.6 * sp3 + 5.0 * sigma 3.0
    let dydb = 0.8 * sp3
    let fast = Backprop.gradients y
    Assert.Equal(dyda, fast[a], 12)
    Assert.Equal(dydb, fast[b], 12)
    let reference = Reference.Backprop.gradients y
    Bits.assertSame fast[a] reference[a] "reference, a"
    Bits.assertSame fast[b] reference[b] "reference, b"
    let some = Backprop.gradientsFor y [| a; b |]
    Bits.assertSame fast[a] some[0] "gradientsFor, a"
    Bits.assertSame fast[b] some[1] "gradientsFor, b"
    let tape = Tape.Compile y
    tape.Forward() |> ignore
    tape.Backward()
    Bits.assertSame y.Data (tape.Value(tape.Count - 1)) "tape, forward"
    Bits.assertSame fast[a] (tape.Gradient(tape.IndexOf a)) "tape, a"
    Bits.assertSame fast[b] (tape.Gradient(tape.IndexOf b)) "tape, b"

[<Fact>]
let ``a compiled tape re-runs a custom operation on new leaf values`` () =
    let a = Node.Leaf 3.0
    let b = Node.Leaf 4.0
    let tape = Tape.Compile(hypot.Apply(a, b))
    tape.SetValue(tape.IndexOf a, 5.0)
    tape.SetValue(tape.IndexOf b, 12.0)
    Assert.Equal(13.0, tape.Forward()) // √(25 + 144)
    tape.Backward()
    Assert.Equal(5.0 / 13.0, tape.Gradient(tape.IndexOf a), 15)
    Assert.Equal(12.0 / 13.0, tape.Gradient(tape.IndexOf b), 15)

[<Fact>]
let ``gradients as nodes go through a custom operation's node rule, to second order`` () =
    // softplus' = σ, softplus'' = σ (1 - σ), here at x = 0.5.
    let x = Node.Leaf 0.5
    let dx = (Backprop.gradientNodes (softplus.Apply x))[x]
    Assert.Equal(sigma 0.5, dx.Data, 15)
    let d2x = (Backprop.gradients dx)[x]
    Assert.Equal(sigma 0.5 * (1.0 - sigma 0.5), d2x, 15)
    Numeric.expectAgree "softplus''" (Numeric.secondDerivative (fun v -> Math.Log(1.0 + Math.Exp v)) 0.5) d2x

[<Fact>]
let ``gradients as nodes refuse a custom operation without a node rule, naming it`` () =
    let square = CustomOp.Unary("square", (fun x -> x * x), (fun x _ -> 2.0 * x))
    Assert.False square.HasDerivativeNodes
    Assert.True softplus.HasDerivativeNodes
    let x = Node.Leaf 2.0
    let y = square.Apply x
    Assert.Equal(4.0, (Backprop.gradients y)[x]) // 2x
    let e =
        Assert.Throws<NotSupportedException>(fun () -> Backprop.gradientNodes y |> ignore)
    Assert.Contains("'square'", e.Message)

[<Fact>]
let ``Graphviz draws a custom operation by its name`` () =
    let y = softplus.Apply(Node.Leaf(1.0, "x"))
    let dot = Graphviz.Export(y, Backprop.gradients y)
    Assert.Contains("label=\"softplus\"", dot)

[<Fact>]
let ``a custom operation refuses the wrong number of inputs and a missing name or rule`` () =
    let x = Node.Leaf 1.0
    let e1 = Assert.Throws<ArgumentException>(fun () -> hypot.Apply x |> ignore)
    Assert.Equal("x", e1.ParamName)
    Assert.Contains("'hypot' takes two inputs; 1 given.", e1.Message)
    let e2 = Assert.Throws<ArgumentException>(fun () -> softplus.Apply(x, x) |> ignore)
    Assert.Equal("y", e2.ParamName)
    Assert.Contains("'softplus' takes one input; 2 given.", e2.Message)
    let e6 = Assert.Throws<ArgumentException>(fun () -> hypot.CheckArity(1, "inputs"))
    Assert.Equal("inputs", e6.ParamName)
    softplus.CheckArity(1, "inputs")
    let e7 =
        Assert.Throws<ArgumentNullException>(fun () ->
            CustomOp.Binary("f", (fun a _ -> a), (null: Func<float, float, float, struct (float * float)>))
            |> ignore)
    Assert.Equal("derivatives", e7.ParamName)
    let e3 =
        Assert.Throws<ArgumentException>(fun () -> CustomOp.Unary(" ", (fun x -> x), (fun _ _ -> 1.0)) |> ignore)
    Assert.Equal("name", e3.ParamName)
    let e4 =
        Assert.Throws<ArgumentNullException>(fun () -> CustomOp.Unary("f", (fun x -> x), null) |> ignore)
    Assert.Equal("derivative", e4.ParamName)
    let e5 =
        Assert.Throws<ArgumentNullException>(fun () -> softplus.Apply(null: Node) |> ignore)
    Assert.Equal("x", e5.ParamName)

// ---------------------------------------------------------------------------------------------
// The numeric property, and a wrong rule it must catch

/// The property: at x, the op's gradient agrees with MathNet's central difference of f, the
/// forward function computed without the op.
let private agreesWithNumeric (op: CustomOp) (f: float -> float) (x: float) =
    let leaf = Node.Leaf x
    let analytic = (Backprop.gradients (op.Apply leaf))[leaf]
    Numeric.agrees (Numeric.derivative f x) analytic

/// 200 points in [-3, 3], the same on every run.
let private points =
    Gen.sampleWithSeed (Rnd 20261201UL) 30 200 (Gen.choose (-3000, 3000) |> Gen.map (fun i -> float i / 1000.0))

let private softplusF (x: float) = Math.Log(1.0 + Math.Exp x)

[<Fact>]
let ``the numeric property holds for softplus`` () =
    for x in points do
        Assert.True(agreesWithNumeric softplus softplusF x, sprintf "softplus at %g" x)

[<Fact>]
let ``the numeric property holds for hypot, in both inputs`` () =
    // Pairs of points with |a| ≥ 0.25, so that hypot stays away from its kink at (0, 0).
    let pairs =
        Array.zip points (Array.rev points)
        |> Array.filter (fun (a, _) -> abs a >= 0.25)
    let f (x: float[]) = Math.Sqrt(x[0] * x[0] + x[1] * x[1])
    for a, b in pairs do
        let la, lb = Node.Leaf a, Node.Leaf b
        let grads = Backprop.gradients (hypot.Apply(la, lb))
        Numeric.expectAgree (sprintf "d hypot / da at (%g, %g)" a b) (Numeric.partial f [| a; b |] 0) grads[la]
        Numeric.expectAgree (sprintf "d hypot / db at (%g, %g)" a b) (Numeric.partial f [| a; b |] 1) grads[lb]

[<Fact>]
let ``the numeric property catches a softplus whose derivative is wrong`` () =
    // A classic slip: e^x / (1 + e^x)² is σ'(x), the derivative one step too far, not σ(x).
    let wrong =
        CustomOp.Unary("softplus", (fun x -> softplusF x), (fun x _ -> Math.Exp x / ((1.0 + Math.Exp x) ** 2.0)))
    let caught =
        points |> Array.filter (fun x -> not (agreesWithNumeric wrong softplusF x))
    Assert.True(caught.Length > 0, "the wrong rule passed at every point")
