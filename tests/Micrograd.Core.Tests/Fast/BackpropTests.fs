module Micrograd.Core.Tests.BackpropTests

open System
open System.Collections.Generic
open Xunit
open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open Microsoft.FSharp.Reflection
open Micrograd.Core
open Micrograd.Core.Tests.Generators
open Micrograd.Testing

let private depth = DeepGraphs.depth

// ---------------------------------------------------------------------------------------------
// Against finite differences

[<Property(Arbitrary = [| typeof<Arbitraries> |], MaxTest = 1000)>]
let ``gradients of every leaf agree with MathNet's numerical derivative`` (e: Expr) =
    let nodes = e.Build()
    let root = nodes[nodes.Length - 1]
    let grads = Backprop.gradients root
    let expected = e.Evaluate e.Leaves
    Numeric.expectAgree "forward value" expected root.Data
    for i in 0 .. e.Leaves.Length - 1 do
        let numeric = Numeric.partial e.Evaluate e.Leaves i
        Numeric.expectAgree (sprintf "d root / d x%d" i) numeric grads[nodes[i]]

[<Property(Arbitrary = [| typeof<Arbitraries> |], MaxTest = 200)>]
let ``gradients of a sum distribute over its terms`` (e: Expr) =
    // Two slots of one DAG, so the terms share subexpressions: d(u + v) = du + dv for every leaf.
    let nodes = e.Build()
    let u = nodes[nodes.Length - 1]
    let v = nodes[(nodes.Length - 1) / 2]
    let gu, gv, gSum =
        Backprop.gradients u, Backprop.gradients v, Backprop.gradients (u + v)
    for i in 0 .. e.Leaves.Length - 1 do
        let x = nodes[i]
        let separate = gu[x] + gv[x]
        // Only the order of the additions differs: a few ulps of the terms' size.
        let slack = 1e-12 * (abs gu[x] + abs gv[x] + 1.0)
        if abs (gSum[x] - separate) > slack then
            failwithf "x%d: d(u + v) = %.17g, du + dv = %.17g" i gSum[x] separate

[<Fact>]
let ``the generator exercises every operation, shares nodes and keeps every value finite`` () =
    let samples = Gen.sampleWithSeed (Rnd 20260101UL) 30 1000 expr
    let seen = HashSet<string>()
    let mutable shared = 0
    for e in samples do
        for instr in e.Program do
            let case, _ = FSharpValue.GetUnionFields(instr, typeof<Instr>)
            seen.Add case.Name |> ignore
            match instr with
            | PowK(_, k) ->
                seen.Add(if Math.Round k = k then "PowK integer" else "PowK fractional")
                |> ignore
            | _ -> ()
        let reads =
            e.Program
            |> Array.collect (function
                | Add(a, b)
                | Mul(a, b)
                | Sub(a, b)
                | Div(a, b)
                | PowN(a, b)
                | Binary(_, a, b) -> [| a; b |]
                | Neg a
                | AddK(a, _)
                | KAdd(_, a)
                | SubK(a, _)
                | KSub(_, a)
                | MulK(a, _)
                | KMul(_, a)
                | DivK(a, _)
                | KDiv(_, a)
                | PowK(a, _)
                | Relu a
                | Tanh a
                | Exp a
                | Log a
                | Sigmoid a
                | Detach a
                | Unary(_, a) -> [| a |])
        if reads.Length > (Array.distinct reads).Length then
            shared <- shared + 1
        for v in e.ValuesAt e.Leaves do
            Assert.True(Double.IsFinite v && abs v <= bound, sprintf "%g in %O" v e)
    let cases = [
        "Add"
        "Mul"
        "Sub"
        "Div"
        "Neg"
        "AddK"
        "KAdd"
        "SubK"
        "KSub"
        "MulK"
        "KMul"
        "DivK"
        "KDiv"
        "PowK integer"
        "PowK fractional"
        "PowN"
        "Relu"
        "Tanh"
        "Exp"
        "Log"
        "Sigmoid"
        "Detach"
        "Unary"
        "Binary"
    ]
    for c in cases do
        Assert.True(seen.Contains c, sprintf "no %s in 1000 expressions" c)
    Assert.True(shared > 500, sprintf "only %d of 1000 expressions read some node twice" shared)

// ---------------------------------------------------------------------------------------------
// Worked by hand

