namespace Micrograd.Core.Nn

/// <summary>How the learning rate changes over a run: each schedule gives the learning rate at step
/// k (counted from 0), in closed form, so that a run resumed at step k gets the same rate.</summary>
/// <remarks>The step comes last, so that an F# schedule is a partial application:
/// <c>let schedule = Schedules.cosine 0.01 0.0 100</c> is an <c>int -> float</c>.</remarks>
[<RequireQualifiedAccess>]
module Schedules =

    /// <summary>micrograd's demo schedule, <c>1.0 - 0.9*k/steps</c>: 1.0 at the first step, falling
    /// in a straight line towards 0.1.</summary>
    /// <param name="step">The step k, counted from 0.</param>
    /// <param name="steps">How many steps the run has.</param>
    /// <returns>The learning rate at step k, evaluated as Python evaluates it, left to right:
    /// <c>(0.9 * k) / steps</c>, subtracted from 1.0.</returns>
    /// <exception cref="T:System.ArgumentOutOfRangeException">The step is below 0, or the steps below 1.</exception>
    [<CompiledName("LinearDecay")>]
    let linearDecay (step: int) (steps: int) : float =
        Checks.scheduleStep (nameof step) step
        Checks.stepsAtLeastOne (nameof steps) "The number of steps" steps
        1.0 - 0.9 * float step / float steps

    /// <summary>The same learning rate at every step.</summary>
    /// <param name="learningRate">The learning rate, finite, 0 or more.</param>
    /// <param name="step">The step k, counted from 0.</param>
    /// <returns><paramref name="learningRate"/>.</returns>
    /// <exception cref="T:System.ArgumentOutOfRangeException">The learning rate is NaN, infinite or negative, or the step is below 0.</exception>
    [<CompiledName("Constant")>]
    let constant (learningRate: float) (step: int) : float =
        Checks.optimizerLearningRate (nameof learningRate) learningRate
        Checks.scheduleStep (nameof step) step
        learningRate

    /// <summary>Step decay, PyTorch's <c>StepLR</c> in closed form: the learning rate is multiplied
    /// by gamma every <paramref name="stepSize"/> steps, <c>lr0 · gamma^⌊k / stepSize⌋</c>. (PyTorch's
    /// <c>scheduler.step()</c> multiplies step by step, which can differ from this in the last bit.)</summary>
    /// <param name="learningRate">The learning rate lr0 at step 0, finite, 0 or more.</param>
    /// <param name="gamma">The factor, finite, 0 or more (PyTorch's default is 0.1).</param>
    /// <param name="stepSize">How many steps between decays, 1 or more.</param>
    /// <param name="step">The step k, counted from 0.</param>
    /// <returns><c>lr0 * Math.Pow(gamma, k / stepSize)</c> with integer division, as PyTorch's
    /// <c>base_lr * gamma ** (last_epoch // step_size)</c>.</returns>
    /// <exception cref="T:System.ArgumentOutOfRangeException">An argument is out of range.</exception>
    [<CompiledName("StepDecay")>]
    let stepDecay (learningRate: float) (gamma: float) (stepSize: int) (step: int) : float =
        Checks.optimizerLearningRate (nameof learningRate) learningRate
        Checks.gamma (nameof gamma) gamma
        Checks.stepsAtLeastOne (nameof stepSize) "The step size" stepSize
        Checks.scheduleStep (nameof step) step
        learningRate * System.Math.Pow(gamma, float (step / stepSize))

    /// <summary>Cosine annealing, PyTorch's <c>CosineAnnealingLR</c> in closed form: from lr0 at step
    /// 0 down to ηmin at step T along half a cosine, <c>ηmin + (lr0 − ηmin)(1 + cos(π·k/T))/2</c>.
    /// (PyTorch's <c>scheduler.step()</c> uses a recursive form, which can differ from this in the last bits.)</summary>
    /// <param name="learningRate">The learning rate lr0 at step 0, finite, 0 or more.</param>
    /// <param name="minimum">The floor ηmin reached at step T, finite, 0 or more (PyTorch's <c>eta_min</c>, default 0).</param>
    /// <param name="period">T, the step at which the floor is reached, 1 or more (PyTorch's <c>T_max</c>).</param>
    /// <param name="step">The step k, counted from 0; past T the cosine rises again, as PyTorch's closed form does.</param>
    /// <returns>Evaluated as PyTorch's <c>eta_min + (base_lr - eta_min) * (1 + math.cos(math.pi * last_epoch / T_max)) / 2</c>,
    /// left to right: <c>ηmin + ((lr0 − ηmin) · (1 + cos((π · k) / T))) / 2</c>.</returns>
    /// <exception cref="T:System.ArgumentOutOfRangeException">An argument is out of range.</exception>
    [<CompiledName("Cosine")>]
    let cosine (learningRate: float) (minimum: float) (period: int) (step: int) : float =
        Checks.optimizerLearningRate (nameof learningRate) learningRate
        Checks.minimumLearningRate (nameof minimum) minimum
        Checks.stepsAtLeastOne (nameof period) "The period" period
        Checks.scheduleStep (nameof step) step
        minimum
        + (learningRate - minimum)
          * (1.0 + System.Math.Cos(System.Math.PI * float step / float period))
          / 2.0
