module Micrograd.Core.Tests.Nn.TrainingLossTests

open System
open Xunit
open Micrograd.Core
open Micrograd.Core.Data
open Micrograd.Core.Nn

[<Fact>]
let ``the targets are -label for the max-margin loss and the one-hot class for cross-entropy`` () =
    let one = [| 0.0 |]
    TrainingLoss.writeTargets LossKind.MaxMargin 1.0 one
    Assert.Equal<float>([| -1.0 |], one)
    let three = [| 9.0; 9.0; 9.0 |]
    TrainingLoss.writeTargets LossKind.CrossEntropy 2.0 three
    Assert.Equal<float>([| 0.0; 0.0; 1.0 |], three)
    Assert.Equal(1, TrainingLoss.targetCount LossKind.MaxMargin 5)
    Assert.Equal(5, TrainingLoss.targetCount LossKind.CrossEntropy 5)

[<Fact>]
let ``the predicted class is the largest output, the first on a tie`` () =
    Assert.Equal(1, TrainingLoss.predictedClass [| 0.5; 2.0; -1.0 |])
    Assert.Equal(0, TrainingLoss.predictedClass [| 3.0; 3.0 |])
    Assert.True(TrainingLoss.isCorrect LossKind.CrossEntropy 1.0 [| 0.5; 2.0; -1.0 |])
    Assert.False(TrainingLoss.isCorrect LossKind.CrossEntropy 2.0 [| 0.5; 2.0; -1.0 |])
    Assert.True(TrainingLoss.isCorrect LossKind.MaxMargin -1.0 [| -0.1 |])

[<Fact>]
let ``the mean squared error and binary cross-entropy take the label itself as their one target`` () =
    for kind in [ LossKind.Mse; LossKind.BinaryCrossEntropy ] do
        let one = [| 9.0 |]
        TrainingLoss.writeTargets kind 0.75 one
        Assert.Equal<float>([| 0.75 |], one)
        Assert.Equal(1, TrainingLoss.targetCount kind 1)
    // Right: the output has the label's sign (MSE), the logit is above 0 exactly when the label is above ½ (BCE).
    Assert.True(TrainingLoss.isCorrect LossKind.Mse -1.0 [| -0.3 |])
    Assert.False(TrainingLoss.isCorrect LossKind.Mse 1.0 [| -0.3 |])
    Assert.True(TrainingLoss.isCorrect LossKind.BinaryCrossEntropy 1.0 [| 0.1 |])
    Assert.True(TrainingLoss.isCorrect LossKind.BinaryCrossEntropy 0.0 [| 0.0 |])
    Assert.False(TrainingLoss.isCorrect LossKind.BinaryCrossEntropy 0.5 [| 0.1 |])

[<Fact>]
let ``the batch loss of binary cross-entropy is the mean of each example's, by hand`` () =
    // Logits 0 and ln 3 with targets 1 and 0: softplus(0) - 0 = ln 2, softplus(ln 3) - 0 = ln(1 + 3) = ln 4;
    // the mean is (ln 2 + ln 4) / 2 = 1.5 ln 2. d/dlogit_i = (σ(x_i) - t_i) / 2: (½ - 1) / 2, (¾ - 0) / 2.
    let a = NodeArithmetic()
    let logits = [| Node.Leaf 0.0; Node.Leaf(Math.Log 3.0) |]
    let outputs: Collections.Generic.IReadOnlyList<Node>[] = [| [| logits[0] |]; [| logits[1] |] |]
    let targets: Collections.Generic.IReadOnlyList<Node>[] = [| [| Node.Leaf 1.0 |]; [| Node.Leaf 0.0 |] |]
    let loss = TrainingLoss.batch a LossKind.BinaryCrossEntropy 0.0 outputs targets [||]
    Assert.Equal(1.5 * Math.Log 2.0, loss.Data, 15)
    let g = Backprop.gradientsFor loss logits
    Assert.Equal(-0.25, g[0], 15)
    Assert.Equal(0.375, g[1], 15)

[<Fact>]
let ``one-hot cross-entropy of logits 0 and ln 3 for class 0 is ln 4, by hand`` () =
    // softmax([0, ln 3]) = [1/4, 3/4], so -log p0 = ln 4.
    let a = NodeArithmetic()
    let logits = [| Node.Leaf 0.0; Node.Leaf(Math.Log 3.0) |]
    let loss =
        TrainingLoss.crossEntropyOneHot a logits [| Node.Leaf 1.0; Node.Leaf 0.0 |]
    Assert.Equal(Math.Log 4.0, loss.Data, 15)
    // d loss / d logit_k = softmax_k - y_k = [1/4 - 1, 3/4].
    let g = Backprop.gradientsFor loss logits
    Assert.Equal(-0.75, g[0], 15)
    Assert.Equal(0.75, g[1], 15)

[<Fact>]
let ``the batch loss of max-margin with the demo's alpha is micrograd's demo loss, bit for bit`` () =
    let model = Mlp.Create(2, [| 4; 1 |], PythonRandom 3)
    let a = NodeArithmetic()
    let points = Moons.generate 6 0.1 2
    let build () =
        let scores =
            points
            |> Seq.map (fun p -> model.Forward([| Node.Leaf p.X; Node.Leaf p.Y |]))
            |> Array.ofSeq
        let negated =
            points
            |> Seq.map (fun p -> [| Node.Leaf -p.Label |] :> Collections.Generic.IReadOnlyList<Node>)
            |> Array.ofSeq
        scores, negated
    let scores, negated = build ()
    let batch =
        TrainingLoss.batch a LossKind.MaxMargin Losses.DemoAlpha scores negated model.Parameters
    let demo =
        Losses.demo a (scores |> Array.map (fun s -> s[0])) (negated |> Array.map (fun n -> n[0])) model.Parameters
    Assert.Equal(BitConverter.DoubleToInt64Bits demo.Data, BitConverter.DoubleToInt64Bits batch.Data)

[<Fact>]
let ``data that does not fit the network or the loss is refused naming the example`` () =
    let check kind nout (data: Example[]) =
        Assert.Throws<ArgumentException>(fun () -> TrainingLoss.checkData "data" kind 2 nout data)
    let e =
        check LossKind.MaxMargin 1 [| Example.Create([| 1.0; 2.0 |], 1.0); Example.Create([| 1.0 |], 1.0) |]
    Assert.Equal("data", e.ParamName)
    Assert.Contains("data[1] has 1 features; the network takes 2 inputs.", e.Message)
    let e = check LossKind.CrossEntropy 3 [| Example.OfClass([| 1.0; 2.0 |], 3) |]
    Assert.Contains("data[0] has label 3; cross-entropy over 3 outputs expects a class index from 0 to 2.", e.Message)
    let e = check LossKind.MaxMargin 2 [| Example.Create([| 1.0; 2.0 |], 1.0) |]
    Assert.Contains("one output per example; the network has 2", e.Message)
    Assert.Throws<ArgumentOutOfRangeException>(fun () -> TrainingLoss.checkKind "kind" (enum<LossKind> 9))
    |> ignore
    Assert.Throws<ArgumentOutOfRangeException>(fun () -> TrainingLoss.checkAlpha "alpha" -1.0)
    |> ignore
