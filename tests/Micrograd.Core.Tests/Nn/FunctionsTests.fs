module Micrograd.Core.Tests.FunctionsTests

open System
open Xunit
open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open Micrograd.Core
open Micrograd.Core.Nn

let private a = NodeArithmetic()
let private leaves (xs: float seq) = [| for x in xs -> Node.Leaf x |]

/// Equal to within a few units in the last place: the graph's arithmetic (a shift, a sum from 0,
/// a log, an exp) is not Python's, so the last bit or two may differ.
let private close (expected: float) (actual: float) (what: string) =
    if abs (actual - expected) > 1e-15 * max 1.0 (abs expected) then
        failwithf "%s: expected %.17g, got %.17g" what expected actual

// exp 1, exp 2, exp 3 and their sum, from python3:
//   >>> [math.exp(x) for x in (1, 2, 3)]
//   [2.718281828459045, 7.38905609893065, 20.085536923187668]
//   >>> sum(_)
//   30.19287485057736
let private e1, e2, e3 = 2.718281828459045, 7.38905609893065, 20.085536923187668
let private sumE = 30.19287485057736

[<Fact>]
let ``softmax of 1, 2, 3 is each exponential over their sum`` () =
    let p = Functions.softmax a (leaves [ 1.0; 2.0; 3.0 ])
    // e_i / (e1 + e2 + e3), python3: [0.09003057317038046, 0.24472847105479767, 0.6652409557748219]
    close (e1 / sumE) p[0].Data "p0"
    close (e2 / sumE) p[1].Data "p1"
    close (e3 / sumE) p[2].Data "p2"
    close 0.09003057317038046 p[0].Data "p0 from python"
    close 0.6652409557748219 p[2].Data "p2 from python"
    close 1.0 (p[0].Data + p[1].Data + p[2].Data) "the sum"

[<Fact>]
let ``log-softmax of 1, 2, 3 is each logit minus the log of the sum of exponentials`` () =
    let l = Functions.logSoftmax a (leaves [ 1.0; 2.0; 3.0 ])
    // x_i - ln(e1 + e2 + e3), python3: [x - math.log(30.19287485057736) for x in (1, 2, 3)]
    //   [-2.40760596444438, -1.4076059644443801, -0.40760596444438013]
    close (1.0 - Math.Log sumE) l[0].Data "l0"
    close -1.4076059644443801 l[1].Data "l1"
    close -0.40760596444438013 l[2].Data "l2"
    close (Math.Log sumE) (Functions.logSumExp a (leaves [ 1.0; 2.0; 3.0 ])).Data "log-sum-exp"

[<Fact>]
let ``the shift is the largest logit to within a rounding, and the results are still right`` () =
    let x = leaves [ -2.62; 0.44 ]
    let struct (shift, _, _) = Functions.shifted a x
    // The running half-maximum, as python3 evaluates it: h = -2.62*0.5; h + max(0, 0.44*0.5 + h*-1),
    // doubled, is 0.43999999999999995, one unit in the last place below 0.44.
    Bits.assertSame 0.43999999999999995 shift.Data "shift"
    Assert.Equal(Math.BitIncrement shift.Data, 0.44)
    // python3: math.log(math.exp(-2.62) + math.exp(0.44)) = 0.48582166273506777, and each logit minus it
    close 0.48582166273506777 (Functions.logSumExp a x).Data "log-sum-exp"
    let l = Functions.logSoftmax a x
    close -3.105821662735068 l[0].Data "l0"
    close -0.04582166273506777 l[1].Data "l1"

[<Fact>]
let ``the gradient of a softmax entry is p_i (delta_ij - p_j)`` () =
    let x = leaves [ 1.0; 2.0; 3.0 ]
    let p = Functions.softmax a x
    let grads = Backprop.gradients p[1]
    let p0, p1, p2 = e1 / sumE, e2 / sumE, e3 / sumE
    // ∂p1/∂x0 = -p1·p0, ∂p1/∂x1 = p1(1 - p1), ∂p1/∂x2 = -p1·p2
    close (-p1 * p0) grads[x[0]] "dp1/dx0"
    close (p1 * (1.0 - p1)) grads[x[1]] "dp1/dx1"
    close (-p1 * p2) grads[x[2]] "dp1/dx2"

