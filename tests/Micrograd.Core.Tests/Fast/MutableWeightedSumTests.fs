/// Backward over mutable weighted sums (MutableNode(bias, weights, inputs)) in a training loop:
/// the same gradients as the chain of products and sums, and the loop's later passes replayed.
module Micrograd.Core.Tests.MutableWeightedSumTests

open System.Collections.Generic
open Xunit
open Micrograd.Core

let private counts () =
    let struct (replays, layouts) = MutableScratch.Counts
    replays, layouts

let private add (x: MutableNode) (y: MutableNode) = MutableNode(Operation.Add, x, y)
let private mul (x: MutableNode) (y: MutableNode) = MutableNode(Operation.Multiply, x, y)
let private tanh (x: MutableNode) = MutableNode(Operation.Tanh, x)

/// The oracle: micrograd's chain, the running sum on the left, the weight on the left.
let private chain (bias: MutableNode) (weights: MutableNode[]) (inputs: MutableNode[]) =
    let mutable sum = bias
    for i in 0 .. weights.Length - 1 do
        sum <- add sum (mul weights[i] inputs[i])
    sum

/// bias + Σ weights[i] inputs[i], as one weighted sum or as the oracle's chain.
let private weightedSum (fused: bool) (bias: MutableNode) (weights: MutableNode[]) (inputs: MutableNode[]) =
    if fused then
        MutableNode(bias, (weights :> IReadOnlyList<MutableNode>), (inputs :> IReadOnlyList<MutableNode>))
    else
        chain bias weights inputs

/// One step's loss over a layer of three neurons of four inputs: the sum of tanh of each
/// neuron's sum, its inputs new leaves (the step's data), its weights and biases the model's.
let private loss (fused: bool) (weights: MutableNode[][]) (biases: MutableNode[]) (step: int) =
    let inputs = Array.init 4 (fun i -> MutableNode(float (i - step) / 7.0 + 0.05))
    let mutable total = MutableNode 0.0
    for j in 0 .. weights.Length - 1 do
        total <- add total (tanh (weightedSum fused biases[j] weights[j] inputs))
    total

let private model () =
    let weights =
        Array.init 3 (fun j -> Array.init 4 (fun i -> MutableNode(float (i + 2 * j) / 11.0 - 0.4)))
    let biases = Array.init 3 (fun j -> MutableNode(0.1 * float j))
    weights, biases

/// Five steps of gradient descent, `beforeBackward` given each step's loss before its pass; returns
/// every parameter's gradient at every step, and the passes replayed and laid out by the end of each.
let private train (fused: bool) (beforeBackward: int -> MutableNode -> unit) =
    let weights, biases = model ()
    let parameters = Array.append (Array.concat weights) biases
    let replays0, layouts0 = counts ()
    let steps = [
        for step in 0..4 do
            for p in parameters do
                p.Grad <- 0.0
            let total = loss fused weights biases step
            beforeBackward step total
            MutableBackprop.backward total
            let replays, layouts = counts ()
            yield Array.map (fun (p: MutableNode) -> p.Grad) parameters, (replays - replays0, layouts - layouts0)
            for p in parameters do
                p.Data <- p.Data - 0.1 * p.Grad
    ]
    List.map fst steps, List.map snd steps

let private assertSameGradients (expected: float[] list) (actual: float[] list) =
    List.iteri2
        (fun step (e: float[]) (a: float[]) ->
            Array.iteri2 (fun i x y -> Bits.assertSame x y (sprintf "step %d, parameter %d" step i)) e a)
        expected
        actual

[<Fact>]
let ``a training loop of weighted sums lays out its first pass and replays the later ones, with the chain's gradients``
    ()
    =
    let oracle, _ = train false (fun _ _ -> ())
    let fused, passes = train true (fun _ _ -> ())
    Assert.Equal<(int * int) list>([ (0, 1); (1, 1); (2, 1); (3, 1); (4, 1) ], passes)
    assertSameGradients oracle fused

[<Fact>]
let ``a weighted sum whose chain is made before a pass changes the shape: laid out, then replayed again`` () =
    let oracle, _ = train false (fun _ _ -> ())
    // At step 2, the last neuron's chain is made: root = total + tanh(sum), and the sum's inputs.
    let makeChain step (total: MutableNode) =
        if step = 2 then
            let sum = total.Inputs[1].Inputs[0]
            Assert.Equal(2, sum.Inputs.Count)
    let fused, passes = train true makeChain
    // Step 3's graph has step 1's shape, not step 2's: laid out; step 4 replays it.
    Assert.Equal<(int * int) list>([ (0, 1); (1, 1); (1, 2); (1, 3); (2, 3) ], passes)
    assertSameGradients oracle fused

/// Two samples through one layer of three weighted sums over the same four inputs each: in the
/// second sample, every sum but the first finds its weights (laid out by the first sample) and
/// its inputs (by the first sum) laid out already.
let private twoSamples (fused: bool) =
    let weights, biases = model ()
    let layer (sample: int) =
        let inputs =
            Array.init 4 (fun i -> tanh (MutableNode(float (i + 3 * sample) / 5.0 - 0.3)))
        let mutable total = MutableNode 0.0
        for j in 0 .. weights.Length - 1 do
            let sum = weightedSum fused biases[j] weights[j] inputs
            total <- add total (mul sum sum)
        total
    let root = add (layer 0) (layer 1)
    root, Array.append (Array.concat weights) biases

[<Fact>]
let ``weighted sums over weights and inputs laid out before them take one position each, with the chain's gradients``
    ()
    =
    let oracleRoot, oracleParameters = twoSamples false
    MutableBackprop.backward oracleRoot
    let root, parameters = twoSamples true
    MutableBackprop.backward root
    // The pass's layout, kept in this thread's working memory for the next pass to replay.
    let s = MutableScratch.Take()
    let kinds = s.Kinds[0 .. s.ShapeCount - 1]
    MutableScratch.Give s
    // Sample 1's second and third sums: whole, last term 3. The other four: term by term.
    Assert.Equal(2, kinds |> Array.filter (fun k -> k = Kinds.whole - 3) |> Array.length)
    Assert.Equal(4, kinds |> Array.filter (fun k -> k = -2 - 3) |> Array.length)
    Array.iteri2
        (fun i (e: MutableNode) (a: MutableNode) -> Bits.assertSame e.Grad a.Grad (sprintf "parameter %d" i))
        oracleParameters
        parameters
    // The next pass replays that layout, with the same additions again.
    MutableBackprop.backward oracleRoot
    MutableBackprop.backward root
    Array.iteri2
        (fun i (e: MutableNode) (a: MutableNode) -> Bits.assertSame e.Grad a.Grad (sprintf "parameter %d, pass 2" i))
        oracleParameters
        parameters
