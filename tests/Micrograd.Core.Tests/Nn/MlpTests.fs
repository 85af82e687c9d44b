module Micrograd.Core.Tests.MlpTests

open System
open System.Collections.Generic
open Xunit
open FsCheck
open FsCheck.Xunit
open Micrograd.Core
open Micrograd.Core.Nn

// ---------------------------------------------------------------------------------------------
// Helpers: an independent float computation of a network, and the lecture's data and loss.

/// The network computed in plain floats from its parameter values, the way micrograd's nn.py
/// sums: act = b; act = act + w_i * x_i; then the nonlinearity.
let private floatForward (model: Mlp) (inputs: float[]) : float[] =
    let mutable xs = inputs
    for layer in model.Layers do
        xs <- [|
            for neuron in layer.Neurons ->
                let mutable act = neuron.Bias.Data
                for i in 0 .. neuron.Nin - 1 do
                    act <- act + neuron.Weights[i].Data * xs[i]
                match neuron.Nonlinearity with
                | Nonlinearity.ReLU -> if act < 0.0 then 0.0 else act
                | Nonlinearity.Tanh -> Math.Tanh act
                | _ -> act
        |]
    xs

let private datas (nodes: IReadOnlyList<Node>) = [| for n in nodes -> n.Data |]

let private lecture (random: Random) = Mlp.Lecture(3, [ 4; 4; 1 ], random)

let private xs = [
    [ 2.0; 3.0; -1.0 ]
    [ 3.0; -1.0; 0.5 ]
    [ 0.5; 1.0; 1.0 ]
    [ 1.0; 1.0; -1.0 ]
]
let private ys = [ 1.0; -1.0; -1.0; 1.0 ]

/// The lecture's predictions and loss: sum((yout - ygt)**2 for ygt, yout in zip(ys, ypred)).
let private lectureLoss (model: Mlp) : Node list * Node =
    let ypred = [ for x in xs -> model.Forward(Array.ofList x)[0] ]
    let terms =
        List.map2 (fun (yout: Node) (ygt: float) -> (yout - ygt) ** 2.0) ypred ys
    // Python's sum starts from the int 0, and 0 + v is v.__radd__(0), i.e. v + 0: F#'s float + Node.
    let mutable loss = 0.0 + List.head terms
    for t in List.tail terms do
        loss <- loss + t
    ypred, loss

let private train (steps: int) (model: Mlp) : Mlp * float list =
    let mutable m = model
    let losses = ResizeArray<float>()
    for _ in 1..steps do
        let _, loss = lectureLoss m
        losses.Add loss.Data
        m <- m.Step(Backprop.gradients loss, 0.1)
    m, List.ofSeq losses

/// A Random that hands out a fixed sequence through NextDouble and refuses every other draw, to
/// see which draws a network makes and in which order.
type private ScriptedRandom(values: float[]) =
    inherit Random()
    let mutable next = 0
    member _.Drawn = next
    override _.NextDouble() =
        let v = values[next]
        next <- next + 1
        v
    override _.Sample() = failwith "only NextDouble may be used"
    override _.Next() = failwith "only NextDouble may be used"
    override _.Next(_: int) : int = failwith "only NextDouble may be used"
    override _.Next(_: int, _: int) : int = failwith "only NextDouble may be used"

// ---------------------------------------------------------------------------------------------
// Shape and parameters.

[<Fact>]
let ``MLP(3, [4, 4, 1]) has 41 parameters and MLP(2, [16, 16, 1]) has 337`` () =
    Assert.Equal(41, (Mlp.Create(3, [ 4; 4; 1 ], PythonRandom 0)).Parameters.Count)
    Assert.Equal(41, (lecture (PythonRandom 0)).Parameters.Count)
    Assert.Equal(337, (Mlp.Create(2, [ 16; 16; 1 ], PythonRandom 0)).Parameters.Count)

