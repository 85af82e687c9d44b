module Micrograd.Core.Tests.OptimizersTests

open System
open Xunit
open Micrograd.Core.Nn
open Micrograd.Core.Tests

// SGD's steps, worked by hand in each test from PyTorch's torch.optim.SGD (μ momentum, τ
// dampening, λ weight decay): d = g (+ λ·p); b = d on the first step, b·μ + (1 − τ)·d after;
// d = d + μ·b (Nesterov) or b; p = p − lr·d. Where a number does not come out round, python3
// evaluated the same expression (the expression is beside it).

/// Runs pure SGD steps from the initial state, one list of gradients per step; the values and
/// state after each.
let private sgdRun options lr (values: float[]) (gradients: float[] list) =
    let mutable state = Sgd.init values.Length
    let mutable current = values
    [
        for g in gradients do
            let next, state' = Sgd.step options lr current g state
            current <- next
            state <- state'
            yield next, state'
    ]

[<Fact>]
let ``an SGD step moves the value against its gradient by the learning rate`` () =
    Assert.Equal(0.3, Sgd.update 0.5 2.0 0.1) // Python: 0.5 - 0.1 * 2.0 == 0.3
    Assert.Equal(1.25, Sgd.update 1.0 -0.5 0.5)

[<Fact>]
let ``an update refuses a learning rate that is not finite, naming it`` () =
    for lr in [ nan; infinity; -infinity ] do
        let e =
            Assert.Throws<ArgumentOutOfRangeException>(fun () -> Sgd.update 1.0 2.0 lr |> ignore)
        Assert.Equal("learningRate", e.ParamName)
        Assert.Contains("expected a finite number", e.Message)
    Assert.Equal(1.5, Sgd.update 1.0 -0.5 1.0) // and a finite one steps: 1 - 1 · (-0.5)

[<Fact>]
let ``a network's step refuses a learning rate that is not finite and keeps its parameters`` () =
    let model = Mlp.Create(2, [| 1 |], Micrograd.Core.PythonRandom 1)
    let before = model.Parameters |> Seq.map (fun p -> p.Data) |> Array.ofSeq
    let loss = model.Forward([| 1.0; 2.0 |])[0]
    let e =
        Assert.Throws<ArgumentOutOfRangeException>(fun () ->
            model.Step(Micrograd.Core.Backprop.gradients loss, nan) |> ignore)
    Assert.Equal("learningRate", e.ParamName)
    let e2 =
        Assert.Throws<ArgumentOutOfRangeException>(fun () ->
            model.Step(Micrograd.Core.Backprop.gradientsFor loss model.Parameters, infinity)
            |> ignore)
    Assert.Equal("learningRate", e2.ParamName)
    Assert.Equal<float[]>(before, model.Parameters |> Seq.map (fun p -> p.Data) |> Array.ofSeq)

[<Fact>]
let ``SGD with momentum takes the first gradient as its buffer, then b·μ + g`` () =
    // μ = 0.9, lr = 0.1, p = 1, gradients 0.5, -0.25, 1.0.
    let options = {
        SgdOptions.Defaults with
            Momentum = 0.9
    }
    match sgdRun options 0.1 [| 1.0 |] [ [| 0.5 |]; [| -0.25 |]; [| 1.0 |] ] with
    | [ (p1, s1); (p2, s2); (p3, s3) ] ->
        // 1: b = g = 0.5 (no μ·0 + g: the gradient itself); p = 1 − 0.1·0.5 = 0.95
        Bits.assertSame 0.5 s1.MomentumBuffers[0] "b1"
        Bits.assertSame 0.95 p1[0] "p1"
        // 2: b = 0.5·0.9 + (1 − 0)·(−0.25) = 0.45 − 0.25 = 0.2; p = 0.95 − 0.1·0.2
        Bits.assertSame 0.2 s2.MomentumBuffers[0] "b2" // python3: 0.5*0.9 + 1*-0.25 == 0.2
        Bits.assertSame 0.9299999999999999 p2[0] "p2" // python3: 0.95 - 0.1*(0.5*0.9 + 1*-0.25)
        // 3: b = 0.2·0.9 + 1.0 = 1.18; p = 0.93 − 0.1·1.18 ≈ 0.812
        Bits.assertSame 1.18 s3.MomentumBuffers[0] "b3" // python3: 0.2*0.9 + 1*1.0
        Bits.assertSame 0.8119999999999999 p3[0] "p3" // python3: 0.9299999999999999 - 0.1*1.18
        Assert.Equal(3, s3.Steps)
    | other -> failwithf "expected 3 steps, got %d" other.Length

