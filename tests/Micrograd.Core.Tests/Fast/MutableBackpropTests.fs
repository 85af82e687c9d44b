/// Backward over mutable nodes (the C# façade's values): a graph of the last pass's shape is laid
/// out by replaying that shape, one of another shape depth first, with the core's gradients either way.
module Micrograd.Core.Tests.MutableBackpropTests

open System
open Xunit
open Micrograd.Core

// y = tanh(a·b + a), built afresh from new leaves: by hand, with t = tanh(a·b + a),
// dy/da = (1 - t²)·(b + 1) and dy/db = (1 - t²)·a.
let private build (a: float) (b: float) =
    let la = MutableNode a
    let lb = MutableNode b
    let y =
        MutableNode(Operation.Tanh, MutableNode(Operation.Add, MutableNode(Operation.Multiply, la, lb), la))
    la, lb, y

let private counts () =
    let struct (replays, layouts) = MutableScratch.Counts
    replays, layouts

[<Fact>]
let ``a second graph of the same shape is laid out by replaying the first, with the right gradients`` () =
    let _, _, first = build 0.3 -0.7
    MutableBackprop.backward first
    let replays0, layouts0 = counts ()

    let a, b, y = build 0.5 2.0
    MutableBackprop.backward y

    let replays1, layouts1 = counts ()
    Assert.Equal((replays0 + 1, layouts0), (replays1, layouts1))
    let t = Math.Tanh(0.5 * 2.0 + 0.5)
    Assert.Equal((1.0 - t * t) * (2.0 + 1.0), a.Grad, 1e-15)
    Assert.Equal((1.0 - t * t) * 0.5, b.Grad, 1e-15)
    let core = Backprop.gradients y.Node
    Assert.Equal(core[a.Node], a.Grad)
    Assert.Equal(core[b.Node], b.Grad)

[<Fact>]
let ``a graph of another shape is laid out depth first, with the right gradients`` () =
    let _, _, first = build 0.3 -0.7
    MutableBackprop.backward first
    let replays0, layouts0 = counts ()

    // y = a·a: one leaf used twice, dy/da = 2a.
    let a = MutableNode 1.5
    let y = MutableNode(Operation.Multiply, a, a)
    MutableBackprop.backward y

    Assert.Equal((replays0, layouts0 + 1), counts ())
    Assert.Equal(3.0, a.Grad)

// A value's bytes, by the layout of its fields: a 16-byte object header, then data, grad, a, b
// (8 each), the mark (4), the code and the leaf flag (1 each): 54, rounded to 56. x ** k keeps its
// operation (the Op the Operation already holds) where a second input would be, and so costs no
// more; a user's two-input operation needs one more object of two references, 16 + 16 = 32 bytes.
[<Fact>]
let ``a value is 56 bytes, x ** k and a user's one-input operation included; a user's two-input one 88`` () =
    let x = MutableNode 0.5
    let y = MutableNode 2.0
    MutableNode(Operation.Add, x, y) |> ignore // both leaves get their cells
    let square = Operation.Power 2.0
    let softplus =
        CustomOp.Unary("softplus", (fun v -> log (1.0 + exp v)), (fun v _ -> 1.0 / (1.0 + exp -v)))
    let hypot =
        CustomOp.Binary("hypot", (fun a b -> sqrt (a * a + b * b)), (fun a b h -> struct (a / h, b / h)))
    let bytesOf (make: unit -> MutableNode) = Allocations.fewestBytes 1000 (fun () -> make () |> ignore) / 1000L
    Assert.Equal(56L, bytesOf (fun () -> MutableNode(Operation.Multiply, x, y)))
    Assert.Equal(56L, bytesOf (fun () -> MutableNode(Operation.Tanh, x)))
    Assert.Equal(56L, bytesOf (fun () -> MutableNode(square, x)))
    Assert.Equal(56L, bytesOf (fun () -> MutableNode(softplus, x)))
    Assert.Equal(88L, bytesOf (fun () -> MutableNode(hypot, x, y)))
