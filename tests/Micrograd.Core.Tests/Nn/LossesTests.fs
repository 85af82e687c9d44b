module Micrograd.Core.Tests.LossesTests

open System
open Xunit
open Micrograd.Core
open Micrograd.Core.Nn
open FsCheck
open FsCheck.FSharp

let private a = NodeArithmetic()
let private leaves (xs: float list) = [| for x in xs -> Node.Leaf x |]

// Four samples, chosen so that every number below is exact in binary: three inside the margin,
// one (score 3, label 1) outside it, which costs nothing and gets no gradient.
let private scores () = leaves [ 0.5; -2.0; 0.25; 3.0 ]
let private negatedLabels () = leaves [ -1.0; -1.0; 1.0; -1.0 ]
let private parameters () = leaves [ 0.5; -1.0; 2.0 ]

[<Fact>]
let ``the demo loss of a small example is the hinge losses averaged plus alpha times the squares`` () =
    let s, y, p = scores (), negatedLabels (), parameters ()
    let total = Losses.demo a s y p
    // relu(s*(-y) + 1): relu(0.5*-1 + 1), relu(-2*-1 + 1), relu(0.25*1 + 1), relu(3*-1 + 1)
    let dataLoss = (0.5 + 3.0 + 1.25 + 0.0) * (1.0 / 4.0)
    let regLoss = (0.5 * 0.5 + -1.0 * -1.0 + 2.0 * 2.0) * 1e-4
    Assert.Equal(dataLoss + regLoss, total.Data)
    let grads = Backprop.gradients total
    // d total / d score_i = -y_i / n inside the margin, 0 outside; d total / d p = 2 * alpha * p.
    Assert.Equal<float>([| -0.25; -0.25; 0.25; 0.0 |], [| for n in s -> grads[n] |])
    Assert.Equal<float>([| 2.0 * (1e-4 * 0.5); 2.0 * (1e-4 * -1.0); 2.0 * (1e-4 * 2.0) |], [| for n in p -> grads[n] |])

/// The expression written out, operands in order, leaves by their value: two graphs built by the
/// same operations in the same order print the same.
let rec private shape (n: Node) : string =
    if n.Inputs.Count = 0 then
        n.Data.ToString "R"
    else
        sprintf "%s(%s)" n.Op (String.Join(", ", [ for i in n.Inputs -> shape i ]))

[<Fact>]
let ``the demo loss is the data loss plus the L2 penalty, each built as Python builds it`` () =
    let s, y, p = scores (), negatedLabels (), parameters ()
    // Python: sum((1 + -yi*si).relu() for ...) * (1.0 / n) + alpha * sum(p*p for p in parameters)
    let python =
        Node.Sum([ for i in 0..3 -> Node.Relu(s[i] * y[i] + 1.0) ]) * (1.0 / 4.0)
        + Node.Sum([ for q in p -> q * q ]) * 1e-4
    let total = Losses.demo a s y p
    Bits.assertSame python.Data total.Data "total"
    Assert.Equal(python.Data, (Losses.maxMargin a s y).Data + (Losses.l2 a Losses.DemoAlpha p).Data)
    Assert.Equal(shape python, shape total)

[<Fact>]
let ``sum starts from a leaf 0 added to the first term, as Python's sum does`` () =
    let xs = leaves [ 1.5; 2.5 ]
    let total = Arithmetic.sum a xs
    Assert.Equal("+", total.Op)
    let first = total.Inputs[0]
    Assert.Same(xs[0], first.Inputs[0])
    Assert.Equal(0.0, first.Inputs[1].Data)
    Assert.Same(xs[1], total.Inputs[1])
    Assert.Equal(0.0, (Arithmetic.sum a Array.empty<Node>).Data)

[<Fact>]
let ``the max-margin loss refuses scores and labels that do not pair up`` () =
    let e =
        Assert.Throws<ArgumentException>(fun () -> Losses.maxMargin a (leaves [ 1.0; 2.0 ]) (leaves [ 1.0 ]) |> ignore)
    Assert.Equal("negatedLabels", e.ParamName)
    Assert.StartsWith("negatedLabels: 1 given; expected 2, one per entry of scores.", e.Message)
    let e =
        Assert.Throws<ArgumentException>(fun () -> Losses.maxMargin a [||] [||] |> ignore)
    Assert.Equal("scores", e.ParamName)
    Assert.StartsWith("Expected at least one entry in scores, got none.", e.Message)
    Assert.Equal(
        "scores",
        Assert.Throws<ArgumentNullException>(fun () -> Losses.maxMargin a null (leaves [ 1.0 ]) |> ignore).ParamName
    )

