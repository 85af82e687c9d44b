using Micrograd.Core.Nn;

namespace Micrograd;

/// <summary>
/// How a <see cref="Trainer"/> trains: the engine, the loss, the optimizer and its settings, the
/// learning-rate schedule, and how many steps on which batches. The defaults are micrograd's demo:
/// the façade, the max-margin loss with L2 weight 1e-4, plain SGD, learning rate
/// <c>1.0 - 0.9*k/steps</c>, 100 full-batch steps.
/// </summary>
/// <example>
/// <code>
/// var options = new TrainerOptions
/// {
///     Loss = LossKind.CrossEntropy,
///     Optimizer = OptimizerKind.Adam,
///     Schedule = k => Schedules.Constant(0.01, k),
///     Epochs = 50,
///     BatchSize = 32,
/// };
/// </code>
/// </example>
public sealed record TrainerOptions
{
    /// <summary>The implementation; all give the same numbers.</summary>
    public Engine Engine { get; init; } = Engine.Facade;

    /// <summary>The data loss averaged over each batch.</summary>
    public LossKind Loss { get; init; } = LossKind.MaxMargin;

    /// <summary>The weight of the L2 penalty added to the loss, 0 or more (micrograd's 1e-4; 0: none).</summary>
    public double L2 { get; init; } = Core.Nn.Losses.DemoAlpha;

    /// <summary>The optimizer.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Sgd;

    /// <summary>SGD's settings (used when <see cref="Optimizer"/> is <see cref="OptimizerKind.Sgd"/>).</summary>
    public SgdOptions Sgd { get; init; } = SgdOptions.Defaults;

    /// <summary>Adam's and AdamW's settings; null: PyTorch's defaults of the chosen one
    /// (<see cref="AdamOptions.Defaults"/>, or <see cref="AdamOptions.AdamWDefaults"/> with weight decay 0.01).</summary>
    public AdamOptions? Adam { get; init; }

    /// <summary>The learning rate of step k (counted from 0 in this run), e.g.
    /// <c>k =&gt; Schedules.Cosine(0.01, 0.0, 100, k)</c>; null: micrograd's
    /// <see cref="Schedules.LinearDecay"/> over the run's steps. Each rate must be finite, 0 or more.</summary>
    public Func<int, double>? Schedule { get; init; }

    /// <summary>How many steps, 1 or more, when <see cref="Epochs"/> is null.</summary>
    public int Steps { get; init; } = 100;

    /// <summary>Null: train <see cref="Steps"/> steps, each on a fresh random batch. Otherwise this many
    /// epochs, 1 or more: each shuffles the data once and steps through it batch by batch
    /// (<see cref="Core.Data.Batches.Epoch"/>; a remainder too small for a batch waits for the next epoch).</summary>
    public int? Epochs { get; init; }

    /// <summary>Null: every step trains on all the data (micrograd's demo). Otherwise the batch size,
    /// from 1 to the number of examples; the batches are drawn as Python's <c>random.shuffle</c> does.</summary>
    public int? BatchSize { get; init; }

    /// <summary>The optimizer's state to start from (an <see cref="SgdState"/> or an <see cref="AdamState"/>,
    /// e.g. from <see cref="TrainingResult.OptimizerState"/> or <see cref="OptimizerFile"/>), to resume a
    /// run; null: a fresh optimizer.</summary>
    public object? OptimizerState { get; init; }
}