[<Fact>]
let ``parameters are listed per layer, per neuron, weights then bias`` () =
    let model = Mlp.Create(2, [ 3; 2 ], PythonRandom 7)
    let expected = [
        for layer in model.Layers do
            for neuron in layer.Neurons do
                yield! neuron.Weights
                yield neuron.Bias
    ]
    Assert.Equal(expected.Length, model.Parameters.Count)
    List.iteri (fun i p -> Assert.Same(p, model.Parameters[i])) expected
    Assert.Equal<Node>(model.Parameters, Mlp.parameters model)

[<Fact>]
let ``parameters are leaves and all distinct`` () =
    let model = lecture (PythonRandom 3)
    for p in model.Parameters do
        Assert.Equal("", p.Op)
        Assert.Empty p.Inputs
    Assert.Equal(model.Parameters.Count, (HashSet<Node>(model.Parameters)).Count)

[<Fact>]
let ``layer sizes chain: each layer takes the previous layer's outputs`` () =
    let model = Mlp.Create(3, [ 4; 5; 2 ], PythonRandom 1)
    Assert.Equal<int list>([ 3; 4; 5 ], [ for l in model.Layers -> l.Nin ])
    Assert.Equal<int list>([ 4; 5; 2 ], [ for l in model.Layers -> l.Nout ])
    Assert.Equal(3, model.Nin)
    Assert.Equal(2, model.Nout)

// ---------------------------------------------------------------------------------------------
// Initialisation.

[<Fact>]
let ``weights are -1 + 2 * NextDouble(), drawn per layer, per neuron, and biases are 0 by default`` () =
    let draws = Array.init 100 (fun i -> float i / 128.0)
    let random = ScriptedRandom draws
    let model = Mlp.Create(2, [ 3; 1 ], random)
    // 3 neurons x 2 weights + 1 neuron x 3 weights = 9 draws, none for the biases.
    Assert.Equal(9, random.Drawn)
    let mutable k = 0
    for layer in model.Layers do
        for neuron in layer.Neurons do
            for w in neuron.Weights do
                Assert.Equal(-1.0 + 2.0 * draws[k], w.Data)
                k <- k + 1
            Assert.Equal(0.0, neuron.Bias.Data)

[<Fact>]
let ``with randomBias each bias is one more draw, after its neuron's weights`` () =
    let draws = Array.init 100 (fun i -> float i / 128.0)
    let random = ScriptedRandom draws
    let model =
        Mlp.Create(2, [ 3; 1 ], random, Nonlinearity.Tanh, Nonlinearity.Tanh, true)
    Assert.Equal(13, random.Drawn)
    let expected = draws[0..12] |> Array.map (fun r -> -1.0 + 2.0 * r)
    Assert.Equal<float[]>(expected, datas model.Parameters)

[<Fact>]
let ``with PythonRandom 1337 the first two weights of MLP(2, [16, 16, 1]) are micrograd's`` () =
    // python3: random.seed(1337); random.uniform(-1, 1), random.uniform(-1, 1)
    let model = Mlp.Create(2, [ 16; 16; 1 ], PythonRandom 1337)
    Assert.Equal(0.23550571390294128, model.Parameters[0].Data)
    Assert.Equal(0.06653114721000164, model.Parameters[1].Data)
    Assert.Equal(0.0, model.Parameters[2].Data)

[<Fact>]
let ``hidden layers use hidden and the last layer uses output`` () =
    let model =
        Mlp.Create(2, [ 3; 3; 1 ], PythonRandom 1, Nonlinearity.Tanh, Nonlinearity.ReLU)
    let kinds = [
        for l in model.Layers -> [ for n in l.Neurons -> n.Nonlinearity ] |> List.distinct
    ]
    Assert.Equal<Nonlinearity list list>([ [ Nonlinearity.Tanh ]; [ Nonlinearity.Tanh ]; [ Nonlinearity.ReLU ] ], kinds)

// ---------------------------------------------------------------------------------------------
// Printing.