[<Fact>]
let ``SGD's dampening does not touch the first buffer and scales every later gradient by 1 − τ`` () =
    // μ = 0.5, τ = 0.5, lr = 0.1, p = 1, gradients 0.5, -0.25, 1.0: all exact in binary.
    let options = {
        SgdOptions.Defaults with
            Momentum = 0.5
            Dampening = 0.5
    }
    match sgdRun options 0.1 [| 1.0 |] [ [| 0.5 |]; [| -0.25 |]; [| 1.0 |] ] with
    | [ (p1, s1); (p2, s2); (p3, s3) ] ->
        Bits.assertSame 0.5 s1.MomentumBuffers[0] "b1" // b = g, undamped
        Bits.assertSame 0.95 p1[0] "p1" // 1 − 0.1·0.5
        Bits.assertSame 0.125 s2.MomentumBuffers[0] "b2" // 0.5·0.5 + 0.5·(−0.25) = 0.25 − 0.125
        Bits.assertSame 0.9375 p2[0] "p2" // 0.95 − 0.1·0.125 (python3: 0.95 - 0.1*0.125 == 0.9375)
        Bits.assertSame 0.5625 s3.MomentumBuffers[0] "b3" // 0.125·0.5 + 0.5·1.0 = 0.0625 + 0.5
        Bits.assertSame 0.88125 p3[0] "p3" // python3: 0.9375 - 0.1*0.5625 == 0.88125
    | other -> failwithf "expected 3 steps, got %d" other.Length

[<Fact>]
let ``SGD's Nesterov step looks ahead by μ·b, with weight decay added to each gradient first`` () =
    // μ = 0.9, Nesterov, λ = 0.01, lr = 0.1; two parameters p = (1, −2).
    let options = {
        SgdOptions.Defaults with
            Momentum = 0.9
            Nesterov = true
            WeightDecay = 0.01
    }
    match sgdRun options 0.1 [| 1.0; -2.0 |] [ [| 0.5; 0.25 |]; [| -0.5; 1.0 |] ] with
    | [ (p1, s1); (p2, s2) ] ->
        // 1, first parameter: d = 0.5 + 0.01·1 = 0.51; b = d = 0.51; d = 0.51 + 0.9·0.51 = 0.969;
        //    p = 1 − 0.1·0.969 = 0.9031
        Bits.assertSame 0.51 s1.MomentumBuffers[0] "b1[0]" // python3: 0.5 + 0.01*1.0
        Bits.assertSame 0.9031 p1[0] "p1[0]" // python3: d=0.5+0.01*1.0; 1.0 - 0.1*(d + 0.9*d)
        // 1, second: d = 0.25 + 0.01·(−2) = 0.23; b = 0.23; p = −2 − 0.1·(0.23 + 0.9·0.23) = −2.0437
        Bits.assertSame 0.23 s1.MomentumBuffers[1] "b1[1]"
        Bits.assertSame -2.0437 p1[1] "p1[1]" // python3: d=0.25+0.01*-2.0; -2.0 - 0.1*(d + 0.9*d)
        // 2, first: d = −0.5 + 0.01·0.9031; b = 0.51·0.9 + d ≈ −0.031969; p = 0.9031 − 0.1·(d + 0.9·b)
        Bits.assertSame -0.03196899999999997 s2.MomentumBuffers[0] "b2[0]" // python3: 0.51*0.9 + (1-0)*(-0.5+0.01*0.9031)
        Bits.assertSame 0.95507411 p2[0] "p2[0]" // python3: d=-0.5+0.01*0.9031; b=0.51*0.9+1*d; 0.9031 - 0.1*(d+0.9*b)
        // 2, second: d = 1 + 0.01·(−2.0437); b = 0.23·0.9 + d = 1.186563
        Bits.assertSame 1.186563 s2.MomentumBuffers[1] "b2[1]" // python3: 0.23*0.9 + 1*(1.0+0.01*-2.0437)
        Bits.assertSame -2.24844697 p2[1] "p2[1]" // python3: d=1.0+0.01*-2.0437; b=0.23*0.9+1*d; -2.0437 - 0.1*(d+0.9*b)
    | other -> failwithf "expected 2 steps, got %d" other.Length

[<Fact>]
let ``SGD's weight decay without momentum steps on g + λ·p`` () =
    let options = {
        SgdOptions.Defaults with
            WeightDecay = 0.1
    }
    match sgdRun options 0.1 [| 2.0 |] [ [| 0.5 |]; [| 0.5 |] ] with
    | [ (p1, _); (p2, _) ] ->
        Bits.assertSame 1.93 p1[0] "p1" // python3: 2.0 - 0.1*(0.5 + 0.1*2.0) == 1.93
        Bits.assertSame 1.8607 p2[0] "p2" // python3: 1.93 - 0.1*(0.5 + 0.1*1.93) == 1.8607
    | other -> failwithf "expected 2 steps, got %d" other.Length

