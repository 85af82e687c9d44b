using Micrograd.Core;
using Micrograd.Core.Data;
using Micrograd.Core.Nn;

namespace Micrograd.Demo;

/// <summary>
/// micrograd's demo loss (the core's <see cref="Core.Nn.Losses.Demo"/>) as one expression of core <see cref="Node"/>s,
/// with handles on the leaves that hold the data, so that a compiled <see cref="Tape"/> can write new
/// points into them and tests can read the graph's gradients.
/// </summary>
/// <param name="Loss">The total loss: data loss + L2 regularisation.</param>
/// <param name="X">Per sample, the leaf holding its first coordinate.</param>
/// <param name="Y">Per sample, the leaf holding its second coordinate.</param>
/// <param name="NegatedLabel">Per sample, the leaf holding <c>-label</c> (Python's <c>-y*score</c> is <c>score * Value(-y)</c>).</param>
/// <param name="Score">Per sample, the model's output.</param>
public sealed record DemoLossGraph(
    Node Loss, IReadOnlyList<Node> X, IReadOnlyList<Node> Y, IReadOnlyList<Node> NegatedLabel, IReadOnlyList<Node> Score)
{
    /// <summary>The loss of <paramref name="model"/> on <paramref name="batch"/>, built operand for operand as Python builds it.</summary>
    /// <param name="model">The network whose parameters the loss regularises.</param>
    /// <param name="batch">The points the data loss averages over (at least one).</param>
    /// <exception cref="ArgumentException"><paramref name="batch"/> is empty.</exception>
    public static DemoLossGraph Build(Mlp model, IReadOnlyList<Sample> batch)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            throw new ArgumentException("The batch is empty; the data loss averages over at least one point.", nameof(batch));
        }
        var n = batch.Count;
        var x = new Node[n];
        var y = new Node[n];
        var negatedLabel = new Node[n];
        var score = new Node[n];
        for (var i = 0; i < n; i++)
        {
            var sample = batch[i];
            x[i] = Node.Leaf(sample.X);
            y[i] = Node.Leaf(sample.Y);
            negatedLabel[i] = Node.Leaf(-sample.Label);
            score[i] = model.Forward([x[i], y[i]])[0];
        }
        return new DemoLossGraph(Core.Nn.Losses.Demo(new NodeArithmetic(), score, negatedLabel, model.Parameters), x, y, negatedLabel, score);
    }
}
