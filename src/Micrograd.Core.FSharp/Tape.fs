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
type Tape private (nodes: Node[], leafCount: int, slotOf: int[], opTable: Op[], code: uint16[], inA: int[], inB: int[]) =
    // Slots: the leaves first (0 .. leafCount-1), then one slot per operation, in topological
    // order, so that operation j writes slot leafCount + j and the loops need no target array;
    // then one more slot that always holds 0.0, the second operand of every unary operation (the
    // rule table ignores it), so that the loops need no branch. Positions (the public numbering,
    // the graph's topological order) map to slots through slotOf. Operation j is opTable[code[j]]:
    // two bytes per operation instead of an 8-byte reference, and the few distinct operations of
    // a graph stay in the cache; the loops hand them to the rule table as they are.
    let count = nodes.Length
    let values =
        let v = Array.zeroCreate<float> (count + 1)
        for i = 0 to count - 1 do
            v[slotOf[i]] <- nodes[i].Data
        v
    let grads = Array.zeroCreate<float> (count + 1)
    let rootSlot = slotOf[count - 1]
    let index = IdTable.Of [| nodes |]

    /// <summary>Compiles the graph of <paramref name="root"/>. Values start as the nodes' data.</summary>
    /// <param name="root">The node to differentiate (a loss, usually).</param>
    static member Compile(root: Node) : Tape =
        let topo = Graph.sort root
        let nodes = topo.Nodes
        let count = nodes.Length
        let slotOf = Array.zeroCreate count
        let mutable leaves = 0
        for i = 0 to count - 1 do
            if topo.InputA[i] < 0 then
                slotOf[i] <- leaves
                leaves <- leaves + 1
        let operations = count - leaves
        let opTable = ResizeArray<Op>()
        let codes = Dictionary<Op, uint16>(HashIdentity.Structural)
        let code = Array.zeroCreate operations
        let inA = Array.zeroCreate operations
        let inB = Array.zeroCreate operations
        let mutable j = 0
        for i = 0 to count - 1 do
            if topo.InputA[i] >= 0 then
                slotOf[i] <- leaves + j
                let op = nodes[i].OpCode
                let mutable c = 0us
                if not (codes.TryGetValue(op, &c)) then
                    if opTable.Count > int UInt16.MaxValue then
                        raise (NotSupportedException "A tape holds at most 65,536 distinct operations (a**k with that many different exponents k).")
                    c <- uint16 opTable.Count
                    codes[op] <- c
                    opTable.Add op
                code[j] <- c
                inA[j] <- slotOf[topo.InputA[i]] // inputs come first in the order: their slots are known
                inB[j] <- if topo.InputB[i] >= 0 then slotOf[topo.InputB[i]] else count
                j <- j + 1
        Tape(nodes, leaves, slotOf, opTable.ToArray(), code, inA, inB)

    /// The number of nodes (positions) on the tape; the root is the last.
    member _.Count: int = count

    /// The nodes the tape was compiled from, in topological order: position i is node i.
    member _.Nodes: IReadOnlyList<Node> = nodes

    /// <summary>The position of a node of the compiled graph, or -1 if it is not in it.</summary>
    member _.IndexOf(node: Node) : int =
        if isNull node then -1 else index.Get node.Id

    /// <summary>Whether position <paramref name="i"/> holds a leaf (a value you may set).</summary>
    member _.IsLeaf(i: int) : bool = slotOf[i] < leafCount

    /// <summary>Sets the value of the leaf at position <paramref name="i"/> for the next <see cref="Forward"/>.</summary>
    /// <exception cref="InvalidOperationException">Position i holds a computed node, whose value Forward sets.</exception>
    member _.SetValue(i: int, value: float) =
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
    member _.Value(i: int) : float = values[slotOf[i]]

    /// <summary>d root / d (node at position <paramref name="i"/>) as of the last <see cref="Backward"/>.</summary>
    member _.Gradient(i: int) : float = grads[slotOf[i]]

    /// <summary>Recomputes every computed node from the current leaf values; returns the root's value.</summary>
    member _.Forward() : float =
        // Every index was made by Compile and is in range, so the loop reads pinned arrays without
        // bounds checks.
        use v = fixed values
        use c = fixed code
        use a = fixed inA
        use b = fixed inB
        // Locals, not fields, so that the JIT keeps them in registers (and not a tuple pattern:
        // a Debug build would allocate the tuple).
        let opTable = opTable
        let first = leafCount
        for j = 0 to code.Length - 1 do
            let op = opTable[int (NativePtr.get c j)]
            NativePtr.set v (first + j) (Rules.forward op (NativePtr.get v (NativePtr.get a j)) (NativePtr.get v (NativePtr.get b j)))
        values[rootSlot]

    /// <summary>Fills the gradients of the root with respect to every position, from the current values.</summary>
    member _.Backward() =
        Array.Clear(grads)
        grads[rootSlot] <- 1.0
        use v = fixed values
        use g = fixed grads
        use c = fixed code
        use pa = fixed inA
        use pb = fixed inB
        // Locals, not fields, so that the JIT keeps them in registers (and not a tuple pattern:
        // a Debug build would allocate the tuple).
        let opTable = opTable
        let first = leafCount
        for j = code.Length - 1 downto 0 do
            let t = first + j
            let a = NativePtr.get pa j
            let b = NativePtr.get pb j
            let struct (da, db) =
                Rules.backwardFloat opTable[int (NativePtr.get c j)] (NativePtr.get v a) (NativePtr.get v b) (NativePtr.get v t) (NativePtr.get g t)
            NativePtr.set g a (NativePtr.get g a + da) // first operand first, as Backprop does
            NativePtr.set g b (NativePtr.get g b + db) // for a unary operation, b is the zero slot, and db is unused
