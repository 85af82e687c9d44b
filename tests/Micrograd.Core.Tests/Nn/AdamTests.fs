module Micrograd.Core.Tests.AdamTests

open System
open Xunit
open Micrograd.Core.Nn
open Micrograd.Core.Tests

// Adam's and AdamW's steps, worked in each test from PyTorch's _single_tensor_adam, step t from 1:
//   (Adam, λ ≠ 0)  g = g + λ·p          (AdamW, λ ≠ 0)  p = p·(1 − lr·λ)
//   w = 1 − β1;  m = m + w·(g − m) if w < 0.5, else g − (g − m)·(1 − w)
//   v = v·β2 + (1 − β2)·g·g
//   bc1 = 1 − β1**t;  bc2 = 1 − β2**t;  stepSize = lr / bc1
//   p = p + (−stepSize·m) / (sqrt(v) / bc2**0.5 + ε)
// The numbers that do not come out round were evaluated by python3 with exactly these
// expressions (plain floats, no numpy): the expression stands beside each.

let private run step options lr (values: float[]) (gradients: float[] list) =
    let mutable state = Adam.init values.Length
    let mutable current = values
    [
        for g in gradients do
            let next, state' = step options lr current g state
            current <- next
            state <- state'
            yield next, state'
    ]

let private adamRun = run Adam.step
let private adamWRun = run AdamW.step

[<Fact>]
let ``the defaults are PyTorch's`` () =
    Assert.Equal(0.9, AdamOptions.Defaults.Beta1)
    Assert.Equal(0.999, AdamOptions.Defaults.Beta2)
    Assert.Equal(1e-8, AdamOptions.Defaults.Eps)
    Assert.Equal(0.0, AdamOptions.Defaults.WeightDecay)
    Assert.Equal(1e-2, AdamOptions.AdamWDefaults.WeightDecay)
    Assert.Equal(1e-3, Adam.defaultLearningRate)

[<Fact>]
let ``Adam's first step moves each parameter by about lr against its gradient's sign`` () =
    // Defaults, lr = 0.1, p = 1, gradients 0.5, −0.25, 1.0.
    match adamRun AdamOptions.Defaults 0.1 [| 1.0 |] [ [| 0.5 |]; [| -0.25 |]; [| 1.0 |] ] with
    | [ (p1, s1); (p2, s2); (p3, s3) ] ->
        // t = 1: m = 0 + (1 − 0.9)·0.5 ≈ 0.05; v = (1 − 0.999)·0.5·0.5 ≈ 0.00025;
        //        bc1 = 1 − 0.9 ≈ 0.1, bc2 ≈ 0.001, stepSize = 0.1/bc1 ≈ 1;
        //        denom = sqrt(0.00025)/sqrt(0.001) + 1e-8 ≈ 0.5 + 1e-8; p = 1 − 0.05/0.50000001 ≈ 0.9
        Bits.assertSame 0.04999999999999999 s1.FirstMoments[0] "m1" // python3: 0 + (1-0.9)*(0.5-0)
        Bits.assertSame 0.0002500000000000002 s1.SecondMoments[0] "v1" // python3: 0*0.999 + (1-0.999)*0.5*0.5
        Bits.assertSame 0.900000002 p1[0] "p1" // python3: 1.0 + (-(0.1/(1-0.9**1.0)))*m1/(math.sqrt(v1)/(1-0.999**1.0)**0.5 + 1e-8)
        // t = 2: m = 0.05 + 0.1·(−0.25 − 0.05) ≈ 0.02; v = 0.00025·0.999 + 0.001·0.0625 ≈ 0.00031225;
        //        bc1 = 1 − 0.81 = 0.19, bc2 = 1 − 0.998001 = 0.001999; the step is smaller than lr
        //        because m kept most of the first, positive gradient.
        Bits.assertSame 0.019999999999999997 s2.FirstMoments[0] "m2" // python3: m1 + (1-0.9)*(-0.25-m1)
        Bits.assertSame 0.0003122500000000003 s2.SecondMoments[0] "v2" // python3: v1*0.999 + (1-0.999)*-0.25*-0.25
        Bits.assertSame 0.8733662987078463 p2[0] "p2" // python3: p1 + (-(0.1/(1-0.9**2.0)))*m2/(math.sqrt(v2)/(1-0.999**2.0)**0.5 + 1e-8)
        // t = 3: m = 0.02 + 0.1·(1 − 0.02) = 0.118; v = 0.00031225·0.999 + 0.001·1
        Bits.assertSame 0.11799999999999997 s3.FirstMoments[0] "m3" // python3: m2 + (1-0.9)*(1.0-m2)
        Bits.assertSame 0.0013119377500000011 s3.SecondMoments[0] "v3" // python3: v2*0.999 + (1-0.999)*1.0*1.0
        Bits.assertSame 0.8075551396770898 p3[0] "p3" // python3: p2 + (-(0.1/(1-0.9**3.0)))*m3/(math.sqrt(v3)/(1-0.999**3.0)**0.5 + 1e-8)
        Assert.Equal(3, s3.Steps)
    | other -> failwithf "expected 3 steps, got %d" other.Length