[<Fact>]
let ``ToString is micrograd's repr`` () =
    Assert.Equal(
        "MLP of [Layer of [ReLUNeuron(2), ReLUNeuron(2)], Layer of [LinearNeuron(2)]]",
        string (Mlp.Create(2, [ 2; 1 ], PythonRandom 0))
    )
    Assert.Equal(
        "MLP of [Layer of [TanhNeuron(3), TanhNeuron(3)], Layer of [TanhNeuron(2)]]",
        string (Mlp.Create(3, [ 2; 1 ], PythonRandom 0, Nonlinearity.Tanh, Nonlinearity.Tanh, true))
    )
    let model = Mlp.Create(2, [ 2; 1 ], PythonRandom 0)
    Assert.Equal("Layer of [LinearNeuron(2)]", string model.Layers[1])
    Assert.Equal("ReLUNeuron(2)", string model.Layers[0].Neurons[0])

// ---------------------------------------------------------------------------------------------
// Forward.

[<Property(MaxTest = 200)>]
let ``forward equals the same sums computed in plain floats``
    (seed: int)
    (a: NormalFloat)
    (b: NormalFloat)
    (c: NormalFloat)
    =
    let inputs = [| a.Get; b.Get; c.Get |]
    [
        Mlp.Create(3, [ 4; 3; 2 ], PythonRandom seed)
        Mlp.Create(3, [ 4; 3; 2 ], PythonRandom seed, Nonlinearity.Tanh, Nonlinearity.Tanh, true)
        Mlp.Create(3, [ 2; 2 ], PythonRandom seed, Nonlinearity.Linear, Nonlinearity.ReLU, true)
    ]
    |> List.forall (fun model -> datas (model.Forward inputs) = floatForward model inputs)

[<Fact>]
let ``a neuron's activation is b + w0*x0 + w1*x1, weight on the left, summed from the bias`` () =
    let model =
        Mlp.Create(2, [ 1 ], PythonRandom 5, output = Nonlinearity.Linear, randomBias = true)
    let x = [| Node.Leaf 0.5; Node.Leaf -2.0 |]
    let out = model.Forward(x)[0]
    let neuron = model.Layers[0].Neurons[0]
    // out = (b + w0*x0) + w1*x1
    Assert.Equal("+", out.Op)
    let left, right = out.Inputs[0], out.Inputs[1]
    Assert.Equal("*", right.Op)
    Assert.Same(neuron.Weights[1], right.Inputs[0])
    Assert.Same(x[1], right.Inputs[1])
    Assert.Equal("+", left.Op)
    Assert.Same(neuron.Bias, left.Inputs[0])
    Assert.Same(neuron.Weights[0], left.Inputs[1].Inputs[0])
    Assert.Same(x[0], left.Inputs[1].Inputs[1])

[<Fact>]
let ``forward returns a list even for a single output`` () =
    let outputs = (Mlp.Create(2, [ 3; 1 ], PythonRandom 0)).Forward [| 1.0; 2.0 |]
    Assert.Equal(1, outputs.Count)

[<Fact>]
let ``forward on numbers is forward on leaves of those numbers`` () =
    let model = lecture (PythonRandom 11)
    let onNumbers = model.Forward [| 0.5; -1.0; 2.0 |]
    let onLeaves = model.Forward [| Node.Leaf 0.5; Node.Leaf -1.0; Node.Leaf 2.0 |]
    Assert.Equal<float[]>(datas onLeaves, datas onNumbers)

[<Fact>]
let ``every parameter is in the graph forward builds`` () =
    let model = Mlp.Create(2, [ 4; 1 ], PythonRandom 2)
    let output = (model.Forward [| 1.0; -1.0 |])[0]
    let grads = Backprop.gradients output
    for p in model.Parameters do
        Assert.True(grads.Contains p)

