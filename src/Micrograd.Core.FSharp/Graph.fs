namespace Micrograd.Core

open System
open System.Collections.Generic

/// A graph laid out flat in topological order: every node after its inputs, the root last.
/// InputA[i] / InputB[i] are the positions of node i's inputs (-1 when it has none).
type internal Topo =
    { Nodes: Node[]
      InputA: int[]
      InputB: int[] }

/// Working memory of one sort, kept per thread and reused, so that sorting a graph allocates
/// only its result. Cleared after each use so that it holds no node alive.
/// The depth-first stack is four arrays, not one of structs: only pushing writes a node
/// reference (each such write costs the garbage collector's write barrier); the per-entry
/// bookkeeping (how many inputs visited, where the inputs went) is plain ints.
[<Sealed; AllowNullLiteral>]
type internal SortScratch() =
    member val Seen = IdTable(1024)
    member val Order: Node[] = Array.zeroCreate 1024 with get, set
    member val InputA: int[] = Array.zeroCreate 1024 with get, set
    member val InputB: int[] = Array.zeroCreate 1024 with get, set
    member val StackNode: Node[] = Array.zeroCreate 1024 with get, set
    /// How many of the entry's inputs have been visited so far.
    member val StackVisited: int[] = Array.zeroCreate 1024 with get, set
    /// The positions in the order of the entry's inputs that are out (-1 until then).
    member val StackPosA: int[] = Array.zeroCreate 1024 with get, set
    member val StackPosB: int[] = Array.zeroCreate 1024 with get, set

    [<ThreadStatic; DefaultValue>]
    static val mutable private current: SortScratch

    [<ThreadStatic; DefaultValue>]
    static val mutable private large: WeakReference<SortScratch>

    /// This thread's scratch (taken: a nested use would get a fresh one).
    static member Take() =
        let s = SortScratch.current
        SortScratch.current <- null
        if not (isNull s) then
            s
        else
            let mutable big = null
            if not (isNull SortScratch.large) && SortScratch.large.TryGetTarget(&big) then
                SortScratch.large <- null
                big
            else
                SortScratch()

    /// The bytes the arrays hold (a rough count: for deciding whether to keep them).
    member s.Bytes: int64 =
        8L * int64 s.Order.Length + 8L * int64 (s.InputA.Length + s.InputB.Length) / 2L
        + 20L * int64 s.StackNode.Length + 12L * int64 s.Seen.Capacity

    /// Hands the scratch back after clearing its node references. One grown past ~4M nodes is
    /// kept as long as it is at most a tenth of the memory the collector may use; beyond that only
    /// weakly (the next sort on this thread reuses it unless a full collection came first), so
    /// that one huge graph does not pin a large share of the machine's memory for the life of
    /// the thread. Dropping it after every large sort made the next one grow it again by
    /// doubling: 150 bytes allocated per node at 10^7 nodes instead of 16.
    static member Give(s: SortScratch, used: int, stackUsed: int) =
        Array.Clear(s.Order, 0, used)
        Array.Clear(s.StackNode, 0, stackUsed)
        if (s.Seen.Capacity <= (1 <<< 22) && s.Order.Length <= (1 <<< 22))
           || s.Bytes <= GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 10L then
            SortScratch.current <- s
        else
            SortScratch.large <- WeakReference<SortScratch>(s)

