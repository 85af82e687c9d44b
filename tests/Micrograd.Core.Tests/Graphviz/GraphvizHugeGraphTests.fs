/// The streaming DOT export on graphs whose text would not fit in memory, written to a writer that
/// counts lines and keeps no text. Counts are worked out from each graph's shape.
module Micrograd.Core.Tests.GraphvizHugeGraphTests

open Xunit
open Micrograd.Core
open Micrograd.Core.Tests.DotCounter

[<Fact>]
let ``a chain ten million nodes long streams, one line per node, op and edge`` () =
    let additions = 5_000_000
    let x = Node.Leaf(0.5, "x")
    let mutable y = x
    for _ in 1..additions do
        y <- y + 1.0
    use counter = new DotLineCounter()
    Graphviz.Write(y, counter)
    // x, and per addition a leaf 1 and the sum: 10,000,001 records. Per addition an op node, its
    // edge into the sum and two edges in; a header of three lines and the closing brace.
    Assert.Equal(10_000_001L, counter.Records)
    Assert.Equal(5_000_000L, counter.Ops)
    Assert.Equal(5_000_000L, counter.OpEdges)
    Assert.Equal(10_000_000L, counter.InputEdges)
    Assert.Equal(4L, counter.Others)
    Assert.Equal(3L + 10_000_001L + 3L * 5_000_000L + 10_000_000L - 5_000_000L + 1L, counter.Lines)
    Assert.Equal(sprintf "n%d [shape=record, label=\"{ x | data 0.5000 }\"];" x.Id, counter.FirstRecord)
    // 0.5 + 5,000,000 ones, exact in floating point.
    Assert.Equal(sprintf "n%d [shape=record, label=\"{  | data 5000000.5000 }\"];" y.Id, counter.LastRecord)
    Assert.Equal("}", counter.LastLine)
    Assert.True(counter.EndsWithNewline)

[<Fact>]
let ``a balanced sum of 2^20 leaves streams with its gradients, every one a record`` () =
    let mutable level = Array.init (1 <<< 20) (fun _ -> Node.Leaf 1.0)
    while level.Length > 1 do
        level <- Array.init (level.Length / 2) (fun i -> level[2 * i] + level[2 * i + 1])
    let root = level[0]
    use counter = new DotLineCounter()
    Graphviz.Write(root, counter, Backprop.gradients root, RankDir.TopToBottom)
    // 2^20 leaves and 2^20 - 1 sums; each sum one op node, one edge out of it, two in.
    Assert.Equal(2_097_151L, counter.Records)
    Assert.Equal(2_097_151L, counter.RecordsWithGrad)
    Assert.Equal(1_048_575L, counter.Ops)
    Assert.Equal(1_048_575L, counter.OpEdges)
    Assert.Equal(2_097_150L, counter.InputEdges)
    Assert.Equal(4L, counter.Others)
    // Every leaf adds 1 to the sum, and d root / d root = 1.
    Assert.Equal(
        sprintf "n%d [shape=record, label=\"{  | data 1048576.0000 | grad 1.0000 }\"];" root.Id,
        counter.LastRecord
    )

[<Fact>]
let ``a random DAG of a million nodes streams the nodes the root reaches and no other`` () =
    let total = 1_000_000
    let leaves = 1_000
    // xorshift64, seeded: the same DAG on every run.
    let mutable state = 0x9E3779B97F4A7C15UL
    let next (bound: int) =
        state <- state ^^^ (state <<< 13)
        state <- state ^^^ (state >>> 7)
        state <- state ^^^ (state <<< 17)
        int (state % uint64 bound)
    let nodes: Node[] = Array.zeroCreate total
    let inputA = Array.create total -1
    let inputB = Array.create total -1
    for i in 0 .. leaves - 1 do
        nodes[i] <- Node.Leaf(float (i % 7) / 7.0)
    for i in leaves .. total - 1 do
        // Inputs among the last 2,000 nodes, so that the graph is deep as well as wide.
        let pick () = i - 1 - next (min i 2_000)
        let a = pick ()
        inputA[i] <- a
        match next 3 with
        | 0 -> nodes[i] <- tanh nodes[a]
        | 1 ->
            let b = pick ()
            inputB[i] <- b
            nodes[i] <- nodes[a] + nodes[b]
        | _ ->
            let b = pick ()
            inputB[i] <- b
            nodes[i] <- nodes[a] * nodes[b]
    // What the root reaches, by one sweep from the root down: inputs come before their users.
    let reached = Array.zeroCreate total
    reached[total - 1] <- true
    let mutable records, ops, inputs = 0L, 0L, 0L
    for i in total - 1 .. -1 .. 0 do
        if reached[i] then
            records <- records + 1L
            if inputA[i] >= 0 then
                ops <- ops + 1L
                inputs <- inputs + 1L
                reached[inputA[i]] <- true
            if inputB[i] >= 0 then
                inputs <- inputs + 1L
                reached[inputB[i]] <- true
    Assert.True(records > 500_000L) // most of the DAG (two thirds), so this is a test at scale
    use counter = new DotLineCounter()
    Graphviz.Write(nodes[total - 1], counter)
    Assert.Equal(records, counter.Records)
    Assert.Equal(ops, counter.Ops)
    Assert.Equal(ops, counter.OpEdges)
    Assert.Equal(inputs, counter.InputEdges)
    Assert.Equal(4L, counter.Others)

[<Fact>]
let ``streaming a graph again allocates a few kilobytes, not its text`` () =
    let mutable y = Node.Leaf(0.5, "x")
    for _ in 1..100_000 do
        y <- y + 1.0
    use counter = new DotLineCounter()
    // The first export grows this thread's sort memory; later ones reuse it.
    Graphviz.Write(y, counter)
    let bytes = Allocations.fewestBytes 1 (fun () -> Graphviz.Write(y, counter))
    // 200,001 records of 40 characters or more: the text alone would be 16 MB as .NET chars.
    Assert.True(counter.Characters > 6L * 200_001L * 40L)
    Assert.True(bytes < 16_384L, sprintf "%d bytes" bytes)