[<Fact>]
let ``a sample is right when its score has its label's sign`` () =
    Assert.True(Losses.isCorrect 1.0 0.3)
    Assert.True(Losses.isCorrect -1.0 -0.3)
    Assert.True(Losses.isCorrect -1.0 0.0)
    Assert.False(Losses.isCorrect 1.0 0.0)
    Assert.False(Losses.isCorrect 1.0 -2.0)
    Assert.False(Losses.isCorrect -1.0 2.0)

// ---------------------------------------------------------------------------------------------
// Mean squared error, binary cross-entropy, cross-entropy

/// Equal to within a few units in the last place (the graph's arithmetic is not the formula's).
let private close (expected: float) (actual: float) (what: string) =
    if abs (actual - expected) > 1e-15 * max 1.0 (abs expected) then
        failwithf "%s: expected %.17g, got %.17g" what expected actual

[<Fact>]
let ``the mean squared error of a small example is the squares averaged, with gradient 2 (p - t) / n`` () =
    let p = leaves [ 0.5; -1.0; 2.0 ]
    let t = leaves [ 1.0; 1.0; 1.5 ]
    let loss = Losses.mse a p t
    // ((0.5 - 1)² + (-1 - 1)² + (2 - 1.5)²) · (1/3) = (0.25 + 4 + 0.25) · (1/3) = 1.5
    Assert.Equal((0.25 + 4.0 + 0.25) * (1.0 / 3.0), loss.Data)
    Assert.Equal(1.5, loss.Data)
    let grads = Backprop.gradients loss
    // d/dp_i = 2 (p_i - t_i) · (1/3): 2·-0.5/3, 2·-2/3, 2·0.5/3
    for i, d in [ 0, -0.5; 1, -2.0; 2, 0.5 ] do
        close (2.0 * d / 3.0) grads[p[i]] (sprintf "d/dp%d" i)
        close (-2.0 * d / 3.0) grads[t[i]] (sprintf "d/dt%d" i)

[<Fact>]
let ``binary cross-entropy of a logit is softplus x - t x, with gradient sigma x - t`` () =
    let at (x: float) (t: float) =
        let logit = Node.Leaf x
        let loss = Losses.binaryCrossEntropy a logit (Node.Leaf t)
        loss.Data, (Backprop.gradients loss)[logit]
    // python3: math.log(1 + math.exp(2)) - 2 * 0.25 = 1.6269280110429727,
    //          1 / (1 + math.exp(-2)) - 0.25 = 0.6307970779778823
    let v, g = at 2.0 0.25
    close 1.6269280110429727 v "BCE(2, 0.25)"
    close 0.6307970779778823 g "its gradient"
    // python3: math.log(1 + math.exp(-1.5)) + 1.5 = 1.7014132779827524,
    //          1 / (1 + math.exp(1.5)) - 1 = -0.8175744761936437
    let v, g = at -1.5 1.0
    close 1.7014132779827524 v "BCE(-1.5, 1)"
    close -0.8175744761936437 g "its gradient"
    // At 0: ln 2 (python3: math.log(2) = 0.6931471805599453) whatever t, and σ(0) - t exactly.
    Assert.Equal((0.6931471805599453, 0.5 - 1.0), at 0.0 1.0)
    Assert.Equal((0.6931471805599453, 0.5 - 0.0), at 0.0 0.0)
    Assert.Equal((0.6931471805599453, 0.5 - 0.25), at 0.0 0.25)

[<Fact>]
let ``binary cross-entropy of an infinite logit is the IEEE result of its formula, as documented`` () =
    let bce (x: float) (t: float) = (Losses.binaryCrossEntropy a (Node.Leaf x) (Node.Leaf t)).Data
    // softplus(-∞) - (-∞)·t = 0 + ∞·t: +∞ for t > 0, and NaN for t = 0 (∞·0).
    Assert.Equal(Double.PositiveInfinity, bce Double.NegativeInfinity 1.0)
    Assert.Equal(Double.PositiveInfinity, bce Double.NegativeInfinity 0.25)
    Assert.True(Double.IsNaN(bce Double.NegativeInfinity 0.0))
    // softplus(+∞) is NaN.
    Assert.True(Double.IsNaN(bce Double.PositiveInfinity 1.0))