[<Fact>]
let ``softmax and log-softmax of 1000, 0, -1000 are finite, with the right gradient`` () =
    let x = leaves [ 1000.0; 0.0; -1000.0 ]
    let p = Functions.softmax a x
    let l = Functions.logSoftmax a x
    // e^-1000 underflows to 0 next to e^0 = 1: the probabilities are 1, 0, 0 and the
    // log-probabilities the logits minus 1000 (ln(1 + e^-1000 + e^-2000) = 0 in floats).
    Assert.Equal<float>([| 1.0; 0.0; 0.0 |], [| for v in p -> v.Data |])
    Assert.Equal<float>([| 0.0; -1000.0; -2000.0 |], [| for v in l -> v.Data |])
    // ∂l1/∂x_j = δ_1j - p_j = -1, 1, 0.
    let grads = Backprop.gradients l[1]
    Assert.Equal<float>([| -1.0; 1.0; 0.0 |], [| for n in x -> grads[n] |])
    // ∂p0/∂x_j = p0 (δ_0j - p_j) = 0 everywhere (p0 = 1 is flat).
    let gp = Backprop.gradients p[0]
    Assert.Equal<float>([| 0.0; 0.0; 0.0 |], [| for n in x -> gp[n] |])

[<Fact>]
let ``softplus is finite at plus and minus 1000 and has the gradient sigmoid x, one half at 0 exactly`` () =
    let at (v: float) =
        let x = Node.Leaf v
        let s = Functions.softplus a x
        s.Data, (Backprop.gradients s)[x]
    // ln(1 + e^1000) = 1000 + ln(1 + e^-1000) = 1000 in floats; σ(1000) = 1.
    Assert.Equal((1000.0, 1.0), at 1000.0)
    // ln(1 + e^-1000) ≈ e^-1000, which underflows to 0; so does σ(-1000) ≈ e^-1000.
    Assert.Equal((0.0, 0.0), at -1000.0)
    // ln 2, python3: math.log(2) = 0.6931471805599453; σ(0) = 1/2, exactly.
    Assert.Equal((0.6931471805599453, 0.5), at 0.0)

// The documented IEEE edges. softplus(-∞): the shift is 0 (relu(-∞/2 - 0) = 0), e^0 + e^-∞ = 1,
// ln 1 = 0; the gradient e^-∞ / 1 = 0. softplus(+∞): the shift is +∞ and +∞ - +∞ is NaN.
[<Fact>]
let ``softplus of minus infinity is 0 with gradient 0, of plus infinity NaN, as documented`` () =
    let x = Node.Leaf Double.NegativeInfinity
    let s = Functions.softplus a x
    Assert.Equal(0.0, s.Data)
    Assert.Equal(0.0, (Backprop.gradients s)[x])
    Assert.True(Double.IsNaN (Functions.softplus a (Node.Leaf Double.PositiveInfinity)).Data)
    // log-sum-exp: -∞ after the first input adds nothing (ln(e^1 + e^-∞) = 1); a first -∞ makes the
    // running maximum -∞, and relu(x/2 - -∞) = +∞ then -∞ + +∞ is NaN; +∞ gives NaN.
    Assert.Equal(1.0, (Functions.logSumExp a (leaves [ 1.0; Double.NegativeInfinity ])).Data)
    Assert.True(Double.IsNaN (Functions.logSumExp a (leaves [ Double.NegativeInfinity; 1.0 ])).Data)
    Assert.True(Double.IsNaN (Functions.logSumExp a (leaves [ 1.0; Double.PositiveInfinity ])).Data)

[<Fact>]
let ``the second derivative of softplus goes through its detached shift: sigma (1 - sigma), one quarter at 0`` () =
    for v in [ 0.0; 1.5; -2.0 ] do
        let x = Node.Leaf v
        let dx = (Backprop.gradientNodes (Functions.softplus a x))[x]
        let s = 1.0 / (1.0 + Math.Exp -v)
        close s dx.Data (sprintf "softplus' at %g" v)
        let second = Backprop.gradients dx
        Numeric.expectAgree (sprintf "softplus'' at %g" v) (s * (1.0 - s)) second[x]
    let z = Node.Leaf 0.0
    let dz = (Backprop.gradientNodes (Functions.softplus a z))[z]
    Assert.Equal(0.25, (Backprop.gradients dz)[z])

[<Fact>]
let ``a tape of a softmax replays new logits with their own maximum as the shift`` () =
    let x = leaves [ 1.0; 2.0; 3.0 ]
    let l = Functions.logSoftmax a x
    let tape = Tape.Compile l[0]
    // Compiled at logits whose largest is x2; replayed where x0 is larger by 2000, which would
    // overflow e^(x0 - x2) had the shift been frozen at the build's maximum.
    Array.iteri (fun i v -> tape.SetValue(tape.IndexOf x[i], v)) [| 1000.0; 0.0; -1000.0 |]
    Assert.Equal(0.0, tape.Forward())
    tape.Backward()
    // ∂l0/∂x_j = δ_0j - p_j = 1 - 1, 0 - 0, 0 - 0.
    Assert.Equal<float>([| 0.0; 0.0; 0.0 |], [| for n in x -> tape.Gradient(tape.IndexOf n) |])
    // Bit for bit the graph built at those logits.
    let fresh = leaves [ 1000.0; 0.0; -1000.0 ]
    let root = (Functions.logSoftmax a fresh)[0]
    let grads = Backprop.gradients root
    Bits.assertSame root.Data (tape.Value(tape.Count - 1)) "value"
    for i in 0..2 do
        Bits.assertSame grads[fresh[i]] (tape.Gradient(tape.IndexOf x[i])) (sprintf "d/dx%d" i)

