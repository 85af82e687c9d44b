/// docs/bad-inputs.md, run: every F# row of the catalogue is a case here, and what the case does
/// is compared with the row's outcome and message as the page writes them.
module Micrograd.Core.Tests.BadInputs.Catalogue

open System
open System.Collections.Generic
open System.IO
open Xunit
open Micrograd.Core
open Micrograd.Core.Nn
open Micrograd.Core.Data

/// One row of the page: its id, its outcome cell and its message cell, backticks removed.
type Row = {
    Id: string
    Outcome: string
    Message: string
}

/// The rows of docs/bad-inputs.md whose id starts with `prefix` (F, C or L).
let rowsOf (prefix: string) : Row list =
    let rec up (dir: DirectoryInfo) =
        if isNull dir then failwith "no Micrograd.sln above the test's folder"
        elif File.Exists(Path.Combine(dir.FullName, "Micrograd.sln")) then dir.FullName
        else up dir.Parent
    let page =
        Path.Combine(up (DirectoryInfo AppContext.BaseDirectory), "docs", "bad-inputs.md")
    [
        for line in File.ReadAllLines page do
            let cells = line.Split('|') |> Array.map (fun c -> c.Trim())
            // | id | input | outcome | message |  splits into 6 cells, the first and last empty
            if
                cells.Length = 6
                && cells[1].StartsWith prefix
                && Char.IsDigit cells[1].[cells[1].Length - 1]
            then
                let unquote (s: string) = s.Trim('`')
                yield {
                    Id = cells[1]
                    Outcome = unquote cells[3]
                    Message = unquote cells[4]
                }
    ]

/// What a case did: a number, or an exception.
type Outcome =
    | Number of float
    | Thrown of exn

let private parseNumber (text: string) =
    match text with
    | "+∞" -> Double.PositiveInfinity
    | "-∞" -> Double.NegativeInfinity
    | "NaN" -> Double.NaN
    | t -> Double.Parse(t, Globalization.CultureInfo.InvariantCulture)

/// Checks an outcome against a row: `= number`, or `ExceptionType [parameter]`, and the message
/// fragment (unless the cell is "—").
let check (row: Row) (outcome: Outcome) =
    match outcome with
    | Number x when row.Outcome.StartsWith "= " ->
        let expected = parseNumber (row.Outcome.Substring 2)
        Assert.True(
            (Double.IsNaN expected && Double.IsNaN x) || expected = x,
            sprintf "%s: expected %s, got %g" row.Id row.Outcome x
        )
    | Number x -> Assert.Fail(sprintf "%s: expected %s, got the number %g" row.Id row.Outcome x)
    | Thrown e ->
        let words = row.Outcome.Split(' ', StringSplitOptions.RemoveEmptyEntries)
        Assert.True(
            words[0] = e.GetType().Name,
            sprintf "%s: expected %s, got %s: %s" row.Id row.Outcome (e.GetType().Name) e.Message
        )
        if words.Length > 1 then
            match e with
            | :? ArgumentException as a -> Assert.Equal(words[1], a.ParamName)
            | _ -> Assert.Fail(sprintf "%s: %s has no parameter name" row.Id (e.GetType().Name))
        if row.Message <> "—" then
            Assert.True(
                e.Message.Contains row.Message,
                sprintf "%s: the message '%s' does not say '%s'" row.Id e.Message row.Message
            )

let private run (f: unit -> float) =
    try
        Number(f ())
    with e ->
        Thrown e

let private nul: Node = null
let private leaf (x: float) = Node.Leaf x
let private gradOf (y: Node) (x: Node) = (Backprop.gradients y)[x]
let private random () = PythonRandom 1337 :> Random
let private model () = Mlp.Create(2, [| 4; 1 |], random ())

let private tape () =
    let x = leaf 2.0
    Tape.Compile(x * x + leaf 1.0)

let private hypot =
    CustomOp.Binary("hypot", (fun a b -> sqrt (a * a + b * b)), (fun a b y -> struct (a / y, b / y)))

let private square = Func<float, float>(fun x -> x * x)
let private twice = Func<float, float, float>(fun x _ -> 2.0 * x)