[<Fact>]
let ``Adam's weight decay is added to the gradient before the moments`` () =
    // λ = 0.1, lr = 0.1, p = (1, −2), gradients (0.5, 0.25) then (−0.5, 1.0).
    let options = {
        AdamOptions.Defaults with
            WeightDecay = 0.1
    }
    match adamRun options 0.1 [| 1.0; -2.0 |] [ [| 0.5; 0.25 |]; [| -0.5; 1.0 |] ] with
    | [ (p1, s1); (p2, s2) ] ->
        // t = 1, first: g = 0.5 + 0.1·1 = 0.6, m = 0.1·0.6 ≈ 0.06, v = 0.001·0.36
        Bits.assertSame 0.059999999999999984 s1.FirstMoments[0] "m1[0]" // python3: 0 + (1-0.9)*((0.5+0.1*1.0)-0)
        Bits.assertSame 0.0003600000000000003 s1.SecondMoments[0] "v1[0]" // python3: (1-0.999)*0.6*0.6
        Bits.assertSame 0.9000000016666666 p1[0] "p1[0]"
        // t = 1, second: g = 0.25 + 0.1·(−2) = 0.05 (in floats 0.04999999999999999)
        Bits.assertSame 0.0049999999999999975 s1.FirstMoments[1] "m1[1]" // python3: (1-0.9)*(0.25+0.1*-2.0)
        Bits.assertSame -2.099999980000004 p1[1] "p1[1]"
        // t = 2: g uses the decayed p of step 1.
        Bits.assertSame 0.013000000016666659 s2.FirstMoments[0] "m2[0]" // python3: m + (1-0.9)*((-0.5+0.1*p1[0])-m)
        Bits.assertSame 0.0005277399998633338 s2.SecondMoments[0] "v2[0]"
        Bits.assertSame 0.8866836230649792 p2[0] "p2[0]"
        Bits.assertSame 0.08350000019999992 s2.FirstMoments[1] "m2[1]"
        Bits.assertSame 0.0006265975031599998 s2.SecondMoments[1] "v2[1]"
        Bits.assertSame -2.178495511577223 p2[1] "p2[1]"
    | other -> failwithf "expected 2 steps, got %d" other.Length

