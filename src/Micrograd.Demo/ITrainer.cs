using Micrograd.Core.Data;

namespace Micrograd.Demo;

/// <summary>
/// A model being trained by one engine: micrograd's demo network (2 inputs, layers 16, 16, 1,
/// ReLU hidden, linear output) with micrograd's demo loss. Every engine builds the same
/// expressions in the same order, so all print the same numbers to the last bit.
/// </summary>
public interface ITrainer
{
    /// <summary>The number of trainable parameters (337 for the demo network).</summary>
    int ParameterCount { get; }

    /// <summary>
    /// One step of gradient descent on <paramref name="batch"/>: forward pass, loss, gradients,
    /// then every parameter <c>p.Data -= learningRate * p.Grad</c>.
    /// </summary>
    /// <returns>The loss and accuracy of the forward pass, before the update.</returns>
    StepResult Step(IReadOnlyList<Sample> batch, double learningRate);

    /// <summary>
    /// A function giving the current model's score for a point (x, y), &gt; 0 meaning class +1. The
    /// model's expression is compiled once to a tape, so scoring many points (a picture's grid)
    /// builds no graph per point; the scores are bit for bit those of a forward pass.
    /// </summary>
    Func<double, double, double> Scorer();
}