/// The F# rows: each builds what the page's input column says.
let cases: IDictionary<string, unit -> float> =
    dict [
        "F01", (fun () -> (leaf 1.0 + nul).Data)
        "F02", (fun () -> (nul * leaf 2.0).Data)
        "F03", (fun () -> (leaf 1.0 - nul).Data)
        "F04", (fun () -> (leaf 1.0 / nul).Data)
        "F05", (fun () -> (2.0 / nul).Data)
        "F06", (fun () -> (-nul).Data)
        "F07", (fun () -> Node.Pow(leaf 2.0, nul).Data)
        "F08", (fun () -> Node.Pow(nul, 2.0).Data)
        "F09", (fun () -> (Node.Tanh nul).Data)
        "F10", (fun () -> (Node.Sum [ leaf 1.0; nul ]).Data)
        "F11", (fun () -> (Node.Sum(null: Node seq)).Data)
        "F12", (fun () -> (Node.Sum []).Data)
        "F13",
        (fun () ->
            let x, y = leaf 0.0, leaf 2.0
            gradOf (x ** y) y)
        "F14",
        (fun () ->
            let x, y = leaf 0.0, leaf 0.0
            gradOf (x ** y) x)
        "F15",
        (fun () ->
            let x = leaf 0.0
            gradOf (x ** 0.0) x)
        "F16",
        (fun () ->
            let x = leaf 0.0
            gradOf (x ** 0.5) x)
        "F17", (fun () -> (leaf 0.0 ** -1.0).Data)
        "F18",
        (fun () ->
            let x = leaf 0.0
            gradOf (x ** -1.0) x)
        "F19", (fun () -> (log (leaf 0.0)).Data)
        "F20",
        (fun () ->
            let x = leaf 0.0
            gradOf (log x) x)
        "F21", (fun () -> (log (leaf -1.0)).Data)
        "F22", (fun () -> (leaf -8.0 ** (1.0 / 3.0)).Data)
        "F23", (fun () -> (exp (leaf 1000.0)).Data)
        "F24",
        (fun () ->
            let x = leaf -1000.0
            gradOf (Node.Sigmoid x) x)
        "F25",
        (fun () ->
            let x = leaf 0.0
            gradOf (Node.Relu x) x)
        "F26", (fun () -> (leaf nan + 1.0).Data)
        "F86",
        (fun () ->
            let x = leaf -1.0
            gradOf (Node.Relu x ** 0.5) x)
        "F57",
        (fun () ->
            let x, y = leaf -2.0, leaf 2.0
            gradOf (x ** y) y)
        "F58",
        (fun () ->
            let x, y = leaf -2.0, leaf 2.0
            gradOf (x ** y) x)
        "F27", (fun () -> (Backprop.gradients nul).Count |> float)
        "F28",
        (fun () ->
            let x = leaf 1.0
            (Backprop.gradientsFor (x * x) [| x; nul |]).[0])
        "F29",
        (fun () ->
            let x = leaf 1.0
            (Backprop.gradientsFor (x * x) null).Length |> float)
        "F30", (fun () -> (Reference.Backprop.gradients nul).Count |> float)
        "F31", (fun () -> (Tape.Compile nul).Count |> float)
        "F32",
        (fun () ->
            (tape ()).SetValue(-1, 1.0)
            0.0)
        "F33",
        (fun () ->
            let t = tape ()
            t.Value t.Count)
        "F34", (fun () -> (tape ()).Gradient 99)
        "F35",
        (fun () ->
            let t = tape ()
            t.SetValue(t.Count - 1, 1.0)
            0.0)
        "F36", (fun () -> (tape ()).IndexOf(leaf 5.0) |> float)
        "F37", (fun () -> (Operation.Add.Apply(leaf 1.0)).Data)
        "F38", (fun () -> (Operation.Tanh.Apply(leaf 1.0, leaf 2.0)).Data)
        "F39", (fun () -> (CustomOp.Unary(null, square, twice)).Arity |> float)
        "F40", (fun () -> (CustomOp.Unary("  ", square, twice)).Arity |> float)
        "F41", (fun () -> (CustomOp.Unary("f", square, null)).Arity |> float)
        "F42", (fun () -> (Mlp.Create(2, [| 4; 0; 1 |], random ())).Nout |> float)
        "F43", (fun () -> (Mlp.Create(0, [| 1 |], random ())).Nout |> float)
        "F44",
        (fun () ->
            (Mlp.Create(2, [| 1 |], random (), output = enum<Nonlinearity> 42)).Nout
            |> float)
        "F45", (fun () -> (Mlp.Create(2, [| 1 |], null)).Nout |> float)
        "F46", (fun () -> (Mlp.Create(2, null, random ())).Nout |> float)
        "F47", (fun () -> (model ()).Forward([| leaf 1.0 |]).[0].Data)
        "F48", (fun () -> (model ()).Forward([| leaf 1.0; nul |]).[0].Data)
        "F49",
        (fun () ->
            let m = model ()
            let grads = Array.create m.Parameters.Count 1.0
            (m.Step(grads, nan)).Nout |> float)
        "F50", (fun () -> (model ()).Step([| 1.0 |], 0.1).Nout |> float)
        "F51", (fun () -> Sgd.update 1.0 1.0 infinity)
        "F52", (fun () -> (Losses.maxMargin (NodeArithmetic()) [||] [||]).Data)
        "F53", (fun () -> (Losses.maxMargin (NodeArithmetic()) [| leaf 1.0 |] [||]).Data)
        "F54", (fun () -> (Moons.generate 1 0.1 1337).Count |> float)
        "F55", (fun () -> (Moons.generate 100 nan 1337).Count |> float)
        "F59",
        (fun () ->
            let v, _ =
                Adam.step
                    {
                        AdamOptions.Defaults with
                            Beta1 = 1.0
                    }
                    1e-3
                    [| 1.0 |]
                    [| 1.0 |]
                    (Adam.init 1)
            v[0])
        "F60",
        (fun () ->
            let v, _ =
                Sgd.step
                    {
                        SgdOptions.Defaults with
                            Nesterov = true
                    }
                    0.1
                    [| 1.0 |]
                    [| 1.0 |]
                    (Sgd.init 1)
            v[0])
        "F61",
        (fun () ->
            let v, _ =
                Adam.step AdamOptions.Defaults 1e-3 [| 1.0; 2.0 |] [| 1.0 |] (Adam.init 2)
            v[0])
        "F62",
        (fun () ->
            let v, _ = Sgd.step SgdOptions.Defaults -0.1 [| 1.0 |] [| 1.0 |] (Sgd.init 1)
            v[0])
        "F63", (fun () -> Schedules.cosine 0.1 0.0 100 -1)
        "F64", (fun () -> Schedules.stepDecay 0.1 0.5 0 3)
        "F65",
        (fun () ->
            Graphviz.Write(nul, TextWriter.Null)
            0.0)
        "F66",
        (fun () ->
            Graphviz.Write(leaf 1.0, (null: TextWriter))
            0.0)
        "F67",
        (fun () ->
            Graphviz.WriteFile(leaf 1.0, "")
            0.0)
        "F68",
        (fun () ->
            Graphviz.WriteFile(leaf 1.0, Path.GetTempPath())
            0.0)
        "F69",
        (fun () ->
            Graphviz.WriteFile(
                leaf 1.0,
                Path.Combine(Path.GetTempPath(), "no-such-folder-" + Guid.NewGuid().ToString "N", "x.dot")
            )
            0.0)
        "F70", (fun () -> Graphviz.Export(leaf 1.0, rankDir = enum<RankDir> 42) |> String.length |> float)
        "F71",
        (fun () ->
            // 100,001 nodes: a leaf and 100,000 additions of the leaf to the chain so far.
            let x = leaf 1.0
            let mutable y = x
            for _ in 1..100_000 do
                y <- y + x
            Graphviz.Export y |> String.length |> float)
        "F72", (fun () -> (Losses.crossEntropy (NodeArithmetic()) [| leaf 1.0; leaf 2.0 |] 2).Data)
        "F73", (fun () -> (Losses.mse (NodeArithmetic()) [| leaf 1.0 |] [| leaf nan |]).Data)
        "F74", (fun () -> (Functions.logSoftmax (NodeArithmetic()) [||]).Length |> float)
        "F75", (fun () -> (Node.Detach nul).Data)
        "F76",
        (fun () ->
            (Mlp.load (Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString "N" + "-does-not-exist.json"))).Nout
            |> float)
        "F77", (fun () -> (Mlp.ofJson "{").Nout |> float)
        "F78",
        (fun () ->
            let json = (model ()).ToJson()
            (Mlp.ofJson (json.Replace("\"version\": 1", "\"version\": 2").Replace("\"version\":1", "\"version\":2")))
                .Nout
            |> float)
        "F79",
        (fun () ->
            let m = model ()
            let broken =
                m.WithParameters(Array.init m.Parameters.Count (fun i -> if i = 3 then nan else 0.5))
            Mlp.save (Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString "N" + "-never-written.json")) broken
            0.0)
        "F80",
        (fun () ->
            IO.AtomicFile.WriteAllText(null, "x")
            0.0)
        "F81", (fun () -> (Losses.maxMargin (NodeArithmetic()) [| nul |] [| leaf 1.0 |]).Data)
        "F82", (fun () -> (Losses.l2 (NodeArithmetic()) 1e-4 [| leaf 1.0; nul |]).Data)
        "F87", (fun () -> (Losses.l2 (NodeArithmetic()) nan [| leaf 1.0 |]).Data)
        "F88", (fun () -> (Losses.maxMargin (NodeArithmetic()) [| leaf 1.0 |] [| leaf nan |]).Data)
        // The log-probability of the larger logit: ln(1 + e^(-2e308)) = 0, no NaN on the way.
        "F83", (fun () -> (Functions.logSoftmax (NodeArithmetic()) [| leaf -1e308; leaf 1e308 |]).[1].Data)
        "F84",
        (fun () ->
            use _ = Anomaly.Detect()
            (log (leaf -1.0)).Data)
        "F85",
        (fun () ->
            let x = leaf 0.0
            let y = 0.0 * x ** 0.5
            use _ = Anomaly.Detect()
            gradOf y x)
        "F56",
        (fun () ->
            (PythonRandom 1337).Shuffle(null: int[])
            0.0)
    ]

