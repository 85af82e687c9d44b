// micrograd's README example in F#: the same graph, and the gradients returned as a map.
// Run: dotnet build src/Micrograd.Testing, then dotnet fsi samples/ReadmeExample.fsx (from anywhere).
#r "../src/Micrograd.CSharp/bin/Debug/net10.0/Micrograd.Core.dll"

open Micrograd.Core

let a = Node.Leaf -4.0
let b = Node.Leaf 2.0
let mutable c = a + b
let mutable d = a * b + b ** 3.0
c <- c + (c + 1.0)
c <- c + (1.0 + c + (-a))
d <- d + (d * 2.0 + Node.Relu(b + a))
d <- d + (3.0 * d + Node.Relu(b - a))
let e = c - d
let f = e ** 2.0
let mutable g = f / 2.0
g <- g + 10.0 / f
let grads = Backprop.gradients g

printfn "g = %.4f" g.Data
printfn "dg/da = %.4f" grads[a]
printfn "dg/db = %.4f" grads[b]

// micrograd's README prints 24.7041, 138.8338 and 645.5773.
if sprintf "%.4f %.4f %.4f" g.Data grads[a] grads[b] <> "24.7041 138.8338 645.5773" then
    failwith "expected micrograd's numbers: g = 24.7041, dg/da = 138.8338, dg/db = 645.5773"
