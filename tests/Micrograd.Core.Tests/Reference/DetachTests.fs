/// Detach (PyTorch's detach, JAX's stop_gradient): its input's value, and no gradient back, in
/// every engine: the reference sweep, the fast one, gradients as nodes and the compiled tape.
module Micrograd.Core.Tests.DetachTests

open System
open Xunit
open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open Micrograd.Core

[<Fact>]
let ``a detached node carries its input's value and is an operation of the rule table`` () =
    let x = Node.Leaf 2.5
    let d = Node.Detach x
    Assert.Equal(2.5, d.Data)
    Assert.Equal("detach", d.Op)
    Assert.Same(x, d.Inputs[0])
    Assert.Equal("detach", Operation.Detach.Name)
    Assert.Equal(1, Operation.Detach.Arity)
    Assert.Equal(2.5, Operation.Detach.Apply(x).Data)

[<Fact>]
let ``the detached factor of x * detach x counts as a constant: the slope is x, not 2x`` () =
    let x = Node.Leaf 3.0
    let y = x * Node.Detach x
    Assert.Equal(9.0, y.Data)
    // d/dx (x · c) = c = 3, where x * x would give 2x = 6.
    Assert.Equal(3.0, (Backprop.gradients y)[x])
    Assert.Equal(3.0, (Reference.Backprop.gradients y)[x])

[<Fact>]
let ``no gradient passes a detach, even a NaN or infinite one from above`` () =
    for upstream in [ nan; infinity; -infinity; 1e308 ] do
        let x = Node.Leaf 0.5
        let d = Node.Detach x
        // d's gradient is `upstream` (d * u: ∂/∂d = u); x is reached only through d.
        let root = d * Node.Leaf upstream
        let fast = Backprop.gradients root
        let reference = Reference.Backprop.gradients root
        Bits.assertSame upstream fast[d] "the detached node's own gradient"
        Bits.assertSame 0.0 fast[x] (sprintf "x's gradient behind a detach, with %g from above" upstream)
        Bits.assertSame 0.0 reference[x] (sprintf "the reference's, with %g from above" upstream)
        Assert.Equal<float>([| 0.0 |], Backprop.gradientsFor root [| x |])

[<Fact>]
let ``a detach stops only its own path: the other uses of its input keep their gradient`` () =
    let x = Node.Leaf 2.0
    // y = x³ + detach(x)·NaN-free weight: only x³ reaches x.
    let y = x ** 3.0 + Node.Detach x * Node.Leaf 5.0
    Assert.Equal(8.0 + 10.0, y.Data)
    Assert.Equal(12.0, (Backprop.gradients y)[x]) // 3x² = 12
    // Even when the detached path carries NaN, x's gradient is the other path's alone.
    let z = x ** 3.0 + Node.Detach x * Node.Leaf nan
    Assert.Equal(12.0, (Backprop.gradients z)[x])
    Assert.Equal(12.0, (Reference.Backprop.gradients z)[x])

[<Fact>]
let ``gradients as nodes pass a detach as an exact 0, and so do second derivatives`` () =
    let x = Node.Leaf 2.0
    // y = x² · detach(x): dy/dx = 2x · detach(x) = 8; d²y/dx² = 2 · detach(x) = 4 (not 6x = 12).
    let y = (x ** 2.0) * Node.Detach x
    let dx = (Backprop.gradientNodes y)[x]
    Assert.Equal(8.0, dx.Data)
    Assert.Equal(4.0, (Backprop.gradients dx)[x])
    // And a graph whose only path to x is detached gives x the gradient node 0.
    let w = Node.Detach x * Node.Leaf nan
    let gw = Backprop.gradientNodes w
    Bits.assertSame 0.0 gw[x].Data "x's gradient node behind a detach"

[<Fact>]
let ``the tape recomputes a detached node from its input when it replays new leaf values`` () =
    let x = Node.Leaf 3.0
    let y = x * Node.Detach x + Node.Detach(x * x)
    let tape = Tape.Compile y
    Assert.Equal(18.0, tape.Forward())
    let ix = tape.IndexOf x
    tape.SetValue(ix, 5.0)
    // With the detached nodes recomputed: 5·5 + 25 = 50 (a detach frozen at 3 would give 5·3 + 9 = 24).
    Assert.Equal(50.0, tape.Forward())
    tape.Backward()
    // d/dx (x · c) = c = 5; the detached x² gives nothing.
    Assert.Equal(5.0, tape.Gradient ix)
    // The same as a graph built at x = 5, in both engines, bit for bit.
    let x5 = Node.Leaf 5.0
    let y5 = x5 * Node.Detach x5 + Node.Detach(x5 * x5)
    let fast = Backprop.gradients y5
    let reference = Reference.Backprop.gradients y5
    Bits.assertSame fast[x5] (tape.Gradient ix) "tape against the fast engine"
    Bits.assertSame reference[x5] (tape.Gradient ix) "tape against the reference"

[<Fact>]
let ``the tape passes no NaN through a detach either`` () =
    let x = Node.Leaf 1.0
    let u = Node.Leaf 1.0
    let tape = Tape.Compile(Node.Detach x * u + x)
    tape.SetValue(tape.IndexOf u, nan)
    tape.Forward() |> ignore
    tape.Backward()
    Assert.Equal(1.0, tape.Gradient(tape.IndexOf x)) // from "+ x" alone

/// Values in [-3, 3] at two decimals.
let private small = Gen.choose (-300, 300) |> Gen.map (fun i -> float i / 100.0)

[<Property>]
let ``detach(f) · g has the gradient of f's value times g, as if f were a constant`` () =
    // y = detach(a·b + tanh a) · exp b: ∂y/∂a = 0 + 0, ∂y/∂b = c · exp b with c = a·b + tanh a.
    Prop.forAll (Arb.fromGen (Gen.map2 (fun a b -> a, b) small small)) (fun (va, vb) ->
        let a, b = Node.Leaf va, Node.Leaf vb
        let y = Node.Detach(a * b + tanh a) * exp b
        let c = va * vb + Math.Tanh va
        // The numeric oracle with the detached part held at its value: f(a, b) = c · e^b.
        let f (v: float[]) = c * Math.Exp v[1]
        let grads = Backprop.gradients y
        let reference = Reference.Backprop.gradients y
        Bits.assertSame 0.0 grads[a] "∂y/∂a"
        Numeric.expectAgree "∂y/∂b" (Numeric.partial f [| va; vb |] 1) grads[b]
        Bits.assertSame reference[b] grads[b] "the two engines"
        Bits.assertSame reference[a] grads[a] "the two engines, a")