[<Fact>]
let ``the functions refuse a null or empty list, or a null entry, naming it`` () =
    let e =
        Assert.Throws<ArgumentNullException>(fun () -> Functions.softmax a null |> ignore)
    Assert.Equal("logits", e.ParamName)
    let e =
        Assert.Throws<ArgumentException>(fun () -> Functions.logSoftmax a [||] |> ignore)
    Assert.Equal("logits", e.ParamName)
    Assert.StartsWith("Expected at least one entry in logits, got none.", e.Message)
    let e =
        Assert.Throws<ArgumentNullException>(fun () -> Functions.softmax a [| Node.Leaf 1.0; null |] |> ignore)
    Assert.Equal("logits", e.ParamName)
    Assert.StartsWith("logits[1] is null; expected a value.", e.Message)
    let e =
        Assert.Throws<ArgumentNullException>(fun () -> Functions.logSumExp a null |> ignore)
    Assert.Equal("values", e.ParamName)
    let e =
        Assert.Throws<ArgumentNullException>(fun () -> Functions.softplus a null |> ignore)
    Assert.Equal("x", e.ParamName)

// ---------------------------------------------------------------------------------------------
// Against finite differences of the formulas in plain floats

/// Logits: one to five of them in [-5, 5], at two decimals.
let private logitsGen =
    Gen.choose (1, 5)
    |> Gen.bind (fun n -> Gen.arrayOfLength n (Gen.choose (-500, 500) |> Gen.map (fun i -> float i / 100.0)))

/// The formulas, in plain floats: softmax_i = e^x_i / Σ e^x_j (no shift needed in [-5, 5]).
let private softmaxOf (x: float[]) =
    let e = Array.map Math.Exp x
    let s = Array.sum e
    Array.map (fun v -> v / s) e

[<Property>]
let ``a weighted sum of softmax entries has the gradient of the formula`` () =
    let g =
        Gen.map2 (fun x w -> x, w) logitsGen (Gen.arrayOfLength 5 (Gen.choose (-20, 20)))
    Prop.forAll (Arb.fromGen g) (fun (x, w) ->
        let weights = Array.map (fun k -> float k / 10.0) w
        let f (v: float[]) = Array.fold2 (fun acc p c -> acc + p * c) 0.0 (softmaxOf v) weights[0 .. v.Length - 1]
        let nodes = leaves x
        let p = Functions.softmax a nodes
        let root = Arithmetic.sum a [ for i in 0 .. p.Length - 1 -> p[i] * weights[i] ]
        Numeric.expectAgree "value" (f x) root.Data
        let grads = Backprop.gradients root
        for i in 0 .. x.Length - 1 do
            Numeric.expectAgree (sprintf "d/dx%d" i) (Numeric.partial f x i) grads[nodes[i]])

[<Property>]
let ``each log-softmax entry has the gradient of x_k - ln sum e^x_j`` () =
    Prop.forAll (Arb.fromGen logitsGen) (fun x ->
        let nodes = leaves x
        let l = Functions.logSoftmax a nodes
        for k in 0 .. x.Length - 1 do
            let f (v: float[]) = v[k] - Math.Log(Array.sumBy Math.Exp v)
            Numeric.expectAgree (sprintf "l%d" k) (f x) l[k].Data
            let grads = Backprop.gradients l[k]
            for i in 0 .. x.Length - 1 do
                Numeric.expectAgree (sprintf "dl%d/dx%d" k i) (Numeric.partial f x i) grads[nodes[i]])

[<Property>]
let ``softplus has the gradient of ln(1 + e^x) and equals sigma x`` () =
    let g = Gen.choose (-3000, 3000) |> Gen.map (fun i -> float i / 100.0)
    Prop.forAll (Arb.fromGen g) (fun v ->
        let f (u: float[]) = Math.Log(1.0 + Math.Exp u[0])
        let x = Node.Leaf v
        let s = Functions.softplus a x
        let slope = (Backprop.gradients s)[x]
        Numeric.expectAgree "value" (f [| v |]) s.Data
        Numeric.expectAgree "slope" (Numeric.partial f [| v |] 0) slope
        close (1.0 / (1.0 + Math.Exp -v)) slope "σ(x)")
