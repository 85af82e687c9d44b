namespace Micrograd.Core

open System
open System.Collections.Generic
open System.Runtime.CompilerServices

/// A graph laid out flat in topological order: every node after its inputs, the root last.
/// InputA[i] / InputB[i] are the positions of node i's inputs (-1 when it has none).
type internal Topo = {
    Nodes: Node[]
    InputA: int[]
    InputB: int[]
}

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

    /// Per position, the root's id minus the node's: how much earlier the node was made. A graph
    /// built by the same code in the same way has the same gaps at the same positions.
    member val Gaps: int64[] = Array.zeroCreate 1024 with get, set

    /// The node count of the last sort, whose InputA, InputB and Gaps are still here: the shape
    /// that the next sort tries first (0: none).
    member val ShapeCount = 0 with get, set

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
        8L * int64 s.Order.Length
        + 8L * int64 (s.InputA.Length + s.InputB.Length) / 2L
        + 8L * int64 s.Grads.Length
        + 8L * int64 s.Gaps.Length
        + 16L * int64 s.Stack.Length
        + 12L * int64 s.Seen.Capacity

    /// Hands the scratch back after clearing its node references. One grown past ~4M nodes is
    /// kept as long as it is at most a tenth of the memory the collector may use; beyond that only
    /// weakly (the next sort on this thread reuses it unless a full collection came first), so
    /// that one huge graph does not pin a large share of the machine's memory for the life of
    /// the thread. (Dropping it outright would make the next large sort grow it again by doubling.)
    /// `used` is the count of the sort, or -1 when it stopped half-way (out of memory, maybe while
    /// its arrays were growing, so that they no longer match): then the scratch is dropped, and the
    /// next sort on this thread starts a new one. (A sort that finishes leaves its stack empty:
    /// each entry lets go of its node when it is popped.)
    static member Give(s: SortScratch, used: int) =
        s.ShapeCount <- max used 0
        if used >= 0 then
            Array.Clear(s.Order, 0, used)
            if
                (s.Seen.Capacity <= (1 <<< 22) && s.Order.Length <= (1 <<< 22))
                || s.Bytes <= GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 10L
            then
                SortScratch.current <- s
            else
                SortScratch.large <- WeakReference<SortScratch>(s)

    /// Doubles the order's arrays.
    [<MethodImpl(MethodImplOptions.NoInlining)>]
    member s.GrowOrder() =
        s.Order <- SortScratch.Grown s.Order
        s.InputA <- SortScratch.Grown s.InputA
        s.InputB <- SortScratch.Grown s.InputB
        s.Gaps <- SortScratch.Grown s.Gaps

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
        let mutable gaps = scratch.Gaps
        let rootId = root.Id
        let mutable stack = scratch.Stack
        let mutable count = 0
        let mutable top = 0
        // Puts n in the order with its inputs' positions and its id gap; returns its position.
        let inline emit (n: Node) (a: int) (b: int) =
            if count = order.Length then
                scratch.GrowOrder()
                order <- scratch.Order
                inputA <- scratch.InputA
                inputB <- scratch.InputB
                gaps <- scratch.Gaps
            order[count] <- n
            inputA[count] <- a
            inputB[count] <- b
            let id = n.Id
            gaps[count] <- rootId - id
            seen.Add(id, count)
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

    /// Lays the graph out in the shape of the last sort, when it has that shape: a training loop
    /// builds a graph of the same shape every step, with the same code. Walking the shape's
    /// positions from the root down, each position's node puts its inputs at the positions the
    /// shape gives them, and each input is checked as it is put: it must have been made as much
    /// earlier than the root as the node at that position last time (its id gap), and when it is
    /// reached again it must be the node already there. Each position's node must have the
    /// shape's number of inputs. Distinct positions have distinct gaps, so a node fits one
    /// position at most; when every check passes, positions and nodes correspond one to one, with
    /// the same inputs in the same operand order: the two graphs are the same graph up to the
    /// nodes' identities, and the old depth-first order with each position's new node is this
    /// graph's depth-first order. Order then holds it; InputA, InputB and Gaps are unchanged.
    /// Returns false at the first check that fails (Order is then to be cleared): a graph built
    /// by other code, or by the same code at another size, usually fails at its first input.
    /// No stack, no write to the input positions, one id-table entry per node.
    let private replay (root: Node) (s: SortScratch) : bool =
        let count = s.ShapeCount
        let seen = s.Seen
        let order = s.Order
        let inputA = s.InputA
        let inputB = s.InputB
        let gaps = s.Gaps
        let rootId = root.Id
        // Puts x at position i, or checks that it is there already.
        let inline place (x: Node) (i: int) : bool =
            let there = order[i]
            if isNull there then
                let id = x.Id
                if rootId - id = gaps[i] then
                    order[i] <- x
                    seen.Add(id, i)
                    true
                else
                    false
            else
                obj.ReferenceEquals(there, x)
        seen.Clear rootId
        order[count - 1] <- root
        seen.Add(rootId, count - 1)
        let mutable fits = true
        let mutable p = count - 1
        // The loop tests p alone and stops by setting it to -1: a compound condition here keeps
        // the runtime from replacing the running loop by its optimized code (docs/performance.md).
        while p >= 0 do
            let n = order[p]
            if isNull n then
                // Cannot happen once the other checks pass (every position of the shape has a
                // user above it); kept so that a broken shape fails instead of reading null.
                fits <- false
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
                        if ib < 0 || isNull b then fits <- ib < 0 && isNull b else fits <- place b ib
            p <- if fits then p - 1 else -1
        fits

    /// Sorts the graph of root into the scratch (see depthFirst); returns the node count. A graph
    /// of the last sort's shape is laid out by replay, in the same order; any other, depth first.
    let internal sortInto (root: Node) (scratch: SortScratch) : int =
        let tried = scratch.ShapeCount > 0
        if tried && replay root scratch then
            SortScratch.Replays <- SortScratch.Replays + 1
            scratch.ShapeCount
        else
            if tried then
                SortScratch.ReplayMisses <- SortScratch.ReplayMisses + 1
                // What the replay placed (Give cleared the rest after the last sort).
                Array.Clear(scratch.Order, 0, scratch.ShapeCount)
                scratch.ShapeCount <- 0
            depthFirst root scratch

    /// Sorts the graph into this thread's working memory and hands <c>use</c> the node count and
    /// the working memory, whose Order, InputA and InputB hold the order and the positions of each
    /// node's inputs (only valid inside <c>use</c>, and longer than the count): for callers that
    /// need them only while they work (backprop, the tape's compiler), so that they are not copied.
    let inline internal withOrder (root: Node) ([<InlineIfLambda>] ``use``: int -> SortScratch -> 'R) : 'R =
        if isNull root then
            nullArg (nameof root)
        let scratch = SortScratch.Take()
        let mutable count = -1
        try
            count <- sortInto root scratch
            ``use`` count scratch
        finally
            SortScratch.Give(scratch, count)

    /// The graph laid out flat (copies of the order and input positions).
    let internal sort (root: Node) : Topo =
        withOrder root (fun count s -> {
            Nodes = Array.sub s.Order 0 count
            InputA = Array.sub s.InputA 0 count
            InputB = Array.sub s.InputB 0 count
        })

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
