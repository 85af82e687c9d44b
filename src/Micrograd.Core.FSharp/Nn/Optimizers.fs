namespace Micrograd.Core.Nn

/// <summary>Plain stochastic gradient descent, micrograd's <c>p.data -= learning_rate * p.grad</c>.</summary>
[<RequireQualifiedAccess>]
module Sgd =

    /// <summary>One parameter's value after one step downhill: <c>data - learningRate * grad</c>.</summary>
    /// <param name="data">The parameter's value now.</param>
    /// <param name="grad">The loss's gradient with respect to it.</param>
    /// <param name="learningRate">The step size.</param>
    /// <returns>The new value.</returns>
    /// <exception cref="T:System.ArgumentOutOfRangeException">The learning rate is NaN or infinite.</exception>
    /// <example><c>p.Data = Sgd.Update(p.Data, p.Grad, 0.1)</c> is micrograd's update of <c>p</c>.</example>
    [<CompiledName("Update")>]
    let update (data: float) (grad: float) (learningRate: float) : float =
        Checks.learningRate (nameof learningRate) learningRate
        data - learningRate * grad

/// <summary>How the learning rate changes over a run.</summary>
[<RequireQualifiedAccess>]
module Schedules =

    /// <summary>micrograd's demo schedule, <c>1.0 - 0.9*k/steps</c>: 1.0 at the first step, falling
    /// in a straight line towards 0.1.</summary>
    /// <param name="step">The step k, counted from 0.</param>
    /// <param name="steps">How many steps the run has.</param>
    /// <returns>The learning rate at step k, evaluated as Python evaluates it, left to right:
    /// <c>(0.9 * k) / steps</c>, subtracted from 1.0.</returns>
    [<CompiledName("LinearDecay")>]
    let linearDecay (step: int) (steps: int) : float = 1.0 - 0.9 * float step / float steps
