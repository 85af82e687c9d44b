/// The readable engine (Micrograd.Core.Reference) as the oracle of the fast one: the same order
/// and the same gradients, to the bit, on random DAGs over every operation, user-defined ones too.
module Micrograd.Core.Tests.ReferenceEngineTests

open System
open Xunit
open FsCheck.Xunit
open Micrograd.Core
open Micrograd.Core.Tests.Generators

[<Property(Arbitrary = [| typeof<Arbitraries> |], MaxTest = 500)>]
let ``the fast engine gives the reference engine's gradients bit for bit`` (e: Expr) =
    let nodes = e.Build()
    let root = nodes[nodes.Length - 1]
    let reference = Reference.Backprop.gradients root
    let fast = Backprop.gradients root
    Assert.Equal(reference.Count, fast.Count)
    for KeyValue(node, gradient) in reference do
        Bits.assertSame gradient fast[node] (sprintf "d root / d %O in %O" node e)
    let asked = Array.copy nodes
    let some = Backprop.gradientsFor root asked
    for k in 0 .. asked.Length - 1 do
        let expected =
            match reference.TryGetValue asked[k] with
            | true, g -> g
            | _ -> 0.0
        Bits.assertSame expected some[k] (sprintf "gradientsFor, slot %d of %O" k e)

[<Property(Arbitrary = [| typeof<Arbitraries> |], MaxTest = 300)>]
let ``the fast sort gives the reference sort's order, which is micrograd's build_topo`` (e: Expr) =
    let nodes = e.Build()
    let root = nodes[nodes.Length - 1]
    let reference = List.ofSeq (Reference.Graph.topologicalOrder root)
    Assert.Equal<Node list>(BuildTopo.order root, reference)
    Assert.Equal<Node list>(reference, List.ofSeq (Graph.topologicalOrder root))

[<Fact>]
let ``the reference engine adds the contributions of every use of a node`` () =
    // y = a * a + a at a = 3: dy/da = 2a + 1 = 7; dy/d(a * a) = 1.
    let a = Node.Leaf 3.0
    let square = a * a
    let y = square + a
    let grads = Reference.Backprop.gradients y
    Assert.Equal(7.0, grads[a])
    Assert.Equal(1.0, grads[square])
    Assert.Equal(1.0, grads[y])
    Assert.Equal(3, grads.Count)
    Assert.False(grads.ContainsKey(Node.Leaf 3.0))

[<Fact>]
let ``the reference engine walks a graph a million nodes deep without recursion`` () =
    let x, y = DeepGraphs.plusOnes.Value
    let grads = Reference.Backprop.gradients y
    Assert.Equal(1.0, grads[x])
    Assert.Equal(2 * DeepGraphs.depth + 1, grads.Count)

[<Fact>]
let ``the reference engine refuses a null root, naming it`` () =
    let e =
        Assert.Throws<ArgumentNullException>(fun () -> Reference.Backprop.gradients null |> ignore)
    Assert.Equal("root", e.ParamName)
