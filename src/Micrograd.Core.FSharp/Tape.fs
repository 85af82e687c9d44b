namespace Micrograd.Core

open System
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
type Tape private (nodes: Node[], ops: Op[], target: int[], inA: int[], inB: int[]) =
    let count = nodes.Length
    let values = Array.init count (fun i -> nodes[i].Data)
    let grads = Array.zeroCreate<float> count
    let index =
        let t = IdTable(count)
        for i = 0 to count - 1 do
            t.TryAdd(nodes[i].Id, i) |> ignore
        t

    /// <summary>Compiles the graph of <paramref name="root"/>. Values start as the nodes' data.</summary>
    /// <param name="root">The node to differentiate (a loss, usually).</param>
    static member Compile(root: Node) : Tape =
        let topo = Graph.sort root
        // Only computed nodes become instructions; leaves are just slots in the value array.
        let computed = topo.Nodes |> Array.filter (fun n -> not (isNull n.A))
        let target = Array.zeroCreate computed.Length
        let mutable j = 0
        for i = 0 to topo.Nodes.Length - 1 do
            if topo.InputA[i] >= 0 then
                target[j] <- i
                j <- j + 1
        Tape(
            topo.Nodes,
            computed |> Array.map (fun n -> n.OpCode),
            target,
            target |> Array.map (fun i -> topo.InputA[i]),
            target |> Array.map (fun i -> topo.InputB[i])
        )

    /// The number of nodes (positions) on the tape; the root is the last.
    member _.Count: int = count

    /// The nodes the tape was compiled from, in topological order: position i is node i.
    member _.Nodes: IReadOnlyList<Node> = nodes

    /// <summary>The position of a node of the compiled graph, or -1 if it is not in it.</summary>
    member _.IndexOf(node: Node) : int =
        if isNull node then -1 else index.Get node.Id

    /// <summary>Whether position <paramref name="i"/> holds a leaf (a value you may set).</summary>
    member _.IsLeaf(i: int) : bool = isNull nodes[i].A

    /// <summary>Sets the value of the leaf at position <paramref name="i"/> for the next <see cref="Forward"/>.</summary>
    /// <exception cref="InvalidOperationException">Position i holds a computed node, whose value Forward sets.</exception>
    member _.SetValue(i: int, value: float) =
        if not (isNull nodes[i].A) then
            invalidOp (
                sprintf
                    "Position %d holds a computed node ('%s'); only leaves can be set, and Forward computes the rest."
                    i
                    nodes[i].Op
            )
        values[i] <- value

    /// <summary>The value at position <paramref name="i"/> as of the last <see cref="Forward"/> (or as compiled).</summary>
    member _.Value(i: int) : float = values[i]

    /// <summary>d root / d (node at position <paramref name="i"/>) as of the last <see cref="Backward"/>.</summary>
    member _.Gradient(i: int) : float = grads[i]

    /// <summary>Recomputes every computed node from the current leaf values; returns the root's value.</summary>
    member _.Forward() : float =
        for j = 0 to target.Length - 1 do
            let b = inB[j]
            values[target[j]] <- Rules.forward ops[j] values[inA[j]] (if b >= 0 then values[b] else 0.0)
        values[count - 1]

    /// <summary>Fills the gradients of the root with respect to every position, from the current values.</summary>
    member _.Backward() =
        Array.Clear(grads)
        grads[count - 1] <- 1.0
        for j = target.Length - 1 downto 0 do
            let t = target[j]
            let a = inA[j]
            let b = inB[j]
            let struct (da, db) =
                Rules.backwardFloat
                    ops[j]
                    values[a]
                    (if b >= 0 then values[b] else 0.0)
                    values[t]
                    grads[t]
            grads[a] <- grads[a] + da
            if b >= 0 then
                grads[b] <- grads[b] + db
