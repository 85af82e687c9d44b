namespace Micrograd.Core.Reference

open System.Collections.Generic
open Micrograd.Core

/// <summary>Reverse-mode differentiation, written to be read: the oracle that the fast engine
/// (<c>Micrograd.Core.Backprop</c>) is tested against, bit for bit.</summary>
[<RequireQualifiedAccess>]
module Backprop =

    /// <summary>d root / d n for every node n in the root's graph. Walks the topological order
    /// backwards, so that every use of a node has handed it its contribution before the node hands
    /// on its own gradient through the rule table.</summary>
    /// <param name="root">The node to differentiate (a loss, usually).</param>
    /// <returns>The gradients keyed by node identity, in topological order; the root's own is 1.0.
    /// A node the root does not depend on is not a key.</returns>
    /// <example>
    /// <code lang="fsharp">
    /// let a = Node.Leaf 3.0
    /// let grads = Reference.Backprop.gradients (a * a + a)
    /// grads[a]   // 7.0 = 2a + 1
    /// </code>
    /// </example>
    [<CompiledName("Gradients")>]
    let gradients (root: Node) : IReadOnlyDictionary<Node, float> =
        let order = Graph.topologicalOrder root
        let grads = Dictionary<Node, float>(order.Count, HashIdentity.Reference)
        for node in order do
            grads[node] <- 0.0
        grads[root] <- 1.0 // d root / d root
        for i = order.Count - 1 downto 0 do
            let node = order[i]
            if not node.IsLeaf then
                // A node used twice gets two contributions: add, never set.
                let a = node.A
                let b = node.B
                let bData = if isNull b then 0.0 else b.Data
                let struct (da, db) =
                    Rules.backwardFloat node.OpCode a.Data bData node.Data grads[node]
                grads[a] <- grads[a] + da // first operand first, as micrograd does
                if not (isNull b) then
                    grads[b] <- grads[b] + db
        AnomalyChecks.afterSweep order order.Count (fun i -> grads[order[i]]) // only inside Anomaly.Detect()
        grads.AsReadOnly()
