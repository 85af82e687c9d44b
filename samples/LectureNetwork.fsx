// The network of micrograd's lecture, trained as the lecture trains it, in F#: each step returns a new network.
// Run: dotnet build src/Micrograd.Testing, then dotnet fsi samples/LectureNetwork.fsx (from anywhere).
#r "../src/Micrograd.CSharp/bin/Debug/net10.0/Micrograd.Core.dll"

open Micrograd.Core
open Micrograd.Core.Nn

// MLP(3, [4, 4, 1]): tanh in every layer, random weights and biases; PythonRandom 42 draws what
// Python's random.seed(42) would.
let xs = [|
    [| 2.0; 3.0; -1.0 |]
    [| 3.0; -1.0; 0.5 |]
    [| 0.5; 1.0; 1.0 |]
    [| 1.0; 1.0; -1.0 |]
|]
let ys = [| 1.0; -1.0; -1.0; 1.0 |]

// The lecture's loss: the sum of the squared errors over the four examples.
let lossOf (model: Mlp) =
    Array.fold2 (fun sum (x: float[]) y -> sum + (model.Forward(x).[0] - y) ** 2.0) (Node.Leaf 0.0) xs ys

let mutable model = Mlp.Lecture(3, [| 4; 4; 1 |], PythonRandom 42)
let losses = ResizeArray<float>()
for k in 0..19 do
    let loss = lossOf model
    losses.Add loss.Data
    printfn "step %d loss %s" k (loss.Data.ToString "R")
    model <- Mlp.step 0.1 (Backprop.gradients loss) model // every p becomes p - 0.1 * dloss/dp

let predictions = [ for x in xs -> sprintf "%.3f" (model.Forward(x).[0]).Data ]
printfn "predictions after 20 steps: %s (targets 1, -1, -1, 1)" (String.concat ", " predictions)

// The lecture's code in plain Python (samples/python/lecture_network.py) prints, for steps 0, 9
// and 19: 5.230517512042234, 0.09634927736456354, 0.03649875608650108. Its tanh is computed
// from exp, so the last digits may differ; 1e-12 relative is far tighter than a wrong rule.
for step, expected in [ 0, 5.230517512042234; 9, 0.09634927736456354; 19, 0.03649875608650108 ] do
    if abs (losses[step] - expected) > 1e-12 * expected then
        failwithf "step %d: loss %s, Python's is %s" step (losses[step].ToString "R") (expected.ToString "R")
