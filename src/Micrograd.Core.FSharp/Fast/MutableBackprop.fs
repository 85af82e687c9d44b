namespace Micrograd.Core

open System
open System.Runtime.CompilerServices

/// An entry of the depth-first stack: a node, what it does next (0 look at input A, 1 look at
/// input B, 2 wait for A, 3 wait for B, 4 come out; for a weighted sum whose chain is not made,
/// term by term: 10 look at the weight, 11 look at the input, 12 wait for the bias, 13 wait for
/// the weight, 14 wait for the input, 15 the term is done), where its inputs went, and which term
/// of a weighted sum it is at.
[<Struct; NoEquality; NoComparison>]
type internal MutableFrame =
    val mutable Node: MutableNode
    val mutable State: int
    val mutable PosA: int
    val mutable PosB: int
    val mutable PosC: int
    val mutable Term: int

/// Working memory of one backward pass over mutable nodes, kept per thread and reused, so that a
/// pass allocates nothing; it holds no node once the pass is over.
[<Sealed; AllowNullLiteral>]
type internal MutableScratch() =
    member val Order: NodeSlot[] = Array.zeroCreate 1024 with get, set
    member val InputA: int[] = Array.zeroCreate 1024 with get, set
    member val InputB: int[] = Array.zeroCreate 1024 with get, set

    /// For a position of a weighted sum's term (see Kinds): where the term's input went (its
    /// weight's is in InputB, the sum so far in InputA).
    member val InputC: int[] = Array.zeroCreate 1024 with get, set

    /// What each position holds: -1 a value (or a weighted sum whose chain is made); t >= 0 term t
    /// of the weighted sum there, a position of no value of its own (micrograd's chain has its
    /// product and its sum there); -2 - t the weighted sum itself, its last term t; Kinds.whole - t
    /// a weighted sum with all its terms at its own position (see layOut), whose weights' and
    /// inputs' positions are in Extra from InputB on, two a term.
    member val Kinds: int[] = Array.zeroCreate 1024 with get, set

    /// The positions of the weights and inputs of the weighted sums laid out whole (see Kinds).
    member val Extra: int[] = Array.zeroCreate 1024 with get, set
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
        + 4L
          * int64 (
              s.InputA.Length
              + s.InputB.Length
              + s.InputC.Length
              + s.Kinds.Length
              + s.Extra.Length
          )
        + 32L * int64 s.Stack.Length

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
        s.InputC <- grown s.InputC
        s.Kinds <- grown s.Kinds

    /// Room for `needed` entries of Extra.
    member s.GrowExtra(needed: int) =
        if s.Extra.Length < needed then
            let b = Array.zeroCreate (max needed (2 * s.Extra.Length))
            Array.Copy(s.Extra, b, s.Extra.Length)
            s.Extra <- b

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
/// The kinds of positions (MutableScratch.Kinds).
module internal Kinds =
    /// A weighted sum laid out whole, its last term t: whole - t.
    [<Literal>]
    let whole = -0x40000000

    /// Whether a position of this kind holds a weighted sum whose chain is not made with its last
    /// term t: as its last term's position, or whole.
    let inline isSum (kind: int) (t: int) = kind = -2 - t || kind = whole - t

