namespace Micrograd.Core

open System
open System.Collections.Generic
open System.Runtime.CompilerServices

/// A graph laid out flat in topological order: every node after its inputs, the root last.
/// InputA[i] / InputB[i] are the positions of node i's inputs (-1 when it has none).
type internal Topo =
    { Nodes: Node[]
      InputA: int[]
      InputB: int[] }

/// An entry of the depth-first stack, 16 bytes: a node, what it does next (0 look at input A,
/// 1 wait for input A, 3 look at input B, 2 wait for input B), and where input A went in the order.
/// (Where input B went needs no room: once B is out, the node comes out at once.)
[<Struct; NoEquality; NoComparison>]
type internal Frame =
    val mutable Node: Node
    val mutable Next: int
    val mutable PosA: int

/// Working memory of one sort, kept per thread and reused, so that sorting a graph allocates
/// only its result. Cleared after each use so that it holds no node alive.
[<Sealed; AllowNullLiteral>]
type internal SortScratch() =
    member val Seen = IdTable(1024)
    member val Order: Node[] = Array.zeroCreate 1024 with get, set
    member val InputA: int[] = Array.zeroCreate 1024 with get, set
    member val InputB: int[] = Array.zeroCreate 1024 with get, set
    member val Stack: Frame[] = Array.zeroCreate 1024 with get, set
    /// Room for one float per node, for backprop's sweep (its result is copied out).
    member val Grads: float[] = Array.zeroCreate 1024 with get, set
    /// Room for one bit per node, for backprop's note of which positions hold leaves.
    member val Bits: uint64[] = Array.zeroCreate 16 with get, set

    /// The node count of the last sort, whose InputA and InputB are still here: the shape that
    /// the next sort tries first (0: none).
    member val ShapeCount = 0 with get, set

    /// For that sort, the root's id minus its inputs' ids (0 when it has none): a graph built by
    /// the same code in the same way has the same, and most other graphs do not.
    member val ShapeIdGapA = 0L with get, set
    member val ShapeIdGapB = 0L with get, set

    [<ThreadStatic; DefaultValue>]
    static val mutable private current: SortScratch

    [<ThreadStatic; DefaultValue>]
    static val mutable private replays: int

    [<ThreadStatic; DefaultValue>]
    static val mutable private replayMisses: int

    /// Sorts on this thread laid out by replaying the last sort's shape (for tests and profiling).
    static member Replays
        with get () = SortScratch.replays
        and set (v: int) = SortScratch.replays <- v

    /// Sorts on this thread that tried the last sort's shape and found another.
    static member ReplayMisses
        with get () = SortScratch.replayMisses
        and set (v: int) = SortScratch.replayMisses <- v

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

    /// Makes this thread's next sort go depth first, as a sort of a new shape does (for the
    /// benchmarks, which time both ways).
    static member ForgetShape() =
        if not (isNull SortScratch.current) then
            SortScratch.current.ShapeCount <- 0
        let mutable big = null
        if not (isNull SortScratch.large) && SortScratch.large.TryGetTarget(&big) then
            big.ShapeCount <- 0

    /// The bytes the arrays hold (a rough count: for deciding whether to keep them).
    member s.Bytes: int64 =
        8L * int64 s.Order.Length + 8L * int64 (s.InputA.Length + s.InputB.Length) / 2L + 8L * int64 s.Grads.Length
        + 16L * int64 s.Stack.Length + 12L * int64 s.Seen.Capacity

    /// Hands the scratch back after clearing its node references. One grown past ~4M nodes is
    /// kept as long as it is at most a tenth of the memory the collector may use; beyond that only
    /// weakly (the next sort on this thread reuses it unless a full collection came first), so
    /// that one huge graph does not pin a large share of the machine's memory for the life of
    /// the thread. Dropping it after every large sort made the next one grow it again by
    /// doubling: 158 bytes allocated per node at 10^7 nodes instead of 16.
    /// `used` is the count of the sort, or -1 when it stopped half-way (out of memory, maybe while
    /// its arrays were growing, so that they no longer match): then the scratch is dropped, and the
    /// next sort on this thread starts a new one. (A sort that finishes leaves its stack empty:
    /// each entry lets go of its node when it is popped.)
    static member Give(s: SortScratch, used: int) =
        s.ShapeCount <- max used 0
        if used >= 0 then
            Array.Clear(s.Order, 0, used)
            if (s.Seen.Capacity <= (1 <<< 22) && s.Order.Length <= (1 <<< 22))
               || s.Bytes <= GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 10L then
                SortScratch.current <- s
            else
                SortScratch.large <- WeakReference<SortScratch>(s)

    /// Doubles the order's arrays.
    [<MethodImpl(MethodImplOptions.NoInlining)>]
    member s.GrowOrder() =
        s.Order <- SortScratch.Grown s.Order
        s.InputA <- SortScratch.Grown s.InputA
        s.InputB <- SortScratch.Grown s.InputB

    /// Doubles the stack.
    [<MethodImpl(MethodImplOptions.NoInlining)>]
    member s.GrowStack() = s.Stack <- SortScratch.Grown s.Stack

    static member private Grown<'T>(a: 'T[]) : 'T[] =
        let b = Array.zeroCreate (2 * a.Length)
        Array.Copy(a, b, a.Length)
        b

