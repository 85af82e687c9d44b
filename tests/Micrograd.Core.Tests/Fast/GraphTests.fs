module Micrograd.Core.Tests.GraphTests

open System
open System.Collections.Generic
open Xunit
open FsCheck
open FsCheck.Xunit
open Micrograd.Core
open Micrograd.Core.Tests.Generators

[<Fact>]
let ``a small graph is sorted depth first, inputs in operand order, each node after its inputs`` () =
    let a, b = Node.Leaf(2.0, "a"), Node.Leaf(3.0, "b")
    let c = a * b
    let d = c + a
    let e = d * c
    // Worked by hand: visit e → d → c → a (emit), b (emit), c (emit); a seen; d (emit); c seen; e.
    Assert.Equal<Node list>([ a; b; c; d; e ], List.ofSeq (Graph.topologicalOrder e))
    Assert.Equal(5, Graph.count e)

[<Property(Arbitrary = [| typeof<Arbitraries> |])>]
let ``every node comes after its inputs, the root last, each node once, in build_topo's order`` (e: Expr) =
    let nodes = e.Build()
    let root = nodes[nodes.Length - 1]
    let order = Graph.topologicalOrder root
    let position = Dictionary<Node, int>(HashIdentity.Reference)
    for i in 0 .. order.Count - 1 do
        Assert.True(position.TryAdd(order[i], i), sprintf "%O appears twice" order[i])
    for n in order do
        for input in n.Inputs do
            Assert.True(position[input] < position[n], sprintf "%O before its input %O" n input)
    Assert.Same(root, order[order.Count - 1])
    Assert.Equal(order.Count, Graph.count root)
    // Exactly the nodes the root depends on, in the order micrograd's recursion gives.
    Assert.Equal<Node list>(BuildTopo.order root, List.ofSeq order)
    // And the positions of each node's inputs, which backprop and the tape read, point at them.
    BuildTopo.assertPositions root

[<Property(Arbitrary = [| typeof<Arbitraries> |])>]
let ``sorting is deterministic`` (e: Expr) =
    let root = (e.Build()) |> Array.last
    let first, second = Graph.topologicalOrder root, Graph.topologicalOrder root
    Assert.Equal(first.Count, second.Count)
    for i in 0 .. first.Count - 1 do
        Assert.Same(first[i], second[i])

[<Fact>]
let ``a chain a million deep is sorted without recursing`` () =
    let x, y = DeepGraphs.plusOnes.Force()
    let order = Graph.topologicalOrder y
    Assert.Equal(2 * DeepGraphs.depth + 1, order.Count)
    // Depth first down the first operands: x, then each addition's leaf 1 and the addition.
    Assert.Same(x, order[0])
    Assert.Same(y, order[order.Count - 1])
    for k in 0 .. DeepGraphs.depth - 1 do
        let one, sum = order[2 * k + 1], order[2 * k + 2]
        if
            not (
                one.Op = ""
                && one.Data = 1.0
                && sum.Op = "+"
                && Object.ReferenceEquals(sum.Inputs[0], order[2 * k])
                && Object.ReferenceEquals(sum.Inputs[1], one)
            )
        then
            failwithf "unexpected nodes at %d: %O, %O" (2 * k + 1) one sum

[<Fact>]
let ``a null root is an ArgumentNullException`` () =
    Assert.Throws<ArgumentNullException>(fun () -> Graph.topologicalOrder null |> ignore)
    |> ignore
    Assert.Throws<ArgumentNullException>(fun () -> Graph.count null |> ignore)
    |> ignore

// Builds a graph, sorts it and differentiates it, and hands back only weak references to it.
[<System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)>]
let private sortAndForget (depth: int) =
    let leaf = Node.Leaf 0.5
    let mutable v = leaf
    for _ in 1..depth do
        v <- tanh v + leaf
    Graph.count v |> ignore
    Backprop.gradients v |> ignore
    System.WeakReference(v), System.WeakReference(leaf)

[<Fact>]
let ``after a sort and a backprop, the working memory kept for the next one holds no node alive`` () =
    // 20,000 deep: the stack and the order grow past their first size.
    let root, leaf = sortAndForget 10_000
    for _ in 1..3 do
        System.GC.Collect()
        System.GC.WaitForPendingFinalizers()
    Assert.False(root.IsAlive, "the root")
    Assert.False(leaf.IsAlive, "the deepest leaf")
