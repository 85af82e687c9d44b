using Micrograd.Core.Nn;

namespace Micrograd;

/// <summary>
/// Loss functions over <see cref="Value"/>s: each returns one new Value, the loss, whose
/// <see cref="Value.Backward"/> gives every value it was built from its gradient. Each is the F#
/// core's (<see cref="Core.Nn.Losses"/>), built with <see cref="ValueArithmetic"/>, so a C# loss
/// and the functional one give the same numbers to the last bit.
/// </summary>
/// <example>
/// <code>
/// var model = new MLP(2, new[] { 16, 16, 1 });
/// var predictions = new[] { model.Forward(new Value[] { 1.0, 2.0 })[0] };
/// Value loss = Losses.Mse(predictions, new[] { 0.5 });
/// loss.Backward();
/// Value ce = Losses.CrossEntropy(new Value[] { 1.0, 2.0, 3.0 }, targetClass: 2);
/// </code>
/// </example>
public static class Losses
{
    /// <summary>Mean squared error: the mean of <c>(p_i − t_i)²</c>.</summary>
    /// <param name="predictions">The model's output for each sample.</param>
    /// <param name="targets">What each output should be; each finite.</param>
    /// <returns>The mean, a new value.</returns>
    /// <exception cref="ArgumentNullException">A list, or one of the predictions, is null.</exception>
    /// <exception cref="ArgumentException">The lists are empty or of different lengths.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A target is NaN or infinite.</exception>
    public static Value Mse(IReadOnlyList<Value> predictions, IReadOnlyList<double> targets)
    {
        Checks.Pairs(nameof(predictions), predictions, nameof(targets), targets);
        return Core.Nn.Losses.Mse<Value, ValueArithmetic>(default, predictions, Leaves(targets, negate: false));
    }

    /// <summary>
    /// Cross-entropy over classes: the negative log-likelihood of the target class,
    /// <c>−LogSoftmax(logits)[targetClass]</c>, stable for any finite logits.
    /// </summary>
    /// <param name="logits">The scores of the classes (a network's outputs), at least one.</param>
    /// <param name="targetClass">The index of the right class, from 0 to <c>logits.Count − 1</c>.</param>
    /// <returns>The loss, a new value; its gradient in logit j is <c>softmax_j − (j == targetClass ? 1 : 0)</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="logits"/> or one of its entries is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="logits"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="targetClass"/> is not the index of a logit.</exception>
    public static Value CrossEntropy(IReadOnlyList<Value> logits, int targetClass) =>
        Core.Nn.Losses.CrossEntropy<Value, ValueArithmetic>(default, logits, targetClass);

    /// <summary>
    /// micrograd's demo data loss, the max-margin (hinge) loss averaged: the mean of
    /// <c>relu(1 − y_i·s_i)</c>, built in micrograd's order of arithmetic (so its numbers are
    /// micrograd's to the bit).
    /// </summary>
    /// <param name="scores">The model's score for each sample.</param>
    /// <param name="labels">Each sample's label, 1 or −1.</param>
    /// <returns>The loss, a new value.</returns>
    /// <exception cref="ArgumentNullException">A list, or one of the scores, is null.</exception>
    /// <exception cref="ArgumentException">The lists are empty or of different lengths.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A label is not 1 or −1.</exception>
    public static Value MaxMargin(IReadOnlyList<Value> scores, IReadOnlyList<double> labels)
    {
        Checks.Pairs(nameof(scores), scores, nameof(labels), labels);
        Checks.Entries(nameof(scores), scores);
        Checks.Labels(nameof(labels), labels);
        // micrograd's -y*score is score * Value(-y): the core takes the negated labels as values.
        return Core.Nn.Losses.MaxMargin<Value, ValueArithmetic>(default, scores, Leaves(labels, negate: true));
    }

    /// <summary>
    /// Binary cross-entropy of a logit: <c>−(t·ln σ(x) + (1 − t)·ln(1 − σ(x)))</c>, computed in the
    /// stable form <c>softplus(x) − x·t</c>, finite for logits of ±1000, with the gradient <c>σ(x) − t</c>.
    /// </summary>
    /// <param name="logit">The model's score: σ(logit) is the probability of the positive class.</param>
    /// <param name="target">The probability the score should give, from 0 to 1 (1 for the positive class).</param>
    /// <returns>The loss, a new value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="logit"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="target"/> is NaN or outside [0, 1].</exception>
    public static Value BinaryCrossEntropy(Value logit, double target) =>
        Core.Nn.Losses.BinaryCrossEntropy<Value, ValueArithmetic>(default, logit, new Value(target));

    /// <summary>
    /// The L2 penalty, <c>alpha · Σ p²</c> (built as micrograd builds it, <c>sum(p*p for p in parameters) * alpha</c>),
    /// which pulls every parameter a little towards 0; micrograd's demo adds it to its data loss.
    /// </summary>
    /// <param name="parameters">The values to penalise, e.g. <c>model.Parameters()</c>.</param>
    /// <param name="alpha">The weight, finite, 0 or more (default micrograd's 1e-4).</param>
    /// <returns>The penalty, a new value; each parameter's gradient from it is <c>2·alpha·p</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> or one of them is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is NaN, infinite or negative.</exception>
    /// <example><c>Value total = Losses.MaxMargin(scores, labels) + Losses.L2(model.Parameters());</c> is micrograd's demo loss.</example>
    public static Value L2(IReadOnlyList<Value> parameters, double alpha = Core.Nn.Losses.DemoAlpha) =>
        Core.Nn.Losses.L2<Value, ValueArithmetic>(default, alpha, parameters);

    // One new leaf per number (or per negated number, for micrograd's -y).
    private static Value[] Leaves(IReadOnlyList<double> numbers, bool negate)
    {
        var leaves = new Value[numbers.Count];
        for (var i = 0; i < leaves.Length; i++)
        {
            leaves[i] = new Value(negate ? -numbers[i] : numbers[i]);
        }
        return leaves;
    }
}
