using System.Collections.ObjectModel;
using Micrograd.Core;

namespace Micrograd;

/// <summary>The façade's parameter lists, in the order of the F# networks' <c>Parameters</c>.</summary>
internal static class ParameterList
{
    /// <summary>The Value of each of the F# shape's parameters, in its order.</summary>
    public static IReadOnlyList<Value> Of(IReadOnlyList<Node> shapeParameters, IReadOnlyDictionary<Node, Value> byNode)
    {
        var values = new Value[shapeParameters.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = byNode[shapeParameters[i]];
        }
        return new ReadOnlyCollection<Value>(values);
    }

    /// <summary>The parameters' Values of several parts, in one table.</summary>
    public static IReadOnlyDictionary<Node, Value> Merge(IEnumerable<IReadOnlyDictionary<Node, Value>> parts)
    {
        var all = new Dictionary<Node, Value>();
        foreach (var part in parts)
        {
            foreach (var (node, value) in part)
            {
                all.Add(node, value);
            }
        }
        return all;
    }
}