[<Fact>]
let ``forward with the wrong number of inputs is an ArgumentException saying expected and got`` () =
    let model = lecture (PythonRandom 0)
    let e =
        Assert.Throws<ArgumentException>(fun () -> model.Forward [| 1.0; 2.0 |] |> ignore)
    Assert.Equal("inputs", e.ParamName)
    Assert.Contains("Expected 3 inputs, got 2.", e.Message)
    let e =
        Assert.Throws<ArgumentException>(fun () -> model.Forward [| Node.Leaf 1.0 |] |> ignore)
    Assert.Contains("Expected 3 inputs, got 1.", e.Message)
    let e =
        Assert.Throws<ArgumentException>(fun () -> model.Layers[1].Forward [| Node.Leaf 1.0 |] |> ignore)
    Assert.Contains("Expected 4 inputs, got 1.", e.Message)

[<Fact>]
let ``forward with a null input says which`` () =
    let model = Mlp.Create(2, [ 1 ], PythonRandom 0)
    let e =
        Assert.Throws<ArgumentNullException>(fun () -> model.Forward [| Node.Leaf 1.0; null |] |> ignore)
    Assert.Contains("inputs[1] is null", e.Message)

// ---------------------------------------------------------------------------------------------
// Step.

[<Fact>]
let ``step returns a new model and leaves the old one untouched`` () =
    let model = lecture (PythonRandom 1337)
    let before = [| for p in model.Parameters -> p, p.Data |]
    let _, loss = lectureLoss model
    let grads = Backprop.gradients loss
    let stepped = model.Step(grads, 0.1)
    Assert.NotSame(model, stepped)
    for i, (p, data) in Array.indexed before do
        Assert.Same(p, model.Parameters[i])
        Assert.Equal(data, p.Data)
        Assert.NotSame(p, stepped.Parameters[i])
    Assert.Equal(string model, string stepped)
    // The old model still computes the loss it computed before the step.
    Assert.Equal(loss.Data, (snd (lectureLoss model)).Data)

[<Fact>]
let ``step makes every parameter a new leaf p.Data - lr * grads[p], exactly`` () =
    let model = Mlp.Create(2, [ 8; 8; 1 ], PythonRandom 42)
    let loss = (model.Forward [| 0.7; -1.3 |])[0] ** 2.0
    let grads = Backprop.gradients loss
    for lr in [ 0.1; 0.05; 1e-3 ] do
        let stepped = model.Step(grads, lr)
        for i in 0 .. model.Parameters.Count - 1 do
            let p = model.Parameters[i]
            let q = stepped.Parameters[i]
            Assert.Equal(p.Data - lr * grads[p], q.Data)
            Assert.Equal("", q.Op)
            Assert.Empty q.Inputs

[<Fact>]
let ``a parameter the loss does not depend on keeps its value`` () =
    let model = Mlp.Create(2, [ 2; 1 ], PythonRandom 4)
    let unrelated = Backprop.gradients (Node.Leaf 3.0 * Node.Leaf 2.0)
    Assert.Equal<float[]>(datas model.Parameters, datas (model.Step(unrelated, 0.1)).Parameters)

[<Fact>]
let ``Mlp.step, Mlp.forward and Mlp.parameters are the members`` () =
    let model = lecture (PythonRandom 9)
    let _, loss = lectureLoss model
    let grads = Backprop.gradients loss
    Assert.Equal<float[]>(
        datas (model.Step(grads, 0.1)).Parameters,
        datas (model |> Mlp.step 0.1 grads |> Mlp.parameters)
    )
    let x = [| Node.Leaf 1.0; Node.Leaf 2.0; Node.Leaf 3.0 |]
    Assert.Equal<float[]>(datas (model.Forward x), datas (model |> Mlp.forward x))

[<Fact>]
let ``step without gradients is an ArgumentNullException`` () =
    let model = lecture (PythonRandom 0)
    Assert.Equal(
        "grads",
        Assert.Throws<ArgumentNullException>(fun () -> model.Step((null: Gradients), 0.1) |> ignore).ParamName
    )
    Assert.Equal(
        "gradients",
        Assert.Throws<ArgumentNullException>(fun () -> model.Step((null: float[]), 0.1) |> ignore).ParamName
    )

