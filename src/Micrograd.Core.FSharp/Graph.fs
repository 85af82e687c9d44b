namespace Micrograd.Core

open System
open System.Collections.Generic

/// Compares nodes by identity, hashing the id: never walks a graph.
[<Sealed>]
type internal NodeIdentity private () =
    static member val Comparer = NodeIdentity()

    interface IEqualityComparer<Node> with
        member _.Equals(x, y) = Object.ReferenceEquals(x, y)
        member _.GetHashCode n = int n.Id ^^^ int (n.Id >>> 32)

/// A graph laid out flat in topological order: every node after its inputs, the root last.
/// InputA[i] / InputB[i] are the positions of node i's inputs (-1 when it has none).
type internal Topo =
    { Nodes: Node[]
      InputA: int[]
      InputB: int[]
      Index: Dictionary<Node, int> }

/// Traversals of an expression graph. All are iterative: a graph a million nodes deep is fine.
[<RequireQualifiedAccess>]
module Graph =

    /// Depth-first, inputs in operand order, each node emitted after its inputs (post-order),
    /// as micrograd's build_topo does, but with an explicit stack instead of recursion and a
    /// deterministic order instead of a set's.
    let internal sort (root: Node) : Topo =
        if isNull root then nullArg (nameof root)
        let index = Dictionary<Node, int>(NodeIdentity.Comparer)
        let order = ResizeArray<Node>()
        let inputA = ResizeArray<int>()
        let inputB = ResizeArray<int>()
        // The stack holds (node, how many of its inputs have been pushed so far).
        let stack = Stack<struct (Node * int)>()
        index.Add(root, -1) // -1: entered, not yet emitted
        stack.Push(struct (root, 0))
        while stack.Count > 0 do
            let struct (n, visited) = stack.Pop()
            let next = if visited = 0 then n.A elif visited = 1 then n.B else null
            if isNull next then
                index[n] <- order.Count
                order.Add n
                inputA.Add(if isNull n.A then -1 else index[n.A])
                inputB.Add(if isNull n.B then -1 else index[n.B])
            else
                stack.Push(struct (n, visited + 1))
                if index.TryAdd(next, -1) then
                    stack.Push(struct (next, 0))
        { Nodes = order.ToArray()
          InputA = inputA.ToArray()
          InputB = inputB.ToArray()
          Index = index }

    /// <summary>Every node the root depends on, the root included, each once, inputs before the
    /// nodes that use them, the root last. Deterministic: the same graph gives the same order.</summary>
    /// <param name="root">The node whose graph to walk.</param>
    /// <returns>The nodes in topological order.</returns>
    [<CompiledName("TopologicalOrder")>]
    let topologicalOrder (root: Node) : IReadOnlyList<Node> = (sort root).Nodes

    /// <summary>The number of distinct nodes the root depends on, the root included.</summary>
    [<CompiledName("Count")>]
    let count (root: Node) : int = (sort root).Nodes.Length
