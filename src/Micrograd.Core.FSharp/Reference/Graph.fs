namespace Micrograd.Core.Reference

open System.Collections.Generic
open Micrograd.Core

/// <summary>The topological sort, written to be read: micrograd's <c>build_topo</c> with an explicit
/// stack instead of recursion (a graph a million nodes deep is fine) and the inputs in operand order
/// instead of a set's order (the same graph gives the same order on every run).</summary>
[<RequireQualifiedAccess>]
module Graph =

    /// <summary>Every node the root depends on, the root included, each once, inputs before the
    /// nodes that use them, the root last: the order micrograd's recursive <c>build_topo</c> gives.</summary>
    /// <param name="root">The node whose graph to walk.</param>
    /// <returns>The nodes in topological order.</returns>
    [<CompiledName("TopologicalOrder")>]
    let topologicalOrder (root: Node) : IReadOnlyList<Node> =
        if isNull root then
            nullArg (nameof root)
        let order = List<Node>()
        // Nodes compare by identity, so the set never looks into a graph.
        let visited = HashSet<Node>(HashIdentity.Reference)
        // What the recursion would keep on its call stack: a node, and how many of its inputs
        // it has visited so far.
        let stack = Stack<struct (Node * int)>()
        visited.Add root |> ignore
        stack.Push(struct (root, 0))
        while stack.Count > 0 do
            let struct (node, next) = stack.Pop()
            let inputs = node.Inputs
            if next < inputs.Count then
                // Come back for the next input after this one is done.
                stack.Push(struct (node, next + 1))
                let input = inputs[next]
                if visited.Add input then
                    stack.Push(struct (input, 0))
            else
                // Every input is in the order: now the node.
                order.Add node
        order
