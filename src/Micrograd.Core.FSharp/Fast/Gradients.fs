namespace Micrograd.Core

open System.Collections
open System.Threading
open System.Collections.Generic

/// <summary>
/// d root / d n for every node n that a root depends on (the root itself: 1.0), as an immutable
/// map keyed by node identity. Returned by <see cref="M:Micrograd.Core.Backprop.Gradients(Micrograd.Core.Node)"/>.
/// </summary>
/// <remarks>
/// The indexer gives 0.0 for a node the root does not depend on (its gradient is zero), and so
/// does the <c>IReadOnlyDictionary</c> indexer; <c>Contains</c>/<c>ContainsKey</c> say whether the
/// node is in the root's graph. Enumeration is in topological order (inputs first, the root last),
/// the same on every run.
/// </remarks>
[<Sealed; AllowNullLiteral>]
type Gradients internal (nodes: Chunks<Node>, grads: Chunks<float>, leaves: Chunks<uint64>) =

    // Look-ups by node are for callers; backprop itself never needs them. So the id -> position
    // tables are built on the first look-up, not on every backprop; and one for the leaves alone
    // (parameters and inputs, what callers mostly look up: a few hundred nodes in a graph of
    // tens of thousands) comes first, so that updating a model does not index the whole graph:
    // `leaves` has a bit set at each of their positions (bit i % 64 of word i / 64).
    let mutable leafIndex: IdTable = null
    let mutable index: IdTable = null
    let count = grads.Count

    member private _.LeafIndex =
        let built = Volatile.Read(&leafIndex)
        if not (isNull built) then
            built
        else
            let table = IdTable(64)
            for w in 0 .. leaves.Count - 1 do
                let mutable word = leaves[w]
                while word <> 0UL do
                    let i = 64 * w + System.Numerics.BitOperations.TrailingZeroCount word
                    table.Add(nodes[i].Id, i)
                    word <- word &&& (word - 1UL)
            Volatile.Write(&leafIndex, table)
            table

    member private _.Index =
        let built = Volatile.Read(&index)
        if not (isNull built) then
            built
        else
            let table = IdTable.Of nodes.Parts
            Volatile.Write(&index, table)
            table

    // The node's position, or -1. Ids are unique, so a hit is the node itself.
    member private this.Find(node: Node) : int =
        if isNull node then -1
        elif isNull node.A then this.LeafIndex.Get node.Id
        else this.Index.Get node.Id

    member internal _.NodeChunks = nodes.Parts
    member internal _.GradientChunks = grads.Parts

    /// The node the gradients are of.
    member _.Root: Node = nodes[count - 1]

    /// <summary>d root / d node; 0.0 when the root does not depend on the node.</summary>
    member this.Item
        with get (node: Node): float =
            let i = this.Find node
            if i >= 0 then grads[i] else 0.0

    /// Whether the node is in the root's graph (the root included).
    member this.Contains(node: Node) : bool = this.Find node >= 0

    /// The number of nodes in the root's graph, the root included.
    member _.Count: int = count

    /// The nodes of the root's graph in topological order (inputs first, the root last).
    member _.Nodes: IReadOnlyList<Node> = nodes

    /// <summary>The gradient of a node, or false when the node is not in the root's graph.</summary>
    member this.TryGetValue(node: Node, value: byref<float>) : bool =
        let i = this.Find node
        value <- (if i >= 0 then grads[i] else 0.0)
        i >= 0

    /// <summary>A short description, e.g. <c>Gradients(root=Node(data=24.70408163265306, op="+"), count=49)</c>.
    /// Enumerate the gradients (or index by node) to see them.</summary>
    override _.ToString() = sprintf "Gradients(root=%O, count=%d)" nodes[count - 1] count

    member private _.Pairs() : IEnumerator<KeyValuePair<Node, float>> =
        (Seq.init count (fun i -> KeyValuePair(nodes[i], grads[i]))).GetEnumerator()

    interface IReadOnlyDictionary<Node, float> with
        member this.Item
            with get node = this[node]
        member this.ContainsKey node = this.Contains node
        member this.TryGetValue(node, value) = this.TryGetValue(node, &value)
        member _.Keys = nodes :> seq<Node>
        member _.Values = grads :> seq<float>
        member _.Count = count
        member this.GetEnumerator() : IEnumerator<KeyValuePair<Node, float>> = this.Pairs()
        member this.GetEnumerator() : IEnumerator = this.Pairs() :> IEnumerator
