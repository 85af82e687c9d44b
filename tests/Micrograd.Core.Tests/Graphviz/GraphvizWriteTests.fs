module Micrograd.Core.Tests.GraphvizWriteTests

open System
open System.IO
open System.Text
open Xunit
open Micrograd.Core

// A fresh folder of this test's own, removed by the caller.
let private freshFolder () =
    let dir =
        Path.Combine(Path.GetTempPath(), "micrograd-dot-tests", Guid.NewGuid().ToString("N"))
    Directory.CreateDirectory dir |> ignore
    dir

let private inFolder (test: string -> unit) =
    let dir = freshFolder ()
    try
        test dir
    finally
        Directory.Delete(dir, true)

let private filesIn (dir: string) = Directory.GetFileSystemEntries dir |> Array.map Path.GetFileName |> Array.sort

let private utf8 = UTF8Encoding(false)

// The lecture's expression, with a label that needs escaping and one that is not ASCII.
let private picture () =
    let g = Lecture.graph ()
    let odd = Node.Leaf(0.25, "α{|}<\"\\>\r\nβ")
    let root = (g.L * odd).WithLabel "out"
    root

[<Fact>]
let ``a writer gets the text the string export returns, character for character`` () =
    let root = picture ()
    let grads = Backprop.gradients root
    for dir in [ RankDir.LeftToRight; RankDir.TopToBottom ] do
        for gradients in [ grads; null ] do
            let writer = new StringWriter()
            Graphviz.Write(root, writer, gradients, dir)
            Assert.Equal(Graphviz.Export(root, gradients, dir), writer.ToString())
    let label = Func<Node, string>(fun n -> if n.IsLeaf then "leaf" else null)
    let gradient = Func<Node, float>(fun n -> n.Data / 3.0)
    let writer = new StringWriter()
    Graphviz.Write(root, writer, label, gradient)
    Assert.Equal(Graphviz.Export(root, label, gradient), writer.ToString())

[<Fact>]
let ``a file gets the string's text as UTF-8 bytes without a byte-order mark`` () =
    inFolder (fun dir ->
        let root = picture ()
        let grads = Backprop.gradients root
        let path = Path.Combine(dir, "picture.dot")
        Graphviz.WriteFile(root, path, grads, RankDir.TopToBottom)
        let expected = utf8.GetBytes(Graphviz.Export(root, grads, RankDir.TopToBottom))
        Assert.Equal<byte[]>(expected, File.ReadAllBytes path)
        // "d" of "digraph": no byte-order mark before it.
        Assert.Equal(byte 'd', (File.ReadAllBytes path)[0])
        let label = Func<Node, string>(fun n -> "é" + n.Op)
        Graphviz.WriteFile(root, path, label, null)
        Assert.Equal<byte[]>(utf8.GetBytes(Graphviz.Export(root, label, null)), File.ReadAllBytes path)
        Assert.Equal<string[]>([| "picture.dot" |], filesIn dir))

[<Fact>]
let ``a file is replaced whole, and a failure part way leaves the old file and no temporary one`` () =
    inFolder (fun dir ->
        let path = Path.Combine(dir, "graph.dot")
        File.WriteAllText(path, "old")
        let root = picture ()
        Graphviz.WriteFile(root, path)
        Assert.Equal(Graphviz.Export root, File.ReadAllText path)
        File.WriteAllText(path, "old")
        let mutable calls = 0
        // The third label throws: by then the temporary file holds part of the text.
        let label =
            Func<Node, string>(fun n ->
                calls <- calls + 1
                if calls = 3 then raise (FormatException "no label") else n.Label)
        let e =
            Assert.Throws<FormatException>(fun () -> Graphviz.WriteFile(root, path, label, null))
        Assert.Equal("no label", e.Message)
        Assert.Equal("old", File.ReadAllText path)
        Assert.Equal<string[]>([| "graph.dot" |], filesIn dir))

[<Fact>]
let ``a long file name is written, and one too long for the file system fails naming the caller's path`` () =
    inFolder (fun dir ->
        let root = picture ()
        // 250 characters is a legal name: the temporary file's name must fit too.
        let longName = String('a', 246) + ".dot"
        Graphviz.WriteFile(root, Path.Combine(dir, longName))
        Assert.Equal(Graphviz.Export root, File.ReadAllText(Path.Combine(dir, longName)))
        // 300 is over Linux's and Windows' 255: the rename onto it fails.
        let tooLong = Path.Combine(dir, String('b', 296) + ".dot")
        let e = Assert.ThrowsAny<IOException>(fun () -> Graphviz.WriteFile(root, tooLong))
        Assert.DoesNotContain(".tmp", e.Message)
        Assert.Equal<string[]>([| longName |], filesIn dir))