[<Fact>]
let ``step from the parameters' gradients alone is the step from the map, bit for bit`` () =
    let model = lecture (PythonRandom 1337)
    let _, loss = lectureLoss model
    let grads = Backprop.gradients loss
    let ofParameters = Backprop.gradientsFor loss model.Parameters
    for lr in [ 0.1; 0.05; 1e-3 ] do
        let expected = model.Step(grads, lr).Parameters
        let actual = model.Step(ofParameters, lr).Parameters
        for i in 0 .. expected.Count - 1 do
            Bits.assertSame expected[i].Data actual[i].Data (sprintf "parameter %d at lr %g" i lr)

[<Fact>]
let ``step with the wrong number of gradients says how many it expected`` () =
    let model = lecture (PythonRandom 0) // 41 parameters
    let e =
        Assert.Throws<ArgumentException>(fun () -> model.Step(Array.zeroCreate<float> 40, 0.1) |> ignore)
    Assert.Equal("gradients", e.ParamName)
    Assert.Contains("The gradients: 40 given; expected 41, one per parameter.", e.Message)

// ---------------------------------------------------------------------------------------------
// WithParameters.

[<Fact>]
let ``WithParameters of the current values computes the same function with new leaves`` () =
    let model = lecture (PythonRandom 8)
    let copy = model.WithParameters(datas model.Parameters)
    Assert.Equal<float[]>(datas model.Parameters, datas copy.Parameters)
    for p, q in Seq.zip model.Parameters copy.Parameters do
        Assert.NotSame(p, q)
    Assert.Equal<float[]>(datas (model.Forward [| 1.0; 0.0; -1.0 |]), datas (copy.Forward [| 1.0; 0.0; -1.0 |]))

[<Fact>]
let ``WithParameters puts the values in Parameters order`` () =
    let model = Mlp.Create(2, [ 2; 1 ], PythonRandom 0)
    let values = Array.init model.Parameters.Count float
    Assert.Equal<float[]>(values, datas (model.WithParameters values).Parameters)
    let e =
        Assert.Throws<ArgumentException>(fun () -> model.WithParameters [| 1.0 |] |> ignore)
    Assert.Contains("The parameter values: 1 given; expected 9, one per parameter.", e.Message)

// ---------------------------------------------------------------------------------------------
// Create's argument checks.

[<Fact>]
let ``Create rejects sizes below one, a missing generator and unknown nonlinearities`` () =
    let r = PythonRandom 0
    Assert.Equal(
        "nin",
        Assert.Throws<ArgumentOutOfRangeException>(fun () -> Mlp.Create(0, [ 1 ], r) |> ignore).ParamName
    )
    Assert.Equal("nouts", Assert.Throws<ArgumentNullException>(fun () -> Mlp.Create(2, null, r) |> ignore).ParamName)
    Assert.Equal("nouts", Assert.Throws<ArgumentException>(fun () -> Mlp.Create(2, [], r) |> ignore).ParamName)
    Assert.Equal(
        "nouts",
        Assert.Throws<ArgumentOutOfRangeException>(fun () -> Mlp.Create(2, [ 3; 0; 1 ], r) |> ignore).ParamName
    )
    Assert.Equal(
        "random",
        Assert.Throws<ArgumentNullException>(fun () -> Mlp.Create(2, [ 1 ], null) |> ignore).ParamName
    )
    Assert.Equal(
        "hidden",
        Assert
            .Throws<ArgumentOutOfRangeException>(fun () -> Mlp.Create(2, [ 1 ], r, enum<Nonlinearity> 7) |> ignore)
            .ParamName
    )
    Assert.Equal(
        "output",
        Assert
            .Throws<ArgumentOutOfRangeException>(fun () ->
                Mlp.Create(2, [ 1 ], r, output = enum<Nonlinearity> -1) |> ignore)
            .ParamName
    )