[<Fact>]
let ``AdamW shrinks each parameter by 1 − lr·λ before Adam's step and keeps the gradient as it is`` () =
    // λ = 0.01 (AdamW's default), lr = 0.1, p = (1, −2), gradients (0.5, 0.25) then (−0.5, 1.0).
    match adamWRun AdamOptions.AdamWDefaults 0.1 [| 1.0; -2.0 |] [ [| 0.5; 0.25 |]; [| -0.5; 1.0 |] ] with
    | [ (p1, s1); (p2, s2) ] ->
        // t = 1, first: p = 1·(1 − 0.1·0.01) = 0.999; m, v from g = 0.5 unchanged (as Adam's step 1
        // above: m ≈ 0.05, v ≈ 0.00025); p = 0.999 − ≈0.1 = 0.899000002
        Bits.assertSame 0.04999999999999999 s1.FirstMoments[0] "m1[0]"
        Bits.assertSame 0.0002500000000000002 s1.SecondMoments[0] "v1[0]"
        Bits.assertSame 0.899000002 p1[0] "p1[0]" // python3: 1.0*(1-0.1*0.01) + (-(0.1/(1-0.9**1.0)))*m/(math.sqrt(v)/(1-0.999**1.0)**0.5+1e-8)
        // t = 1, second: p = −2·0.999 = −1.998, moves ≈ −0.1 (its gradient is positive)
        Bits.assertSame 0.024999999999999994 s1.FirstMoments[1] "m1[1]"
        Bits.assertSame 6.250000000000006e-05 s1.SecondMoments[1] "v1[1]"
        Bits.assertSame -2.097999996 p1[1] "p1[1]"
        // t = 2
        Bits.assertSame -0.0050000000000000044 s2.FirstMoments[0] "m2[0]" // python3: m + (1-0.9)*(-0.5-m)
        Bits.assertSame 0.0004997500000000004 s2.SecondMoments[0] "v2[0]"
        Bits.assertSame 0.9033641597874735 p2[0] "p2[0]"
        Bits.assertSame 0.12249999999999997 s2.FirstMoments[1] "m2[1]"
        Bits.assertSame 0.0010624375000000009 s2.SecondMoments[1] "v2[1]"
        Bits.assertSame -2.1843396438485123 p2[1] "p2[1]"
    | other -> failwithf "expected 2 steps, got %d" other.Length

[<Fact>]
let ``with β1 below 0.5 the first moment takes ATen lerp's other branch, g − (g − m)·β1`` () =
    // β1 = 0.3: w = 0.7 ≥ 0.5, so m = g − (g − m)·(1 − w).
    let options = {
        AdamOptions.Defaults with
            Beta1 = 0.3
    }
    match adamRun options 0.1 [| 1.0 |] [ [| 0.5 |]; [| -0.25 |] ] with
    | [ (p1, s1); (p2, s2) ] ->
        Bits.assertSame 0.35 s1.FirstMoments[0] "m1" // python3: 0.5 - (0.5-0)*(1-(1-0.3)) == 0.35
        Bits.assertSame 0.900000002 p1[0] "p1" // the first step is ≈ lr whatever β1
        Bits.assertSame -0.06999999999999998 s2.FirstMoments[0] "m2" // python3: -0.25 - (-0.25-0.35)*(1-(1-0.3))
        Bits.assertSame 0.919463092867343 p2[0] "p2"
    | other -> failwithf "expected 2 steps, got %d" other.Length

