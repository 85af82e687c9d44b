/// micrograd's build_topo, recursion and all, with the inputs in operand order: the reference the
/// iterative sort must match on small graphs.
module Micrograd.Core.Tests.BuildTopo

open System.Collections.Generic
open Xunit
open Micrograd.Core

/// The nodes the root depends on, the root included, in the order micrograd's recursion gives.
let order (root: Node) : Node list =
    let visited = HashSet<Node>(HashIdentity.Reference)
    let topo = ResizeArray<Node>()
    let rec visit (v: Node) =
        if visited.Add v then
            for child in v.Inputs do
                visit child
            topo.Add v
    visit root
    List.ofSeq topo

/// Fails unless the sort's positions of each node's inputs (which backprop and the tape read)
/// point at those inputs.
let assertPositions (root: Node) =
    let topo = Graph.sort root
    for i in 0 .. topo.Nodes.Length - 1 do
        let n = topo.Nodes[i]
        Assert.Same(n.A, (if topo.InputA[i] >= 0 then topo.Nodes[topo.InputA[i]] else null))
        Assert.Same(n.B, (if topo.InputB[i] >= 0 then topo.Nodes[topo.InputB[i]] else null))