let rows: seq<obj[]> = rowsOf "F" |> Seq.map (fun r -> [| box r.Id |])

[<Theory; MemberData(nameof rows)>]
let ``every F# row of the catalogue does what the page says`` (id: string) =
    let row = rowsOf "F" |> List.find (fun r -> r.Id = id)
    Assert.True(cases.ContainsKey id, sprintf "docs/bad-inputs.md has row %s, which no case here runs" id)
    check row (run cases[id])

[<Fact>]
let ``the page and the cases list the same F# rows`` () =
    let onPage = rowsOf "F" |> List.map _.Id |> set
    Assert.True(onPage.Count >= 40, sprintf "the page has %d F# rows" onPage.Count)
    Assert.Equal<Set<string>>(set cases.Keys, onPage)

[<Fact>]
let ``the checker fails an outcome that differs from the row`` () =
    let row = {
        Id = "X"
        Outcome = "ArgumentNullException b"
        Message = "'+'"
    }
    let differs (outcome: Outcome) =
        try
            check row outcome
            false
        with :? Sdk.XunitException ->
            true
    Assert.True(differs (Number 0.0))
    Assert.True(differs (Thrown(ArgumentNullException("a", "'+'"))))
    Assert.True(differs (Thrown(ArgumentNullException("b", "'-'"))))
    Assert.True(differs (Thrown(ArgumentException("'+'", "b"))))
    Assert.False(differs (Thrown(ArgumentNullException("b", "The operand b of '+' is null"))))
    let number = {
        Id = "Y"
        Outcome = "= +∞"
        Message = "—"
    }
    let numberDiffers (x: float) =
        try
            check number (Number x)
            false
        with :? Sdk.XunitException ->
            true
    Assert.True(numberDiffers nan)
    Assert.True(numberDiffers Double.MaxValue)
    Assert.False(numberDiffers infinity)
