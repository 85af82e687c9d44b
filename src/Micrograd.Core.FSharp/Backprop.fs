namespace Micrograd.Core

open System

/// Reverse-mode differentiation of an expression graph, as a pure function.
[<RequireQualifiedAccess>]
module Backprop =

    /// Walks the graph from the root back to the leaves (reverse topological order), handing
    /// each node's gradient to its inputs through the rule table. Written once for any scalar
    /// type ^T (see Rules.backward); `ofNode` reads a node as ^T (its data, or the node itself),
    /// `add` accumulates the contributions of a node's several uses.
    let inline internal propagate
        ([<InlineIfLambda>] konst: float -> ^T)
        ([<InlineIfLambda>] value: ^T -> float)
        ([<InlineIfLambda>] powk: ^T -> float -> ^T)
        ([<InlineIfLambda>] pow: ^T -> ^T -> ^T)
        ([<InlineIfLambda>] ln: ^T -> ^T)
        ([<InlineIfLambda>] ofNode: Node -> ^T)
        ([<InlineIfLambda>] add: ^T -> ^T -> ^T)
        (topo: Topo)
        (grads: ^T[])
        =
        let nodes = topo.Nodes
        grads[nodes.Length - 1] <- konst 1.0 // d root / d root
        for i = nodes.Length - 1 downto 0 do
            let n = nodes[i]
            let ia = topo.InputA[i]
            if ia >= 0 then
                let ib = topo.InputB[i]
                let b = if ib >= 0 then ofNode n.B else Unchecked.defaultof< ^T>
                let struct (da, db) = Rules.backward konst value powk pow ln n.OpCode (ofNode n.A) b (ofNode n) grads[i]
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
        let topo = Graph.sort root
        let grads = Array.zeroCreate<float> topo.Nodes.Length
        propagate id id (fun x k -> Math.Pow(x, k)) (fun x y -> Math.Pow(x, y)) Math.Log (fun (n: Node) -> n.Data) (+) topo grads
        Gradients(topo, grads)