// ---------------------------------------------------------------------------------------------
// Against Python: tests/Micrograd.Core.Tests/python/lecture_mlp.py, a plain-float micrograd
// network with backprop by hand, run as
//     python3 tests/Micrograd.Core.Tests/python/lecture_mlp.py
// (CPython 3.11.7); its printed numbers are pasted below.

let private within (tolerance: float) (expected: float) (actual: float) =
    Assert.True(abs (actual - expected) <= tolerance, sprintf "expected %.17g, got %.17g" expected actual)

[<Fact>]
let ``micrograd's repository network with seed 1337 gives Python's outputs, bit for bit`` () =
    let model = Mlp.Create(2, [ 16; 16; 1 ], PythonRandom 1337)
    let output (x: float[]) =
        let outputs = model.Forward x
        outputs[0].Data
    Assert.Equal(-0.7671028003614676, output [| 1.0; -0.5 |])
    Assert.Equal(-0.537929140972945, output [| 0.3; 0.7 |])
    Assert.Equal(-2.9442409761686297, output [| -2.0; 1.5 |])

[<Fact>]
let ``the lecture's network with seed 1337 predicts and learns as Python computes it`` () =
    let model = lecture (PythonRandom 1337)
    let ypred, loss = lectureLoss model
    List.iter2 (within 1e-12) [
        0.42767811248845455
        0.5570649429984825
        0.7184669978530104
        0.452030675217399
    ] [ for y in ypred -> y.Data ]
    within 1e-12 6.005402783252284 loss.Data
    let _, losses = train 21 model
    within 1e-12 3.2021496469205006 losses[1]
    within 1e-12 0.05335489910674929 losses[10]
    within 1e-12 0.016507131057901147 losses[20]

[<Fact>]
let ``the lecture's network after 20 steps predicts as Python's does`` () =
    let trained, _ = train 20 (lecture (PythonRandom 1337))
    let ypred, _ = lectureLoss trained
    List.iter2 (within 1e-12) [
        0.925888016133439
        -0.9872152639472693
        -0.9271538819928797
        0.9255383419428599
    ] [ for y in ypred -> y.Data ]

[<Fact>]
let ``the lecture's example learns: for seeds 0 to 9 the loss falls below 0.05 within 50 steps`` () =
    for seed in 0..9 do
        let _, losses = train 50 (lecture (PythonRandom seed))
        let best = List.min losses
        Assert.True(best < 0.05, sprintf "seed %d: lowest loss in 50 steps %g" seed best)

[<Fact>]
let ``Neuron and Layer can be made on their own, with the same draws and checks`` () =
    let neuron = Neuron.Create(3, PythonRandom 1337, Nonlinearity.ReLU, false)
    Assert.Equal(0.23550571390294128, neuron.Weights[0].Data)
    Assert.Equal<Node>(Seq.append neuron.Weights [ neuron.Bias ], neuron.Parameters)
    Assert.Equal("ReLUNeuron(3)", string neuron)
    let layer = Layer.Create(2, 3, PythonRandom 1337, Nonlinearity.Linear, true)
    Assert.Equal("Layer of [LinearNeuron(2), LinearNeuron(2), LinearNeuron(2)]", string layer)
    Assert.Equal(9, layer.Parameters.Count)
    Assert.Equal(3, (layer.Forward [| Node.Leaf 1.0; Node.Leaf 2.0 |]).Count)
    let r = PythonRandom 0
    Assert.Equal(
        "nin",
        Assert
            .Throws<ArgumentOutOfRangeException>(fun () -> Neuron.Create(0, r, Nonlinearity.ReLU, false) |> ignore)
            .ParamName
    )
    Assert.Equal(
        "nout",
        Assert
            .Throws<ArgumentOutOfRangeException>(fun () -> Layer.Create(2, 0, r, Nonlinearity.ReLU, false) |> ignore)
            .ParamName
    )
    let e =
        Assert.Throws<ArgumentException>(fun () -> neuron.Forward [| Node.Leaf 1.0 |] |> ignore)
    Assert.Contains("Expected 3 inputs, got 1.", e.Message)
