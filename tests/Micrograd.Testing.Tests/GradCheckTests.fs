module Micrograd.Testing.Tests.GradCheckTests

open System
open System.Collections.Generic
open Xunit
open Micrograd
open Micrograd.Core
open Micrograd.Testing

/// A softplus whose derivative is wrong on purpose: e^x instead of σ(x) = 1 / (1 + e^-x).
let private wrongSoftplus =
    CustomOp.Unary("softplus", (fun x -> Math.Log(1.0 + Math.Exp x)), (fun x _ -> Math.Exp x))

let private softplus =
    CustomOp.Unary("softplus", (fun x -> Math.Log(1.0 + Math.Exp x)), (fun x _ -> 1.0 / (1.0 + Math.Exp(-x))))

[<Fact>]
let ``the defaults are PyTorch's gradcheck's`` () =
    let o = GradCheckOptions.Default
    Assert.Equal(1e-6, o.Eps)
    Assert.Equal(1e-5, o.Atol)
    Assert.Equal(1e-3, o.Rtol)

[<Fact>]
let ``agreement is PyTorch's allclose: |analytic - numeric| <= atol + rtol |numeric|`` () =
    let o = GradCheckOptions.Default
    // numeric 2: the bound is 1e-5 + 1e-3 · 2 = 2.01e-3.
    Assert.True(o.Agrees(2.0 + 2.0e-3, 2.0))
    Assert.False(o.Agrees(2.0 + 2.1e-3, 2.0))
    // relative to the numeric side, not the analytic one: numeric 0, analytic 2e-5 fails.
    Assert.False(o.Agrees(2e-5, 0.0))
    Assert.False(o.Agrees(nan, 1.0))

[<Fact>]
let ``correct rules pass: the issue's example over values`` () =
    let r = GradCheck.Check((fun xs -> (xs[0] * xs[1]).Tanh() + xs[0].Exp()), 0.3, -1.2)
    Assert.True(r.Passed, string r)
    Assert.Equal(2, r.Entries.Count)
    // ∂/∂x0 = x1 (1 - tanh²(x0 x1)) + e^x0, ∂/∂x1 = x0 (1 - tanh²(x0 x1)), written out here.
    let t = Math.Tanh(0.3 * -1.2)
    Assert.Equal(-1.2 * (1.0 - t * t) + Math.Exp 0.3, r.Entries[0].Analytic, 12)
    Assert.Equal(0.3 * (1.0 - t * t), r.Entries[1].Analytic, 12)
    Assert.Equal(t + Math.Exp 0.3, r.Value, 12)

[<Fact>]
let ``correct rules pass over nodes, custom operations included`` () =
    let r =
        GradCheck.CheckNodes((fun xs -> softplus.Apply(xs[0] * xs[1]) + xs[1] ** 3.0), 0.7, -0.4)
    Assert.True(r.Passed, string r)
    GradCheck.AssertNodes((fun xs -> log xs[0] / xs[1]), 1.5, 2.0)
    GradCheck.Assert((fun xs -> xs[0].Pow(3)), 2.0)

[<Fact>]
let ``a wrong custom rule fails, with the numbers worked by hand`` () =
    // At x = 0: analytic e^0 = 1; numeric ≈ σ(0) = 0.5 (the central difference of softplus, whose
    // third derivative is 0 at 0, is 0.5 to about 1e-10). |error| ≈ 0.5, relative ≈ 1;
    // the bound 1e-5 + 1e-3 · 0.5 = 5.1e-4 is far below.
    let r = GradCheck.Check((fun xs -> xs[0].Apply wrongSoftplus), 0.0)
    Assert.False r.Passed
    let e = r.Entries[0]
    Assert.Equal(0, e.Index)
    Assert.Equal(-1, e.SecondIndex)
    Assert.Equal(1.0, e.Analytic)
    Assert.Equal(0.5, e.Numeric, 9)
    Assert.Equal(0.5, e.AbsoluteError, 9)
    Assert.Equal(1.0, e.RelativeError, 8)
    Assert.False e.Passed
    Assert.Equal<GradCheckEntry>([ e ], r.Failures)

[<Fact>]
let ``only the input whose partial is wrong fails`` () =
    // f = x0 + softplus(x1) at (0.5, 1): ∂/∂x0 = 1 is right; ∂/∂x1 is e^1 instead of σ(1).
    let r =
        GradCheck.CheckNodes((fun xs -> xs[0] + wrongSoftplus.Apply xs[1]), 0.5, 1.0)
    Assert.True r.Entries[0].Passed
    Assert.False r.Entries[1].Passed
    Assert.Equal(Math.E, r.Entries[1].Analytic, 12)
    Assert.Equal(1.0 / (1.0 + Math.Exp -1.0), r.Entries[1].Numeric, 8)

