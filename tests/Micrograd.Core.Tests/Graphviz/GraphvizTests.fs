module Micrograd.Core.Tests.GraphvizTests

open System
open System.Globalization
open System.Threading
open Xunit
open Micrograd.Core

let private lines (dot: string) =
    dot.Split('\n', StringSplitOptions.RemoveEmptyEntries)
    |> Array.map (fun l -> l.Trim())

let private count (p: string -> bool) (dot: string) = lines dot |> Array.filter p |> Array.length

let private isRecord (l: string) = l.Contains "[shape=record"
let private isEdge (l: string) = l.Contains " -> "

let private name (n: Node) = sprintf "n%d" n.Id

// Karpathy's first lecture example (Lecture.fs), as a tuple.
let private lecture () =
    let g = Lecture.graph ()
    g.a, g.b, g.c, g.e, g.d, g.f, g.L

[<Fact>]
let ``every node is a record with its label, data and gradient to four decimals`` () =
    let a, b, c, e, d, f, L = lecture ()
    let dot = Graphviz.Export(L, Backprop.gradients L)
    let all = lines dot
    let expected = [
        a, "{ a | data 2.0000 | grad 6.0000 }"
        b, "{ b | data -3.0000 | grad -4.0000 }"
        c, "{ c | data 10.0000 | grad -2.0000 }"
        e, "{ e | data -6.0000 | grad -2.0000 }"
        d, "{ d | data 4.0000 | grad -2.0000 }"
        f, "{ f | data -2.0000 | grad 4.0000 }"
        L, "{ L | data -8.0000 | grad 1.0000 }"
    ]
    for node, label in expected do
        Assert.Contains(sprintf "%s [shape=record, label=\"%s\"];" (name node) label, all)
    Assert.Equal(7, count isRecord dot)

[<Fact>]
let ``every computed value gets an op node, fed by its inputs and feeding the value`` () =
    let a, b, c, e, d, f, L = lecture ()
    let all = lines (Graphviz.Export(L, Backprop.gradients L))
    for node, op in [ e, "*"; d, "+"; L, "*" ] do
        Assert.Contains(sprintf "%s_op [label=\"%s\"];" (name node) op, all)
        Assert.Contains(sprintf "%s_op -> %s;" (name node) (name node), all)
    for input, node in [ a, e; b, e; e, d; c, d; d, L; f, L ] do
        Assert.Contains(sprintf "%s -> %s_op;" (name input) (name node), all)
    // Three op nodes, and per computed value one edge out of its op node plus one per input.
    Assert.Equal(3, all |> Array.filter (fun l -> l.Contains "_op [label=") |> Array.length)
    Assert.Equal(9, all |> Array.filter isEdge |> Array.length)

[<Fact>]
let ``x * x draws two edges from x`` () =
    let x = Node.Leaf(3.0, "x")
    let y = x * x
    let all = lines (Graphviz.Export y)
    let edge = sprintf "%s -> %s_op;" (name x) (name y)
    Assert.Equal(2, all |> Array.filter ((=) edge) |> Array.length)

[<Fact>]
let ``the picture is a digraph, left to right unless asked top to bottom`` () =
    let _, _, _, _, _, _, L = lecture ()
    let dot = Graphviz.Export L
    Assert.StartsWith("digraph G {\n", dot)
    Assert.EndsWith("}\n", dot)
    Assert.Contains("rankdir=LR;", lines dot)
    Assert.Contains("rankdir=LR;", lines (Graphviz.Export(L, Backprop.gradients L, RankDir.LeftToRight)))
    Assert.Contains("rankdir=TB;", lines (Graphviz.Export(L, Backprop.gradients L, RankDir.TopToBottom)))
    Assert.Contains("rankdir=TB;", lines (Graphviz.Export(L, null, RankDir.TopToBottom)))

[<Fact>]
let ``without gradients the records show label and data only`` () =
    let a, _, _, _, _, _, L = lecture ()
    let dot = Graphviz.Export L
    Assert.Contains(sprintf "%s [shape=record, label=\"{ a | data 2.0000 }\"];" (name a), lines dot)
    Assert.DoesNotContain("grad", dot)

[<Fact>]
let ``numbers are rounded to four decimals with a point whatever the culture`` () =
    let x = Node.Leaf(1.0 / 3.0, "x")
    let y = (x * -2.0).WithLabel "y"
    let saved = CultureInfo.CurrentCulture
    try
        CultureInfo.CurrentCulture <- CultureInfo.GetCultureInfo "de-DE"
        let all = lines (Graphviz.Export(y, Backprop.gradients y))
        Assert.Contains(sprintf "%s [shape=record, label=\"{ x | data 0.3333 | grad -2.0000 }\"];" (name x), all)
        Assert.Contains(sprintf "%s [shape=record, label=\"{ y | data -0.6667 | grad 1.0000 }\"];" (name y), all)
    finally
        CultureInfo.CurrentCulture <- saved

[<Fact>]
let ``labels are escaped where DOT records give characters a meaning`` () =
    let x = Node.Leaf(1.0, "a{b}|c<d>\"e\\f\r\ng")
    let dot = Graphviz.Export x
    Assert.Contains("label=\"{ a\\{b\\}\\|c\\<d\\>\\\"e\\\\f\\ng | data 1.0000 }\"", dot)

[<Fact>]
let ``labels can come from a function, and a null function is an ArgumentNullException`` () =
    let x = Node.Leaf(1.5)
    let y = tanh x
    let dot =
        Graphviz.Export(y, Func<Node, string>(fun n -> if n.Equals x then "input" else "out"), null)
    Assert.Contains(sprintf "%s [shape=record, label=\"{ input | data 1.5000 }\"];" (name x), lines dot)
    Assert.Contains(sprintf "%s [shape=record, label=\"{ out | data 0.9051 }\"];" (name y), lines dot)
    Assert.Throws<ArgumentNullException>(fun () -> Graphviz.Export(y, (null: Func<Node, string>), null) |> ignore)
    |> ignore

[<Fact>]
let ``a chain a million deep is streamed without recursing, one record per node`` () =
    let x, y = DeepGraphs.plusOnes.Force()
    use counter = new DotCounter.DotLineCounter()
    Graphviz.Write(y, counter)
    // x, and per addition a leaf 1 and the sum: 2 * depth + 1 records; per addition an op node,
    // its edge into the sum and two edges in (y and the 1).
    Assert.Equal(int64 (2 * DeepGraphs.depth + 1), counter.Records)
    Assert.Equal(int64 DeepGraphs.depth, counter.Ops)
    Assert.Equal(int64 DeepGraphs.depth, counter.OpEdges)
    Assert.Equal(int64 (2 * DeepGraphs.depth), counter.InputEdges)
    Assert.Equal(sprintf "n%d [shape=record, label=\"{ x | data 0.5000 }\"];" x.Id, counter.FirstRecord)
    Assert.Equal(sprintf "n%d [shape=record, label=\"{  | data 1000000.5000 }\"];" y.Id, counter.LastRecord)
    Assert.Equal("}", counter.LastLine)
