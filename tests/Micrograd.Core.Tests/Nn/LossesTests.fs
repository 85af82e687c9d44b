module Micrograd.Core.Tests.LossesTests

open System
open Xunit
open Micrograd.Core
open Micrograd.Core.Nn

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
    Assert.StartsWith("Expected 2 negatedLabels, one per entry of scores, got 1.", e.Message)
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
