namespace Micrograd.Core.Nn

open System
open System.Collections.Generic
open System.Collections.ObjectModel

/// <summary>Adam's and AdamW's settings besides the learning rate: PyTorch's
/// <c>torch.optim.Adam(params, lr, betas=(beta1, beta2), eps, weight_decay)</c>.</summary>
type AdamOptions = {
    /// β1, in [0, 1): how much of the first moment (the running mean of gradients) is kept each step.
    Beta1: float
    /// β2, in [0, 1): how much of the second moment (the running mean of squared gradients) is kept.
    Beta2: float
    /// ε, 0 or more, added to the denominator after its square root, so that it is not 0 (with ε = 0
    /// and v = 0 the step is 0/0, NaN, as in PyTorch).
    Eps: float
    /// λ, 0 or more. Adam adds λ·p to the gradient (an L2 penalty); AdamW instead shrinks the
    /// parameter, p·(1 − lr·λ), before the step (decoupled weight decay).
    WeightDecay: float
} with

    // Built once: a step's caller may pass the defaults every step without allocating.
    static let defaults = {
        Beta1 = 0.9
        Beta2 = 0.999
        Eps = 1e-8
        WeightDecay = 0.0
    }

    static let adamWDefaults = { defaults with WeightDecay = 1e-2 }

    /// PyTorch's Adam defaults: β1 0.9, β2 0.999, ε 1e-8, weight decay 0.
    static member Defaults: AdamOptions = defaults

    /// PyTorch's AdamW defaults: Adam's, with weight decay 0.01.
    static member AdamWDefaults: AdamOptions = adamWDefaults

/// <summary>Adam's (and AdamW's) state: how many steps it has taken and, per parameter in the
/// parameters' order, the first moment m and the second moment v. Immutable: a step returns a new
/// state. Plain data, for saving.</summary>
type AdamState = {
    /// How many steps were taken with this state (t before the next step).
    Steps: int
    /// The first moment m of each parameter (PyTorch's <c>exp_avg</c>).
    FirstMoments: IReadOnlyList<float>
    /// The second moment v of each parameter (PyTorch's <c>exp_avg_sq</c>).
    SecondMoments: IReadOnlyList<float>
}

