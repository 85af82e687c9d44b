namespace Micrograd.Demo;

/// <summary>
/// The constants of micrograd's demo loss and schedule, shared by every engine. The loss of a batch is
/// <code>
/// losses    = [(1 + -y*score).relu() for each sample]     # max-margin (SVM) loss
/// data_loss = sum(losses) * (1.0 / len(losses))
/// reg_loss  = alpha * sum(p*p for p in parameters)
/// total     = data_loss + reg_loss
/// </code>
/// built operand for operand as Python builds it: <c>-y*score</c> is <c>score * Value(-y)</c>
/// (float * Value goes to <c>__rmul__</c>), <c>1 + v</c> is <c>v + Value(1)</c> (<c>__radd__</c>),
/// <c>alpha * s</c> is <c>s * Value(alpha)</c>, and <c>sum</c> starts from 0.
/// </summary>
public static class DemoLoss
{
    /// <summary>The weight of the L2 regularisation, micrograd's <c>alpha = 1e-4</c>.</summary>
    public const double Alpha = 1e-4;

    /// <summary>micrograd's network: 2 inputs, two hidden layers of 16 ReLU neurons, one linear output.</summary>
    public static IReadOnlyList<int> LayerSizes { get; } = [16, 16, 1];

    /// <summary>The demo's learning rate at step <paramref name="step"/> of <paramref name="steps"/>:
    /// <c>1.0 - 0.9*k/steps</c>, evaluated left to right as Python does (1.0 down to 0.1 + 0.9/steps).</summary>
    public static double LearningRate(int step, int steps) => 1.0 - 0.9 * step / steps;

    /// <summary>Whether a sample counts as right: <c>(y &gt; 0) == (score &gt; 0)</c>.</summary>
    public static bool IsCorrect(double label, double score) => label > 0 == score > 0;
}
