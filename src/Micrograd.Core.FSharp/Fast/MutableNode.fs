namespace Micrograd.Core

open System
open System.Collections.Generic
open System.Runtime.CompilerServices
open System.Threading

/// What mutable nodes keep aside from their hot fields: labels (rarely set) and the core nodes
/// they were read back as (only when asked for), both held weakly by the node.
module internal MutableTables =
    let labels = ConditionalWeakTable<obj, string>()
    let nodes = ConditionalWeakTable<obj, Node>()
    /// The chains made for weighted sums (see MutableNode's MakeChain): each sum's last link.
    let chains = ConditionalWeakTable<obj, obj>()
    let chainLock = obj ()

/// <summary>
/// A value in a graph whose gradients are added into the values themselves, as micrograd's are:
/// the base of a wrapper with a mutable <c>Data</c> and <c>Grad</c> (the C# façade's <c>Value</c>
/// derives from it). One object per value: its forward value, its gradient, its inputs and its
/// operation, computed and differentiated by the same rule table as <see cref="T:Micrograd.Core.Node"/>,
/// to the same bits.
/// </summary>
/// <remarks>
/// <para>A leaf keeps its data in a small cell, and a graph built from the leaf holds that cell:
/// setting <c>Data</c> gives the leaf a new cell, so a graph built before keeps the value it was
/// built with (its forward values and its gradients both), and the next graph gets the new one.</para>
/// <para><c>Node</c> reads the graph back as immutable core nodes (made once per value and kept),
/// for everything written over nodes: pictures, gradients as graphs, the Hessian, the tape.</para>
/// </remarks>
[<AllowNullLiteral>]
type MutableNode =
    /// <exclude/>
    val mutable internal data: float
    /// <exclude/>
    val mutable internal grad: float
    /// <exclude/>
    /// The first input; for a leaf, the cell holding its current data (null until a graph uses
    /// it); for a cell, null; for a weighted sum, its WeightBlock (see TermsOf).
    val mutable internal a: MutableNode
    /// <exclude/>
    /// The second input; for an operation with a constant of its own (x ** k, a user's operation),
    /// its Op (one input) or an OpCell holding its Op and the second input (two): see OpCodes; for
    /// a weighted sum, its inputs (a NodeSlot[], see TermsOf).
    val mutable internal b: obj
    /// <exclude/>
    /// Where this node was put by the last backward pass that met it (trusted only after that pass's
    /// order is checked to hold this node at that position).
    val mutable internal mark: int
    /// <exclude/>
    /// The operation as a small code (OpCodes), so that a value is 56 bytes (it changes once: a
    /// weighted sum whose chain is made).
    val mutable internal code: byte
    /// <exclude/>
    val mutable internal isLeaf: bool

    // The last list of inputs a weighted sum was made of on this thread, and its inputs as the
    // sum holds them (see TermsOf), both held weakly: they keep no graph alive.
    /// <exclude/>
    [<ThreadStatic; DefaultValue>]
    static val mutable private lastInputs: WeakReference<obj>

    /// <exclude/>
    [<ThreadStatic; DefaultValue>]
    static val mutable private lastSlots: WeakReference<NodeSlot[]>

    /// b + w0·x0 + w1·x1 + ..., left to right from the bias as micrograd's chain (written once for
    /// the forward value, anomaly detection's checks and the chain made when asked for): `lift`
    /// reads a term, `multiply i` and `add i` make term i's product and the sum it goes into.
    static member inline internal FoldTerms<'T>
        (
            slots: NodeSlot[],
            xs: NodeSlot[],
            lift: MutableNode -> 'T,
            multiply: int -> 'T -> 'T -> 'T,
            add: int -> 'T -> 'T -> 'T
        ) : 'T =
        let mutable sum = lift slots[0].Node
        for i in 0 .. xs.Length - 1 do
            sum <- add i sum (multiply i (lift slots[i + 1].Node) (lift xs[i].Node))
        sum

    /// <summary>A leaf holding <paramref name="data"/>.</summary>
    /// <param name="data">The value.</param>
    new(data: float) =
        {
            data = data
            grad = 0.0
            a = null // its cell, made when a graph first uses the leaf
            b = null
            mark = -1
            code = OpCodes.leaf
            isLeaf = true
        }

    // A cell: a leaf's data as a graph holds it.
    internal new(data: float, cell: bool) =
        {
            data = data
            grad = 0.0
            a = null
            b = null
            mark = -1
            code = OpCodes.leaf
            isLeaf = not cell
        }

    /// <summary>The operation applied to one input, its forward value from the rule table.</summary>
    /// <param name="operation">A one-input operation.</param>
    /// <param name="x">The input.</param>
    /// <exception cref="T:System.ArgumentNullException">operation or x is null.</exception>
    /// <exception cref="T:System.ArgumentException">The operation takes two inputs.</exception>
    new(operation: Operation, x: MutableNode) =
        let op = MutableNode.OpOf(operation, x, 1)
        let code = operation.Code
        let xa = MutableNode.InputOf x
        let data = Rules.forward op xa.data 0.0
        if not (Double.IsFinite data) && AnomalyScope.AnyOpen && AnomalyChecks.isOn () then
            MutableNode.Check(op, xa, null)
        {
            data = data
            grad = 0.0
            a = xa
            b = (if code < OpCodes.firstCarried then null else op :> obj)
            mark = -1
            code = code
            isLeaf = false
        }

    /// <summary>The operation applied to two inputs, its forward value from the rule table.</summary>
    /// <param name="operation">A two-input operation.</param>
    /// <param name="x">The first input.</param>
    /// <param name="y">The second input.</param>
    /// <exception cref="T:System.ArgumentNullException">operation, x or y is null.</exception>
    /// <exception cref="T:System.ArgumentException">The operation takes one input.</exception>
    new(operation: Operation, x: MutableNode, y: MutableNode) =
        let op = MutableNode.OpOf(operation, x, 2)
        let code = operation.Code
        let xa = MutableNode.InputOf x
        let yb =
            if isNull y then Messages.throwNullOperand "y" (Rules.name op) else MutableNode.InputOf y
        let data = Rules.forward op xa.data yb.data
        if not (Double.IsFinite data) && AnomalyScope.AnyOpen && AnomalyChecks.isOn () then
            MutableNode.Check(op, xa, yb)
        {
            data = data
            grad = 0.0
            a = xa
            b = (if code < OpCodes.firstCarried then yb :> obj else OpCell(op, yb))
            mark = -1
            code = code
            isLeaf = false
        }

    /// <summary>A neuron's weighted sum <c>bias + w0·x0 + w1·x1 + ...</c>, added left to right from
    /// the bias as micrograd's <c>sum((wi*xi for ...), self.b)</c> adds it, held as one value: the
    /// same forward value, and under <c>Backward</c> the same gradients to the last bit, as the chain
    /// of products and sums micrograd builds, in one object instead of two per weight.</summary>
    /// <remarks>The value is the chain's last sum (its <c>Op</c> is "+"). Its <c>Inputs</c>, its
    /// <c>Node</c>, its picture and setting its <c>Grad</c> make the chain it stands for, once (its
    /// values computed again by the same rules, to the same bits, with the gradients its values
    /// would have): from then on it is the last sum of that chain. The chain's values are of the
    /// sum's own type (for a type deriving from MutableNode, made without its constructor: fields
    /// of its own keep their defaults; the C# façade's Value has none).</remarks>
    /// <param name="bias">The bias, the sum's first term.</param>
    /// <param name="weights">The weights w0, w1, ... (at least one).</param>
    /// <param name="inputs">The inputs x0, x1, ..., one per weight.</param>
    /// <exception cref="T:System.ArgumentNullException">bias, weights, inputs or one of their entries is null.</exception>
    /// <exception cref="T:System.ArgumentException">weights is empty, or inputs has another count.</exception>
    new(bias: MutableNode, weights: IReadOnlyList<MutableNode>, inputs: IReadOnlyList<MutableNode>) =
        let struct (block, xs) = MutableNode.TermsOf(bias, weights, inputs)
        let slots = block.Slots
        let data =
            MutableNode.FoldTerms(
                slots,
                xs,
                (fun n -> n.data),
                (fun _ w x -> Rules.forward Op.Mul w x),
                (fun _ sum product -> Rules.forward Op.Add sum product)
            )
        // A sum that is not finite has a term or a sum before it that is not: the chain's own
        // checks find which (a finite one needs none).
        if not (Double.IsFinite data) && AnomalyScope.AnyOpen && AnomalyChecks.isOn () then
            MutableNode.CheckChain(slots, xs)
        {
            data = data
            grad = 0.0
            a = block
            b = xs
            mark = -1
            code = OpCodes.fused
            isLeaf = false
        }

    // A weighted sum's terms as its graph holds them, each a leaf's cell or a computed value: the
    // bias and the weights in a block, [| bias; w0; w1; ... |], which the sums of the same leaves
    // share (the first weight's cell keeps the last block made of leaves only: a neuron's sums for
    // a whole batch share one, until a weight's Data is set; a block holding a computed value is
    // not kept, so that no graph stays alive by a weight), and the inputs, [| x0; x1; ... |], which
    // the sums of the same list share (the thread keeps, weakly, the last list it was given and
    // what it made of it: a layer's neurons share one). Each entry is read once.
    static member private TermsOf
        (bias: MutableNode, weights: IReadOnlyList<MutableNode>, inputs: IReadOnlyList<MutableNode>)
        : struct (WeightBlock * NodeSlot[]) =
        if isNull bias then
            nullArg (nameof bias)
        if isNull weights then
            raise (ArgumentNullException(nameof weights, Messages.nullList (nameof weights)))
        if isNull inputs then
            raise (ArgumentNullException(nameof inputs, Messages.nullList (nameof inputs)))
        if weights.Count = 0 then
            raise (ArgumentException(Messages.emptyList (nameof weights), nameof weights))
        if inputs.Count <> weights.Count then
            raise (
                ArgumentException(
                    Messages.perEntryCount (nameof inputs) inputs.Count weights.Count (nameof weights),
                    nameof inputs
                )
            )
        let count = weights.Count
        let inline isCell (x: MutableNode) = isNull x.a && not x.isLeaf
        let inline fill (weight: int -> MutableNode) (input: int -> MutableNode) =
            let inline checkedAt (read: int -> MutableNode) (name: string) i =
                let x = read i
                if isNull x then
                    raise (ArgumentNullException(name, Messages.nullElement name i))
                MutableNode.InputOf x
            // The bias and the weights: the first weight's block while it holds them.
            let ba = MutableNode.InputOf bias
            let w0 = checkedAt weight (nameof weights) 0
            let first =
                match w0 with
                | :? LeafCell as cell -> cell
                | _ -> null
            let kept = if isNull first then null else first.Block
            let mutable shared =
                not (isNull kept)
                && kept.Slots.Length = count + 1
                && Object.ReferenceEquals(kept.Slots[0].Node, ba)
            // (The weights' loop and the inputs' below do the same, written out: a shared helper
            // taking the entry to read as a function measured 14 % slower in the profile loop.)
            let mutable slots = if shared then kept.Slots else Array.zeroCreate (count + 1)
            slots[0] <- if shared then slots[0] else NodeSlot ba
            let mutable cells = isCell ba
            for i in 0 .. count - 1 do
                let w = if i = 0 then w0 else checkedAt weight (nameof weights) i
                cells <- cells && isCell w
                if shared && not (Object.ReferenceEquals(slots[i + 1].Node, w)) then
                    // The block held the entries so far: a new one starts as their copy.
                    let own = Array.zeroCreate (count + 1)
                    Array.Copy(slots, own, i + 1)
                    slots <- own
                    shared <- false
                if not shared then
                    slots[i + 1] <- NodeSlot w
            let block =
                if shared then
                    kept
                else
                    let made = WeightBlock slots
                    if not (isNull first) && cells then
                        first.Block <- made
                    made
            // The inputs: the thread's last ones while they are these.
            let last =
                let list = MutableNode.lastInputs
                if isNull list then
                    null
                else
                    match list.TryGetTarget() with
                    | true, l when Object.ReferenceEquals(l, inputs) ->
                        match MutableNode.lastSlots.TryGetTarget() with
                        | true, made when made.Length = count -> made
                        | _ -> null
                    | _ -> null
            let mutable sharedXs = not (isNull last)
            let mutable xs = if sharedXs then last else Array.zeroCreate count
            for i in 0 .. count - 1 do
                let x = checkedAt input (nameof inputs) i
                if sharedXs && not (Object.ReferenceEquals(xs[i].Node, x)) then
                    let own = Array.zeroCreate count
                    Array.Copy(xs, own, i)
                    xs <- own
                    sharedXs <- false
                if not sharedXs then
                    xs[i] <- NodeSlot x
            if not sharedXs then
                if isNull MutableNode.lastInputs then
                    MutableNode.lastInputs <- WeakReference<obj>(inputs)
                    MutableNode.lastSlots <- WeakReference<NodeSlot[]>(xs)
                else
                    MutableNode.lastInputs.SetTarget inputs
                    MutableNode.lastSlots.SetTarget xs
            struct (block, xs)
        // Arrays (of values of any kind deriving from MutableNode) read directly, other lists
        // through their interface.
        match weights, inputs with
        | (:? (MutableNode[]) as ws), (:? (MutableNode[]) as xs) -> fill (fun i -> ws[i]) (fun i -> xs[i])
        | _ -> fill (fun i -> weights[i]) (fun i -> inputs[i])


    // Anomaly detection's checks of a weighted sum that is not finite: the checks the chain's
    // values would have had when built (the core's, on core nodes of the same operations and inputs).
    [<MethodImpl(MethodImplOptions.NoInlining)>]
    static member private CheckChain(slots: NodeSlot[], xs: NodeSlot[]) =
        let make op (x: Node) (y: Node) =
            if Double.IsFinite(Rules.forward op x.Data y.Data) then
                AnomalyChecks.suspended (fun () -> Node.Make(op, x, y, null))
            else
                Node.Make(op, x, y, null)
        MutableNode.FoldTerms(
            slots,
            xs,
            MutableNode.ToNode,
            (fun _ w x -> make Op.Mul w x),
            (fun _ s p -> make Op.Add s p)
        )
        |> ignore

    // MutableNode(operation, x, y) as a value of like's own type: what a weighted sum's chain is
    // made of, so that the façade's chain values are Values (made without their constructor, which
    // sets nothing of its own; the fields are the core's constructor's).
    static member private Computed(like: MutableNode, operation: Operation, x: MutableNode, y: MutableNode) =
        let made = MutableNode(operation, x, y)
        let kind = like.GetType()
        if kind = typeof<MutableNode> then
            made
        else
            let n = RuntimeHelpers.GetUninitializedObject kind :?> MutableNode
            n.data <- made.data
            n.a <- made.a
            n.b <- made.b
            n.mark <- -1
            n.code <- made.code
            n.isLeaf <- false
            n

    /// A weighted sum whose chain is not made yet: its inputs (see TermsOf); otherwise null.
    member inline internal n.Unfused: NodeSlot[] =
        if n.code = OpCodes.fused then Unsafe.As<NodeSlot[]> n.b else null

    /// A weighted sum's bias (term 0's sum so far) and weights, term t's at t + 1 (see TermsOf).
    member inline internal n.SumWeights: NodeSlot[] = (Unsafe.As<WeightBlock> n.a).Slots

    /// The chain's last link of a weighted sum whose chain is made.
    static member internal ChainOf(n: MutableNode) : MutableNode =
        match MutableTables.chains.TryGetValue n with
        | true, top -> Unsafe.As<MutableNode> top
        | _ ->
            // Seen made before its chain is seen kept (a weakly ordered processor): the lock that
            // MakeChain keeps it under shows it.
            lock MutableTables.chainLock (fun () ->
                match MutableTables.chains.TryGetValue n with
                | true, top -> Unsafe.As<MutableNode> top
                | _ -> invalidOp "a weighted sum whose chain is made has it kept")

    /// The first input (for a weighted sum whose chain is made, its chain's; not for a weighted
    /// sum whose chain is not made).
    member inline internal n.A: MutableNode =
        if n.code = OpCodes.fusedMade then (MutableNode.ChainOf n).a else n.a

    /// Makes the chain a weighted sum stands for, once (two threads asking at once get one): its
    /// products and sums, each with the gradient the weighted sum has had, as each of them would
    /// have had it; the weighted sum is from then on the chain's last sum.
    static member internal MakeChain(f: MutableNode) =
        if f.code = OpCodes.fused then
            lock MutableTables.chainLock (fun () ->
                if f.code = OpCodes.fused then
                    AnomalyChecks.suspended (fun () ->
                        let xs = Unsafe.As<NodeSlot[]> f.b
                        let sum =
                            MutableNode.FoldTerms(
                                f.SumWeights,
                                xs,
                                id,
                                (fun _ w x ->
                                    let product = MutableNode.Computed(f, Operation.Multiply, w, x)
                                    product.grad <- f.grad
                                    product),
                                (fun _ before product ->
                                    // (The last link stands in for f, and its gradient is f's.)
                                    let sum = MutableNode.Computed(f, Operation.Add, before, product)
                                    sum.grad <- f.grad
                                    sum)
                            )
                        // The last link stands in for f: its inputs are f's from now on. (Kept
                        // before f says so: a reader that sees the new code finds the chain; one
                        // that sees the old reads f's terms, which stay.)
                        MutableTables.chains.AddOrUpdate(f, sum :> obj)
                        Thread.MemoryBarrier()
                        f.code <- OpCodes.fusedMade))

    /// Adds g to the Grad of every value of a weighted sum's chain, made while a pass that laid
    /// the sum out whole or term by term was under way (by a user's rule, say, looking at it): each
    /// of them would have had g at a position of its own.
    static member internal AddToChain(f: MutableNode, g: float) =
        let mutable sum = MutableNode.ChainOf f // the last link, f's stand-in
        for i = (Unsafe.As<NodeSlot[]> f.b).Length - 1 downto 0 do
            let product = sum.B
            product.grad <- product.grad + g
            sum <- sum.a
            if i > 0 then
                sum.grad <- sum.grad + g

    static member private OpOf(operation: Operation, x: MutableNode, inputs: int) : Op =
        if isNull operation then
            nullArg (nameof operation)
        let op = operation.Op
        if (if operation.IsBinary then 2 else 1) <> inputs then
            let name = if inputs = 1 then "x" else "y"
            raise (ArgumentException(Messages.arityMismatch (Rules.name op) operation.IsBinary inputs, name))
        if isNull x then
            Messages.throwNullOperand "x" (Rules.name op)
        op

    /// What a graph built from x holds: the cell of a leaf, or x itself.
    [<MethodImpl(MethodImplOptions.AggressiveInlining)>]
    static member internal InputOf(x: MutableNode) : MutableNode =
        if x.isLeaf then
            let cell = x.a
            if isNull cell then MutableNode.NewCell x else cell
        else
            x

    /// The second input (null for a one-input operation and a leaf; for a weighted sum, its
    /// chain's, once made).
    member internal n.B: MutableNode =
        if n.code < OpCodes.firstCarried then Unsafe.As<MutableNode> n.b
        elif n.code = OpCodes.carriedPair then (Unsafe.As<OpCell> n.b).Second
        elif n.code = OpCodes.fusedMade then (MutableNode.ChainOf n).B
        else null

    /// The operation (Op.Leaf for a leaf and a cell).
    member internal n.OpValue: Op =
        if n.code < OpCodes.firstCarried then OpCodes.plainOp n.code
        elif n.code = OpCodes.carriedPair then (Unsafe.As<OpCell> n.b).Op
        elif n.code >= OpCodes.fused then Op.Add
        else Unsafe.As<Op> n.b

    // A leaf's cell, made on first use. (Two threads using a new leaf at once may each make one:
    // both hold its data and hand their gradients to it.)
    [<MethodImpl(MethodImplOptions.NoInlining)>]
    static member private NewCell(leaf: MutableNode) : MutableNode =
        let cell = LeafCell(leaf.data, leaf)
        leaf.a <- cell
        cell

    /// <summary>The forward value, computed when the value was built (a leaf's: given, and
    /// settable). Setting a leaf's data changes the graphs built from it afterwards, not the
    /// ones built before: they keep the data they were built with.</summary>
    /// <exception cref="T:System.InvalidOperationException">Setting the data of a computed value.</exception>
    member this.Data
        with get () = this.data
        and set (value: float) =
            if not this.isLeaf then
                invalidOp (Messages.dataOfComputed (Rules.name this.OpValue))
            this.data <- value
            this.a <- null // the next graph gets a new cell; the graphs built before keep theirs

    /// d(root)/d(this), added to by <c>Backward</c> on a root that uses this value.
    member this.Grad
        with get () = this.grad
        and set (value: float) =
            // A weighted sum's chain takes the gradient the sum has had before it is set.
            MutableNode.MakeChain this
            this.grad <- value

    /// A name for printing and pictures ("" when none was given; null reads as "").
    member this.Label
        with get () =
            match MutableTables.labels.TryGetValue this with
            | true, label -> label
            | _ -> ""
        and set (value: string) =
            if String.IsNullOrEmpty value then
                MutableTables.labels.Remove this |> ignore
            else
                MutableTables.labels.AddOrUpdate(this, value)

    /// micrograd's op string: "" for a leaf, "+", "*", "**3", "ReLU", "tanh", ...
    member this.Op: string = Rules.name this.OpValue

    /// Whether this is a leaf (made from a number, not computed).
    member this.IsLeaf: bool = this.isLeaf

    /// The inputs in operand order (empty for a leaf). A fresh list on every call.
    member this.Inputs: IReadOnlyList<MutableNode> =
        let outer (x: MutableNode) = if isNull x.a && not x.isLeaf then (Unsafe.As<LeafCell> x).Owner else x
        MutableNode.MakeChain this
        if this.isLeaf then Array.Empty<MutableNode>()
        elif isNull this.B then [| outer this.A |]
        else [| outer this.A; outer this.B |]

    /// <summary>This value's graph as immutable core nodes (each tagged with its value, so that
    /// <c>Node.Tag</c> finds the value again): made once per value, the same node on every call
    /// (for a leaf: until its Data is set).</summary>
    member this.Node: Node = MutableNode.ToNode this

    // Anomaly detection's check of a new value whose forward value is NaN or infinite, made on a
    // core node with the same operation and inputs, which raises what the core raises (the value's
    // own core node is made when asked for). A finite value needs no check.
    [<MethodImpl(MethodImplOptions.NoInlining)>]
    static member private Check(op: Op, xa: MutableNode, yb: MutableNode) =
        let na = MutableNode.ToNode xa
        let nb = if isNull yb then null else MutableNode.ToNode yb
        Node.Make(op, na, nb, null) |> ignore

    /// The core node of x (made, inputs first, where not made yet, out of anomaly detection's
    /// sight: each value was checked when it was built).
    static member internal ToNode(x: MutableNode) : Node =
        let top = MutableNode.InputOf x
        let nodes = MutableTables.nodes
        match nodes.TryGetValue top with
        | true, made -> made
        | _ ->
            let make (n: MutableNode) (na: Node) (nb: Node) =
                if isNull n.a then
                    let owner = (Unsafe.As<LeafCell> n).Owner
                    Node.TaggedLeaf(n.data, owner)
                else
                    Node.Make(n.OpValue, na, nb, n)
            let known (n: MutableNode) =
                match nodes.TryGetValue n with
                | true, made -> made
                | _ -> null
            // Inputs first, with an explicit stack: a graph may be a million values deep.
            let stack = Stack<MutableNode>()
            stack.Push top
            while stack.Count > 0 do
                let n = stack.Peek()
                if not (isNull (known n)) then
                    stack.Pop() |> ignore
                else
                    MutableNode.MakeChain n
                    let nA = if isNull n.a then null else n.A
                    let na = if isNull nA then null else known nA
                    let nB = n.B
                    let nb = if isNull nB then null else known nB
                    if not (isNull nA) && isNull na then
                        stack.Push nA
                    elif not (isNull nB) && isNull nb then
                        stack.Push nB
                    else
                        stack.Pop() |> ignore
                        let made = AnomalyChecks.suspended (fun () -> make n na nb)
                        // Another thread may have made it first: keep the first, so that every caller sees one node.
                        nodes.TryAdd(n, made) |> ignore
            known top

    interface INodeTag with
        member this.Label = this.Label

