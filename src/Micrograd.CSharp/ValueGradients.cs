using Micrograd.Core;

namespace Micrograd;

/// <summary>
/// Gradients as values (<see cref="Value.Gradients"/>): the core's gradient graph
/// (<see cref="Backprop.GradientNodes"/>) rebuilt out of <see cref="Value"/>s, so that it can be
/// differentiated again with <see cref="Value.Backward"/>. No derivative rule is written here.
/// </summary>
internal static class ValueGradients
{
    internal static IReadOnlyDictionary<Value, Value> Of(Value root)
    {
        var gradients = Backprop.GradientNodes(root.Node);
        // Every node rebuilt so far, shared by all the gradients (their graphs overlap).
        var made = new Dictionary<Node, Value>();
        var result = new Dictionary<Value, Value>(ReferenceEqualityComparer.Instance);
        foreach (var (node, gradient) in gradients)
        {
            result[ValueOf(node)] = Rebuild(gradient, made);
        }
        return result.AsReadOnly();
    }

    // The value a node of the original graph stands for; refused when a leaf's Data has been set
    // since (the value stands for another node now, so a graph built from it would not be this one).
    private static Value ValueOf(Node node)
    {
        var value = (Value)node.Tag;
        if (!ReferenceEquals(value.Node, node))
        {
            throw new InvalidOperationException(
                "The Data of a leaf of this expression was set after the expression was built; " +
                "build the expression again before asking for its gradients as values.");
        }
        return value;
    }

    // Inputs first, with an explicit stack: a gradient graph is as deep as the graph it came from.
    private static Value Rebuild(Node top, Dictionary<Node, Value> made)
    {
        var stack = new Stack<(Node Node, bool InputsDone)>();
        stack.Push((top, false));
        while (stack.Count > 0)
        {
            var (node, inputsDone) = stack.Pop();
            if (made.ContainsKey(node))
            {
                continue;
            }
            if (node.Tag is not null)
            {
                made[node] = ValueOf(node); // a node of the original graph: its own value
                continue;
            }
            if (node.IsLeaf)
            {
                made[node] = new Value(node.Data, node.Label); // a constant of the gradient graph
                continue;
            }
            var inputs = node.Inputs;
            if (!inputsDone)
            {
                stack.Push((node, true));
                for (var i = inputs.Count - 1; i >= 0; i--)
                {
                    stack.Push((inputs[i], false));
                }
                continue;
            }
            var operation = Operation.Of(node);
            made[node] = inputs.Count == 1
                ? made[inputs[0]].Apply(operation)
                : made[inputs[0]].Apply(operation, made[inputs[1]]);
        }
        return made[top];
    }

    internal static Node[] NodesOf(IReadOnlyList<Value> values, string name)
    {
        ArgumentNullException.ThrowIfNull(values, name);
        var nodes = new Node[values.Count];
        for (var i = 0; i < nodes.Length; i++)
        {
            Operands.CheckElement(values[i], name, i);
            nodes[i] = values[i].Node;
        }
        return nodes;
    }
}
