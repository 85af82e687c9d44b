/// The independent oracle: finite differences from MathNet.Numerics over plain float functions, and
/// the tolerance analytic gradients are held to.
module Micrograd.Core.Tests.Numeric

open System
open MathNet.Numerics.Differentiation

// A fresh NumericalDerivative per call: the class keeps its step size in a mutable field, and
// xunit runs test classes in parallel.

/// ∂f/∂x_i at x by MathNet's default 3-point central difference (step 2^-17·(1 + |x_i|), rounded
/// to a power of two). `x` is not changed.
let partial (f: float[] -> float) (x: float[]) (i: int) : float =
    NumericalDerivative().EvaluatePartialDerivative(Func<float[], float> f, Array.copy x, i, 1)

/// f'(x) by the same 3-point central difference.
let derivative (f: float -> float) (x: float) : float =
    NumericalDerivative().EvaluateDerivative(Func<float, float> f, x, 1)

/// f''(x) by a 5-point central difference: with three points the step that suits a second
/// derivative leaves too much round-off.
let secondDerivative (f: float -> float) (x: float) : float =
    NumericalDerivative(5, 2).EvaluateDerivative(Func<float, float> f, x, 2)

/// |analytic − numeric| ≤ 1e-5 + 1e-3·|numeric|, the kit's rule (GradCheck's, PyTorch's defaults),
/// written once in Micrograd.Testing: loose enough for a central difference's error, tight enough
/// that a wrong rule (a missing factor, a dropped use of a shared node) fails.
let agrees (numeric: float) (analytic: float) : bool =
    Micrograd.Testing.GradCheckOptions.Default.Agrees(analytic, numeric)

/// Fails with both numbers and what they were of, when they do not agree.
let expectAgree (what: string) (numeric: float) (analytic: float) : unit =
    if not (agrees numeric analytic) then
        let difference = abs (analytic - numeric)
        failwithf "%s: analytic %.17g, numeric %.17g (|difference| %.3g)" what analytic numeric difference
