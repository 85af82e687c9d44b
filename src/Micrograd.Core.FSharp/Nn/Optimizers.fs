namespace Micrograd.Core.Nn

open System.Collections.Generic
open System.Collections.ObjectModel

/// <summary>SGD's settings besides the learning rate (which a schedule may change every step):
/// PyTorch's <c>torch.optim.SGD(params, lr, momentum, dampening, weight_decay, nesterov)</c>.</summary>
/// <remarks><see cref="P:Micrograd.Core.Nn.SgdOptions.Defaults"/> is PyTorch's: no momentum, no
/// dampening, no weight decay, no Nesterov: micrograd's plain <c>p.data -= lr * p.grad</c>.</remarks>
type SgdOptions = {
    /// The momentum factor μ, 0 or more (0: no momentum buffer is used).
    Momentum: float
    /// The dampening τ of the momentum: each step adds (1 − τ) of the gradient to the buffer.
    Dampening: float
    /// Nesterov momentum (needs μ above 0 and τ = 0).
    Nesterov: bool
    /// The L2 penalty λ, 0 or more, added to the gradient as λ·p.
    WeightDecay: float
} with

    // Built once: a step's caller may pass the defaults every step without allocating.
    static let defaults = {
        Momentum = 0.0
        Dampening = 0.0
        Nesterov = false
        WeightDecay = 0.0
    }

    /// PyTorch's defaults: momentum 0, dampening 0, Nesterov off, weight decay 0.
    static member Defaults: SgdOptions = defaults

/// <summary>SGD's state: how many steps it has taken and one momentum buffer per parameter, in
/// the parameters' order. Immutable: a step returns a new state. Plain data, for saving.</summary>
/// <remarks>Before the first step (<c>Steps = 0</c>) the buffers are unused: the first step with
/// momentum takes the gradient itself as the buffer, as PyTorch does.</remarks>
type SgdState = {
    /// How many steps were taken with this state.
    Steps: int
    /// The momentum buffer b of each parameter.
    MomentumBuffers: IReadOnlyList<float>
}

