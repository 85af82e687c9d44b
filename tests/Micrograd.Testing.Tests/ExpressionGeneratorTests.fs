module Micrograd.Testing.Tests.ExpressionGeneratorTests

open System
open System.Collections.Generic
open Microsoft.FSharp.Reflection
open Xunit
open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open Micrograd.Core
open Micrograd.Testing

let private softplus =
    CustomOp.Unary("softplus", (fun x -> Math.Log(1.0 + Math.Exp x)), (fun x _ -> 1.0 / (1.0 + Math.Exp(-x))))

let private hypot =
    CustomOp.Binary("hypot", (fun a b -> Math.Sqrt(a * a + b * b)), (fun a b y -> struct (a / y, b / y)))

/// |x| with a kink at 0, for the kink test.
let private absolute =
    CustomOp.Unary("abs", (fun x -> abs x), (fun x _ -> float (sign x)))

let private options =
    ExpressionOptions(
        [|
            ExpressionOperation(softplus, { Lo = -1000.0; Hi = 4.0 })
            ExpressionOperation(hypot, { Lo = 0.25; Hi = 1000.0 }, { Lo = -1000.0; Hi = 1000.0 })
            ExpressionOperation(absolute, { Lo = -1000.0; Hi = 1000.0 }).WithKinks(0.0)
        |],
        includeDetach = true
    )

let private samples =
    Gen.sampleWithSeed (Rnd 20261202UL) 30 1000 (ExpressionGenerator.Generator options)

let private reads (instr: Instruction) =
    match instr with
    | Add(a, b)
    | Mul(a, b)
    | Sub(a, b)
    | Div(a, b)
    | PowN(a, b)
    | Binary(_, a, b) -> [ a; b ]
    | Neg a
    | AddK(a, _)
    | KAdd(_, a)
    | SubK(a, _)
    | KSub(_, a)
    | MulK(a, _)
    | KMul(_, a)
    | DivK(a, _)
    | KDiv(_, a)
    | PowK(a, _)
    | Relu a
    | Tanh a
    | Exp a
    | Log a
    | Sigmoid a
    | Detach a
    | Unary(_, a) -> [ a ]

[<Fact>]
let ``the generator draws every operation, registered ones included, and shares nodes`` () =
    let seen = HashSet<string>()
    let mutable shared = 0
    for e in samples do
        for instr in e.Program do
            let case, _ = FSharpValue.GetUnionFields(instr, typeof<Instruction>)
            seen.Add case.Name |> ignore
            match instr with
            | Unary(o, _)
            | Binary(o, _, _) -> seen.Add e.Operations[o].Operation.Name |> ignore
            | _ -> ()
        let all = e.Program |> Array.toList |> List.collect reads
        if all.Length > (List.distinct all).Length then
            shared <- shared + 1
    for c in FSharpType.GetUnionCases typeof<Instruction> do
        Assert.True(seen.Contains c.Name, sprintf "no %s in 1000 expressions" c.Name)
    for name in [ "softplus"; "hypot"; "abs" ] do
        Assert.True(seen.Contains name, sprintf "no %s in 1000 expressions" name)
    Assert.True(shared > 500, sprintf "only %d of 1000 expressions read some node twice" shared)

[<Fact>]
let ``every slot stays finite, within the bound and in its operations' domains wherever the leaves move`` () =
    let random = Random(7)
    for e in samples do
        for _ in 1..5 do
            let x =
                e.LeafRanges |> Array.map (fun r -> r.Lo + (r.Hi - r.Lo) * random.NextDouble())
            let v = e.ValuesAt x
            for s in v do
                Assert.True(Double.IsFinite s && abs s <= ExpressionGenerator.Bound, sprintf "%g in %O at %A" s e x)
            for instr in e.Program do
                match instr with
                | Log a -> Assert.True(v[a] >= 0.25, sprintf "log of %g in %O" v[a] e)
                | Unary(o, a) ->
                    Assert.True(e.Operations[o].Domains[0].Contains v[a], sprintf "%O of %g" e.Operations[o] v[a])
                | Binary(_, a, _) -> Assert.True(v[a] >= 0.25, sprintf "hypot's first operand %g" v[a])
                | _ -> ()

[<Fact>]
let ``the point keeps kinked inputs away from their kinks`` () =
    for e in samples do
        let v = e.ValuesAt e.Leaves
        for instr in e.Program do
            match instr with
            | Relu a -> Assert.True(abs v[a] >= 1e-3, sprintf "relu of %g" v[a])
            | Unary(o, a) when e.Operations[o].Operation.Name = "abs" ->
                Assert.True(abs v[a] >= 1e-3, sprintf "abs of %g" v[a])
            | _ -> ()

[<Fact>]
let ``the options are honoured: no built-ins, at most two leaves and five instructions`` () =
    let only =
        ExpressionOptions([| ExpressionOperation(softplus, { Lo = -1000.0; Hi = 4.0 }) |], 2, 5, false)
    for e in Gen.sampleWithSeed (Rnd 5UL) 30 200 (ExpressionGenerator.Generator only) do
        Assert.InRange(e.Leaves.Length, 1, 2)
        Assert.InRange(e.Program.Length, 1, 5)
        for instr in e.Program do
            match instr with
            | Unary(0, _)
            | Tanh _ -> () // tanh: the fallback
            | other -> failwithf "%A is not softplus" other

/// Shrinks greedily: the first candidate that still fails, until none does.
let rec private shrinkWhile (fails: Expression -> bool) (e: Expression) =
    match ExpressionGenerator.Shrink e |> Seq.tryFind fails with
    | Some smaller -> shrinkWhile fails smaller
    | None -> e

[<Fact>]
let ``a counterexample shrinks to a small one that still fails and keeps every guarantee`` () =
    // The "bug": any log of a slot read again later. The smallest such expression has two instructions.
    let fails (e: Expression) =
        let n = e.Leaves.Length
        e.Program
        |> Array.indexed
        |> Array.exists (fun (j, instr) ->
            match instr with
            | Log _ ->
                e.Program[j + 1 ..]
                |> Array.exists (fun later -> List.contains (n + j) (reads later))
            | _ -> false)
    let big =
        samples |> Seq.filter (fun e -> e.Program.Length >= 15 && fails e) |> Seq.head
    let small = shrinkWhile fails big
    Assert.True(fails small)
    Assert.Equal(2, small.Program.Length)
    Assert.True(
        small.Leaves
        |> Array.forall (fun x -> abs (x * 10.0 - Math.Round(x * 10.0)) < 1e-9),
        string small
    )
    for candidate in ExpressionGenerator.Shrink big do
        for v in candidate.ValuesAt candidate.Leaves do
            Assert.True(Double.IsFinite v)

[<Property(Arbitrary = [| typeof<ExpressionArbitraries> |], MaxTest = 200)>]
let ``the default Arbitrary's expressions evaluate as nodes and as values to what plain floats give`` (e: Expression) =
    let expected = e.Evaluate e.Leaves
    let close (x: float) = abs (x - expected) <= 1e-12 * (1.0 + abs expected)
    let nodes = e.Build()
    let values = e.BuildValues()
    close nodes[nodes.Length - 1].Data && close values[values.Length - 1].Data
