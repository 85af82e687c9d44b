(*** hide ***)
// The site's home page, a literate F# script: the text is in (** ... *) comments, the code runs
// when the site is built (`dotnet fsdocs build --eval`), and the output shown under each block is
// the output that run printed. It also runs as a plain script once the libraries are built in
// Release: `dotnet fsi docs/index.fsx`. The lines up to the first comment are hidden on the site.
#r "../src/Micrograd.Core.FSharp/bin/Release/net10.0/Micrograd.Core.dll"
#r "../src/Micrograd.CSharp/bin/Release/net10.0/Micrograd.CSharp.dll"

/// Fails the script, saying what did not hold.
let check (ok: bool) (message: string) =
    if not ok then
        failwithf "check failed: %s" message

(**
# Micrograd for .NET

Karpathy's [micrograd](https://github.com/karpathy/micrograd), a scalar autograd engine and a tiny
neural-network library, as an F# functional core with a thin C# façade. These pages teach
backpropagation with it; the [API reference](reference/index.html) documents every public type of
the three packages (`Micrograd.Core`, `Micrograd`, `Micrograd.Testing`).

This page is a literate F# script (`docs/index.fsx`): the output under each block was printed when
the site was built.

## A first gradient

Take d = a·b + c with a = 2, b = −3, c = 10. By hand: d = 2·(−3) + 10 = **4**. Nudge a and d moves
b times as much, so dd/da = b = **−3**; likewise dd/db = a = **2**, and dd/dc = **1**.
*)

open Micrograd.Core
open Micrograd.Core.Nn

let a = Node.Leaf(2.0, "a")
let b = Node.Leaf(-3.0, "b")
let c = Node.Leaf(10.0, "c")
let d = a * b + c
let grads = Backprop.gradients d
printfn "d = %g, dd/da = %g, dd/db = %g, dd/dc = %g" d.Data grads[a] grads[b] grads[c]
check ((d.Data, grads[a], grads[b], grads[c]) = (4.0, -3.0, 2.0, 1.0)) "d = 4 and the slopes -3, 2, 1"

(*** include-output ***)

(**
## A first network

The lecture's network: 3 inputs, two hidden layers of 4 tanh neurons, 1 output, four examples with
targets 1, −1, −1, 1, and 20 steps of gradient descent on the mean squared error. Each step returns
a new network; nothing is mutated.
*)

let xs = [|
    [| 2.0; 3.0; -1.0 |]
    [| 3.0; -1.0; 0.5 |]
    [| 0.5; 1.0; 1.0 |]
    [| 1.0; 1.0; -1.0 |]
|]
let ys = [| 1.0; -1.0; -1.0; 1.0 |]

let lossOf (model: Mlp) =
    let predictions = [| for x in xs -> model.Forward(x).[0] |]
    Losses.mse (NodeArithmetic()) predictions [| for y in ys -> Node.Leaf y |]

let mutable model = Mlp.Lecture(3, [| 4; 4; 1 |], PythonRandom 42)
let losses = ResizeArray<float>()

for step in 0..19 do
    let loss = lossOf model
    losses.Add loss.Data
    model <- Mlp.step 0.05 (Backprop.gradients loss) model

printfn "loss at step 0: %.4f, at step 19: %.4f" losses[0] losses[19]
check (losses[19] < losses[0]) "the loss falls"

(*** include-output ***)

(**
The same loop in C#, with `Value`, `Backward()` and an optimizer, gives the same losses to the last
bit; [start-here.md](start-here.md) shows both.

## Where next

- [Start here](start-here.md): install, the two commands, five minutes in C# and in F#.
- [Lessons](lessons.md): the micrograd course's numbers worked by hand, and the classic bugs.
- [All the pages](README.md), with how their examples are checked.
- [The API reference](reference/index.html), generated from the libraries' XML docs.
*)