[<Fact>]
let ``binary cross-entropy is finite at logits of plus and minus 1000, with gradient sigma x - t`` () =
    let at (x: float) (t: float) =
        let logit = Node.Leaf x
        let loss = Losses.binaryCrossEntropy a logit (Node.Leaf t)
        loss.Data, (Backprop.gradients loss)[logit]
    // softplus(1000) = 1000, σ(1000) = 1: BCE = 1000 - 1000 t, gradient 1 - t.
    Assert.Equal((0.0, 0.0), at 1000.0 1.0)
    Assert.Equal((1000.0, 1.0), at 1000.0 0.0)
    // softplus(-1000) = 0 (e^-1000 underflows), σ(-1000) = 0: BCE = 1000 t, gradient -t.
    Assert.Equal((1000.0, -1.0), at -1000.0 1.0)
    Assert.Equal((0.0, 0.0), at -1000.0 0.0)

[<Fact>]
let ``cross-entropy of 1, 2, 3 is the log of the sum of exponentials minus the target's logit`` () =
    let x = leaves [ 1.0; 2.0; 3.0 ]
    let loss = Losses.crossEntropy a x 0
    // python3: math.log(sum(math.exp(v) for v in (1, 2, 3))) - 1 = 2.40760596444438
    close 2.40760596444438 loss.Data "CE"
    let grads = Backprop.gradients loss
    // softmax - one-hot: python3 [e / s for e in ...] = [0.09003057317038046, 0.24472847105479767, 0.6652409557748219]
    close (0.09003057317038046 - 1.0) grads[x[0]] "d/dx0"
    close 0.24472847105479767 grads[x[1]] "d/dx1"
    close 0.6652409557748219 grads[x[2]] "d/dx2"

[<Fact>]
let ``cross-entropy is exactly minus the log-softmax at the target class`` () =
    let x = leaves [ 0.3; -1.7; 2.25; 0.0 ]
    let l = Functions.logSoftmax a x
    for k in 0..3 do
        Bits.assertSame -l[k].Data (Losses.crossEntropy a x k).Data (sprintf "class %d" k)

[<Fact>]
let ``cross-entropy is finite at logits of 1000, 0, -1000`` () =
    let x = leaves [ 1000.0; 0.0; -1000.0 ]
    let loss = Losses.crossEntropy a x 2
    // ln(e^1000 + 1 + e^-1000) - (-1000) = 1000 + 1000 in floats.
    Assert.Equal(2000.0, loss.Data)
    let grads = Backprop.gradients loss
    // softmax - one-hot = (1, 0, 0) - (0, 0, 1)
    Assert.Equal<float>([| 1.0; 0.0; -1.0 |], [| for n in x -> grads[n] |])

/// Values in [lo, hi] at two decimals.
let private within (lo: int) (hi: int) = Gen.choose (lo * 100, hi * 100) |> Gen.map (fun i -> float i / 100.0)

[<FsCheck.Xunit.Property>]
let ``the mean squared error has the gradient of the formula`` () =
    let g =
        Gen.choose (1, 5)
        |> Gen.bind (fun n ->
            Gen.map2 (fun p t -> p, t) (Gen.arrayOfLength n (within -5 5)) (Gen.arrayOfLength n (within -5 5)))
    Prop.forAll (Arb.fromGen g) (fun (p, t) ->
        let n = p.Length
        // f(p, t) = Σ (p_i - t_i)² / n, over the 2n numbers p then t.
        let f (v: float[]) = Seq.sum (seq { for i in 0 .. n - 1 -> (v[i] - v[n + i]) ** 2.0 }) / float n
        let pn, tn = Array.map Node.Leaf p, Array.map Node.Leaf t
        let loss = Losses.mse a pn tn
        let point = Array.append p t
        Numeric.expectAgree "value" (f point) loss.Data
        let grads = Backprop.gradients loss
        for i in 0 .. 2 * n - 1 do
            let node = if i < n then pn[i] else tn[i - n]
            Numeric.expectAgree (sprintf "d/dv%d" i) (Numeric.partial f point i) grads[node])

