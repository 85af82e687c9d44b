module Micrograd.Core.Tests.SchedulesTests

open System
open Xunit
open FsCheck
open FsCheck.Xunit
open Micrograd.Core.Nn
open Micrograd.Core.Tests

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
let ``a constant schedule gives its learning rate at every step`` () =
    for k in [ 0; 1; 1000 ] do
        Assert.Equal(0.01, Schedules.constant 0.01 k)

[<Fact>]
let ``step decay multiplies by gamma every stepSize steps, as StepLR`` () =
    // lr0 = 0.1, gamma = 0.5, every 3 steps: 0.1 for k = 0..2, 0.05 for 3..5, 0.025 at 6.
    let lr k = Schedules.stepDecay 0.1 0.5 3 k
    for k in 0..2 do
        Assert.Equal(0.1, lr k)
    for k in 3..5 do
        Assert.Equal(0.05, lr k) // 0.1·0.5, exact halving
    Assert.Equal(0.025, lr 6)
    // gamma = 0.1, stepSize 1: python3: 0.1 * 0.1 ** 2 == 0.0010000000000000002
    Bits.assertSame 0.0010000000000000002 (Schedules.stepDecay 0.1 0.1 1 2) "k = 2"

[<Fact>]
let ``cosine annealing falls from lr0 to the floor along half a cosine, as CosineAnnealingLR`` () =
    // lr0 = 0.1, ηmin = 0.001, T = 4.
    let lr k = Schedules.cosine 0.1 0.001 4 k
    Assert.Equal(0.1, lr 0) // cos 0 = 1: 0.001 + 0.099·2/2 (python3: 0.001 + (0.1-0.001)*(1+math.cos(0))/2 == 0.1)
    // k = 2: cos(π/2) ≈ 6.1e-17, so half way: python3: 0.001 + (0.1-0.001)*(1+math.cos(math.pi*2/4))/2
    Bits.assertSame 0.0505 (lr 2) "k = 2"
    // k = 1: python3: 0.001 + (0.1-0.001)*(1+math.cos(math.pi*1/4))/2 == 0.0855017856687341
    Bits.assertSame 0.0855017856687341 (lr 1) "k = 1"
    // k = T: cos π = −1, exactly the floor
    Bits.assertSame 0.001 (lr 4) "k = T"
    // past T it rises again, as PyTorch's closed form does: k = 6 is about k = 2's value
    // (python3: 0.001 + (0.1-0.001)*(1+math.cos(math.pi*6/4))/2 == 0.05049999999999999)
    Bits.assertSame 0.05049999999999999 (lr 6) "k = 6"

[<Fact>]
let ``schedules refuse steps, periods and rates out of range, naming them`` () =
    let name (f: unit -> float) = (Assert.Throws<ArgumentOutOfRangeException>(fun () -> f () |> ignore)).ParamName
    Assert.Equal("step", name (fun () -> Schedules.linearDecay -1 10))
    Assert.Equal("steps", name (fun () -> Schedules.linearDecay 0 0))
    Assert.Equal("learningRate", name (fun () -> Schedules.constant nan 0))
    Assert.Equal("step", name (fun () -> Schedules.constant 0.1 -1))
    Assert.Equal("gamma", name (fun () -> Schedules.stepDecay 0.1 -0.5 3 0))
    Assert.Equal("stepSize", name (fun () -> Schedules.stepDecay 0.1 0.5 0 0))
    Assert.Equal("learningRate", name (fun () -> Schedules.stepDecay -0.1 0.5 3 0))
    Assert.Equal("period", name (fun () -> Schedules.cosine 0.1 0.0 0 0))
    Assert.Equal("minimum", name (fun () -> Schedules.cosine 0.1 infinity 10 0))
    let e =
        Assert.Throws<ArgumentOutOfRangeException>(fun () -> Schedules.cosine 0.1 0.0 10 -2 |> ignore)
    Assert.StartsWith("The step is -2; steps count from 0.", e.Message)