[<Fact>]
let ``the gradients of every use of a shared node add up`` () =
    // a = 3; b = a + a; c = a * b; d = c + b, i.e. d = 2a² + 2a.
    // dd/dc = 1; dd/db = 1 (direct) + a (through c) = 4; dd/da = b (through c) + 2 · dd/db = 6 + 8 = 14,
    // which is d/da (2a² + 2a) = 4a + 2 = 14.
    let a = Node.Leaf(3.0, "a")
    let b = a + a
    let c = a * b
    let d = c + b
    let grads = Backprop.gradients d
    Assert.Equal(24.0, d.Data)
    Assert.Equal(1.0, grads[d])
    Assert.Equal(1.0, grads[c])
    Assert.Equal(4.0, grads[b])
    Assert.Equal(14.0, grads[a])

[<Fact>]
let ``x * x with the same node as both operands has gradient 2x`` () =
    let x = Node.Leaf 3.0
    let y = x * x
    Assert.Equal(6.0, (Backprop.gradients y)[x])
    let z = Node.Leaf(-2.5)
    Assert.Equal(-5.0, (Backprop.gradients (z * z))[z])

[<Fact>]
let ``the root's gradient is 1 and a node outside the graph has gradient 0`` () =
    let x = Node.Leaf 2.0
    let y = tanh (x * 3.0)
    let outsider = Node.Leaf 2.0
    let grads = Backprop.gradients y
    Assert.Equal(1.0, grads[y])
    Assert.Equal(0.0, grads[outsider])
    Assert.False(grads.Contains outsider)
    Assert.True(grads.Contains x)
    Assert.Same(y, grads.Root)

[<Fact>]
let ``a leaf on its own has gradient 1 with respect to itself`` () =
    let x = Node.Leaf 7.0
    let grads = Backprop.gradients x
    Assert.Equal(1, grads.Count)
    Assert.Equal(1.0, grads[x])

// ---------------------------------------------------------------------------------------------
// gradientsFor: the gradients of a few nodes, without the map

[<Property(Arbitrary = [| typeof<Arbitraries> |], MaxTest = 300)>]
let ``gradientsFor gives the map's gradients, bit for bit, in the order asked`` (e: Expr) =
    let nodes = e.Build()
    let root = nodes[nodes.Length - 1]
    let grads = Backprop.gradients root
    // Every node the program made, newest first, the first leaf twice, and a node outside the graph.
    let asked = Array.concat [ Array.rev nodes; [| nodes[0]; Node.Leaf 1.0 |] ]
    let got = Backprop.gradientsFor root asked
    Assert.Equal(asked.Length, got.Length)
    for k in 0 .. asked.Length - 1 do
        Bits.assertSame grads[asked[k]] got[k] (sprintf "node %d asked" k)

[<Fact>]
let ``gradientsFor is 1 for the root, 0 outside the graph, and nothing for no nodes`` () =
    // y = a * b + a at a = 3, b = 4: dy/da = b + 1 = 5, dy/db = a = 3.
    let a = Node.Leaf 3.0
    let b = Node.Leaf 4.0
    let y = a * b + a
    Assert.Equal<float[]>([| 5.0; 3.0; 1.0; 0.0 |], Backprop.gradientsFor y [| a; b; y; Node.Leaf 3.0 |])
    Assert.Empty(Backprop.gradientsFor y [||])

[<Fact>]
let ``gradientsFor says which node is null`` () =
    let a = Node.Leaf 3.0
    Assert.Equal(
        "root",
        Assert.Throws<ArgumentNullException>(fun () -> Backprop.gradientsFor null [| a |] |> ignore).ParamName
    )
    Assert.Equal(
        "nodes",
        Assert.Throws<ArgumentNullException>(fun () -> Backprop.gradientsFor a null |> ignore).ParamName
    )
    let e =
        Assert.Throws<ArgumentNullException>(fun () -> Backprop.gradientsFor (a * a) [| a; null |] |> ignore)
    Assert.Equal("nodes", e.ParamName)
    Assert.Contains("nodes[1] is null", e.Message)

[<Fact>]
let ``gradientsFor allocates its result, not a gradient per node`` () =
    // A chain of 10,000 nodes: a gradient per node would be 16 bytes per node, 160 KB a call.
    // (The bound leaves room for the closures a Debug build allocates: ~650 bytes.)
    let x = Node.Leaf 0.5
    let mutable y = x
    for _ in 1..10_000 do
        y <- tanh y
    let asked = [| x |]
    let perCall =
        Allocations.fewestBytes 20 (fun () -> Backprop.gradientsFor y asked |> ignore)
        / 20L
    Assert.True(perCall <= 1024L, sprintf "%d bytes a call" perCall)

// ---------------------------------------------------------------------------------------------
// Purity and determinism

