namespace Micrograd.Core

#nowarn "9" // NativePtr: the tape's loops index pinned arrays without bounds checks (see Forward)

open System
open Microsoft.FSharp.NativeInterop
open System.Collections.Generic

/// <summary>
/// A graph compiled once into flat arrays (topological order, operations, operand positions,
/// values, gradients), so that forward and backward can be run again on new leaf values without
/// building a graph and without allocating.
/// </summary>
/// <remarks>
/// <para>Training loops rebuild a graph of the same shape every step; a tape keeps the shape and
/// swaps the numbers. Positions are the graph's topological order (<see cref="Nodes"/>): set leaf
/// values with <see cref="SetValue"/>, call <see cref="Forward"/> then <see cref="Backward"/>, and
/// read <see cref="Gradient(int)"/>. The operations are the rule table's, applied in the same order
/// as <see cref="M:Micrograd.Core.Backprop.Gradients(Micrograd.Core.Node)"/>, so for the same leaf
/// values the results are bit for bit the same.</para>
/// <para>A neuron's sum <c>((b + w0*x0) + w1*x1) + ...</c> runs as one instruction, a loop over
/// its terms, wherever that changes no bit of any value or gradient (most of a network's nodes);
/// every node inside it still has its own position, value and gradient.</para>
/// <para>A tape is mutable and not thread-safe: one tape per thread.</para>
/// </remarks>
/// <example>
/// <code lang="fsharp">
/// let x = Node.Leaf 2.0
/// let tape = Tape.Compile(x * x + x)
/// tape.SetValue(tape.IndexOf x, 3.0)
/// tape.Forward()            // 12.0
/// tape.Backward()
/// tape.Gradient(tape.IndexOf x)   // 7.0
/// </code>
/// </example>
[<Sealed>]
type Tape
    private
    (
        nodes: Node[],
        leafCount: int,
        slotOf: int[],
        gradientSlotOf: int[],
        opTable: Op[],
        code: uint16[],
        inA: int[],
        inB: int[],
        termA: int[],
        termB: int[]
    ) =
    // Slots: the leaves first (0 .. leafCount-1), then one slot per instruction, in topological
    // order, so that instruction j writes slot leafCount + j and the loops need no target array;
    // then one slot that always holds 0.0, the second operand of every unary operation (the rule
    // table ignores it), so that the loops need no branch; then two slots per term of the fused
    // chains, which hold the values of the nodes inside them. Positions (the public numbering, the
    // graph's topological order) map to slots through slotOf. Instruction j is opTable[code[j]]
    // (two bytes per instruction, and the few distinct operations of a graph stay in the cache),
    // or a fused chain (Tape.FusedSum) of inB[j] terms, read in order from termA/termB.
    let count = nodes.Length
    let zeroSlot = leafCount + code.Length
    let insideBase = zeroSlot + 1
    let values =
        let v = Array.zeroCreate<float>(insideBase + 2 * termA.Length)
        for i = 0 to count - 1 do
            v[slotOf[i]] <- nodes[i].Data
        v
    // Nodes inside a fused chain have the gradient of its last Add (gradientSlotOf): no slot here.
    let grads = Array.zeroCreate<float> insideBase
    // The values inside the fused chains are worked out only when asked for (Value, anomaly
    // detection's checks), from the leaves as they were at the last Forward (kept here: SetValue
    // may have changed them since) and the computed slots, which only Forward writes.
    let leavesAtForward = Array.sub values 0 leafCount
    let mutable insideKnown = true
    let rootSlot = slotOf[count - 1]
    let index = IdTable.Of [| nodes |]
    let fusedChains = code |> Array.sumBy (fun c -> if c = Tape.FusedSum then 1 else 0)

    /// The code of a fused chain (FusedSums): acc = s0; acc = acc + w_k*x_k for each term.
    static member private FusedSum = UInt16.MaxValue

    /// <summary>Compiles the graph of <paramref name="root"/>. Values start as the nodes' data.</summary>
    /// <param name="root">The node to differentiate (a loss, usually).</param>
    static member Compile(root: Node) : Tape =
        let topo = Graph.sort root
        let nodes = topo.Nodes
        let inputA = topo.InputA
        let inputB = topo.InputB
        let count = nodes.Length
        let role = FusedSums.find nodes inputA inputB
        let slotOf = Array.zeroCreate count
        let gradientSlotOf = Array.zeroCreate count
        let mutable leaves = 0
        let mutable inside = 0
        let mutable terms = 0
        for i = 0 to count - 1 do
            if inputA[i] < 0 then
                slotOf[i] <- leaves
                leaves <- leaves + 1
            elif role[i] = FusedSums.Inside then
                inside <- inside + 1
            else
                terms <- terms + role[i]
        let instructions = count - leaves - inside
        let zeroSlot = leaves + instructions
        let insideBase = zeroSlot + 1
        let opTable = ResizeArray<Op>()
        let codes = Dictionary<Op, uint16>(HashIdentity.Structural)
        let code = Array.zeroCreate instructions
        let inA = Array.zeroCreate instructions
        let inB = Array.zeroCreate instructions
        let termA = Array.zeroCreate terms
        let termB = Array.zeroCreate terms
        let mutable j = 0
        let mutable t = 0
        // Inputs come first in the order, so their slots are known; a chain's inside nodes get
        // theirs when its last Add is reached (nothing outside the chain reads them).
        for i = 0 to count - 1 do
            if inputA[i] >= 0 && role[i] <> FusedSums.Inside then
                let slot = leaves + j
                slotOf[i] <- slot
                if role[i] > 0 then
                    // Walk down from the last Add, the terms from last to first. The Mul of
                    // term k gets slot insideBase + 2k + 1, and the Add it goes into, unless that
                    // is the last, slot insideBase + 2k: the running sum after term k.
                    let n = role[i]
                    let mutable e = i
                    for k = t + n - 1 downto t do
                        let m = inputB[e]
                        termA[k] <- slotOf[inputA[m]]
                        termB[k] <- slotOf[inputB[m]]
                        slotOf[m] <- insideBase + 2 * k + 1
                        gradientSlotOf[m] <- slot
                        if e <> i then
                            slotOf[e] <- insideBase + 2 * k
                            gradientSlotOf[e] <- slot
                        e <- inputA[e]
                    code[j] <- Tape.FusedSum
                    inA[j] <- slotOf[e] // s0
                    inB[j] <- n
                    t <- t + n
                else
                    let op = nodes[i].OpCode
                    let mutable c = 0us
                    if not (codes.TryGetValue(op, &c)) then
                        if opTable.Count >= int Tape.FusedSum then
                            raise (
                                NotSupportedException
                                    "A tape holds at most 65,535 distinct operations (a**k with that many different exponents k)."
                            )
                        c <- uint16 opTable.Count
                        codes[op] <- c
                        opTable.Add op
                    code[j] <- c
                    inA[j] <- slotOf[inputA[i]]
                    inB[j] <- if inputB[i] >= 0 then slotOf[inputB[i]] else zeroSlot
                j <- j + 1
        for i = 0 to count - 1 do
            if role[i] <> FusedSums.Inside then
                gradientSlotOf[i] <- slotOf[i]
        Tape(nodes, leaves, slotOf, gradientSlotOf, opTable.ToArray(), code, inA, inB, termA, termB)

    /// The number of nodes (positions) on the tape; the root is the last.
    member _.Count: int = count

    /// The nodes the tape was compiled from, in topological order: position i is node i.
    member _.Nodes: IReadOnlyList<Node> = nodes

    /// The number of instructions the loops run: one per computed node, one per fused chain.
    member internal _.Instructions: int = code.Length

    /// The number of fused chains (neuron sums run as one instruction).
    member internal _.FusedChains: int = fusedChains

    /// <summary>The position of a node of the compiled graph, or -1 if it is not in it.</summary>
    member _.IndexOf(node: Node) : int = if isNull node then -1 else index.Get node.Id

    // A position the caller passed, checked with the name the members give it.
    member private _.CheckPosition(i: int) =
        if uint i >= uint count then
            raise (
                ArgumentOutOfRangeException(
                    "i",
                    i,
                    sprintf
                        "Expected a position from 0 to %d (the tape holds %d nodes); IndexOf gives -1 for a node that is not on the tape."
                        (count - 1)
                        count
                )
            )

    /// <summary>Whether position <paramref name="i"/> holds a leaf (a value you may set).</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">i is not a position of the tape (0 to Count - 1).</exception>
    member this.IsLeaf(i: int) : bool =
        this.CheckPosition i
        slotOf[i] < leafCount

    /// <summary>Sets the value of the leaf at position <paramref name="i"/> for the next <see cref="Forward"/>.</summary>
    /// <exception cref="InvalidOperationException">Position i holds a computed node, whose value Forward sets.</exception>
    /// <exception cref="T:System.ArgumentOutOfRangeException">i is not a position of the tape (0 to Count - 1).</exception>
    member this.SetValue(i: int, value: float) =
        this.CheckPosition i
        let slot = slotOf[i]
        if slot >= leafCount then
            invalidOp (
                sprintf
                    "Position %d holds a computed node ('%s'); only leaves can be set, and Forward computes the rest."
                    i
                    nodes[i].Op
            )
        values[slot] <- value

    /// <summary>The value at position <paramref name="i"/> as of the last <see cref="Forward"/> (or as compiled).</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">i is not a position of the tape (0 to Count - 1).</exception>
    member this.Value(i: int) : float =
        this.CheckPosition i
        let slot = slotOf[i]
        if slot >= insideBase then
            this.Inside()
        values[slot]

    /// <summary>d root / d (node at position <paramref name="i"/>) as of the last <see cref="Backward"/>.</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">i is not a position of the tape (0 to Count - 1).</exception>
    member this.Gradient(i: int) : float =
        this.CheckPosition i
        grads[gradientSlotOf[i]]

    /// <summary>Recomputes every computed node from the current leaf values; returns the root's value.</summary>
    member this.Forward() : float =
        // Every index was made by Compile and is in range, so the loop reads pinned arrays without
        // bounds checks.
        use v = fixed values
        use c = fixed code
        use a = fixed inA
        use b = fixed inB
        use ta = fixed termA
        use tb = fixed termB
        // Locals, not fields, so that the JIT keeps them in registers (and not a tuple pattern:
        // a Debug build would allocate the tuple).
        let opTable = opTable
        let first = leafCount
        let mutable t = 0 // the next term of a fused chain
        Array.Copy(values, leavesAtForward, first)
        insideKnown <- false
        for j = 0 to code.Length - 1 do
            let op = NativePtr.get c j
            if op = Tape.FusedSum then
                // The Adds and Muls of the rule table, in the graph's order: acc = s0, then
                // acc = acc + w_k*x_k (the values inside: see Inside).
                let mutable acc = NativePtr.get v (NativePtr.get a j)
                let stop = t + NativePtr.get b j
                while t < stop do
                    let w = NativePtr.get v (NativePtr.get ta t)
                    let x = NativePtr.get v (NativePtr.get tb t)
                    acc <- Rules.forward Op.Add acc (Rules.forward Op.Mul w x)
                    t <- t + 1
                NativePtr.set v (first + j) acc
            else
                NativePtr.set
                    v
                    (first + j)
                    (Rules.forward
                        opTable[int op]
                        (NativePtr.get v (NativePtr.get a j))
                        (NativePtr.get v (NativePtr.get b j)))
        if AnomalyChecks.isOn () then
            this.CheckValues()
        values[rootSlot]

    /// <summary>Fills the gradients of the root with respect to every position, from the current values.</summary>
    member this.Backward() =
        Array.Clear(grads)
        grads[rootSlot] <- 1.0
        use v = fixed values
        use g = fixed grads
        use c = fixed code
        use pa = fixed inA
        use pb = fixed inB
        use ta = fixed termA
        use tb = fixed termB
        // Locals, not fields, so that the JIT keeps them in registers (and not a tuple pattern:
        // a Debug build would allocate the tuple).
        let opTable = opTable
        let first = leafCount
        let mutable t = termA.Length // one past the last term of the next fused chain down
        for j = code.Length - 1 downto 0 do
            let out = first + j
            let op = NativePtr.get c j
            if op = Tape.FusedSum then
                // Every node of the chain has gradient gOut. The reverse sweep would visit
                // m_n, add_(n-1), m_(n-1), ..., add_1, m_1: the Muls hand out their (b*g, a*g),
                // and add_1 hands g to s0, between m_2 and m_1.
                let gOut = NativePtr.get g out
                let start = t - NativePtr.get pb j
                t <- t - 1
                while t >= start do
                    if t = start then
                        let s = NativePtr.get pa j
                        NativePtr.set g s (NativePtr.get g s + gOut)
                    let a = NativePtr.get ta t
                    let b = NativePtr.get tb t
                    let struct (da, db) =
                        Backprop.builtInFloat Op.Mul (NativePtr.get v a) (NativePtr.get v b) 0.0 gOut
                    NativePtr.set g a (NativePtr.get g a + da)
                    NativePtr.set g b (NativePtr.get g b + db)
                    t <- t - 1
                t <- start
            else
                let a = NativePtr.get pa j
                let b = NativePtr.get pb j
                let struct (da, db) =
                    match opTable[int op] with
                    | Op.Custom rule ->
                        Backprop.userRuleOf
                            rule
                            (NativePtr.get v a)
                            (NativePtr.get v b)
                            (NativePtr.get v out)
                            (NativePtr.get g out)
                    | o ->
                        Backprop.builtInFloat
                            o
                            (NativePtr.get v a)
                            (NativePtr.get v b)
                            (NativePtr.get v out)
                            (NativePtr.get g out)
                NativePtr.set g a (NativePtr.get g a + da) // first operand first, as Backprop does
                NativePtr.set g b (NativePtr.get g b + db) // for a unary operation, b is the zero slot, and db is unused
        if AnomalyChecks.isOn () then
            this.CheckGradients()

    // The values inside the fused chains as of the last Forward, worked out the way Forward works
    // out the chains (the same operations in the same order: the same bits), with the leaves as
    // they were then. (Forward's loop is not shared with this one: passed as lambdas, the reads
    // would be closures in a Debug build, and Forward allocates nothing in any build.)
    member private this.Inside() =
        if not insideKnown then
            let mutable t = 0
            for j = 0 to code.Length - 1 do
                if code[j] = Tape.FusedSum then
                    let mutable acc = this.AtLastForward inA[j]
                    let stop = t + inB[j]
                    while t < stop do
                        let product =
                            Rules.forward Op.Mul (this.AtLastForward termA[t]) (this.AtLastForward termB[t])
                        acc <- Rules.forward Op.Add acc product
                        values[insideBase + 2 * t] <- acc
                        values[insideBase + 2 * t + 1] <- product
                        t <- t + 1
            insideKnown <- true

    // A slot's value as of the last Forward.
    member private _.AtLastForward(s: int) = if s < leafCount then leavesAtForward[s] else values[s]

    // Anomaly detection's checks, out of line, so that Forward and Backward keep only the test of a field.
    [<System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)>]
    member private this.CheckValues() =
        this.Inside()
        // Leaves may hold NaN; the slots of computed values follow them.
        if not (AnomalyChecks.allFinite values leafCount values.Length) then
            AnomalyChecks.checkValues nodes (fun i -> values[slotOf[i]]) Messages.anomalyOnTape

    [<System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)>]
    member private this.CheckGradients() =
        this.Inside()
        if not (AnomalyChecks.allFinite grads 0 grads.Length) then
            let value i = values[slotOf[i]]
            AnomalyChecks.checkGradients nodes count value (fun i -> grads[gradientSlotOf[i]]) Messages.anomalyOnTape