/// Traversals of an expression graph. All are iterative: a graph a million nodes deep is fine.
[<RequireQualifiedAccess>]
module Graph =

    /// Depth-first, inputs in operand order, each node emitted after its inputs (post-order),
    /// as micrograd's build_topo does, but with an explicit stack instead of recursion and a
    /// deterministic order instead of a set's.
    let internal sortInto (root: Node) (scratch: SortScratch) : struct (int * int) =
        let seen = scratch.Seen // id -> position in the order; -1 while on the stack
        seen.Clear root.Id // every node of the graph has an id below the root's
        let mutable order = scratch.Order
        let mutable inputA = scratch.InputA
        let mutable inputB = scratch.InputB
        let mutable stackNode = scratch.StackNode
        let mutable visited = scratch.StackVisited
        let mutable posA = scratch.StackPosA
        let mutable posB = scratch.StackPosB
        let mutable count = 0
        let mutable top = 0
        let mutable deepest = 0
        let push (n: Node) =
            if top = stackNode.Length then
                Array.Resize(&stackNode, 2 * top)
                Array.Resize(&visited, 2 * top)
                Array.Resize(&posA, 2 * top)
                Array.Resize(&posB, 2 * top)
            stackNode[top] <- n
            visited[top] <- 0
            posA[top] <- -1
            posB[top] <- -1
            top <- top + 1
            deepest <- max deepest top
        seen.TryAdd(root.Id, -1) |> ignore
        push root
        while top > 0 do
            let t = top - 1
            let n = stackNode[t]
            let v = visited[t]
            let next = if v = 0 then n.A elif v = 1 then n.B else null
            if isNull next then
                // All inputs are out: emit the node, and tell its parent (the entry below, which
                // pushed it) where it went.
                top <- t
                seen.Set(n.Id, count)
                if count = order.Length then
                    Array.Resize(&order, 2 * count)
                    Array.Resize(&inputA, 2 * count)
                    Array.Resize(&inputB, 2 * count)
                order[count] <- n
                inputA[count] <- posA[t]
                inputB[count] <- posB[t]
                if t > 0 then
                    if visited[t - 1] = 1 then posA[t - 1] <- count else posB[t - 1] <- count
                count <- count + 1
            else
                // One look-up: a node seen before is already out (a DAG has no path back to a
                // node on the stack), so its position is known; a new one is pushed.
                visited[t] <- v + 1
                let position = seen.GetOrAdd(next.Id, -1)
                if position = IdTable.Added then
                    push next
                elif v = 0 then
                    posA[t] <- position
                else
                    posB[t] <- position
        scratch.Order <- order
        scratch.InputA <- inputA
        scratch.InputB <- inputB
        scratch.StackNode <- stackNode
        scratch.StackVisited <- visited
        scratch.StackPosA <- posA
        scratch.StackPosB <- posB
        struct (count, deepest)

    /// Sorts the graph into this thread's working memory and hands <c>use</c> the node count and
    /// the order, InputA and InputB arrays (longer than the count; only valid inside <c>use</c>):
    /// for callers that need the positions of inputs only while they work (backprop, the tape's
    /// compiler), so that they are not copied out.
    let inline internal withOrder (root: Node) ([<InlineIfLambda>] ``use``: int -> Node[] -> int[] -> int[] -> 'R) : 'R =
        if isNull root then nullArg (nameof root)
        let scratch = SortScratch.Take()
        let mutable count = 0
        let mutable deepest = 0
        try
            let struct (c, d) = sortInto root scratch
            count <- c
            deepest <- d
            ``use`` count scratch.Order scratch.InputA scratch.InputB
        finally
            SortScratch.Give(scratch, count, deepest)

    /// The graph laid out flat (copies of the order and input positions).
    let internal sort (root: Node) : Topo =
        withOrder root (fun count order inputA inputB ->
            { Nodes = Array.sub order 0 count
              InputA = Array.sub inputA 0 count
              InputB = Array.sub inputB 0 count })

    /// <summary>Every node the root depends on, the root included, each once, inputs before the
    /// nodes that use them, the root last. Deterministic: the same graph gives the same order.</summary>
    /// <param name="root">The node whose graph to walk.</param>
    /// <returns>The nodes in topological order.</returns>
    [<CompiledName("TopologicalOrder")>]
    let topologicalOrder (root: Node) : IReadOnlyList<Node> =
        withOrder root (fun count order _ _ -> Array.sub order 0 count)

    /// <summary>The number of distinct nodes the root depends on, the root included.</summary>
    [<CompiledName("Count")>]
    let count (root: Node) : int = withOrder root (fun count _ _ _ -> count)