[<Property(Arbitrary = [| typeof<Arbitraries> |], MaxTest = 200)>]
let ``gradients change no node and two calls give the same map in the same order`` (e: Expr) =
    let nodes = e.Build()
    let root = nodes[nodes.Length - 1]
    let all = Graph.topologicalOrder root
    let before = all |> Seq.map (fun n -> Bits.ofFloat n.Data) |> Array.ofSeq
    let first = Backprop.gradients root |> Array.ofSeq
    let second = Backprop.gradients root |> Array.ofSeq
    let after = all |> Seq.map (fun n -> Bits.ofFloat n.Data) |> Array.ofSeq
    Assert.Equal<int64[]>(before, after)
    Assert.Equal(first.Length, second.Length)
    for i in 0 .. first.Length - 1 do
        Assert.Same(first[i].Key, second[i].Key)
        Assert.Equal(Bits.ofFloat first[i].Value, Bits.ofFloat second[i].Value)

[<Property(Arbitrary = [| typeof<Arbitraries> |], MaxTest = 200)>]
let ``the same expression built twice has bit-identical gradients`` (e: Expr) =
    let g (nodes: Node[]) =
        let grads = Backprop.gradients nodes[nodes.Length - 1]
        Array.init e.Leaves.Length (fun i -> Bits.ofFloat grads[nodes[i]])
    Assert.Equal<int64[]>(g (e.Build()), g (e.Build()))

// ---------------------------------------------------------------------------------------------
// A million nodes: nothing recurses

[<Fact>]
let ``a chain of a million additions of 1 has gradient exactly 1`` () =
    let x, y = DeepGraphs.plusOnes.Force()
    let grads = Backprop.gradients y
    // Every partial sum is a multiple of 0.5 below 2^53, so the forward value is exact too.
    Assert.Equal(0.5 + float depth, y.Data)
    Assert.Equal(1.0, grads[x])
    Assert.Equal(1.0, grads[y])
    Assert.Equal(2 * depth + 1, grads.Count)

[<Fact>]
let ``a chain of a million products by one shared node has the gradients of the same products in floats`` () =
    let x = Node.Leaf(1.0, "x")
    let c = Node.Leaf(1.0000001, "c")
    let mutable y = x
    for _ in 1..depth do
        y <- y * c
    let grads = Backprop.gradients y
    Assert.Equal(depth + 2, grads.Count)
    // d/dx (x·c·c·…·c) = c^n; the chain rule multiplies from the root down: g ← c · g.
    let mutable expected = 1.0
    for _ in 1..depth do
        expected <- c.Data * expected
    Assert.Equal(Bits.ofFloat expected, Bits.ofFloat grads[x])
    // That is c^n = e^(n ln c) ≈ 1.105, up to a million roundings.
    Assert.True(abs (grads[x] - Math.Pow(c.Data, float depth)) <= 1e-9, sprintf "%.17g" grads[x])
    // c is used a million times; its uses add up to d/dc (x c^n) = n c^(n-1).
    let byFormula = float depth * Math.Pow(c.Data, float (depth - 1))
    Assert.True(abs (grads[c] - byFormula) <= 1e-8 * byFormula, sprintf "%.17g vs %.17g" grads[c] byFormula)

[<Fact>]
let ``doubling a thousand times has gradient exactly 2^1000`` () =
    let x = Node.Leaf 1.0
    let mutable y = x
    for _ in 1..1000 do
        y <- y * 2.0
    Assert.Equal(Math.ScaleB(1.0, 1000), (Backprop.gradients y)[x])
    Assert.Equal(Math.ScaleB(1.0, 1000), y.Data)

[<Fact>]
let ``a left-deep sum of a million distinct leaves gives every leaf gradient exactly 1`` () =
    let leaves = Array.init depth (fun i -> Node.Leaf(float i))
    // n(n-1)/2 < 2^53 and every partial sum is an integer, so the sums are exact.
    let total = float depth * float (depth - 1) / 2.0
    let viaSum = Node.Sum leaves
    let viaFold = Array.reduce (+) leaves
    for root in [ viaSum; viaFold ] do
        let grads = Backprop.gradients root
        Assert.Equal(total, root.Data)
        Assert.True(leaves |> Array.forall (fun l -> grads[l] = 1.0))
        // Node.Sum starts from a leaf 0, like Python's sum: one more leaf and one more addition.
        let expectedCount =
            if Object.ReferenceEquals(root, viaSum) then 2 * depth + 1 else 2 * depth - 1
        Assert.Equal(expectedCount, grads.Count)
