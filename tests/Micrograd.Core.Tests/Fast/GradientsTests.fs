module Micrograd.Core.Tests.GradientsTests

open System.Collections
open System.Collections.Generic
open Xunit
open FsCheck
open FsCheck.Xunit
open Micrograd.Core
open Micrograd.Core.Tests.Generators

[<Fact>]
let ``the lecture's gradients, worked by hand`` () =
    let g = Lecture.graph ()
    let grads = Backprop.gradients g.L
    Assert.Equal(-8.0, g.L.Data)
    let expected = [ g.a, 6.0; g.b, -4.0; g.c, -2.0; g.e, -2.0; g.d, -2.0; g.f, 4.0; g.L, 1.0 ]
    for node, value in expected do
        Assert.Equal(value, grads[node])

[<Fact>]
let ``as a read-only dictionary: count, membership and lookups`` () =
    let g = Lecture.graph ()
    let outsider = Node.Leaf 2.0
    let grads = Backprop.gradients g.L
    let dict = grads :> IReadOnlyDictionary<Node, float>
    Assert.Equal(7, dict.Count)
    Assert.Equal(7, grads.Count)
    for n in [ g.a; g.b; g.c; g.e; g.d; g.f; g.L ] do
        Assert.True(dict.ContainsKey n)
        let mutable v = nan
        Assert.True(dict.TryGetValue(n, &v))
        Assert.Equal(grads[n], v)
        Assert.Equal(grads[n], dict[n])
    Assert.False(dict.ContainsKey outsider)
    let mutable v = nan
    Assert.False(dict.TryGetValue(outsider, &v))
    Assert.Equal(0.0, v)
    // Documented: the indexer gives 0.0 for a node the root does not depend on, rather than throwing.
    Assert.Equal(0.0, dict[outsider])
    Assert.False(grads.Contains null)

[<Property(Arbitrary = [| typeof<Arbitraries> |])>]
let ``keys and values line up, and enumeration follows the topological order`` (e: Expr) =
    let root = e.Build() |> Array.last
    let grads = Backprop.gradients root
    let dict = grads :> IReadOnlyDictionary<Node, float>
    let order = List.ofSeq (Graph.topologicalOrder root)
    let pairs = List.ofSeq dict
    Assert.Equal<Node list>(order, List.ofSeq dict.Keys)
    Assert.Equal<Node list>(order, pairs |> List.map (fun kv -> kv.Key))
    Assert.Equal<Node list>(order, List.ofSeq grads.Nodes)
    Assert.Equal<float list>(pairs |> List.map (fun kv -> kv.Value), List.ofSeq dict.Values)
    for kv in pairs do
        Assert.Equal(grads[kv.Key], kv.Value)
    Assert.Equal(order.Length, dict.Count)
    Assert.Same(root, grads.Root)
    // The non-generic enumerator gives the same pairs.
    let untyped = [ for o in (dict :> IEnumerable) -> unbox<KeyValuePair<Node, float>> o ]
    Assert.Equal<Node list>(order, untyped |> List.map (fun kv -> kv.Key))

[<Fact>]
let ``a graph of several chunks: every lookup, the order and the enumeration agree`` () =
    // ((x0 + x1) + x2) + ... over 10,000 leaves: 19,999 nodes, three chunks of 8,192. By hand,
    // every leaf and every partial sum has gradient 1.
    let leaves = Array.init 10_000 (fun i -> Node.Leaf(float i))
    let sums = Array.scan (+) leaves[0] leaves[1..]
    let grads = Backprop.gradients sums[sums.Length - 1]
    Assert.Equal(19_999, grads.Count)
    for n in Array.append leaves sums do
        Assert.Equal(1.0, grads[n])
    // Post-order: x0, x1, x0+x1, x2, (x0+x1)+x2, ...
    let expected =
        Array.append [| leaves[0] |] (Array.init 9_999 (fun k -> [| leaves[k + 1]; sums[k + 1] |]) |> Array.concat)
    Assert.Equal<Node>(expected, Seq.toArray grads.Nodes)
    Assert.Equal<Node>(expected, Seq.toArray (Graph.topologicalOrder grads.Root))
    Assert.Equal<Node>(expected, grads |> Seq.map (fun kv -> kv.Key) |> Seq.toArray)
    Assert.True(grads |> Seq.forall (fun kv -> kv.Value = 1.0))

[<Fact>]
let ``printing gradients names the root and the count, without walking the graph`` () =
    let a = Node.Leaf 2.0
    Assert.Equal("Gradients(root=Node(data=4, op=\"*\"), count=2)", string (Backprop.gradients (a * a)))
