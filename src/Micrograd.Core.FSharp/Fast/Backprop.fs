namespace Micrograd.Core

open System.Collections.Generic

/// <summary>What receives each node's gradient from <c>Backprop.visit</c>: for a wrapper such as
/// the C# façade, whose <c>Backward</c> adds them to its own values. Make it a struct, so that the
/// runtime compiles <c>visit</c> for it and the call costs nothing.</summary>
type IGradientSink =
    /// <summary>d root / d node, once per node of the root's graph, in topological order.</summary>
    /// <param name="node">A node of the root's graph.</param>
    /// <param name="gradient">d root / d node.</param>
    abstract Receive: node: Node * gradient: float -> unit

/// Reverse-mode differentiation of an expression graph, as a pure function.
[<RequireQualifiedAccess>]
module Backprop =

    /// The rule table's built-in rules alone, for floats: what the sweeps inline. A user's rule
    /// calls into user code, and that call inside the sweeps' loops makes the runtime keep their
    /// numbers in memory instead of registers, so the sweeps hand it to `userRule` out of line.
    let inline internal builtInFloat (op: Op) (a: float) (b: float) (out: float) (g: float) : struct (float * float) =
        // The user's slot is never reached: the sweeps take user rules first.
        Rules.backwardFloatWith (fun _ _ _ _ _ -> struct (nan, nan)) op a b out g

    /// A user's rule in floats, out of line (see builtInFloat).
    [<System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)>]
    let internal userRuleOf (rule: IUserRule) (a: float) (b: float) (out: float) (g: float) : struct (float * float) =
        Rules.userRuleFloat rule a b out g

    /// A user's rule at node n, in floats, out of line: inlined, its reads of the node would grow
    /// the sweep's loop.
    [<System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)>]
    let internal userRule (rule: IUserRule) (n: Node) (g: float) : struct (float * float) =
        userRuleOf rule n.A.Data (if isNull n.B then 0.0 else n.B.Data) n.Data g

    /// Walks the graph from the root back to the leaves (reverse topological order), handing
    /// each node's gradient to its inputs through the rule table. Written once for any scalar
    /// type ^T: `rule` is the rule table for ^T (builtInFloat for floats), `custom` a user's rule
    /// for ^T at a node, `one` is d root / d root, `ofNode` reads a node as ^T (its data, or the
    /// node itself), and `add` accumulates the contributions of a node's several uses; and for
    /// any kind of node ^N (core nodes, or the mutable nodes of a wrapper): `opOf`, `inputAOf` and
    /// `inputBOf` read its operation and inputs; `elsewhere` takes the positions that hold no node
    /// of the rule table's (a weighted sum's terms in the mutable engine), doing what they do.
    let inline internal propagateOverWith
        ([<InlineIfLambda>] elsewhere: int -> bool)
        ([<InlineIfLambda>] opOf: ^N -> Op)
        ([<InlineIfLambda>] inputAOf: ^N -> ^N)
        ([<InlineIfLambda>] inputBOf: ^N -> ^N)
        ([<InlineIfLambda>] rule: Op -> ^T -> ^T -> ^T -> ^T -> struct (^T * ^T))
        ([<InlineIfLambda>] custom: IUserRule -> ^N -> ^T -> struct (^T * ^T))
        (one: ^T)
        ([<InlineIfLambda>] ofNode: ^N -> ^T)
        ([<InlineIfLambda>] add: ^T -> ^T -> ^T)
        (nodes: ^N[])
        (inputA: int[])
        (inputB: int[])
        (count: int)
        (grads: ^T[])
        =
        grads[count - 1] <- one // d root / d root
        for i = count - 1 downto 0 do
            let n = nodes[i]
            let ia = inputA[i]
            if ia >= 0 && not (elsewhere i) then
                let ib = inputB[i]
                let struct (da, db) =
                    match opOf n with
                    | Op.Custom r -> custom r n grads[i]
                    | op ->
                        let b = if ib >= 0 then ofNode (inputBOf n) else Unchecked.defaultof< ^T>
                        rule op (ofNode (inputAOf n)) b (ofNode n) grads[i]
                grads[ia] <- add grads[ia] da // first operand first, as micrograd does
                if ib >= 0 then
                    grads[ib] <- add grads[ib] db

    /// propagateOverWith for core nodes (every position a node of the rule table's).
    let inline internal propagate
        ([<InlineIfLambda>] rule: Op -> ^T -> ^T -> ^T -> ^T -> struct (^T * ^T))
        ([<InlineIfLambda>] custom: IUserRule -> Node -> ^T -> struct (^T * ^T))
        (one: ^T)
        ([<InlineIfLambda>] ofNode: Node -> ^T)
        ([<InlineIfLambda>] add: ^T -> ^T -> ^T)
        (nodes: Node[])
        (inputA: int[])
        (inputB: int[])
        (count: int)
        (grads: ^T[])
        =
        propagateOverWith
            (fun _ -> false)
            (fun (n: Node) -> n.OpCode)
            (fun n -> n.A)
            (fun n -> n.B)
            rule
            custom
            one
            ofNode
            add
            nodes
            inputA
            inputB
            count
            grads

    // Float backprop over a graph sorted into working memory; returns the gradients by position
    // (an array of the working memory, longer than the count).
    let private sweep (count: int) (s: SortScratch) : float[] =
        if s.Grads.Length < count then
            s.Grads <- Array.zeroCreate (max count (2 * s.Grads.Length))
        let grads = s.Grads
        System.Array.Clear(grads, 0, count)
        propagate builtInFloat userRule 1.0 (fun (n: Node) -> n.Data) (+) s.Order s.InputA s.InputB count grads
        AnomalyChecks.afterSweepOf s.Order count grads // one test of a field when off
        grads

    /// <summary>
    /// d root / d n for every node n in the root's graph: one reverse sweep, no mutation of any
    /// node. The same graph gives bit-identical gradients on every call and every run.
    /// </summary>
    /// <param name="root">The node to differentiate (a loss, usually).</param>
    /// <returns>The gradients, keyed by node identity; the root's own is 1.0.</returns>
    /// <remarks>Where a node is used several times (<c>b = a + a</c>), the contributions of every
    /// use are added up. Cost and memory are linear in the number of nodes; nothing recurses.
    /// Thread-safe: nodes never change and each thread keeps its own working memory, so any number
    /// of threads may differentiate the same graph at once and get the same bits.</remarks>
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
        Graph.withOrder root (fun count s ->
            // The sweep runs in the sort's working memory; only its result is copied out.
            let grads = sweep count s
            // Which positions hold leaves, one bit each (bit i % 64 of word i / 64), for the
            // look-up table of the leaves that Gradients builds on its first look-up.
            let words = (count + 63) / 64
            if s.Bits.Length < words then
                s.Bits <- Array.zeroCreate (max words (2 * s.Bits.Length))
            let bits = s.Bits
            System.Array.Clear(bits, 0, words)
            let inputA = s.InputA
            for i = 0 to count - 1 do
                if inputA[i] < 0 then
                    bits[i >>> 6] <- bits[i >>> 6] ||| (1UL <<< (i &&& 63))
            Gradients(
                Chunks<Node>.Copy(s.Order, count),
                Chunks<float>.Copy(grads, count),
                Chunks<uint64>.Copy(bits, words)
            ))

    /// <summary>
    /// d root / d n for each of the given nodes only, as an array in their order: the same sweep
    /// and the same bits as <c>gradients</c>, without keeping the gradient of every node of the
    /// graph (PyTorch's <c>torch.autograd.grad(root, nodes)</c>). For a training step, which needs
    /// the parameters' gradients out of a graph a hundred times larger.
    /// </summary>
    /// <param name="root">The node to differentiate (a loss, usually).</param>
    /// <param name="nodes">The nodes whose gradients to return (a model's parameters, usually).</param>
    /// <returns>One gradient per node, in the order given: 0.0 for a node the root does not depend on.</returns>
    /// <exception cref="T:System.ArgumentNullException">The root or the list of nodes is null.</exception>
    /// <exception cref="T:System.ArgumentNullException">One of the nodes is null (the message gives its position).</exception>
    /// <example>
    /// <code lang="fsharp">
    /// let a = Node.Leaf 3.0
    /// let b = Node.Leaf 4.0
    /// Backprop.gradientsFor (a * a + a) [| a; b |]   // [| 7.0; 0.0 |]
    /// </code>
    /// </example>
    [<CompiledName("GradientsFor")>]
    let gradientsFor (root: Node) (nodes: IReadOnlyList<Node>) : float[] =
        if isNull root then
            nullArg (nameof root)
        if isNull nodes then
            nullArg (nameof nodes)
        for k in 0 .. nodes.Count - 1 do
            if isNull nodes[k] then
                raise (System.ArgumentNullException(nameof nodes, Messages.nullElement (nameof nodes) k))
        Graph.withOrder root (fun count s ->
            let grads = sweep count s
            let result = Array.zeroCreate nodes.Count
            for k in 0 .. nodes.Count - 1 do
                // The sort's id table still maps the graph's ids to their positions.
                let i = s.Seen.Get nodes[k].Id
                if i >= 0 then
                    result[k] <- grads[i]
            result)

    /// <summary>The gradients of <c>gradients</c>, the same bits, handed to a sink node by node
    /// (in topological order) instead of kept: nothing is allocated for them.</summary>
    /// <param name="root">The node to differentiate.</param>
    /// <param name="sink">What receives each node's gradient. It is passed by value (a copy), so
    /// keep what it gathers in objects it refers to, not in its own fields.</param>
    /// <exception cref="T:System.ArgumentNullException">The root is null.</exception>
    [<CompiledName("Visit")>]
    let visit<'S when 'S :> IGradientSink and 'S: struct> (root: Node) (sink: 'S) : unit =
        Graph.withOrder root (fun count s ->
            let grads = sweep count s
            let order = s.Order
            for i = 0 to count - 1 do
                sink.Receive(order[i], grads[i]))

    /// <summary>
    /// d root / d n for every node n in the root's graph, each as a NODE: a new graph built from
    /// the same rule table, which can itself be differentiated (higher-order derivatives).
    /// </summary>
    /// <param name="root">The node to differentiate.</param>
    /// <returns>For each node of the root's graph (keyed by identity), its gradient as a node
    /// whose Data is d root / d n.</returns>
    /// <example>
    /// <code lang="fsharp">
    /// let x = Node.Leaf 2.0
    /// let dx = (Backprop.gradientNodes (x ** 3.0))[x]    // 3·x², Data = 12.0
    /// let d2x = (Backprop.gradients dx)[x]                 // 6·x = 12.0
    /// </code>
    /// </example>
    /// <exception cref="T:System.NotSupportedException">The graph holds a <c>CustomOp</c> created
    /// without its derivatives as nodes (the message names it).</exception>
    [<CompiledName("GradientNodes")>]
    let gradientNodes (root: Node) : IReadOnlyDictionary<Node, Node> =
        let topo = Graph.sort root
        let grads: Node[] = Array.zeroCreate topo.Nodes.Length
        let custom (rule: IUserRule) a b out g = (rule :?> UserRule).NodeBackward(a, b, out, g)
        let rule op a b out g =
            Rules.backward
                Node.Leaf
                (fun (n: Node) -> n.Data)
                (fun x k -> Node.Pow(x, k))
                (fun x y -> Node.Pow(x, y))
                Node.Log
                custom
                op
                a
                b
                out
                g
        // Gradients start as null, read as zero: the first contribution is taken as it is.
        let add (acc: Node) d = if isNull acc then d else acc + d
        if AnomalyChecks.isOn () then
            // The same graph, built by a sweep that checks what each rule hands on (and not the
            // nodes inside a rule, which the sweep of floats does not see either).
            AnomalyChecks.suspended (fun () ->
                AnomalyChecks.sweep
                    rule
                    add
                    (fun (n: Node) -> if isNull n then 0.0 else n.Data)
                    (Node.Leaf 1.0)
                    topo.Nodes
                    topo.Nodes.Length
                    topo.InputA
                    topo.InputB
                    (fun i -> topo.Nodes[i])
                    (fun _ -> "")
                    grads)
        else
            propagate
                rule
                (fun r n g -> custom r n.A n.B n g)
                (Node.Leaf 1.0)
                id
                add
                topo.Nodes
                topo.InputA
                topo.InputB
                topo.Nodes.Length
                grads
        let map = Dictionary<Node, Node>(topo.Nodes.Length, HashIdentity.Reference)
        for i = 0 to topo.Nodes.Length - 1 do
            map[topo.Nodes[i]] <- grads[i]
        map.AsReadOnly()

    // The list of nodes to differentiate with respect to, refused if null or holding a null.
    let private checkNodes (nodes: IReadOnlyList<Node>) (name: string) =
        if isNull nodes then
            nullArg name
        for k in 0 .. nodes.Count - 1 do
            if isNull nodes[k] then
                raise (System.ArgumentNullException(name, Messages.nullElement name k))

    /// <summary>
    /// The Hessian of the root with respect to the given nodes: entry [i, j] is
    /// ∂/∂wrt[j] (∂root/∂wrt[i]), found by differentiating the gradient graph of
    /// <c>gradientNodes</c> once more for each node.
    /// </summary>
    /// <param name="root">The node to differentiate twice.</param>
    /// <param name="wrt">The nodes (usually leaves) of the rows and columns.</param>
    /// <returns>An n×n array for n nodes; a row and column of zeros for a node the root does not depend on.</returns>
    /// <remarks>Symmetric in exact arithmetic; the two halves are computed by different sweeps, so
    /// they may differ in the last bits. Costs one gradient graph and one sweep per node.</remarks>
    /// <exception cref="T:System.ArgumentNullException">The root, the list or one of its nodes is null.</exception>
    /// <exception cref="T:System.NotSupportedException">The graph holds a <c>CustomOp</c> created
    /// without its derivatives as nodes.</exception>
    /// <example>
    /// <code lang="fsharp">
    /// let x = Node.Leaf 1.0
    /// let y = Node.Leaf 2.0
    /// Backprop.hessian (x * x * y) [| x; y |]   // [[2y, 2x], [2x, 0]] = [[4, 2], [2, 0]]
    /// </code>
    /// </example>
    [<CompiledName("Hessian")>]
    let hessian (root: Node) (wrt: IReadOnlyList<Node>) : float[,] =
        if isNull root then
            nullArg (nameof root)
        checkNodes wrt (nameof wrt)
        let first = gradientNodes root
        let n = wrt.Count
        let h = Array2D.zeroCreate n n
        for i in 0 .. n - 1 do
            match first.TryGetValue wrt[i] with
            | true, gi ->
                let row = gradientsFor gi wrt
                for j in 0 .. n - 1 do
                    h[i, j] <- row[j]
            | _ -> () // the root does not depend on wrt[i]: a row of zeros
        h

    /// <summary>
    /// The Hessian of the root with respect to the given nodes, times a vector, without forming the
    /// Hessian: the gradient of Σᵢ (∂root/∂wrt[i]) · vector[i], built as a graph and differentiated once.
    /// </summary>
    /// <param name="root">The node to differentiate twice.</param>
    /// <param name="wrt">The nodes (usually leaves).</param>
    /// <param name="vector">One number per node.</param>
    /// <returns>H · vector, one entry per node.</returns>
    /// <exception cref="T:System.ArgumentNullException">The root, a list or one of the nodes is null.</exception>
    /// <exception cref="T:System.ArgumentException">The vector's length is not the number of nodes.</exception>
    [<CompiledName("HessianVectorProduct")>]
    let hessianVectorProduct (root: Node) (wrt: IReadOnlyList<Node>) (vector: IReadOnlyList<float>) : float[] =
        if isNull root then
            nullArg (nameof root)
        checkNodes wrt (nameof wrt)
        if isNull vector then
            nullArg (nameof vector)
        if vector.Count <> wrt.Count then
            raise (
                System.ArgumentException(
                    Messages.wrongLength (nameof vector) vector.Count wrt.Count "node of wrt",
                    nameof vector
                )
            )
        let first = gradientNodes root
        let terms = List<Node>()
        for i in 0 .. wrt.Count - 1 do
            match first.TryGetValue wrt[i] with
            | true, gi -> terms.Add(gi * vector[i])
            | _ -> ()
        if terms.Count = 0 then Array.zeroCreate wrt.Count else gradientsFor (Node.Sum terms) wrt