/// <summary>Adam, PyTorch's <c>torch.optim.Adam</c> (its default, non-fused, single-tensor path).</summary>
/// <remarks>
/// Step t (counting from 1) for each parameter p with gradient g, in this order of floating-point
/// operations, as PyTorch's <c>_single_tensor_adam</c> computes them:
/// <code>
/// if λ ≠ 0: g = g + λ·p                            // Adam (coupled weight decay)
/// if λ ≠ 0: p = p·(1 − lr·λ)                       // AdamW instead (decoupled), g unchanged
/// w = 1 − β1
/// m = m + w·(g − m)        if |w| &lt; 0.5           // exp_avg.lerp_(g, 1 − β1), ATen's lerp
/// m = g − (g − m)·(1 − w)  otherwise
/// v = v·β2 + ((1 − β2)·g)·g                        // exp_avg_sq.mul_(β2).addcmul_(g, g, value=1 − β2)
/// bc1 = 1 − Math.Pow(β1, t);  bc2 = 1 − Math.Pow(β2, t)
/// stepSize = lr / bc1
/// bc2Sqrt = Math.Pow(bc2, 0.5)                     // PyTorch's bias_correction2 ** 0.5, not Math.Sqrt (a last-bit difference at some t)
/// denom = Math.Sqrt(v) / bc2Sqrt + ε               // ε added after the square root
/// p = p + ((−stepSize)·m) / denom                  // param.addcdiv_(m, denom, value=−stepSize)
/// </code>
/// PyTorch's vectorised CPU kernels may fuse a multiply and an add into one rounding; this is the
/// unfused order of its scalar kernels.
/// </remarks>
[<RequireQualifiedAccess>]
module Adam =

    /// <summary>PyTorch's default learning rate for Adam and AdamW, 0.001.</summary>
    [<CompiledName("DefaultLearningRate")>]
    let defaultLearningRate: float = 1e-3

    /// <summary>Refuses settings PyTorch refuses (betas outside [0, 1), a negative ε or weight
    /// decay), and NaN or infinite ones.</summary>
    /// <param name="paramName">The caller's name for the settings.</param>
    /// <param name="options">The settings.</param>
    /// <exception cref="T:System.ArgumentOutOfRangeException">A number is out of range.</exception>
    [<CompiledName("CheckOptions")>]
    let checkOptions (paramName: string) (options: AdamOptions) : unit =
        Checks.beta paramName "beta1" options.Beta1
        Checks.beta paramName "beta2" options.Beta2
        Checks.eps paramName options.Eps
        Checks.weightDecay paramName options.WeightDecay

    /// <summary>The state before the first step: no steps, every moment 0.</summary>
    /// <param name="parameterCount">How many parameters, 1 or more.</param>
    /// <returns>The new state.</returns>
    /// <exception cref="T:System.ArgumentOutOfRangeException">The count is below 1.</exception>
    [<CompiledName("Init")>]
    let init (parameterCount: int) : AdamState =
        Checks.stepsAtLeastOne (nameof parameterCount) "The number of parameters" parameterCount
        {
            Steps = 0
            FirstMoments = ReadOnlyCollection(Array.zeroCreate<float> parameterCount)
            SecondMoments = ReadOnlyCollection(Array.zeroCreate<float> parameterCount)
        }

    // Adam and AdamW differ only in where the weight decay goes; the rest is this one loop.
    let internal run
        (decoupled: bool)
        (options: AdamOptions)
        (learningRate: float)
        (steps: int)
        (values: float[])
        (gradients: IReadOnlyList<float>)
        (firstMoments: float[])
        (secondMoments: float[])
        : unit =
        checkOptions (nameof options) options
        Checks.stepArguments learningRate steps values gradients
        Checks.perParameter (nameof firstMoments) "first moments" values.Length firstMoments
        Checks.perParameter (nameof secondMoments) "second moments" values.Length secondMoments
        let beta1 = options.Beta1
        let beta2 = options.Beta2
        let wd = options.WeightDecay
        let t = float steps + 1.0
        let bc1 = 1.0 - Math.Pow(beta1, t)
        let bc2 = 1.0 - Math.Pow(beta2, t)
        let stepSize = learningRate / bc1
        let bc2Sqrt = Math.Pow(bc2, 0.5)
        let w = 1.0 - beta1
        let small = abs w < 0.5
        let oneMinusW = 1.0 - w
        let oneMinusBeta2 = 1.0 - beta2
        let decay = 1.0 - learningRate * wd
        for i in 0 .. values.Length - 1 do
            let mutable p = values[i]
            let mutable g = gradients[i]
            if wd <> 0.0 then
                if decoupled then p <- p * decay else g <- g + wd * p
            let m0 = firstMoments[i]
            let m = if small then m0 + w * (g - m0) else g - (g - m0) * oneMinusW
            let v = secondMoments[i] * beta2 + oneMinusBeta2 * g * g
            let root = Math.Sqrt v
            let denom = root / bc2Sqrt + options.Eps
            firstMoments[i] <- m
            secondMoments[i] <- v
            values[i] <- p + -stepSize * m / denom

    let internal pureStep
        (decoupled: bool)
        (options: AdamOptions)
        (learningRate: float)
        (values: IReadOnlyList<float>)
        (gradients: IReadOnlyList<float>)
        (state: AdamState)
        : float[] * AdamState =
        Checks.perParameter (nameof values) "values" (if isNull values then 0 else values.Count) values
        if isNull (box state) then
            raise (ArgumentNullException(nameof state, Micrograd.Core.Messages.nullState "Adam.init parameterCount"))
        Checks.stepCount (nameof state) state.Steps
        Checks.perParameter (nameof state) "first moments" values.Count state.FirstMoments
        Checks.perParameter (nameof state) "second moments" values.Count state.SecondMoments
        let next = Seq.toArray values
        let m = Seq.toArray state.FirstMoments
        let v = Seq.toArray state.SecondMoments
        run decoupled options learningRate state.Steps next gradients m v
        next,
        {
            Steps = state.Steps + 1
            FirstMoments = ReadOnlyCollection m
            SecondMoments = ReadOnlyCollection v
        }

    /// <summary>One Adam step in place (see the module's remarks): writes the new values and
    /// moments into the arrays given. Allocates nothing; for mutable optimizers and tapes.</summary>
    /// <param name="options">The settings (checked).</param>
    /// <param name="learningRate">The step size lr, finite, 0 or more.</param>
    /// <param name="steps">How many steps were taken before this one (0: the first, t = 1).</param>
    /// <param name="values">The parameters' values, overwritten.</param>
    /// <param name="gradients">Their gradients, as many.</param>
    /// <param name="firstMoments">The first moments, as many, overwritten.</param>
    /// <param name="secondMoments">The second moments, as many, overwritten.</param>
    /// <exception cref="T:System.ArgumentOutOfRangeException">A setting, the learning rate or the step count is out of range.</exception>
    /// <exception cref="T:System.ArgumentException">A list does not hold one number per value.</exception>
    [<CompiledName("StepInPlace")>]
    let stepInPlace
        (options: AdamOptions)
        (learningRate: float)
        (steps: int)
        (values: float[])
        (gradients: IReadOnlyList<float>)
        (firstMoments: float[])
        (secondMoments: float[])
        : unit =
        run false options learningRate steps values gradients firstMoments secondMoments

    /// <summary>One Adam step, pure: the new values and the new state; nothing given is changed.</summary>
    /// <param name="options">The settings (<c>AdamOptions.Defaults</c> with what you change).</param>
    /// <param name="learningRate">The step size lr, finite, 0 or more (PyTorch's default 0.001).</param>
    /// <param name="values">The parameters' values.</param>
    /// <param name="gradients">Their gradients, in the same order.</param>
    /// <param name="state">The state the last step returned (or <c>Adam.init</c>'s).</param>
    /// <returns>The new values and the new state, whose <c>Steps</c> is one more.</returns>
    /// <exception cref="T:System.ArgumentOutOfRangeException">A setting, the learning rate or the state's step count is out of range.</exception>
    /// <exception cref="T:System.ArgumentException">The gradients or the state's moments are not one per value.</exception>
    /// <example>
    /// A pure Adam step on the functional network:
    /// <code lang="fsharp">
    /// let grads = Backprop.gradientsFor loss model.Parameters
    /// let values, state' = Adam.step AdamOptions.Defaults 0.001 (Mlp.parameterValues model) grads state
    /// let model' = model |> Mlp.withParameters values
    /// </code>
    /// </example>
    [<CompiledName("Step")>]
    let step
        (options: AdamOptions)
        (learningRate: float)
        (values: IReadOnlyList<float>)
        (gradients: IReadOnlyList<float>)
        (state: AdamState)
        : float[] * AdamState =
        pureStep false options learningRate values gradients state

