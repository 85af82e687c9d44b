// micrograd's demo, the two moons, as a functional loop over the core's data, losses and schedule.
// Run: dotnet build src/Micrograd.Testing, then dotnet fsi samples/Moons.fsx (from anywhere).
#r "../src/Micrograd.CSharp/bin/Debug/net10.0/Micrograd.Core.dll"

open Micrograd.Core
open Micrograd.Core.Data
open Micrograd.Core.Nn

// micrograd's MLP(2, [16, 16, 1]) after random.seed(1337), on 100 noisy moons: max-margin loss +
// 1e-4 L2 (Losses.demo), 100 full-batch steps of gradient descent at 1.0 - 0.9*k/100.
let data = Moons.generate 100 0.1 1337
let negatedLabels = [| for p in data -> Node.Leaf -p.Label |]
let mutable model = Mlp.Create(2, [| 16; 16; 1 |], PythonRandom 1337)
let log = ResizeArray<float * float>()
for k in 0..99 do
    let scores = [| for p in data -> model.Forward([| p.X; p.Y |]).[0] |]
    let loss = Losses.demo (NodeArithmetic()) scores negatedLabels model.Parameters
    let right =
        Seq.map2 (fun (p: Sample) (s: Node) -> Losses.isCorrect p.Label s.Data) data scores
    log.Add(loss.Data, float (Seq.length (Seq.filter id right)) / 100.0)
    if k % 10 = 0 || k = 99 then
        printfn "step %d loss %s, accuracy %.0f%%" k (loss.Data.ToString "R") (100.0 * snd log[k])
    model <- Mlp.step (Schedules.linearDecay k 100) (Backprop.gradients loss) model

// micrograd's engine and demo loop in plain Python, on the same points (samples/python/moons_points.py,
// then tests/Micrograd.Cli.Tests/python/micrograd_demo.py --ordered), print step 0 loss
// 0.9128546778968705 at 50% and step 99 loss 0.011805432914082788 at 100%.
let expect step loss accuracy =
    let actual, right = log[step]
    if abs (actual - loss) > 1e-12 * loss || right <> accuracy then
        failwithf "step %d: loss %.17g at %g; Python's is %.17g at %g" step actual right loss accuracy

expect 0 0.9128546778968705 0.5
expect 99 0.011805432914082788 1.0
