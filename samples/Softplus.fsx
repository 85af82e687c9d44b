// A user-defined operation, softplus(x) = ln(1 + e^x), with its derivative, checked by GradCheck.
// Run: dotnet build src/Micrograd.Testing, then dotnet fsi samples/Softplus.fsx (from anywhere).
#r "../src/Micrograd.Testing/bin/Debug/net10.0/Micrograd.Core.dll"
#r "../src/Micrograd.Testing/bin/Debug/net10.0/Micrograd.Testing.dll"
// The kit's own dependencies, at the versions Directory.Packages.props pins (fsi restores them once).
#r "nuget: MathNet.Numerics, 5.0.0"
#r "nuget: FsCheck, 3.6.0"

open System
open Micrograd.Core
open Micrograd.Testing
open Micrograd.Testing.FSharp

// d/dx ln(1 + e^x) = e^x / (1 + e^x) = σ(x) = 1 / (1 + e^-x). The derivative gets x and the output y.
let softplus =
    CustomOp.Unary("softplus", (fun x -> Math.Log(1.0 + Math.Exp x)), (fun x _ -> 1.0 / (1.0 + Math.Exp(-x))))

// Used inside a larger expression, f(x, y) = softplus(x)·y, at (0.5, -2): gradCheck compares each
// partial derivative the engine computes with a central difference (PyTorch's gradcheck tolerances).
let report = gradCheck (fun x -> softplus.Apply x[0] * x[1]) [| 0.5; -2.0 |]
printfn "%O" report

// A derivative written wrong, the classic slip: σ's own derivative σ(1 - σ) instead of σ.
let sigmoid x = 1.0 / (1.0 + Math.Exp(-x))
let wrong =
    CustomOp.Unary("softplus", (fun x -> Math.Log(1.0 + Math.Exp x)), (fun x _ -> sigmoid x * (1.0 - sigmoid x)))
let caught = gradCheck (fun x -> wrong.Apply x[0]) [| 0.0 |]
printfn "%O" caught

// By hand: ∂f/∂x = σ(0.5)·(-2) and ∂f/∂y = softplus(0.5) = ln(1 + e^0.5); python3's math module
// gives -1.2449186624037092 and 0.9740769841801067, and f = softplus(0.5)·(-2) = -1.9481539683602134.
// The wrong rule at 0 gives σ(0)(1 - σ(0)) = 1/2 · 1/2 = 0.25 where the slope is σ(0) = 0.5.
let failures = [
    if not report.Passed then
        "GradCheck should pass the right rule"
    if abs (report.Value - -1.9481539683602134) > 1e-15 then
        sprintf "f(0.5, -2) is %g" report.Value
    if abs (report.Entries[0].Analytic - -1.2449186624037092) > 1e-15 then
        sprintf "∂f/∂x is %g" report.Entries[0].Analytic
    if abs (report.Entries[1].Analytic - 0.9740769841801067) > 1e-15 then
        sprintf "∂f/∂y is %g" report.Entries[1].Analytic
    if caught.Passed then
        "GradCheck should catch the wrong rule"
    if caught.Entries[0].Analytic <> 0.25 then
        sprintf "the wrong rule gives %g at 0" caught.Entries[0].Analytic
    if abs (caught.Entries[0].Numeric - 0.5) > 1e-9 then
        sprintf "the numeric slope at 0 is %g" caught.Entries[0].Numeric
]
if not failures.IsEmpty then
    failwith (String.Join("; ", failures))
