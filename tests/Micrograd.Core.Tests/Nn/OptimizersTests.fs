module Micrograd.Core.Tests.OptimizersTests

open Xunit
open FsCheck
open FsCheck.Xunit
open Micrograd.Core.Nn

[<Fact>]
let ``an SGD step moves the value against its gradient by the learning rate`` () =
    Assert.Equal(0.3, Sgd.update 0.5 2.0 0.1) // Python: 0.5 - 0.1 * 2.0 == 0.3
    Assert.Equal(1.25, Sgd.update 1.0 -0.5 0.5)

[<Fact>]
let ``the demo schedule falls from 1 towards 0.1 in a straight line`` () =
    Assert.Equal(1.0, Schedules.linearDecay 0 100)
    Assert.Equal(0.55, Schedules.linearDecay 50 100, 15)
    Assert.Equal(0.1, Schedules.linearDecay 100 100, 15)

[<Property>]
let ``the demo schedule is C#'s 1.0 - 0.9 * step / steps to the bit`` (step: NonNegativeInt) (steps: PositiveInt) =
    let step, steps = step.Get, steps.Get
    Bits.ofFloat (Schedules.linearDecay step steps) = Bits.ofFloat (1.0 - (0.9 * float step) / float steps)

[<Fact>]
let ``an update refuses a learning rate that is not finite, naming it`` () =
    for lr in [ nan; infinity; -infinity ] do
        let e =
            Assert.Throws<System.ArgumentOutOfRangeException>(fun () -> Sgd.update 1.0 2.0 lr |> ignore)
        Assert.Equal("learningRate", e.ParamName)
        Assert.Contains("expected a finite number", e.Message)
    Assert.Equal(1.5, Sgd.update 1.0 -0.5 1.0) // and a finite one steps: 1 - 1 · (-0.5)

[<Fact>]
let ``a network's step refuses a learning rate that is not finite and keeps its parameters`` () =
    let model = Mlp.Create(2, [| 1 |], Micrograd.Core.PythonRandom 1)
    let before = model.Parameters |> Seq.map (fun p -> p.Data) |> Array.ofSeq
    let loss = model.Forward([| 1.0; 2.0 |])[0]
    let e =
        Assert.Throws<System.ArgumentOutOfRangeException>(fun () ->
            model.Step(Micrograd.Core.Backprop.gradients loss, nan) |> ignore)
    Assert.Equal("learningRate", e.ParamName)
    let e2 =
        Assert.Throws<System.ArgumentOutOfRangeException>(fun () ->
            model.Step(Micrograd.Core.Backprop.gradientsFor loss model.Parameters, infinity)
            |> ignore)
    Assert.Equal("learningRate", e2.ParamName)
    Assert.Equal<float[]>(before, model.Parameters |> Seq.map (fun p -> p.Data) |> Array.ofSeq)