[<FsCheck.Xunit.Property>]
let ``binary cross-entropy has the gradient of -(t ln sigma x + (1 - t) ln(1 - sigma x))`` () =
    let g =
        Gen.map2 (fun x t -> x, t) (within -20 20) (Gen.choose (0, 100) |> Gen.map (fun i -> float i / 100.0))
    Prop.forAll (Arb.fromGen g) (fun (x, t) ->
        let sigma (v: float) = 1.0 / (1.0 + Math.Exp -v)
        let f (v: float[]) = -(t * Math.Log(sigma v[0]) + (1.0 - t) * Math.Log(1.0 - sigma v[0]))
        let logit = Node.Leaf x
        let loss = Losses.binaryCrossEntropy a logit (Node.Leaf t)
        let slope = (Backprop.gradients loss)[logit]
        Numeric.expectAgree "value" (f [| x |]) loss.Data
        Numeric.expectAgree "slope" (Numeric.partial f [| x |] 0) slope
        if abs (slope - (sigma x - t)) > 1e-15 then
            failwithf "slope %.17g, σ(x) - t = %.17g" slope (sigma x - t))

/// The loss that `build` makes of leaves at `point` has the value and every partial derivative of
/// `f`, the formula written out in the test (partials by central differences).
let private agreesWithFormula (f: float[] -> float) (point: float[]) (build: Node[] -> Node) =
    let nodes = Array.map Node.Leaf point
    let loss = build nodes
    Numeric.expectAgree "value" (f point) loss.Data
    let grads = Backprop.gradients loss
    for i in 0 .. point.Length - 1 do
        Numeric.expectAgree (sprintf "d/dx%d" i) (Numeric.partial f point i) grads[nodes[i]]

[<FsCheck.Xunit.Property>]
let ``cross-entropy has the gradient of ln sum e^x_j - x_t`` () =
    let g =
        Gen.choose (1, 5)
        |> Gen.bind (fun n -> Gen.map2 (fun x k -> x, k) (Gen.arrayOfLength n (within -5 5)) (Gen.choose (0, n - 1)))
    Prop.forAll (Arb.fromGen g) (fun (x, k) ->
        let f (v: float[]) = Math.Log(Array.sumBy Math.Exp v) - v[k]
        agreesWithFormula f x (fun nodes -> Losses.crossEntropy a nodes k))

[<FsCheck.Xunit.Property>]
let ``the demo loss has the gradient of mean relu(1 - y s) + alpha sum p squared`` () =
    // Scores end in 5 at the third decimal, so no margin 1 - y·s is within 0.005 of the hinge's
    // kink: far beyond the central difference's step (about 1e-5).
    let score = Gen.choose (-300, 299) |> Gen.map (fun i -> float i / 100.0 + 0.005)
    let label = Gen.elements [ -1.0; 1.0 ]
    let g =
        Gen.choose (1, 5)
        |> Gen.bind (fun n ->
            Gen.zip3 (Gen.arrayOfLength n score) (Gen.arrayOfLength n label) (Gen.choose (1, 4))
            |> Gen.bind (fun (s, y, m) -> Gen.arrayOfLength m (within -3 3) |> Gen.map (fun p -> s, y, p)))
    Prop.forAll (Arb.fromGen g) (fun (s, y, p) ->
        let n, m = s.Length, p.Length
        // f over scores, then negated labels, then parameters, written from the formula.
        let f (v: float[]) =
            let hinge =
                Seq.sum (seq { for i in 0 .. n - 1 -> max 0.0 (1.0 + v[i] * v[n + i]) })
                / float n
            hinge
            + 1e-4 * Seq.sum (seq { for j in 0 .. m - 1 -> v[2 * n + j] * v[2 * n + j] })
        let point = Array.concat [ s; Array.map (fun l -> -l) y; p ]
        agreesWithFormula f point (fun nodes -> Losses.demo a nodes[.. n - 1] nodes[n .. 2 * n - 1] nodes[2 * n ..]))

[<FsCheck.Xunit.Property>]
let ``the L2 penalty has the gradient of alpha sum p squared`` () =
    let g =
        Gen.choose (1, 6)
        |> Gen.bind (fun m -> Gen.map2 (fun p alpha -> p, alpha) (Gen.arrayOfLength m (within -5 5)) (within 0 2))
    Prop.forAll (Arb.fromGen g) (fun (p, alpha) ->
        let f (v: float[]) = alpha * Array.sumBy (fun x -> x * x) v
        agreesWithFormula f p (fun nodes -> Losses.l2 a alpha nodes))

