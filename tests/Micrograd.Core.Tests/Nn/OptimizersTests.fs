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
