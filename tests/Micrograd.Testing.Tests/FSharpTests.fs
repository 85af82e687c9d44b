module Micrograd.Testing.Tests.FSharpTests

open System
open Xunit
open Micrograd.Core
open Micrograd.Testing
open Micrograd.Testing.FSharp

[<Fact>]
let ``gradCheck takes an F# function and pipes`` () =
    let f (x: Node[]) = tanh (x[0] * x[1]) + exp x[0]
    let r = gradCheck f [| 0.3; -1.2 |]
    Assert.True r.Passed
    r |> ensure

[<Fact>]
let ``ensure throws on a failed report`` () =
    let wrong = CustomOp.Unary("cube", (fun x -> x * x * x), (fun x _ -> 2.0 * x * x))
    let r = gradCheck (fun x -> wrong.Apply x[0]) [| 1.0 |]
    // analytic 2, numeric 3 (d x³/dx at 1).
    Assert.Equal(2.0, r.Entries[0].Analytic)
    Assert.Equal(3.0, r.Entries[0].Numeric, 6)
    Assert.Throws<GradCheckException>(fun () -> ensure r) |> ignore

[<Fact>]
let ``gradGradCheck and the options work from F#`` () =
    Assert.True((gradGradCheck (fun x -> x[0] ** 3.0 * x[1]) [| 1.5; -0.5 |]).Passed)
    Assert.True((gradCheckWith (GradCheckOptions(atol = 1e-4)) (fun x -> log x[0]) [| 2.0 |]).Passed)
    Assert.True((gradGradCheckWith GradCheckOptions.SecondOrder (fun x -> exp x[0]) [| 0.1 |]).Passed)