[<Fact>]
let ``null, empty and blank paths, and folders, are refused naming path, and nothing is written`` () =
    inFolder (fun dir ->
        let root = picture ()
        let e =
            Assert.Throws<ArgumentNullException>(fun () -> Graphviz.WriteFile(root, (null: string)))
        Assert.Equal("path", e.ParamName)
        for blank in [ ""; "   " ] do
            let e = Assert.Throws<ArgumentException>(fun () -> Graphviz.WriteFile(root, blank))
            Assert.Equal("path", e.ParamName)
            Assert.Contains("empty", e.Message)
        let e = Assert.Throws<ArgumentException>(fun () -> Graphviz.WriteFile(root, dir))
        Assert.Equal("path", e.ParamName)
        Assert.Contains(sprintf "'%s' is a folder" dir, e.Message)
        // Ending in a separator, a path names a folder whether or not it exists.
        let slash = Path.Combine(dir, "out") + string Path.DirectorySeparatorChar
        let e = Assert.Throws<ArgumentException>(fun () -> Graphviz.WriteFile(root, slash))
        Assert.Equal("path", e.ParamName)
        Assert.Empty(filesIn dir))

[<Fact>]
let ``a file in a folder that does not exist is refused naming the caller's path`` () =
    inFolder (fun dir ->
        let path = Path.Combine(dir, "missing", "graph.dot")
        let e =
            Assert.Throws<DirectoryNotFoundException>(fun () -> Graphviz.WriteFile(picture (), path))
        Assert.Contains(sprintf "'%s'" path, e.Message)
        Assert.DoesNotContain(".tmp", e.Message)
        Assert.Empty(filesIn dir))

[<Fact>]
let ``a null root, writer or label is an ArgumentNullException naming it`` () =
    let root = picture ()
    let label = Func<Node, string>(fun n -> n.Label)
    let name (f: unit -> unit) = (Assert.Throws<ArgumentNullException> f).ParamName
    Assert.Equal("root", name (fun () -> Graphviz.Write(null, new StringWriter())))
    Assert.Equal("root", name (fun () -> Graphviz.Write(null, new StringWriter(), label, null)))
    Assert.Equal("root", name (fun () -> Graphviz.WriteFile(null, "never.dot")))
    Assert.Equal("root", name (fun () -> Graphviz.Export(null) |> ignore))
    Assert.Equal("writer", name (fun () -> Graphviz.Write(root, (null: TextWriter))))
    Assert.Equal("writer", name (fun () -> Graphviz.Write(root, (null: TextWriter), label, null)))
    Assert.Equal("label", name (fun () -> Graphviz.Write(root, new StringWriter(), null, null)))
    Assert.Equal("label", name (fun () -> Graphviz.WriteFile(root, "never.dot", (null: Func<Node, string>), null)))
    Assert.False(File.Exists "never.dot")

[<Fact>]
let ``an undefined RankDir is refused naming rankDir and its value, and nothing is written`` () =
    inFolder (fun dir ->
        let root = picture ()
        let bad = enum<RankDir> 42
        let check (f: unit -> unit) =
            let e = Assert.Throws<ArgumentOutOfRangeException> f
            Assert.Equal("rankDir", e.ParamName)
            Assert.Contains("42", e.Message)
        let writer = new StringWriter()
        check (fun () -> Graphviz.Export(root, null, bad) |> ignore)
        check (fun () -> Graphviz.Write(root, writer, null, bad))
        check (fun () -> Graphviz.WriteFile(root, Path.Combine(dir, "g.dot"), null, bad))
        Assert.Equal("", writer.ToString())
        Assert.Empty(filesIn dir))

// x, c, and then y ← y * c: 2 + products nodes (c is one shared node).
let private productChain (products: int) =
    let c = Node.Leaf 1.0
    let mutable y = Node.Leaf(2.0, "x")
    for _ in 1..products do
        y <- y * c
    y

[<Fact>]
let ``the string export takes MaxStringNodes nodes and refuses one more, naming the streaming overloads`` () =
    Assert.Equal(100_000, Graphviz.MaxStringNodes)
    let atLimit = productChain 99_998
    let dot = Graphviz.Export atLimit
    let mutable records = 0
    let mutable i = dot.IndexOf("[shape=record", StringComparison.Ordinal)
    while i >= 0 do
        records <- records + 1
        i <- dot.IndexOf("[shape=record", i + 1, StringComparison.Ordinal)
    Assert.Equal(100_000, records)
    let over = productChain 99_999
    for export in
        [
            fun () -> Graphviz.Export over |> ignore
            fun () -> Graphviz.Export(over, Func<Node, string>(fun n -> n.Label), null) |> ignore
        ] do
        let e = Assert.Throws<InvalidOperationException>(export)
        Assert.Contains("100001 nodes", e.Message)
        Assert.Contains("Graphviz.Write(root, writer)", e.Message)
        Assert.Contains("Graphviz.WriteFile(root, path)", e.Message)
        Assert.Contains("WriteDot", e.Message)
    // The streaming export takes it.
    use counter = new DotCounter.DotLineCounter()
    Graphviz.Write(over, counter)
    Assert.Equal(100_001L, counter.Records)
