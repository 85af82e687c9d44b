namespace Micrograd.Core.Tests

open Xunit
open FsCheck
open FsCheck.FSharp
open Micrograd.Core
open Micrograd.Core.Tests.Generators
open Micrograd.Testing

/// Tests that build graphs one after the other and rely on their ids lining up: they run alone,
/// since a test on another thread that makes a node in between takes an id between theirs.
[<CollectionDefinition("one thread making nodes", DisableParallelization = true)>]
type OneThreadMakingNodes() = class end

/// The sort lays out a graph of the last sort's shape by replaying that shape (Graph.fs, `replay`):
/// the result must be the depth-first order whether the replay fits, stops half-way or is not tried.
[<Collection("one thread making nodes")>]
module GraphReplayTests =

    let private samples = Gen.sampleWithSeed (Rnd 20261123UL) 30 300 expr

    let private root (e: Expr) = e.Build() |> Array.last

    /// The expression with the operands of one of its binary instructions swapped: as many nodes,
    /// made in the same order (so their ids line up with the original's), wired otherwise.
    let private swapped (e: Expr) (k: int) : Expr option =
        let binary =
            e.Program
            |> Array.indexed
            |> Array.choose (fun (j, instr) ->
                match instr with
                | Add _
                | Mul _
                | Sub _
                | Div _
                | PowN _ -> Some j
                | _ -> None)
        if binary.Length = 0 then
            None
        else
            let j = binary[k % binary.Length]
            let program = Array.copy e.Program
            program[j] <-
                match program[j] with
                | Add(a, b) -> Add(b, a)
                | Mul(a, b) -> Mul(b, a)
                | Sub(a, b) -> Sub(b, a)
                | Div(a, b) -> Div(b, a)
                | PowN(a, b) -> PowN(b, a)
                | other -> other
            Some(e.WithProgram program)

    [<Fact>]
    let ``a graph of the last sort's shape is laid out by replay, in build_topo's order`` () =
        let before = SortScratch.Replays
        for e in samples do
            Graph.count (root e) |> ignore
            let again = root e // the same expression built again: new nodes, the same shape
            let replays = SortScratch.Replays
            Assert.Equal<Node list>(BuildTopo.order again, List.ofSeq (Graph.topologicalOrder again))
            Assert.Equal(replays + 1, SortScratch.Replays)
            BuildTopo.assertPositions again
        Assert.True(SortScratch.Replays - before >= 300)

    [<Fact>]
    let ``a graph of another shape with the same ids near its root is sorted depth first`` () =
        // c = a + b; d = c * c, then c' = a' + a'; d' = c' * c', with a b' made but unused so that
        // the ids line up: the replay places c', then a' at a's position, then meets a' again
        // where b was, whose id gap is not a's, and stops; the depth-first sort lays the graph
        // out. (Without the gap check a' would be at two positions: this test catches that.)
        let a, b = Node.Leaf 1.0, Node.Leaf 2.0
        let c = a + b
        let d = c * c
        let a' = Node.Leaf 1.0
        Node.Leaf 2.0 |> ignore
        let c' = a' + a'
        let d' = c' * c'
        Assert.Equal<Node list>([ a; b; c; d ], List.ofSeq (Graph.topologicalOrder d))
        let misses = SortScratch.ReplayMisses
        Assert.Equal<Node list>([ a'; c'; d' ], List.ofSeq (Graph.topologicalOrder d'))
        Assert.Equal(misses + 1, SortScratch.ReplayMisses)
        BuildTopo.assertPositions d'

    [<Fact>]
    let ``a graph made the same way but wired otherwise is sorted in build_topo's order`` () =
        let misses = SortScratch.ReplayMisses
        for k, e in Array.indexed samples do
            match swapped e k with
            | None -> ()
            | Some e' ->
                Graph.count (root e) |> ignore
                let other = root e'
                Assert.Equal<Node list>(BuildTopo.order other, List.ofSeq (Graph.topologicalOrder other))
                BuildTopo.assertPositions other
        // The replays were tried, and stopped at a node that is not where its counterpart was.
        Assert.True(SortScratch.ReplayMisses > misses, "no replay stopped")

    [<Fact>]
    let ``after ForgetShape the next sort goes depth first`` () =
        // The benchmarks time the depth-first sort this way.
        let e = samples[0]
        Graph.count (root e) |> ignore
        let again = root e
        let replays, misses = SortScratch.Replays, SortScratch.ReplayMisses
        SortScratch.ForgetShape()
        Assert.Equal<Node list>(BuildTopo.order again, List.ofSeq (Graph.topologicalOrder again))
        Assert.Equal((replays, misses), (SortScratch.Replays, SortScratch.ReplayMisses))

    [<Fact>]
    let ``gradients of a replayed graph are the depth-first sort's, bit for bit`` () =
        for e in samples |> Seq.truncate 100 do
            let nodes = e.Build()
            let grads = Backprop.gradients nodes[nodes.Length - 1] // depth first, or a replay of the last shape
            let again = e.Build()
            let replays = SortScratch.Replays
            let regrads = Backprop.gradients again[again.Length - 1] // a replay
            Assert.Equal(replays + 1, SortScratch.Replays)
            for i in 0 .. nodes.Length - 1 do
                Bits.assertSame grads[nodes[i]] regrads[again[i]] (sprintf "slot %d of %O" i e)

    [<Fact>]
    let ``a graph made by the same code at another size is sorted depth first`` () =
        // Sums of 1,000 and of 999 terms: the same code, the same gaps at the root's inputs, and a
        // shape that differs only at the bottom. The replay stops at the first input whose gap
        // differs, long before the bottom, and the walk lays the graph out.
        let sum (n: int) = Node.Sum [ for i in 1..n -> Node.Leaf(float i) ]
        Graph.count (sum 1000) |> ignore
        let smaller = sum 999
        let misses = SortScratch.ReplayMisses
        Assert.Equal<Node list>(BuildTopo.order smaller, List.ofSeq (Graph.topologicalOrder smaller))
        Assert.Equal(misses + 1, SortScratch.ReplayMisses)