/// <summary>AdamW, PyTorch's <c>torch.optim.AdamW</c>: Adam with decoupled weight decay. Each step
/// first shrinks every parameter, <c>p = p·(1 − lr·λ)</c> (the factor computed once per step), then
/// takes Adam's step with the unchanged gradient (see <see cref="T:Micrograd.Core.Nn.Adam"/>'s remarks
/// for the arithmetic). Its state is Adam's.</summary>
/// <remarks>Use <c>AdamOptions.AdamWDefaults</c>, PyTorch's: Adam's with weight decay 0.01.</remarks>
[<RequireQualifiedAccess>]
module AdamW =

    /// <summary>One AdamW step in place: as <c>Adam.stepInPlace</c>, with the weight decay decoupled.</summary>
    /// <param name="options">The settings (checked).</param>
    /// <param name="learningRate">The step size lr, finite, 0 or more.</param>
    /// <param name="steps">How many steps were taken before this one (0: the first, t = 1).</param>
    /// <param name="values">The parameters' values, overwritten.</param>
    /// <param name="gradients">Their gradients, as many.</param>
    /// <param name="firstMoments">The first moments, as many, overwritten.</param>
    /// <param name="secondMoments">The second moments, as many, overwritten.</param>
    /// <exception cref="T:System.ArgumentOutOfRangeException">A setting, the learning rate or the step count is out of range.</exception>
    /// <exception cref="T:System.ArgumentException">A list does not hold one number per value.</exception>
    [<CompiledName("StepInPlace")>]
    let stepInPlace
        (options: AdamOptions)
        (learningRate: float)
        (steps: int)
        (values: float[])
        (gradients: IReadOnlyList<float>)
        (firstMoments: float[])
        (secondMoments: float[])
        : unit =
        Adam.run true options learningRate steps values gradients firstMoments secondMoments

    /// <summary>One AdamW step, pure: the new values and the new state; nothing given is changed.</summary>
    /// <param name="options">The settings (<c>AdamOptions.AdamWDefaults</c> with what you change).</param>
    /// <param name="learningRate">The step size lr, finite, 0 or more (PyTorch's default 0.001).</param>
    /// <param name="values">The parameters' values.</param>
    /// <param name="gradients">Their gradients, in the same order.</param>
    /// <param name="state">The state the last step returned (or <c>Adam.init</c>'s).</param>
    /// <returns>The new values and the new state, whose <c>Steps</c> is one more.</returns>
    /// <exception cref="T:System.ArgumentOutOfRangeException">A setting, the learning rate or the state's step count is out of range.</exception>
    /// <exception cref="T:System.ArgumentException">The gradients or the state's moments are not one per value.</exception>
    [<CompiledName("Step")>]
    let step
        (options: AdamOptions)
        (learningRate: float)
        (values: IReadOnlyList<float>)
        (gradients: IReadOnlyList<float>)
        (state: AdamState)
        : float[] * AdamState =
        Adam.pureStep true options learningRate values gradients state
