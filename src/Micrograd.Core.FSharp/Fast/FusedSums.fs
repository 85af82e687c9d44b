namespace Micrograd.Core

open System

/// <summary>
/// Finds, in a graph laid out in topological order, the neuron sums
/// <c>((s0 + w1*x1) + w2*x2) + ... + wn*xn</c> that the compiled tape runs as one fused
/// instruction, and only those whose fused run gives every value and gradient bit for bit as the
/// unfused graph does.
/// </summary>
/// <remarks>
/// <para>A chain is a left-deep run of Adds <c>add_k = add_(k-1) + m_k</c>, each right operand a
/// Mul <c>m_k = w_k * x_k</c>, <c>add_0 = s0</c>. The fused forward loop is
/// <c>acc = s0; acc = acc + w_k*x_k</c>, the unfused arithmetic in the unfused order. Backward, it
/// hands out, at the position of the chain's last Add, what the reverse sweep would hand out at
/// the positions of the chain's nodes. Three conditions make that exact:</para>
/// <para>1. Every Add before the last has one use, as the first operand of the next Add; every Mul
/// has one use, as the second operand of its Add. Then every node inside the chain has the last
/// Add's gradient g (its one use passes g through: 0.0 + g = g, never -0.0, since gradients are
/// summed from +0.0), nobody else reads their values, and each Mul sits right before its Add.</para>
/// <para>2. A node N that the chain reads (s0, a w_k, an x_k) gets the chain's contributions where
/// the last Add is swept instead of where its users in the chain are. Its gradient is a sum taken
/// in the order of its users, so the sum is the same only if no user of N outside the chain sits
/// between the two places. Where one does, the chain is cut there (see <see cref="find"/>).</para>
/// <para>3. Inside the fused instruction, contributions go out in reverse topological order of the
/// chain's nodes: m_n, ..., m_2, then s0 (from add_1), then m_1 (which precedes add_1).</para>
/// </remarks>
[<RequireQualifiedAccess>]
module internal FusedSums =

    /// The role of a position that is a node inside a fused chain (an Add before the last, or a
    /// Mul term): the tape gives it no instruction of its own.
    [<Literal>]
    let Inside = -1

    /// <summary>The role of every position of a topological order.</summary>
    /// <param name="nodes">The nodes in topological order (depth first, first operand first).</param>
    /// <param name="inputA">Per position, the position of the first operand (-1 for none).</param>
    /// <param name="inputB">Per position, the position of the second operand (-1 for none).</param>
    /// <returns>Per position: n ≥ 1 for the last Add of a fused chain of n terms, <see cref="Inside"/>
    /// for a node inside one, 0 for any other node.</returns>
    /// <remarks>
    /// Linear in the number of nodes, no recursion. A chain whose gradients would be summed in
    /// another order (condition 2) is cut into shorter chains, greedily from its start: the last
    /// Add of one becomes the s0 of the next, which is exact since that Add has a single use.
    /// </remarks>
    let find (nodes: Node[]) (inputA: int[]) (inputB: int[]) : int[] =
        let count = nodes.Length
        // Uses, counted per operand: a node used twice by one node counts twice.
        let uses = Array.zeroCreate<int> count
        for i = 0 to count - 1 do
            if inputA[i] >= 0 then
                uses[inputA[i]] <- uses[inputA[i]] + 1
            if inputB[i] >= 0 then
                uses[inputB[i]] <- uses[inputB[i]] + 1
        // An element is an Add whose second operand is a Mul that only it uses.
        let isElement =
            Array.init count (fun i -> nodes[i].OpCode.IsAdd && nodes[inputB[i]].OpCode.IsMul && uses[inputB[i]] = 1)
        // An element continues the chain of its first operand when that is an element used only by it.
        let continues i = isElement[inputA[i]] && uses[inputA[i]] = 1
        let continued = Array.zeroCreate<bool> count
        for i = 0 to count - 1 do
            if isElement[i] && continues i then
                continued[inputA[i]] <- true
        // Every element and its Mul get the id of their chain (the position of its last element).
        let chain = Array.create count -1
        for i = 0 to count - 1 do
            if isElement[i] && not continued[i] then
                let mutable e = i
                let mutable more = true
                while more do
                    chain[e] <- i
                    chain[inputB[e]] <- i
                    more <- continues e
                    e <- inputA[e]
        // For each use of a node by a chain, the position of the first later use of that node
        // outside the chain (Int32.MaxValue if none): a fused chain must end before it. Swept
        // downwards, uses of one node by one chain share their limit. (A later use by the same
        // chain beyond a cut lies past the end of the piece before the cut, so it needs no limit.)
        let limitA = Array.create count Int32.MaxValue
        let limitB = Array.create count Int32.MaxValue
        let nextUser = Array.create count -1
        let nextLimit = Array.zeroCreate<int> count
        let limitOf user used =
            let next = nextUser[used]
            let limit =
                if next < 0 then Int32.MaxValue
                elif chain[user] >= 0 && chain[next] = chain[user] then nextLimit[used]
                else next
            nextUser[used] <- user
            nextLimit[used] <- limit
            limit
        for i = count - 1 downto 0 do
            if inputB[i] >= 0 then
                limitB[i] <- limitOf i inputB[i] // the later use first
            if inputA[i] >= 0 then
                limitA[i] <- limitOf i inputA[i]
        // Each chain, from its first element up, cut where the next element would pass a limit.
        let role = Array.zeroCreate<int> count
        let elements = ResizeArray<int>()
        for i = 0 to count - 1 do
            if chain[i] = i then
                elements.Clear()
                let mutable e = i
                elements.Add e
                while continues e do
                    e <- inputA[e]
                    elements.Add e
                let mutable length = 0 // of the chain being built, which ends at `last`
                let mutable last = -1
                let mutable limit = Int32.MaxValue
                for k = elements.Count - 1 downto 0 do
                    let e = elements[k]
                    let m = inputB[e]
                    let termLimit = min limitA[m] limitB[m]
                    if length > 0 && e < min limit termLimit then
                        role[last] <- Inside // extend: the last Add so far is now inside
                        limit <- min limit termLimit
                        length <- length + 1
                    else
                        // A new chain, from s0 = the previous element (if any), whose single use
                        // is e. (An element is always a valid chain of one: its Mul sits right
                        // before it, so no other use can come between; the test is kept anyway.)
                        limit <- min limitA[e] termLimit
                        length <- if e < limit then 1 else 0
                    if length > 0 then
                        role[e] <- length
                        role[m] <- Inside
                        last <- e
        role