[<Fact>]
let ``the report prints one line per input, the failures marked`` () =
    let r =
        GradCheck.CheckNodes((fun xs -> xs[0] + wrongSoftplus.Apply xs[1]), 0.5, 1.0)
    let text = string r
    Assert.StartsWith(
        "GradCheck failed at (0.5, 1): 1 of 2 derivatives disagree (eps 1E-06, atol 1E-05, rtol 0.001)",
        text
    )
    let lines = text.Split('\n')
    Assert.Equal(3, lines.Length)
    Assert.StartsWith("  x0: analytic 1, numeric", lines[1])
    Assert.EndsWith("passed", lines[1].TrimEnd())
    Assert.StartsWith("  x1: analytic 2.718281828459045, numeric", lines[2])
    Assert.EndsWith("FAILED", lines[2].TrimEnd())

[<Fact>]
let ``Assert throws GradCheckException whose message lists the failing input`` () =
    let e =
        Assert.Throws<GradCheckException>(fun () ->
            GradCheck.AssertNodes((fun xs -> xs[0] + wrongSoftplus.Apply xs[1]), 0.5, 1.0))
    Assert.Contains("x1: analytic 2.718281828459045", e.Message)
    Assert.Contains("FAILED", e.Message)
    Assert.False e.Report.Passed
    Assert.Equal(1, e.Report.Failures[0].Index)

[<Fact>]
let ``options are adjustable: a loose enough tolerance passes the wrong rule`` () =
    let loose = GradCheckOptions(atol = 0.6)
    Assert.True(GradCheck.Check((fun xs -> xs[0].Apply wrongSoftplus), loose, 0.0).Passed)
    Assert.Equal(0.6, loose.Atol)
    Assert.Equal(1e-6, loose.Eps)
    // A wider step still passes a correct rule.
    Assert.True(GradCheck.CheckNodes((fun xs -> tanh xs[0]), GradCheckOptions(eps = 1e-4), 0.4).Passed)

[<Fact>]
let ``a Value function's leaves are fresh values each call, so the caller's values are untouched`` () =
    let outside = Value(3.0)
    let r = GradCheck.Check((fun xs -> xs[0] * outside), 2.0)
    Assert.True r.Passed
    Assert.Equal(3.0, r.Entries[0].Analytic)
    Assert.Equal(0.0, outside.Grad)

[<Fact>]
let ``GradGradCheck compares every second derivative, mixed partials included`` () =
    // f = x y e^x: f_xx = y e^x (x + 2), f_xy = e^x (x + 1), f_yy = 0, at (0.5, -1.5).
    let r = GradGradCheck.Check((fun xs -> xs[0] * xs[1] * xs[0].Exp()), 0.5, -1.5)
    Assert.True(r.Passed, string r)
    Assert.Equal(2, r.Order)
    Assert.Equal(4, r.Entries.Count)
    let e = Math.Exp 0.5
    Assert.Equal(-1.5 * e * 2.5, r.Entries[0].Analytic, 12)
    Assert.Equal(e * 1.5, r.Entries[1].Analytic, 12)
    Assert.Equal(e * 1.5, r.Entries[2].Analytic, 12)
    Assert.Equal(0.0, r.Entries[3].Analytic)
    Assert.Equal((0, 1), (r.Entries[1].Index, r.Entries[1].SecondIndex))
    Assert.Equal(1.5 * e, r.Entries[1].Numeric, 6)

[<Fact>]
let ``GradGradCheck catches a wrong second derivative of a custom operation`` () =
    // softplus' = σ; its node derivative here is wrong: σ², so softplus'' comes out 2σ·σ(1-σ).
    let bad =
        CustomOp.Unary(
            "softplus",
            (fun x -> Math.Log(1.0 + Math.Exp x)),
            (fun x _ -> 1.0 / (1.0 + Math.Exp(-x))),
            (fun x _ -> Node.Sigmoid x * Node.Sigmoid x)
        )
    // At 1: the right softplus'' is σ(1) (1 - σ(1)); the wrong one is d/dx σ² = 2σ(1)² (1 - σ(1)).
    let r = GradGradCheck.CheckNodes((fun xs -> bad.Apply xs[0]), 1.0)
    let s = 1.0 / (1.0 + Math.Exp -1.0)
    Assert.False r.Passed
    Assert.Equal(2.0 * s * s * (1.0 - s), r.Entries[0].Analytic, 12)
    Assert.Equal(s * (1.0 - s), r.Entries[0].Numeric, 6)
