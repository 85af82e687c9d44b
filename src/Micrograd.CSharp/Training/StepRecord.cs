namespace Micrograd;

/// <summary>What one training step reports: the loss and accuracy of its forward pass, before its update.</summary>
/// <param name="Step">k, counted from 0 in this run.</param>
/// <param name="Loss">The batch's loss (data loss + L2 penalty).</param>
/// <param name="Accuracy">The fraction of the batch predicted right, in [0, 1].</param>
/// <param name="LearningRate">The learning rate of this step's update.</param>
/// <param name="Elapsed">How long the step took (forward, backward and update).</param>
public readonly record struct StepRecord(int Step, double Loss, double Accuracy, double LearningRate, TimeSpan Elapsed);

/// <summary>What <see cref="Trainer.Step"/> reports: both measured on the forward pass, before the update.</summary>
/// <param name="Loss">The batch's loss.</param>
/// <param name="Accuracy">The fraction of the batch predicted right, in [0, 1].</param>
public readonly record struct StepResult(double Loss, double Accuracy);

/// <summary>What a training run produced.</summary>
/// <param name="Model">The trained network (a new immutable core network; the one given is unchanged).</param>
/// <param name="Log">One record per finished step.</param>
/// <param name="Elapsed">The time spent in the steps.</param>
/// <param name="OptimizerState">The optimizer's state after the last step (an <see cref="Core.Nn.SgdState"/>
/// or an <see cref="Core.Nn.AdamState"/>), to save or to resume from.</param>
public sealed record TrainingResult(Core.Nn.Mlp Model, IReadOnlyList<StepRecord> Log, TimeSpan Elapsed, object OptimizerState)
{
    /// <summary>
    /// Whether the run was cancelled before its last step. Then <see cref="Log"/> holds the steps
    /// that finished, 0 to <c>Log.Count - 1</c>, and <c>Log.Count</c> is the step that did not run.
    /// </summary>
    public bool Interrupted { get; init; }
}
