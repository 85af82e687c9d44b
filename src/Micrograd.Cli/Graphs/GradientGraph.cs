using Micrograd.Core;

namespace Micrograd.Cli.Graphs;

/// <summary>
/// A derivative drawn as a graph: d root / d leaf with gradients as nodes
/// (<see cref="Backprop.GradientNodes"/>), built by backprop's own rule table out of the
/// expression's values and a few new constants. The picture shows what the chain rule does to an
/// expression: each rule adds its local derivative and a multiplication by the gradient handed on.
/// </summary>
internal static class GradientGraph
{
    /// <summary>The labelled leaves of <paramref name="root"/>'s graph (the ones a user named), inputs first.</summary>
    public static IReadOnlyList<Node> Leaves(Value root) =>
        [.. Graph.TopologicalOrder(root.Node).Where(n => n.IsLeaf && !string.IsNullOrEmpty(n.Label))];

    /// <summary>The leaf of <paramref name="root"/>'s graph labelled <paramref name="label"/>, or null when there is none.</summary>
    public static Node? Leaf(Value root, string label) => Leaves(root).FirstOrDefault(n => n.Label == label);

    /// <summary>d <paramref name="root"/> / d <paramref name="leaf"/> as a node: its Data is the derivative, its graph how it is computed.</summary>
    public static Node Of(Value root, Node leaf) => Backprop.GradientNodes(root.Node)[leaf];

    /// <summary>The name of the derivative, as in <c>dy/dx</c>.</summary>
    public static string Name(Value root, Node leaf) => $"d{root.Label}/d{leaf.Label}";

    /// <summary>
    /// The DOT text of <paramref name="gradient"/>'s graph: its top labelled <paramref name="name"/>,
    /// the expression's values with their labels, data only (a gradient graph has no gradients of its own yet).
    /// </summary>
    public static string ToDot(Node gradient, string name, RankDir rankDir) =>
        Graphviz.Export(gradient, n => ReferenceEquals(n, gradient) ? name : n.Label, (Func<Node, double>?)null, rankDir);
}