/// <summary>Stochastic gradient descent: micrograd's <c>p.data -= learning_rate * p.grad</c>, and
/// PyTorch's <c>torch.optim.SGD</c> with momentum, dampening, Nesterov momentum and weight decay.</summary>
/// <remarks>
/// One step, for each parameter p with gradient g, is PyTorch's (<c>_single_tensor_sgd</c>), in
/// this order of floating-point operations (μ momentum, τ dampening, λ weight decay, lr learning rate):
/// <code>
/// d = g                                    // then, if λ ≠ 0:  d = g + λ·p
/// if μ ≠ 0:
///     b = d                                // on the first step (Steps = 0)
///     b = b·μ + (1 − τ)·d                  // on every later step
///     d = d + μ·b   if Nesterov, else d = b
/// p = p − lr·d
/// </code>
/// (PyTorch writes the last line <c>p.add_(d, alpha=-lr)</c>, p + (−lr)·d: the same number.)
/// With the defaults the step is <see cref="M:Micrograd.Core.Nn.Sgd.Update(System.Double,System.Double,System.Double)"/>, to the bit.
/// </remarks>
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

    /// <summary>PyTorch's default learning rate for SGD, 0.001.</summary>
    [<CompiledName("DefaultLearningRate")>]
    let defaultLearningRate: float = 1e-3

    /// <summary>Refuses settings PyTorch refuses (a negative momentum or weight decay, Nesterov
    /// without momentum or with dampening), and NaN or infinite ones.</summary>
    /// <param name="paramName">The caller's name for the settings.</param>
    /// <param name="options">The settings.</param>
    /// <exception cref="T:System.ArgumentOutOfRangeException">A number is out of range.</exception>
    /// <exception cref="T:System.ArgumentException">Nesterov without momentum, or with dampening.</exception>
    [<CompiledName("CheckOptions")>]
    let checkOptions (paramName: string) (options: SgdOptions) : unit =
        Checks.momentum paramName options.Momentum
        Checks.dampening paramName options.Dampening
        Checks.weightDecay paramName options.WeightDecay
        Checks.nesterov paramName options.Nesterov options.Momentum options.Dampening

    /// <summary>The state before the first step: no steps, every buffer 0.</summary>
    /// <param name="parameterCount">How many parameters, 1 or more.</param>
    /// <returns>The new state.</returns>
    /// <exception cref="T:System.ArgumentOutOfRangeException">The count is below 1.</exception>
    [<CompiledName("Init")>]
    let init (parameterCount: int) : SgdState =
        Checks.stepsAtLeastOne (nameof parameterCount) "The number of parameters" parameterCount
        {
            Steps = 0
            MomentumBuffers = ReadOnlyCollection(Array.zeroCreate<float> parameterCount)
        }

    /// <summary>One step in place, the arithmetic every SGD step runs (see the module's remarks):
    /// writes the new values into <paramref name="values"/> and the new buffers into
    /// <paramref name="momentumBuffers"/>. Allocates nothing; for mutable optimizers and tapes.</summary>
    /// <param name="options">The settings (checked).</param>
    /// <param name="learningRate">The step size lr, finite, 0 or more.</param>
    /// <param name="steps">How many steps were taken before this one (0: the first).</param>
    /// <param name="values">The parameters' values, overwritten.</param>
    /// <param name="gradients">Their gradients, as many.</param>
    /// <param name="momentumBuffers">The momentum buffers, as many, overwritten.</param>
    /// <exception cref="T:System.ArgumentOutOfRangeException">A setting, the learning rate or the step count is out of range.</exception>
    /// <exception cref="T:System.ArgumentException">A list does not hold one number per value.</exception>
    [<CompiledName("StepInPlace")>]
    let stepInPlace
        (options: SgdOptions)
        (learningRate: float)
        (steps: int)
        (values: float[])
        (gradients: IReadOnlyList<float>)
        (momentumBuffers: float[])
        : unit =
        checkOptions (nameof options) options
        Checks.stepArguments learningRate steps values gradients
        Checks.perParameter (nameof momentumBuffers) "momentum buffers" values.Length momentumBuffers
        let mu = options.Momentum
        let wd = options.WeightDecay
        let keep = 1.0 - options.Dampening
        for i in 0 .. values.Length - 1 do
            let p = values[i]
            let mutable d = gradients[i]
            if wd <> 0.0 then
                d <- d + wd * p
            if mu <> 0.0 then
                let b = if steps = 0 then d else momentumBuffers[i] * mu + keep * d
                momentumBuffers[i] <- b
                d <- if options.Nesterov then d + mu * b else b
            values[i] <- p - learningRate * d

    /// <summary>One step, pure: the new values and the new state; nothing given is changed.</summary>
    /// <param name="options">The settings (<c>SgdOptions.Defaults</c> with what you change).</param>
    /// <param name="learningRate">The step size lr, finite, 0 or more.</param>
    /// <param name="values">The parameters' values.</param>
    /// <param name="gradients">Their gradients, in the same order.</param>
    /// <param name="state">The state the last step returned (or <c>Sgd.init</c>'s).</param>
    /// <returns>The new values and the new state, whose <c>Steps</c> is one more.</returns>
    /// <exception cref="T:System.ArgumentOutOfRangeException">A setting, the learning rate or the state's step count is out of range.</exception>
    /// <exception cref="T:System.ArgumentException">The gradients or the state's buffers are not one per value.</exception>
    /// <example>
    /// <code lang="fsharp">
    /// let options = { SgdOptions.Defaults with Momentum = 0.9 }
    /// let values', state' = Sgd.step options 0.1 values gradients state
    /// </code>
    /// </example>
    [<CompiledName("Step")>]
    let step
        (options: SgdOptions)
        (learningRate: float)
        (values: IReadOnlyList<float>)
        (gradients: IReadOnlyList<float>)
        (state: SgdState)
        : float[] * SgdState =
        Checks.perParameter (nameof values) "values" (if isNull values then 0 else values.Count) values
        if isNull (box state) then
            raise (
                System.ArgumentNullException(nameof state, Micrograd.Core.Messages.nullState "Sgd.init parameterCount")
            )
        Checks.stepCount (nameof state) state.Steps
        Checks.perParameter (nameof state) "momentum buffers" values.Count state.MomentumBuffers
        let next = Seq.toArray values
        let buffers = Seq.toArray state.MomentumBuffers
        stepInPlace options learningRate state.Steps next gradients buffers
        next,
        {
            Steps = state.Steps + 1
            MomentumBuffers = ReadOnlyCollection buffers
        }