[<Fact>]
let ``SGD with the defaults is micrograd's update to the bit and leaves its inputs as they were`` () =
    let values = [| 0.5; -1.25; 3.0 |]
    let gradients = [| 2.0; 0.3; -0.7 |]
    let state = Sgd.init 3
    let next, state' = Sgd.step SgdOptions.Defaults 0.1 values gradients state
    for i in 0..2 do
        Bits.assertSame (values[i] - 0.1 * gradients[i]) next[i] (sprintf "p[%d]" i)
    Assert.Equal<float[]>([| 0.5; -1.25; 3.0 |], values)
    Assert.Equal(0, state.Steps)
    Assert.Equal(1, state'.Steps)

[<Fact>]
let ``SGD refuses what PyTorch refuses, naming the argument`` () =
    let step options lr (values: float[]) (gradients: float[]) state =
        Sgd.step options lr values gradients state |> ignore
    let s = Sgd.init 1
    for lr in [ nan; infinity; -0.1 ] do
        let e =
            Assert.Throws<ArgumentOutOfRangeException>(fun () -> step SgdOptions.Defaults lr [| 1.0 |] [| 1.0 |] s)
        Assert.Equal("learningRate", e.ParamName)
        Assert.Contains("expected a finite number, 0 or more", e.Message)
    let e =
        Assert.Throws<ArgumentOutOfRangeException>(fun () ->
            step
                {
                    SgdOptions.Defaults with
                        Momentum = -0.5
                }
                0.1
                [| 1.0 |]
                [| 1.0 |]
                s)
    Assert.Equal("options", e.ParamName)
    Assert.StartsWith("The momentum is -0.5; expected a finite number, 0 or more", e.Message)
    let e =
        Assert.Throws<ArgumentOutOfRangeException>(fun () ->
            step
                {
                    SgdOptions.Defaults with
                        WeightDecay = -1.0
                }
                0.1
                [| 1.0 |]
                [| 1.0 |]
                s)
    Assert.StartsWith("The weight decay is -1;", e.Message)
    let e =
        Assert.Throws<ArgumentOutOfRangeException>(fun () ->
            step
                {
                    SgdOptions.Defaults with
                        Dampening = nan
                }
                0.1
                [| 1.0 |]
                [| 1.0 |]
                s)
    Assert.StartsWith("The dampening is NaN;", e.Message)
    let e =
        Assert.Throws<ArgumentException>(fun () ->
            step
                {
                    SgdOptions.Defaults with
                        Nesterov = true
                }
                0.1
                [| 1.0 |]
                [| 1.0 |]
                s)
    Assert.Equal("options", e.ParamName)
    Assert.StartsWith("Nesterov momentum needs a momentum above 0 and a dampening of 0", e.Message)
    let e =
        Assert.Throws<ArgumentException>(fun () ->
            step
                {
                    SgdOptions.Defaults with
                        Momentum = 0.9
                        Nesterov = true
                        Dampening = 0.1
                }
                0.1
                [| 1.0 |]
                [| 1.0 |]
                s)
    Assert.Contains("got momentum 0.9 and dampening 0.1", e.Message)
    let e =
        Assert.Throws<ArgumentException>(fun () -> step SgdOptions.Defaults 0.1 [| 1.0 |] [| 1.0; 2.0 |] s)
    Assert.Equal("gradients", e.ParamName)
    Assert.StartsWith("The gradients: 2 given; expected 1, one per parameter.", e.Message)
    let e =
        Assert.Throws<ArgumentException>(fun () -> step SgdOptions.Defaults 0.1 [| 1.0; 2.0 |] [| 1.0; 2.0 |] s)
    Assert.Equal("state", e.ParamName)
    Assert.StartsWith("The momentum buffers: 1 given; expected 2, one per parameter.", e.Message)
    Assert.Equal(
        "values",
        Assert.Throws<ArgumentNullException>(fun () -> step SgdOptions.Defaults 0.1 null [| 1.0 |] s).ParamName
    )
    Assert.Equal(
        "gradients",
        Assert.Throws<ArgumentNullException>(fun () -> step SgdOptions.Defaults 0.1 [| 1.0 |] null s).ParamName
    )
    Assert.Equal(
        "state",
        Assert
            .Throws<ArgumentNullException>(fun () ->
                step SgdOptions.Defaults 0.1 [| 1.0 |] [| 1.0 |] (Unchecked.defaultof<SgdState>))
            .ParamName
    )
    let e =
        Assert.Throws<ArgumentOutOfRangeException>(fun () ->
            step SgdOptions.Defaults 0.1 [| 1.0 |] [| 1.0 |] { s with Steps = -1 })
    Assert.Equal("state", e.ParamName)
    Assert.StartsWith("The state has taken -1 steps; expected 0 to 2147483646, so that it can take another.", e.Message)
    // The last count there is: its successor would wrap around to a negative count.
    let e =
        Assert.Throws<ArgumentOutOfRangeException>(fun () ->
            step SgdOptions.Defaults 0.1 [| 1.0 |] [| 1.0 |] { s with Steps = Int32.MaxValue })
    Assert.Equal("state", e.ParamName)
    Assert.Equal("parameterCount", Assert.Throws<ArgumentOutOfRangeException>(fun () -> Sgd.init 0 |> ignore).ParamName)