[<Fact>]
let ``a pure step leaves the values and the state it was given as they were`` () =
    let values = [| 1.0; -2.0 |]
    let state = Adam.init 2
    let _, state' = Adam.step AdamOptions.Defaults 0.1 values [| 0.5; 0.25 |] state
    Assert.Equal<float[]>([| 1.0; -2.0 |], values)
    Assert.Equal(0, state.Steps)
    Assert.Equal(0.0, state.FirstMoments[0])
    Assert.Equal(1, state'.Steps)

[<Fact>]
let ``in place and pure, Adam and AdamW give the same bits`` () =
    for options, pureStep, inPlace in
        [
            AdamOptions.Defaults, Adam.step, Adam.stepInPlace
            AdamOptions.AdamWDefaults, AdamW.step, AdamW.stepInPlace
        ] do
        let values = [| 0.3; -1.7; 2.5 |]
        let m, v = Array.zeroCreate 3, Array.zeroCreate 3
        let mutable pureValues = Array.copy values
        let mutable state = Adam.init 3
        for k in 0..4 do
            let g = [| 0.1 * float k - 0.2; 1.0 / float (k + 1); -0.5 |]
            inPlace options 0.01 k values g m v
            let next, state' = pureStep options 0.01 pureValues g state
            pureValues <- next
            state <- state'
            for i in 0..2 do
                Bits.assertSame pureValues[i] values[i] (sprintf "step %d, p[%d]" k i)
                Bits.assertSame state.FirstMoments[i] m[i] (sprintf "step %d, m[%d]" k i)
                Bits.assertSame state.SecondMoments[i] v[i] (sprintf "step %d, v[%d]" k i)

[<Fact>]
let ``Adam refuses what PyTorch refuses, naming the argument`` () =
    let step options lr (values: float[]) (gradients: float[]) state =
        Adam.step options lr values gradients state |> ignore
    let s = Adam.init 1
    for beta in [ -0.1; 1.0; 1.5; nan ] do
        let e =
            Assert.Throws<ArgumentOutOfRangeException>(fun () ->
                step
                    {
                        AdamOptions.Defaults with
                            Beta1 = beta
                    }
                    0.1
                    [| 1.0 |]
                    [| 1.0 |]
                    s)
        Assert.Equal("options", e.ParamName)
        Assert.StartsWith("beta1 is ", e.Message)
        Assert.Contains("expected a number from 0 up to but not including 1, such as 0.9", e.Message)
        let e =
            Assert.Throws<ArgumentOutOfRangeException>(fun () ->
                AdamW.step
                    {
                        AdamOptions.Defaults with
                            Beta2 = beta
                    }
                    0.1
                    [| 1.0 |]
                    [| 1.0 |]
                    s
                |> ignore)
        Assert.StartsWith("beta2 is ", e.Message)
    for eps in [ -1e-8; nan; infinity ] do
        let e =
            Assert.Throws<ArgumentOutOfRangeException>(fun () ->
                step { AdamOptions.Defaults with Eps = eps } 0.1 [| 1.0 |] [| 1.0 |] s)
        Assert.StartsWith("eps is ", e.Message)
    let e =
        Assert.Throws<ArgumentOutOfRangeException>(fun () ->
            step
                {
                    AdamOptions.Defaults with
                        WeightDecay = -0.01
                }
                0.1
                [| 1.0 |]
                [| 1.0 |]
                s)
    Assert.StartsWith("The weight decay is -0.01;", e.Message)
    for lr in [ -0.001; nan; -infinity ] do
        Assert.Equal(
            "learningRate",
            Assert
                .Throws<ArgumentOutOfRangeException>(fun () -> step AdamOptions.Defaults lr [| 1.0 |] [| 1.0 |] s)
                .ParamName
        )
    let e =
        Assert.Throws<ArgumentException>(fun () -> step AdamOptions.Defaults 0.1 [| 1.0 |] [||] s)
    Assert.Equal("gradients", e.ParamName)
    let e =
        Assert.Throws<ArgumentException>(fun () -> step AdamOptions.Defaults 0.1 [| 1.0; 2.0 |] [| 1.0; 2.0 |] s)
    Assert.Equal("state", e.ParamName)
    Assert.StartsWith("The first moments: 1 given; expected 2, one per parameter.", e.Message)
    let e =
        Assert.Throws<ArgumentException>(fun () ->
            step AdamOptions.Defaults 0.1 [| 1.0 |] [| 1.0 |] {
                s with
                    SecondMoments = [| 0.0; 0.0 |]
            })
    Assert.StartsWith("The second moments: 2 given; expected 1, one per parameter.", e.Message)
    let e =
        Assert.Throws<ArgumentOutOfRangeException>(fun () ->
            step AdamOptions.Defaults 0.1 [| 1.0 |] [| 1.0 |] { s with Steps = -3 })
    Assert.Equal("state", e.ParamName)
    let e =
        Assert.Throws<ArgumentException>(fun () ->
            Adam.stepInPlace AdamOptions.Defaults 0.1 0 [| 1.0 |] [| 1.0 |] [| 0.0 |] [||])
    Assert.Equal("secondMoments", e.ParamName)

[<Fact>]
let ``pure Adam steps on the functional network lower the lecture's loss and leave the first network as it was`` () =
    let xs = [
        [| 2.0; 3.0; -1.0 |]
        [| 3.0; -1.0; 0.5 |]
        [| 0.5; 1.0; 1.0 |]
        [| 1.0; 1.0; -1.0 |]
    ]
    let ys = [ 1.0; -1.0; -1.0; 1.0 ]
    let lossOf (model: Mlp) =
        List.map2 (fun (x: float[]) y -> (model.Forward(x)[0] - y) ** 2.0) xs ys
        |> Micrograd.Core.Node.Sum
    let first = Mlp.Lecture(3, [ 4; 4; 1 ], Micrograd.Core.PythonRandom 1337)
    let before = Mlp.parameterValues first
    let mutable model = first
    let mutable state = Adam.init first.Parameters.Count
    for _ in 1..30 do
        let grads =
            Micrograd.Core.Backprop.gradientsFor (lossOf model) (Mlp.parameters model)
        let values, state' =
            Adam.step AdamOptions.Defaults 0.05 (Mlp.parameterValues model) grads state
        model <- model |> Mlp.withParameters values
        state <- state'
        Assert.Equal<float[]>(values, Mlp.parameterValues model)
    Assert.True((lossOf model).Data < 0.5 * (lossOf first).Data)
    Assert.Equal<float[]>(before, Mlp.parameterValues first)
    Assert.Equal(30, state.Steps)

[<Fact>]
let ``the in-place steps allocate nothing, so a tape can train without garbage`` () =
    let values = Array.init 337 (fun i -> 0.01 * float i - 1.0)
    let gradients = Array.init 337 (fun i -> 0.5 - 0.003 * float i)
    let a, b = Array.zeroCreate 337, Array.zeroCreate 337
    let sgd = {
        SgdOptions.Defaults with
            Momentum = 0.9
            Nesterov = true
            WeightDecay = 1e-4
    }
    let mutable k = 0
    let bytes =
        Allocations.fewestBytes 20 (fun () ->
            Adam.stepInPlace AdamOptions.Defaults 1e-3 k values gradients a b
            AdamW.stepInPlace AdamOptions.AdamWDefaults 1e-3 k values gradients a b
            Sgd.stepInPlace sgd 0.01 k values gradients a
            k <- k + 1)
    Assert.Equal(0L, bytes)

[<Fact>]
let ``a state is plain data: ten steps equal five, the state through JSON and back, and five more`` () =
    let gradientsAt k = [| 0.3 - 0.1 * float k; 1.0 / float (k + 1) |]
    let adam (values, state) k = AdamW.step AdamOptions.AdamWDefaults 0.01 values (gradientsAt k) state
    let sgd (values, state) k =
        Sgd.step
            {
                SgdOptions.Defaults with
                    Momentum = 0.9
            }
            0.01
            values
            (gradientsAt k)
            state
    let roundTrip (state: 'S) = Text.Json.JsonSerializer.Deserialize<'S>(Text.Json.JsonSerializer.Serialize state)
    let start = [| 1.0; -2.0 |]
    let adamStraight, _ = List.fold adam (start, Adam.init 2) [ 0..9 ]
    let adamHalf, adamSaved = List.fold adam (start, Adam.init 2) [ 0..4 ]
    let adamResumed, _ = List.fold adam (adamHalf, roundTrip adamSaved) [ 5..9 ]
    let sgdStraight, _ = List.fold sgd (start, Sgd.init 2) [ 0..9 ]
    let sgdHalf, sgdSaved = List.fold sgd (start, Sgd.init 2) [ 0..4 ]
    let sgdResumed, _ = List.fold sgd (sgdHalf, roundTrip sgdSaved) [ 5..9 ]
    for i in 0..1 do
        Bits.assertSame adamStraight[i] adamResumed[i] (sprintf "AdamW p[%d]" i)
        Bits.assertSame sgdStraight[i] sgdResumed[i] (sprintf "SGD p[%d]" i)

[<Fact>]
let ``the bias correction's square root is PyTorch's bc2 ** 0.5, not Math.Sqrt, which differs in the last bit`` () =
    // At t = 2582, (1 - 0.999**t)**0.5 and math.sqrt(1 - 0.999**t) differ by one ulp, and here so
    // does the step. python3, from m = 0.3, v = 0.002, g = -0.7, lr = 0.1, p = 1:
    //   m = 0.3 + (1-0.9)*(-0.7-0.3);  v = 0.002*0.999 + (1-0.999)*-0.7*-0.7
    //   1.0 + (-(0.1/(1-0.9**2582.0)))*m/(math.sqrt(v)/(1-0.999**2582.0)**0.5 + 1e-8)  == 0.6144752048430192
    //   ... with math.sqrt(1-0.999**2582.0) instead                                     == 0.6144752048430193
    let state = {
        Steps = 2581
        FirstMoments = [| 0.3 |]
        SecondMoments = [| 0.002 |]
    }
    let next, _ = Adam.step AdamOptions.Defaults 0.1 [| 1.0 |] [| -0.7 |] state
    Bits.assertSame 0.6144752048430192 next[0] "p"
