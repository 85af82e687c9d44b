namespace Micrograd.Core

open System
open System.Runtime.CompilerServices

/// An entry of the depth-first stack: a node, what it does next (0 look at input A, 1 look at
/// input B, 2 wait for A, 3 wait for B, 4 come out) and where its inputs went.
[<Struct; NoEquality; NoComparison>]
type internal MutableFrame =
    val mutable Node: MutableNode
    val mutable State: int
    val mutable PosA: int
    val mutable PosB: int

/// A node in an array of the working memory: an array of a struct, not of the (non-sealed) node
/// class, so that storing into it needs no check of the stored object's type.
[<Struct; NoEquality; NoComparison>]
type internal NodeSlot =
    val Node: MutableNode
    new(node) = { Node = node }

/// Working memory of one backward pass over mutable nodes, kept per thread and reused, so that a
/// pass allocates nothing; it holds no node once the pass is over.
[<Sealed; AllowNullLiteral>]
type internal MutableScratch() =
    member val Order: NodeSlot[] = Array.zeroCreate 1024 with get, set
    member val InputA: int[] = Array.zeroCreate 1024 with get, set
    member val InputB: int[] = Array.zeroCreate 1024 with get, set
    member val Grads: float[] = Array.zeroCreate 1024 with get, set
    member val Stack: MutableFrame[] = Array.zeroCreate 64 with get, set

    /// The node count of the last layout, whose input positions are still in InputA and InputB:
    /// the shape the next pass tries first (0: none).
    member val ShapeCount = 0 with get, set

    [<ThreadStatic; DefaultValue>]
    static val mutable private current: MutableScratch

    [<ThreadStatic; DefaultValue>]
    static val mutable private replays: int

    [<ThreadStatic; DefaultValue>]
    static val mutable private layouts: int

    /// Passes on this thread laid out by replaying the last shape, and depth first (for tests and profiling).
    static member Counts = struct (MutableScratch.replays, MutableScratch.layouts)

    static member internal Counted(replayed: bool) =
        if replayed then
            MutableScratch.replays <- MutableScratch.replays + 1
        else
            MutableScratch.layouts <- MutableScratch.layouts + 1

    /// This thread's scratch (taken: a pass started inside a pass, from a user's rule, gets a fresh one).
    static member Take() =
        let s = MutableScratch.current
        MutableScratch.current <- null
        if isNull s then MutableScratch() else s

    /// The bytes the arrays hold.
    member s.Bytes: int64 =
        8L * int64 (s.Order.Length + s.Grads.Length)
        + 4L * int64 (s.InputA.Length + s.InputB.Length)
        + 24L * int64 s.Stack.Length

    /// Hands the scratch back, or drops it when it holds more than a tenth of the memory the
    /// collector may use (as the sort's does), so that one huge graph does not pin its memory for
    /// the life of the thread.
    static member Give(s: MutableScratch) =
        if s.Bytes <= GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 10L then
            MutableScratch.current <- s

    member s.GrowOrder() =
        let grown (a: 'T[]) =
            let b = Array.zeroCreate (2 * a.Length)
            Array.Copy(a, b, a.Length)
            b
        s.Order <- grown s.Order
        s.InputA <- grown s.InputA
        s.InputB <- grown s.InputB

    member s.GrowStack() =
        let b = Array.zeroCreate (2 * s.Stack.Length)
        Array.Copy(s.Stack, b, s.Stack.Length)
        s.Stack <- b

/// Adds each gradient of a sweep of core nodes to the Grad of the mutable node the core node was
/// read back from (its tag).
[<Struct>]
type internal AddToTag =
    interface IGradientSink with
        member _.Receive(node: Node, gradient: float) =
            let owner = node.Tag :?> MutableNode
            owner.grad <- owner.grad + gradient

/// <summary>Backprop for graphs of <see cref="T:Micrograd.Core.MutableNode"/>: micrograd's
/// <c>backward</c>, adding each gradient into its value's <c>Grad</c>.</summary>
/// <remarks>The graph is laid out depth first, inputs in operand order, exactly as
/// <see cref="M:Micrograd.Core.Backprop.Gradients(Micrograd.Core.Node)"/> lays out the same graph of
/// core nodes, and swept with the same rule table: the gradients are the same to the last bit.
/// A node remembers where the pass put it (one number it carries, checked against the pass's own
/// order before it is believed), so that no table of the nodes seen is needed.</remarks>
[<RequireQualifiedAccess>]
module MutableBackprop =

    // Depth first from the root, each node after its inputs (A's part first); returns the count.
    let private layOut (root: MutableNode) (s: MutableScratch) : int =
        let mutable order = s.Order
        let mutable inputA = s.InputA
        let mutable inputB = s.InputB
        let mutable stack = s.Stack
        let mutable count = 0
        let mutable top = 0
        // Where x already is in this pass's order, or -1. Another pass (on another thread, over a
        // graph sharing x) may have moved x's mark: then x is laid out again, at a second position,
        // with its inputs. Both positions' gradients are passed on, so the gradients stay right
        // (backprop is linear), but their sums are taken in another order, and so may differ in
        // their last bits; the pass does more work by the part laid out twice (in the worst case,
        // with threads racing over a graph of heavy reuse, much more). Values of one thread's own
        // are untouched by it; graphs sharing values across threads are documented as racing.
        let inline placed (x: MutableNode) =
            let p = x.mark
            if p >= 0 && p < count && Object.ReferenceEquals(order[p].Node, x) then p else -1
        let inline emit (n: MutableNode) (pa: int) (pb: int) =
            if count = order.Length then
                s.GrowOrder()
                order <- s.Order
                inputA <- s.InputA
                inputB <- s.InputB
            order[count] <- NodeSlot n
            inputA[count] <- pa
            inputB[count] <- pb
            n.mark <- count
            count <- count + 1
            count - 1
        // The position of x if it is out or can come out at once (placed, or a leaf's cell);
        // otherwise x is pushed and the result is -1.
        let inline visit (x: MutableNode) =
            let p = placed x
            if p >= 0 then
                p
            elif isNull x.a then
                emit x -1 -1
            else
                if top = stack.Length then
                    s.GrowStack()
                    stack <- s.Stack
                stack[top].Node <- x
                stack[top].State <- 0
                top <- top + 1
                -1
        // Node t is out, at p: its parent (below it on the stack) learns where its input went.
        let inline finish (t: int) (pa: int) (pb: int) =
            let p = emit stack[t].Node pa pb
            stack[t].Node <- null
            top <- t
            if t > 0 then
                let u = t - 1
                if stack[u].State = 2 then
                    stack[u].PosA <- p
                    stack[u].State <- 1
                else
                    stack[u].PosB <- p
                    stack[u].State <- 4
        if visit root < 0 then
            while top > 0 do
                let t = top - 1
                let n = stack[t].Node
                match stack[t].State with
                | 0 ->
                    let p = visit n.a
                    if p >= 0 then
                        stack[t].PosA <- p
                        stack[t].State <- 1
                    else
                        stack[t].State <- 2
                | 1 ->
                    let b = n.B
                    if isNull b then
                        finish t stack[t].PosA -1
                    else
                        let p = visit b
                        if p >= 0 then finish t stack[t].PosA p else stack[t].State <- 3
                | _ -> finish t stack[t].PosA stack[t].PosB // 4: both inputs are out
        count

    // Lays the graph out in the shape of the last layout, when it has that shape: a training loop
    // builds a graph of the same shape every step. From the root down, each position's node puts
    // its inputs at the positions the shape gives them; a position must get one node only, and a
    // node one position only (its mark says where it already is), and each node must have the
    // shape's number of inputs. When every check holds, positions and nodes correspond one to one
    // with the same inputs in the same order: the graph is the last one up to the nodes' identities,
    // and the last depth-first order is this graph's. Its walk goes through the nodes in the order
    // they were made (near enough), which the memory prefetches; a depth-first walk jumps about.
    // Returns the count, or -1 (Order cleared) at the first check that fails.
    let private replay (root: MutableNode) (s: MutableScratch) : int =
        let count = s.ShapeCount
        let order = s.Order
        let inputA = s.InputA
        let inputB = s.InputB
        // x at position p, unless p holds another node or x is already elsewhere.
        let inline place (x: MutableNode) (p: int) =
            let there = order[p].Node
            if isNull there then
                let q = x.mark
                if q >= 0 && q < count && q <> p && Object.ReferenceEquals(order[q].Node, x) then
                    false
                else
                    order[p] <- NodeSlot x
                    x.mark <- p
                    true
            else
                Object.ReferenceEquals(there, x)
        if count = 0 then
            -1
        else
            order[count - 1] <- NodeSlot root
            root.mark <- count - 1
            let mutable ok = true
            let mutable i = count - 1
            while ok && i >= 0 do
                let n = order[i].Node
                if isNull n then
                    ok <- false
                else
                    let ia = inputA[i]
                    let a = n.a
                    ok <- (if ia < 0 then isNull a else not (isNull a) && place a ia)
                    if ok then
                        let ib = inputB[i]
                        let b = n.B
                        ok <- (if ib < 0 then isNull b else not (isNull b) && place b ib)
                i <- i - 1
            if ok then
                count
            else
                Array.Clear(order, 0, count)
                -1

    /// <summary>Adds d(root)/d(v) to <c>v.Grad</c> for every value v the root depends on, and 1 to
    /// the root's own: micrograd's <c>backward</c>, with gradients that add up over calls.</summary>
    /// <param name="root">The value to differentiate (a loss, usually).</param>
    /// <exception cref="T:System.ArgumentNullException">The root is null.</exception>
    /// <remarks>Iterative, so any depth is fine; allocates nothing once its working memory has grown
    /// to the graph. Not atomic: two threads differentiating graphs that share a value can lose each
    /// other's additions to its Grad (separate graphs of separate values are fine).</remarks>
    [<CompiledName("Backward")>]
    let backward (root: MutableNode) : unit =
        if isNull root then
            nullArg (nameof root)
        let s = MutableScratch.Take()
        let mutable count = -1
        try
            let top = MutableNode.InputOf root
            count <- replay top s
            MutableScratch.Counted(count >= 0)
            if count < 0 then
                count <- layOut top s
            s.ShapeCount <- count
            if s.Grads.Length < count then
                s.Grads <- Array.zeroCreate s.Order.Length
            let grads = s.Grads
            Array.Clear(grads, 0, count)
            Backprop.propagateOver
                (fun (n: NodeSlot) -> n.Node.OpValue)
                (fun n -> NodeSlot n.Node.a)
                (fun n -> NodeSlot n.Node.B)
                Backprop.builtInFloat
                (fun r n g ->
                    let n = n.Node
                    Backprop.userRuleOf r n.a.data (let b = n.B in if isNull b then 0.0 else b.data) n.data g)
                1.0
                (fun n -> n.Node.data)
                (+)
                s.Order
                s.InputA
                s.InputB
                count
                grads
            if AnomalyChecks.isOn () && not (AnomalyChecks.allFinite grads 0 count) then
                // Inside an anomaly scope, a NaN or infinite gradient: the checked sweep of the
                // core's nodes finds where it came from and raises (or, finding none, adds the
                // same bits as below).
                Backprop.visit (MutableNode.ToNode root) (AddToTag())
            else
                // In topological order, as the checked sweep hands them out: a leaf used, set and
                // used again in one graph has a cell per use, each adding to its Grad in turn.
                let order = s.Order
                for i = 0 to count - 1 do
                    let n = order[i].Node
                    let owner = if isNull n.a then (Unsafe.As<LeafCell> n).Owner else n
                    owner.grad <- owner.grad + grads[i]
        finally
            if count >= 0 then
                Array.Clear(s.Order, 0, count)
                MutableScratch.Give s
