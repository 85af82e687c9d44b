namespace Micrograd.Core

/// Reverse-mode differentiation of an expression graph, as a pure function.
[<RequireQualifiedAccess>]
module Backprop =

    /// Walks the graph from the root back to the leaves (reverse topological order), handing
    /// each node's gradient to its inputs through the rule table. Written once for any scalar
    /// type ^T: `rule` is Rules.backward for ^T (Rules.backwardFloat for floats), `one` is
    /// d root / d root, `ofNode` reads a node as ^T (its data, or the node itself), and `add`
    /// accumulates the contributions of a node's several uses.
    let inline internal propagate
        ([<InlineIfLambda>] rule: Op -> ^T -> ^T -> ^T -> ^T -> struct (^T * ^T))
        (one: ^T)
        ([<InlineIfLambda>] ofNode: Node -> ^T)
        ([<InlineIfLambda>] add: ^T -> ^T -> ^T)
        (nodes: Node[])
        (inputA: int[])
        (inputB: int[])
        (grads: ^T[])
        =
        let count = grads.Length
        grads[count - 1] <- one // d root / d root
        for i = count - 1 downto 0 do
            let n = nodes[i]
            let ia = inputA[i]
            if ia >= 0 then
                let ib = inputB[i]
                let b = if ib >= 0 then ofNode n.B else Unchecked.defaultof< ^T>
                let struct (da, db) = rule n.OpCode (ofNode n.A) b (ofNode n) grads[i]
                grads[ia] <- add grads[ia] da // first operand first, as micrograd does
                if ib >= 0 then
                    grads[ib] <- add grads[ib] db

    /// <summary>
    /// d root / d n for every node n in the root's graph: one reverse sweep, no mutation of any
    /// node. The same graph gives bit-identical gradients on every call and every run.
    /// </summary>
    /// <param name="root">The node to differentiate (a loss, usually).</param>
    /// <returns>The gradients, keyed by node identity; the root's own is 1.0.</returns>
    /// <remarks>Where a node is used several times (<c>b = a + a</c>), the contributions of every
    /// use are added up. Cost and memory are linear in the number of nodes; nothing recurses.</remarks>
    /// <example>
    /// <code lang="fsharp">
    /// let a = Node.Leaf 3.0
    /// let y = a * a + a
    /// let grads = Backprop.gradients y
    /// grads[a]   // 7.0 = 2a + 1
    /// </code>
    /// </example>
    [<CompiledName("Gradients")>]
    let gradients (root: Node) : Gradients =
        // The input positions are needed only here: they stay in the sort's working memory.
        Graph.withOrder root (fun count order inputA inputB ->
            let nodes = Array.sub order 0 count
            let grads = Array.zeroCreate<float> count
            propagate Rules.backwardFloat 1.0 (fun (n: Node) -> n.Data) (+) nodes inputA inputB grads
            Gradients(nodes, grads))