/// Traversals of an expression graph. All are iterative: a graph a million nodes deep is fine.
[<RequireQualifiedAccess>]
module Graph =

    /// Depth-first, inputs in operand order, each node emitted after its inputs (post-order),
    /// as micrograd's build_topo does, but with an explicit stack instead of recursion and a
    /// deterministic order instead of a set's.
    let private depthFirst (root: Node) (scratch: SortScratch) : int =
        // id -> position in the order. A node goes in when it comes out, not when it is pushed:
        // in a DAG nothing below a node on the stack leads back to it, so it cannot be met again
        // before it is out. (The arrays are locals, read again only after they grow, so that the
        // loop keeps them in registers.)
        let seen = scratch.Seen
        seen.Clear root.Id // every node of the graph has an id below the root's
        let mutable order = scratch.Order
        let mutable inputA = scratch.InputA
        let mutable inputB = scratch.InputB
        let mutable stack = scratch.Stack
        let mutable count = 0
        let mutable top = 0
        // Puts n in the order with its inputs' positions; returns its own.
        let inline emit (n: Node) (a: int) (b: int) =
            if count = order.Length then
                scratch.GrowOrder()
                order <- scratch.Order
                inputA <- scratch.InputA
                inputB <- scratch.InputB
            order[count] <- n
            inputA[count] <- a
            inputB[count] <- b
            seen.Add(n.Id, count)
            count <- count + 1
            count - 1
        let inline push (n: Node) =
            if top = stack.Length then
                scratch.GrowStack()
                stack <- scratch.Stack
            stack[top].Node <- n
            stack[top].Next <- 0
            top <- top + 1
        // The position of x when it is out or can come out at once: a node already out, a new
        // leaf, or a new node whose inputs are out or are new leaves (a neuron's w*x, most of a
        // network's nodes) come out here without a stack entry of their own. Otherwise x is pushed
        // (with its input B too, when only B is missing) and the result is -2. The order is the
        // one the stack would give: input A's part first, then B's, then x.
        let inline visit (x: Node) : int =
            let p = seen.Get x.Id
            if p >= 0 then
                p
            else
                let xa = x.A
                if isNull xa then
                    emit x -1 -1
                else
                    let mutable pa = seen.Get xa.Id
                    if pa < 0 && isNull xa.A then
                        pa <- emit xa -1 -1
                    if pa < 0 then
                        push x
                        -2
                    else
                        let xb = x.B
                        if isNull xb then
                            emit x pa -1
                        else
                            let mutable pb = seen.Get xb.Id
                            if pb < 0 && isNull xb.A then
                                pb <- emit xb -1 -1
                            if pb >= 0 then
                                emit x pa pb
                            else
                                push x
                                stack[top - 1].Next <- 2
                                stack[top - 1].PosA <- pa
                                push xb
                                -2
        if visit root = -2 then
            while top > 0 do
                let t = top - 1
                let n = stack[t].Node
                let mutable next = stack[t].Next
                // Input A, then input B. An input that cannot come out at once is pushed, and this
                // entry waits for it (Next 1 for A, 2 for B).
                if next = 0 then
                    stack[t].Next <- 1
                    let p = visit n.A
                    if p <> -2 then
                        stack[t].PosA <- p
                        next <- 3
                if next = 3 then
                    let b = n.B
                    let mutable pb = -1
                    if not (isNull b) then
                        stack[t].Next <- 2
                        pb <- visit b
                    if pb <> -2 then
                        // Both inputs are out: so is this node. Then, down the stack, every entry that
                        // was waiting for its input B comes out too, until one that was waiting for its
                        // input A learns where A went and goes on to B. A popped entry lets go of its node.
                        let mutable p = emit n stack[t].PosA pb
                        stack[t].Node <- null
                        top <- t
                        let mutable unwinding = true
                        while unwinding && top > 0 do
                            let u = top - 1
                            if stack[u].Next = 1 then
                                stack[u].PosA <- p
                                stack[u].Next <- 3
                                unwinding <- false
                            else
                                p <- emit stack[u].Node stack[u].PosA p
                                stack[u].Node <- null
                                top <- u
        count

    let private idGap (root: Node) (input: Node) = if isNull input then 0L else root.Id - input.Id

    /// Lays the graph out in the shape of the last sort, when it has that shape: a training loop
    /// builds a graph of the same shape every step. The shape's input positions say where each
    /// node's inputs go; walking the positions from the root down, every node is placed by a node
    /// above it, and is checked as it is placed: it must have the shape's number of inputs, and
    /// go to one position only (a node met twice must be at the same position both times). If
    /// every check passes, positions and nodes correspond one to one with the same inputs in the
    /// same operand order: the two graphs are the same graph up to the nodes' identities, so the
    /// depth-first order of this one is the old order with each position's new node, which is
    /// what Order then holds (and InputA and InputB, unchanged). Returns false at the first check
    /// that fails, leaving Order and the id table to be cleared. No stack, one id-table entry per
    /// node, and no write to the input positions: half a depth-first sort's time or less.
    let private replay (root: Node) (s: SortScratch) : bool =
        let count = s.ShapeCount
        let seen = s.Seen
        let order = s.Order
        let inputA = s.InputA
        let inputB = s.InputB
        // Puts x at position i, or checks that it is there already.
        let inline place (x: Node) (i: int) : bool =
            let there = order[i]
            if isNull there then
                if seen.Get x.Id >= 0 then
                    false // x is at another position already
                else
                    order[i] <- x
                    seen.Add(x.Id, i)
                    true
            else
                obj.ReferenceEquals(there, x)
        seen.Clear root.Id
        order[count - 1] <- root
        seen.Add(root.Id, count - 1)
        let mutable fits = true
        let mutable p = count - 1
        // (The loop tests p alone, and stops by setting it to -1: with `fits && p >= 0` as its
        // condition, the runtime gave this method no on-stack replacement, so that a sort of
        // 10^7 nodes ran unoptimized, slower than the depth-first walk.)
        while p >= 0 do
            let n = order[p]
            if isNull n then
                fits <- false // no node above reaches this position
            else
                let ia = inputA[p]
                let a = n.A
                if ia < 0 || isNull a then
                    fits <- ia < 0 && isNull a
                else
                    fits <- place a ia
                    if fits then
                        let ib = inputB[p]
                        let b = n.B
                        if ib < 0 || isNull b then fits <- ib < 0 && isNull b
                        else fits <- place b ib
            p <- if fits then p - 1 else -1
        fits

    /// Sorts the graph of root into the scratch (see depthFirst); returns the node count. A graph
    /// of the last sort's shape is laid out by replay, in the same order; any other, depth first.
    let internal sortInto (root: Node) (scratch: SortScratch) : int =
        let gapA = idGap root root.A
        let gapB = idGap root root.B
        let tried = scratch.ShapeCount > 0 && gapA = scratch.ShapeIdGapA && gapB = scratch.ShapeIdGapB
        let count =
            if tried && replay root scratch then
                SortScratch.Replays <- SortScratch.Replays + 1
                scratch.ShapeCount
            else
                if tried then
                    SortScratch.ReplayMisses <- SortScratch.ReplayMisses + 1
                Array.Clear(scratch.Order, 0, scratch.ShapeCount)
                scratch.ShapeCount <- 0
                depthFirst root scratch
        scratch.ShapeIdGapA <- gapA
        scratch.ShapeIdGapB <- gapB
        count

    /// Sorts the graph into this thread's working memory and hands <c>use</c> the node count and
    /// the working memory, whose Order, InputA and InputB hold the order and the positions of each
    /// node's inputs (only valid inside <c>use</c>, and longer than the count): for callers that
    /// need them only while they work (backprop, the tape's compiler), so that they are not copied.
    let inline internal withOrder (root: Node) ([<InlineIfLambda>] ``use``: int -> SortScratch -> 'R) : 'R =
        if isNull root then nullArg (nameof root)
        let scratch = SortScratch.Take()
        let mutable count = -1
        try
            count <- sortInto root scratch
            ``use`` count scratch
        finally
            SortScratch.Give(scratch, count)

    /// The graph laid out flat (copies of the order and input positions).
    let internal sort (root: Node) : Topo =
        withOrder root (fun count s ->
            { Nodes = Array.sub s.Order 0 count
              InputA = Array.sub s.InputA 0 count
              InputB = Array.sub s.InputB 0 count })

    /// <summary>Every node the root depends on, the root included, each once, inputs before the
    /// nodes that use them, the root last. Deterministic: the same graph gives the same order.</summary>
    /// <param name="root">The node whose graph to walk.</param>
    /// <returns>The nodes in topological order.</returns>
    [<CompiledName("TopologicalOrder")>]
    let topologicalOrder (root: Node) : IReadOnlyList<Node> =
        withOrder root (fun count s -> Chunks<Node>.Copy(s.Order, count))

    /// <summary>The number of distinct nodes the root depends on, the root included.</summary>
    [<CompiledName("Count")>]
    let count (root: Node) : int = withOrder root (fun count _ -> count)