[<Fact>]
let ``the L2 penalty refuses a weight that is NaN, infinite or negative, naming alpha`` () =
    for alpha in [ nan; infinity; -1e-4 ] do
        let e =
            Assert.Throws<ArgumentOutOfRangeException>(fun () -> Losses.l2 a alpha (leaves [ 1.0 ]) |> ignore)
        Assert.Equal("alpha", e.ParamName)
        Assert.StartsWith("The L2 weight is ", e.Message)
        Assert.Contains("expected a finite number, 0 or more, such as 0.0001.", e.Message)
    // 0 is a weight: no penalty.
    Assert.Equal(0.0, (Losses.l2 a 0.0 (leaves [ 3.0 ])).Data)

[<Fact>]
let ``the new losses refuse bad inputs with the parameter's name`` () =
    let paramOf (f: unit -> obj) : string * Type =
        try
            f () |> ignore
            "", null
        with :? ArgumentException as e ->
            e.ParamName, e.GetType()
    let one = leaves [ 1.0 ]
    let two = leaves [ 1.0; 2.0 ]
    let none: Node[] = null
    let noNode: Node = null
    let cases: (string * Type * (unit -> obj)) list = [
        "predictions", typeof<ArgumentNullException>, (fun () -> box (Losses.mse a none one))
        "targets", typeof<ArgumentNullException>, (fun () -> box (Losses.mse a one none))
        "predictions", typeof<ArgumentException>, (fun () -> box (Losses.mse a [||] [||]))
        "targets", typeof<ArgumentException>, (fun () -> box (Losses.mse a two one))
        "predictions", typeof<ArgumentNullException>, (fun () -> box (Losses.mse a [| noNode |] one))
        "targets", typeof<ArgumentNullException>, (fun () -> box (Losses.mse a one [| noNode |]))
        "targets", typeof<ArgumentOutOfRangeException>, (fun () -> box (Losses.mse a two (leaves [ 1.0; nan ])))
        "targets", typeof<ArgumentOutOfRangeException>, (fun () -> box (Losses.mse a one (leaves [ infinity ])))
        "logit", typeof<ArgumentNullException>, (fun () -> box (Losses.binaryCrossEntropy a noNode one[0]))
        "target", typeof<ArgumentNullException>, (fun () -> box (Losses.binaryCrossEntropy a one[0] noNode))
        "target",
        typeof<ArgumentOutOfRangeException>,
        (fun () -> box (Losses.binaryCrossEntropy a one[0] (Node.Leaf nan)))
        "target",
        typeof<ArgumentOutOfRangeException>,
        (fun () -> box (Losses.binaryCrossEntropy a one[0] (Node.Leaf 1.5)))
        "target",
        typeof<ArgumentOutOfRangeException>,
        (fun () -> box (Losses.binaryCrossEntropy a one[0] (Node.Leaf -0.1)))
        "logits", typeof<ArgumentNullException>, (fun () -> box (Losses.crossEntropy a none 0))
        "logits", typeof<ArgumentException>, (fun () -> box (Losses.crossEntropy a [||] 0))
        "logits", typeof<ArgumentNullException>, (fun () -> box (Losses.crossEntropy a [| noNode |] 0))
        "targetClass", typeof<ArgumentOutOfRangeException>, (fun () -> box (Losses.crossEntropy a two 2))
        "targetClass", typeof<ArgumentOutOfRangeException>, (fun () -> box (Losses.crossEntropy a two -1))
    ]
    for name, kind, f in cases do
        Assert.Equal((name, kind), paramOf f)

[<Fact>]
let ``the messages of the new losses say what was expected`` () =
    let message (f: unit -> Node) = (Assert.ThrowsAny<ArgumentException>(fun () -> f () |> ignore)).Message
    Assert.StartsWith(
        "targets[1] is NaN; expected a finite number.",
        message (fun () -> Losses.mse a (leaves [ 1.0; 2.0 ]) (leaves [ 0.0; nan ]))
    )
    Assert.StartsWith(
        "The target is 1.5; expected a probability from 0 to 1",
        message (fun () -> Losses.binaryCrossEntropy a (Node.Leaf 0.0) (Node.Leaf 1.5))
    )
    Assert.StartsWith(
        "Class 3 is not one of the 3 classes; expected 0 to 2.",
        message (fun () -> Losses.crossEntropy a (leaves [ 1.0; 2.0; 3.0 ]) 3)
    )
    Assert.StartsWith(
        "predictions[0] is null; expected a value.",
        message (fun () -> Losses.mse a [| (null: Node) |] (leaves [ 1.0 ]))
    )