[<RequireQualifiedAccess>]
module MutableBackprop =

    // Depth first from the root, each node after its inputs (A's part first); returns the count.
    // A weighted sum whose chain is not made is laid out as its chain would be, term by term: the
    // bias, then each term's weight and input, and where the chain has that term's product and
    // sum, a position of the term's (the last term's is the weighted sum's own).
    // When nothing came out between a weighted sum's terms (their weights and inputs were out
    // before it), its terms' positions follow one another and the sweep goes through them one
    // after the other: the sum then takes one position for all its terms (kind whole), whose sweep
    // does the same additions in the same order, and Extra says where its weights and inputs are.
    let private layOut (root: MutableNode) (s: MutableScratch) : int =
        let mutable extraCount = 0
        let mutable order = s.Order
        let mutable inputA = s.InputA
        let mutable inputB = s.InputB
        let mutable inputC = s.InputC
        let mutable kinds = s.Kinds
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
        // (A term's position holds its weighted sum too, but is no value's place: kind >= 0.)
        let inline placed (x: MutableNode) =
            let p = x.mark
            if p >= 0 && p < count && Object.ReferenceEquals(order[p].Node, x) && kinds[p] < 0 then p else -1
        // Puts n at the next position; kind as in Kinds (a term's position leaves n's mark alone).
        let inline emit (n: MutableNode) (pa: int) (pb: int) (pc: int) (kind: int) =
            if count = order.Length then
                s.GrowOrder()
                order <- s.Order
                inputA <- s.InputA
                inputB <- s.InputB
                inputC <- s.InputC
                kinds <- s.Kinds
            order[count] <- NodeSlot n
            inputA[count] <- pa
            inputB[count] <- pb
            inputC[count] <- pc
            kinds[count] <- kind
            if kind < 0 then
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
                emit x -1 -1 -1 -1
            else
                if top = stack.Length then
                    s.GrowStack()
                    stack <- s.Stack
                stack[top].Node <- x
                stack[top].State <- 0
                top <- top + 1
                -1
        // Node t is out, at p: its parent (below it on the stack) learns where its input went.
        let inline finish (t: int) (p: int) =
            stack[t].Node <- null
            top <- t
            if t > 0 then
                let u = t - 1
                match stack[u].State with
                | 2 ->
                    stack[u].PosA <- p
                    stack[u].State <- 1
                | 3 ->
                    stack[u].PosB <- p
                    stack[u].State <- 4
                | 12 ->
                    stack[u].PosA <- p
                    stack[u].State <- 10
                | 13 ->
                    stack[u].PosB <- p
                    stack[u].State <- 11
                | _ -> // 14
                    stack[u].PosC <- p
                    stack[u].State <- 15
        if visit root < 0 then
            while top > 0 do
                let t = top - 1
                let n = stack[t].Node
                match stack[t].State with
                | 0 ->
                    if isNull n.Unfused then
                        let p = visit n.A
                        if p >= 0 then
                            stack[t].PosA <- p
                            stack[t].State <- 1
                        else
                            stack[t].State <- 2
                    else
                        stack[t].Term <- 0
                        let p = visit n.SumWeights[0].Node // the bias
                        if p >= 0 then
                            stack[t].PosA <- p
                            stack[t].State <- 10
                        else
                            stack[t].State <- 12
                | 1 ->
                    let b = n.B
                    if isNull b then
                        finish t (emit n stack[t].PosA -1 -1 -1)
                    else
                        let p = visit b
                        if p >= 0 then finish t (emit n stack[t].PosA p -1 -1) else stack[t].State <- 3
                | 10 ->
                    let p = visit n.SumWeights[stack[t].Term + 1].Node
                    if p >= 0 then
                        stack[t].PosB <- p
                        stack[t].State <- 11
                    else
                        stack[t].State <- 13
                | 11 ->
                    let xs = Unsafe.As<NodeSlot[]> n.b
                    let p = visit xs[stack[t].Term].Node
                    if p >= 0 then
                        stack[t].PosC <- p
                        stack[t].State <- 15
                    else
                        stack[t].State <- 14
                | 15 ->
                    let term = stack[t].Term
                    // Where term 0 is if terms 0 .. term - 1 are the last positions (emitted after
                    // term 0, they are n's other terms).
                    let start = count - term
                    if term + 1 <> (Unsafe.As<NodeSlot[]> n.b).Length then
                        stack[t].PosA <- emit n stack[t].PosA stack[t].PosB stack[t].PosC term
                        stack[t].Term <- term + 1
                        stack[t].State <- 10
                    elif term > 0 && kinds[start] = 0 && Object.ReferenceEquals(order[start].Node, n) then
                        // Terms 0 .. term - 1 at start .. count - 1, nothing between: all at start.
                        let at = extraCount
                        extraCount <- extraCount + 2 * (term + 1)
                        s.GrowExtra extraCount
                        let extra = s.Extra
                        for k in 0 .. term - 1 do
                            extra[at + 2 * k] <- inputB[start + k]
                            extra[at + 2 * k + 1] <- inputC[start + k]
                        extra[at + 2 * term] <- stack[t].PosB
                        extra[at + 2 * term + 1] <- stack[t].PosC
                        let bias = inputA[start]
                        Array.Clear(order, start, term)
                        count <- start
                        finish t (emit n bias at -1 (Kinds.whole - term))
                    else
                        finish t (emit n stack[t].PosA stack[t].PosB stack[t].PosC (-2 - term))
                | _ -> finish t (emit n stack[t].PosA stack[t].PosB -1 -1) // 4: both inputs are out
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
        let inputC = s.InputC
        let kinds = s.Kinds
        // The kind of position a value takes (Kinds): a weighted sum whose chain is not made is
        // its last term's.
        let inline kindFits (kind: int) (x: MutableNode) =
            let xs = x.Unfused
            if isNull xs then kind = -1 else Kinds.isSum kind (xs.Length - 1)
        // x at position p, unless p holds another node or is another kind of position, or x is
        // already elsewhere.
        // (A node already at p had its kind checked when it was put there.)
        let inline place (x: MutableNode) (p: int) =
            let there = order[p].Node
            if isNull there then
                let q = x.mark
                if
                    not (kindFits kinds[p] x)
                    || q >= 0
                       && q < count
                       && q <> p
                       && Object.ReferenceEquals(order[q].Node, x)
                       && kinds[q] < 0
                then
                    false
                else
                    order[p] <- NodeSlot x
                    x.mark <- p
                    true
            else
                Object.ReferenceEquals(there, x)
        // Term t of the weighted sum f at position p (reached only from f's own next term: no
        // other position leads to it).
        let inline placeTerm (f: MutableNode) (t: int) (p: int) =
            if kinds[p] = t && isNull order[p].Node then
                order[p] <- NodeSlot f
                true
            else
                false
        if count = 0 || not (kindFits kinds[count - 1] root) then
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
                    let kind = kinds[i]
                    let ia = inputA[i]
                    if kind = -1 then
                        let a = n.a
                        ok <- (if ia < 0 then isNull a else not (isNull a) && place n.A ia)
                        if ok then
                            let ib = inputB[i]
                            let b = n.B
                            ok <- (if ib < 0 then isNull b else not (isNull b) && place b ib)
                    elif kind <= Kinds.whole then
                        // A weighted sum laid out whole: its bias, and each term's weight and input.
                        let slots = n.SumWeights
                        let xs = Unsafe.As<NodeSlot[]> n.b
                        let extra = s.Extra
                        let at = inputB[i]
                        ok <- place slots[0].Node ia
                        let mutable t = 0
                        while ok && t < xs.Length do
                            ok <-
                                place slots[t + 1].Node extra[at + 2 * t]
                                && place xs[t].Node extra[at + 2 * t + 1]
                            t <- t + 1
                    else
                        // Term t of a weighted sum: the sum so far (the bias for the first term),
                        // the weight and the input.
                        let t = if kind >= 0 then kind else -2 - kind
                        let slots = n.SumWeights
                        let xs = Unsafe.As<NodeSlot[]> n.b
                        ok <-
                            (if t = 0 then place slots[0].Node ia else placeTerm n (t - 1) ia)
                            && place slots[t + 1].Node inputB[i]
                            && place xs[t].Node inputC[i]
                i <- i - 1
            if ok then
                count
            else
                Array.Clear(order, 0, count)
                -1

    // The reverse sweep over a layout, through the rule table: at a value's position its rule (as
    // Backprop's sweep over core nodes), and at a term's position of a weighted sum (Kinds) what
    // micrograd's chain does at the term's sum and product there: the sum hands the gradient to
    // the sum before it (the bias, at the first term) and to the product, and the product to its
    // weight and its input. Every term's gradient is the weighted sum's: each sum of the chain,
    // and each product, has one use only, the next sum.
    let private sweep (s: MutableScratch) (count: int) (grads: float[]) =
        let inputA = s.InputA
        let inputB = s.InputB
        let inputC = s.InputC
        let kinds = s.Kinds
        let order = s.Order
        let extra = s.Extra
        // Term t of the weighted sum n, its gradient g, as micrograd's chain has it at the term's sum
        // and product: the sum's rule hands g to the sum before it (at `before`, when it has a
        // position: the bias's, or the term before's) and to the product, whose rule hands that to
        // the weight and the input (at wAt and xAt). Returns what the sum before gets. The sum's
        // rule reads no forward values; the product's reads its inputs only.
        let inline handTerm (n: MutableNode) (t: int) (g: float) (before: int) (wAt: int) (xAt: int) =
            let struct (dSum, dProduct) = Backprop.builtInFloat Op.Add nan nan nan g
            if before >= 0 then
                grads[before] <- grads[before] + dSum // first operand first, as micrograd does
            let xs = Unsafe.As<NodeSlot[]> n.b
            let struct (dw, dx) =
                Backprop.builtInFloat Op.Mul n.SumWeights[t + 1].Node.data xs[t].Node.data nan dProduct
            grads[wAt] <- grads[wAt] + dw
            grads[xAt] <- grads[xAt] + dx
            dSum
        // A term's position: true, once its gradient is handed on.
        let inline term (i: int) =
            let kind = kinds[i]
            if kind <= Kinds.whole then
                // A weighted sum laid out whole: its terms from the last, each as at its own
                // position (each earlier term's gradient as that position would hold it, 0 + g).
                let n = order[i].Node
                let at = inputB[i]
                let mutable g = grads[i]
                for t = (Unsafe.As<NodeSlot[]> n.b).Length - 1 downto 0 do
                    let before = if t = 0 then inputA[i] else -1
                    g <- 0.0 + handTerm n t g before extra[at + 2 * t] extra[at + 2 * t + 1]
                true
            elif kind <> -1 then
                let t = if kind >= 0 then kind else -2 - kind
                handTerm order[i].Node t grads[i] inputA[i] inputB[i] inputC[i] |> ignore
                true
            else
                false
        Backprop.propagateOverWith
            term
            (fun (n: NodeSlot) -> n.Node.OpValue)
            (fun n -> NodeSlot n.Node.A)
            (fun n -> NodeSlot n.Node.B)
            Backprop.builtInFloat
            (fun r n g ->
                let n = n.Node
                Backprop.userRuleOf r n.A.data (let b = n.B in if isNull b then 0.0 else b.data) n.data g)
            1.0
            (fun n -> n.Node.data)
            (+)
            order
            inputA
            inputB
            count
            grads

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
            sweep s count grads
            if AnomalyChecks.isOn () && not (AnomalyChecks.allFinite grads 0 count) then
                // Inside an anomaly scope, a NaN or infinite gradient: the checked sweep of the
                // core's nodes finds where it came from and raises (or, finding none, adds the
                // same bits as below).
                Backprop.visit (MutableNode.ToNode root) (AddToTag())
            else
                // In topological order, as the checked sweep hands them out: a leaf used, set and
                // used again in one graph has a cell per use, each adding to its Grad in turn.
                // A term's position is no value's: its gradient is the weighted sum's, whose
                // position hands it to the sum.
                let order = s.Order
                let kinds = s.Kinds
                // A weighted sum laid out as one, whose chain was made during the pass (by a
                // user's rule that looked at it), hands its gradient to the chain's values too.
                for i = 0 to count - 1 do
                    let kind = kinds[i]
                    if kind < 0 then
                        let n = order[i].Node
                        if kind <> -1 && n.code = OpCodes.fusedMade then
                            MutableNode.AddToChain(n, grads[i])
                        let owner = if isNull n.a then (Unsafe.As<LeafCell> n).Owner else n
                        owner.grad <- owner.grad + grads[i]
        finally
            if count >= 0 then
                Array.Clear(s.Order, 0, count)
                MutableScratch.Give s