/// A leaf's data as the graphs built from it hold it, and the leaf it came from (which gets its gradient).
and [<Sealed; AllowNullLiteral>] internal LeafCell =
    inherit MutableNode
    val Owner: MutableNode
    /// The last weight block made with this cell as its first weight (see TermsOf), or null.
    val mutable Block: WeightBlock
    new(data: float, owner: MutableNode) =
        {
            inherit MutableNode(data, true)
            Owner = owner
            Block = null
        }

/// A weighted sum's bias and weights, as cells or values (held where a value's first input is:
/// never a value of a graph itself).
and [<Sealed; AllowNullLiteral>] internal WeightBlock =
    inherit MutableNode
    val Slots: NodeSlot[]
    new(slots: NodeSlot[]) =
        {
            inherit MutableNode(0.0, true)
            Slots = slots
        }

/// A value in an array: an array of a struct, not of the (non-sealed) value class, so that storing
/// into it needs no check of the stored object's type.
and [<Struct; NoEquality; NoComparison>] internal NodeSlot =
    val Node: MutableNode
    new(node) = { Node = node }

/// In place of the second input of a user's two-input operation: the operation and the second
/// input (32 bytes: a header and two references).
and [<Sealed>] internal OpCell(op: Op, second: MutableNode) =
    member _.Op = op
    member _.Second = second
