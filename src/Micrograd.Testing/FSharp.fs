/// <summary>The kit for F# callers: GradCheck and GradGradCheck over F# functions of nodes
/// (<c>Node[] -> Node</c>), which pipe and partially apply. For F# only (it takes F# functions):
/// C# uses <c>Micrograd.Testing.GradCheck</c>.</summary>
module Micrograd.Testing.FSharp

open Micrograd.Core

/// <summary>GradCheck over an F# function of nodes, with the given options.</summary>
/// <param name="options">The step and tolerances (<c>GradCheckOptions.Default</c> for PyTorch's).</param>
/// <param name="f">The function: leaves x0, x1, ... to the output.</param>
/// <param name="point">One coordinate per input.</param>
[<CompiledName("GradCheckWith")>]
let gradCheckWith (options: GradCheckOptions) (f: Node[] -> Node) (point: float[]) : GradCheckReport =
    Checks.notNull (box f) "f"
    Comparison.first (Comparison.ofNodes f) (Comparison.options options) point

/// <summary>GradCheck over an F# function of nodes, with PyTorch's defaults.</summary>
/// <example><code lang="fsharp">(gradCheck (fun x -> tanh (x[0] * x[1])) [| 0.3; -1.2 |]).Passed</code></example>
[<CompiledName("GradCheck")>]
let gradCheck (f: Node[] -> Node) (point: float[]) : GradCheckReport = gradCheckWith GradCheckOptions.Default f point

/// <summary>GradGradCheck over an F# function of nodes, with the given options.</summary>
[<CompiledName("GradGradCheckWith")>]
let gradGradCheckWith (options: GradCheckOptions) (f: Node[] -> Node) (point: float[]) : GradCheckReport =
    Checks.notNull (box f) "f"
    Comparison.second (Comparison.ofNodes f) (Comparison.options options) point

/// <summary>GradGradCheck over an F# function of nodes, with GradCheckOptions.SecondOrder.</summary>
[<CompiledName("GradGradCheck")>]
let gradGradCheck (f: Node[] -> Node) (point: float[]) : GradCheckReport =
    gradGradCheckWith GradCheckOptions.SecondOrder f point

/// <summary>Throws GradCheckException, whose message lists the derivatives, when the report failed.</summary>
/// <example><code lang="fsharp">gradCheck f [| 2.0 |] |> ensure</code></example>
[<CompiledName("Ensure")>]
let ensure (report: GradCheckReport) : unit =
    Checks.notNull report "report"
    Comparison.throwIfFailed report
