/// Higher-order gradients: Backprop.hessian and hessianVectorProduct, Value.Gradients, Hessian and
/// HessianVectorProduct, against closed forms written out here and MathNet's second differences.
module Micrograd.Testing.Tests.HigherOrderTests

open System
open Xunit
open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open Micrograd
open Micrograd.Core
open Micrograd.Testing

[<Fact>]
let ``d² x³ / dx² is 6x`` () =
    for x in [ -1.5; 0.0; 0.5; 2.0 ] do
        let leaf = Node.Leaf x
        Assert.Equal(6.0 * x, (Backprop.hessian (leaf ** 3.0) [| leaf |])[0, 0], 12)

[<Fact>]
let ``d² tanh x / dx² is -2 tanh x (1 - tanh² x)`` () =
    for x in [ -1.5; 0.0; 0.5; 2.0 ] do
        let leaf = Node.Leaf x
        let t = Math.Tanh x
        Assert.Equal(-2.0 * t * (1.0 - t * t), (Backprop.hessian (tanh leaf) [| leaf |])[0, 0], 12)

/// f = x·y·e^x: f_xx = y e^x (x + 2), f_xy = f_yx = e^x (x + 1), f_yy = 0.
let private closedForm (x: float) (y: float) =
    let e = Math.Exp x
    array2D [ [ y * e * (x + 2.0); e * (x + 1.0) ]; [ e * (x + 1.0); 0.0 ] ]

[<Fact>]
let ``the Hessian of x·y·exp(x) is its closed form, mixed partials included`` () =
    for x, y in [ 0.5, -1.5; -2.0, 3.0; 1.25, 0.75 ] do
        let a, b = Node.Leaf x, Node.Leaf y
        let h = Backprop.hessian (a * b * exp a) [| a; b |]
        let want = closedForm x y
        for i in 0..1 do
            for j in 0..1 do
                Assert.Equal(want[i, j], h[i, j], 12)

[<Fact>]
let ``the Hessian-vector product of x·y·exp(x) is the closed form times the vector`` () =
    let x, y = 0.5, -1.5
    let a, b = Node.Leaf x, Node.Leaf y
    let v = [| 1.0; 2.0 |]
    let hv = Backprop.hessianVectorProduct (a * b * exp a) [| a; b |] v
    let h = closedForm x y
    Assert.Equal(h[0, 0] * 1.0 + h[0, 1] * 2.0, hv[0], 12)
    Assert.Equal(h[1, 0] * 1.0 + h[1, 1] * 2.0, hv[1], 12)

[<Fact>]
let ``a node the root does not depend on has a zero row, column and product`` () =
    let a, b = Node.Leaf 2.0, Node.Leaf 5.0
    let h = Backprop.hessian (a ** 3.0) [| a; b |]
    Assert.Equal(12.0, h[0, 0], 12)
    Assert.Equal<float>([ 0.0; 0.0; 0.0 ], [ h[0, 1]; h[1, 0]; h[1, 1] ])
    Assert.Equal<float[]>([| 0.0; 0.0 |], Backprop.hessianVectorProduct (Node.Leaf 1.0 * 2.0) [| a; b |] [| 1.0; 1.0 |])

[<Fact>]
let ``the façade's gradients are values that differentiate again: the issue's example`` () =
    let x = Value(2.0)
    let y = x.Pow 3.0
    let g = y.Gradients()
    let dydx = g[x]
    Assert.Equal(12.0, dydx.Data) // 3·x²
    Assert.Equal(0.0, x.Grad) // asking changes no Grad
    dydx.Backward()
    Assert.Equal(12.0, x.Grad) // 6·x
    Assert.Equal(1.0, g[y].Data)

[<Fact>]
let ``the façade's Hessian and product of x·y·exp(x) are the closed forms`` () =
    let x, y = Value(0.5), Value(-1.5)
    let f = x * y * x.Exp()
    let want = closedForm 0.5 -1.5
    let h = f.Hessian [| x; y |]
    for i in 0..1 do
        for j in 0..1 do
            Assert.Equal(want[i, j], h[i, j], 12)
    let hv = f.HessianVectorProduct([| x; y |], [| 1.0; 2.0 |])
    Assert.Equal(want[1, 0] + 2.0 * want[1, 1], hv[1], 12)
    // The mixed partial through Gradients: d/dy (df/dx) lands in y.Grad.
    (f.Gradients()[x]).Backward()
    Assert.Equal(want[0, 0], x.Grad, 12)
    Assert.Equal(want[0, 1], y.Grad, 12)

/// Expressions whose kinks keep their side over a 5-point second-difference stencil.
let private smooth =
    ExpressionGenerator.Generator()
    |> Gen.filter (fun e -> ExpressionGenerator.IsSmoothWithin(2e-2, e))

[<Property(MaxTest = 200)>]
let ``the Hessian of a random expression is symmetric`` () =
    Prop.forAll (Arb.fromGen smooth) (fun e ->
        let nodes = e.Build()
        let leaves = nodes[.. e.Leaves.Length - 1]
        let h = Backprop.hessian nodes[nodes.Length - 1] leaves
        for i in 0 .. leaves.Length - 1 do
            for j in 0 .. i - 1 do
                // Two sweeps add the same terms in different orders: a few ulps of their size apart.
                let slack = 1e-9 * (1.0 + abs h[i, j])
                Assert.True(
                    abs (h[i, j] - h[j, i]) <= slack,
                    sprintf "H[%d,%d] = %.17g, H[%d,%d] = %.17g in %O" i j h[i, j] j i h[j, i] e
                ))

[<Property(MaxTest = 200)>]
let ``second derivatives of random expressions agree with MathNet's, through GradGradCheck`` () =
    Prop.forAll (Arb.fromGen smooth) (fun e ->
        let report =
            GradGradCheck.CheckNodes((fun xs -> Array.last (e.BuildFrom xs)), e.Leaves)
        Assert.True(report.Passed, sprintf "%O\n%O" e report))

[<Property(MaxTest = 100)>]
let ``the façade's gradients as values give the core's gradient nodes' data, bit for bit`` () =
    Prop.forAll (Arb.fromGen smooth) (fun e ->
        let values = e.BuildValues()
        let root = values[values.Length - 1]
        let core = Backprop.gradientNodes root.Node
        for KeyValue(v, g) in root.Gradients() do
            Assert.Equal(BitConverter.DoubleToInt64Bits core[v.Node].Data, BitConverter.DoubleToInt64Bits g.Data))
