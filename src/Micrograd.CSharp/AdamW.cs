namespace Micrograd;

/// <summary>
/// AdamW, PyTorch's <c>torch.optim.AdamW</c>: Adam whose weight decay shrinks each parameter,
/// <c>p·(1 − lr·λ)</c>, before the step instead of adding to its gradient; PyTorch's defaults
/// (lr 0.001, betas 0.9 and 0.999, eps 1e-8, weight decay 0.01). See <see cref="Core.Nn.AdamW"/>.
/// </summary>
/// <example>
/// <code>
/// var opt = new AdamW(model.Parameters(), lr: 0.01, weightDecay: 0.05);
/// </code>
/// </example>
public sealed class AdamW : Adam
{
    /// <summary>AdamW over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The values to train, e.g. <c>model.Parameters()</c>: leaves, each once.</param>
    /// <param name="lr">The learning rate, finite, 0 or more (default 0.001).</param>
    /// <param name="beta1">β1, in [0, 1) (default 0.9).</param>
    /// <param name="beta2">β2, in [0, 1) (default 0.999).</param>
    /// <param name="eps">ε, 0 or more (default 1e-8).</param>
    /// <param name="weightDecay">The decoupled weight decay λ, 0 or more (default 0.01).</param>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> or one of them is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="parameters"/> is empty, repeats a value or holds a computed one.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A number is out of its range.</exception>
    public AdamW(
        IEnumerable<Value> parameters,
        double lr = 1e-3,
        double beta1 = 0.9,
        double beta2 = 0.999,
        double eps = 1e-8,
        double weightDecay = 1e-2)
        : base(parameters, lr, beta1, beta2, eps, weightDecay, decoupled: true)
    {
    }
}
