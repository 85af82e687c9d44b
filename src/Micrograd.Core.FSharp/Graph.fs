namespace Micrograd.Core

open System
open System.Collections.Generic

/// A graph laid out flat in topological order: every node after its inputs, the root last.
/// InputA[i] / InputB[i] are the positions of node i's inputs (-1 when it has none).
type internal Topo =
    { Nodes: Node[]
      InputA: int[]
      InputB: int[] }

/// A node on the depth-first stack, with how many of its inputs have been pushed so far.
[<Struct>]
type internal Pending = { Node: Node; Pushed: int }

/// Working memory of one sort, kept per thread and reused, so that sorting a graph allocates
/// only its result. Cleared after each use so that it holds no node alive.
[<Sealed; AllowNullLiteral>]
type internal SortScratch() =
    member val Seen = IdTable(1024)
    member val Order: Node[] = Array.zeroCreate 1024 with get, set
    member val InputA: int[] = Array.zeroCreate 1024 with get, set
    member val InputB: int[] = Array.zeroCreate 1024 with get, set
    member val Stack: Pending[] = Array.zeroCreate 1024 with get, set

    [<ThreadStatic; DefaultValue>]
    static val mutable private current: SortScratch

    /// This thread's scratch (taken: a nested use would get a fresh one).
    static member Take() =
        let s = SortScratch.current
        SortScratch.current <- null
        if isNull s then SortScratch() else s

    /// Hands the scratch back after clearing it; one grown past ~1M nodes is dropped instead,
    /// so a single huge graph does not pin its working memory for the life of the thread.
    static member Give(s: SortScratch, used: int, stackUsed: int) =
        Array.Clear(s.Order, 0, used)
        Array.Clear(s.Stack, 0, stackUsed)
        if s.Seen.Capacity <= (1 <<< 21) then
            s.Seen.Clear()
            SortScratch.current <- s

/// Traversals of an expression graph. All are iterative: a graph a million nodes deep is fine.
[<RequireQualifiedAccess>]
module Graph =

    /// Depth-first, inputs in operand order, each node emitted after its inputs (post-order),
    /// as micrograd's build_topo does, but with an explicit stack instead of recursion and a
    /// deterministic order instead of a set's.
    let internal sort (root: Node) : Topo =
        if isNull root then nullArg (nameof root)
        let scratch = SortScratch.Take()
        let seen = scratch.Seen // id -> position in the order; -1 while on the stack
        let mutable order = scratch.Order
        let mutable inputA = scratch.InputA
        let mutable inputB = scratch.InputB
        let mutable stack = scratch.Stack
        let mutable count = 0
        let mutable top = 1
        let mutable deepest = 1
        stack[0] <- { Node = root; Pushed = 0 }
        seen.TryAdd(root.Id, -1) |> ignore
        while top > 0 do
            let entry = stack[top - 1]
            let n = entry.Node
            let next = if entry.Pushed = 0 then n.A elif entry.Pushed = 1 then n.B else null
            if isNull next then
                // All inputs are out: emit the node.
                top <- top - 1
                seen.Set(n.Id, count)
                if count = order.Length then
                    Array.Resize(&order, 2 * count)
                    Array.Resize(&inputA, 2 * count)
                    Array.Resize(&inputB, 2 * count)
                order[count] <- n
                inputA[count] <- if isNull n.A then -1 else seen.Get n.A.Id
                inputB[count] <- if isNull n.B then -1 else seen.Get n.B.Id
                count <- count + 1
            else
                stack[top - 1] <- { Node = n; Pushed = entry.Pushed + 1 }
                if seen.TryAdd(next.Id, -1) then
                    if top = stack.Length then
                        Array.Resize(&stack, 2 * top)
                    stack[top] <- { Node = next; Pushed = 0 }
                    top <- top + 1
                    deepest <- max deepest top
        let result =
            { Nodes = order[0 .. count - 1]
              InputA = inputA[0 .. count - 1]
              InputB = inputB[0 .. count - 1] }
        scratch.Order <- order
        scratch.InputA <- inputA
        scratch.InputB <- inputB
        scratch.Stack <- stack
        SortScratch.Give(scratch, count, deepest)
        result

    /// <summary>Every node the root depends on, the root included, each once, inputs before the
    /// nodes that use them, the root last. Deterministic: the same graph gives the same order.</summary>
    /// <param name="root">The node whose graph to walk.</param>
    /// <returns>The nodes in topological order.</returns>
    [<CompiledName("TopologicalOrder")>]
    let topologicalOrder (root: Node) : IReadOnlyList<Node> = (sort root).Nodes

    /// <summary>The number of distinct nodes the root depends on, the root included.</summary>
    [<CompiledName("Count")>]
    let count (root: Node) : int = (sort root).Nodes.Length
