module Micrograd.Core.Tests.NodeTests

open System
open System.Collections.Generic
open System.Globalization
open Xunit
open FsCheck
open FsCheck.Xunit
open Micrograd.Core
open Micrograd.Core.Tests.Generators

/// A small graph as text: a leaf is its label (or its data when unlabelled), a computed node is
/// its op applied to its inputs, e.g. "+(a, *(b, -1))". Recursive: for small graphs only.
let rec private shape (n: Node) : string =
    if n.Inputs.Count = 0 then
        if n.Label <> "" then n.Label else n.Data.ToString("R", CultureInfo.InvariantCulture)
    else
        sprintf "%s(%s)" n.Op (n.Inputs |> Seq.map shape |> String.concat ", ")

// ---------------------------------------------------------------------------------------------
// Identity

[<Fact>]
let ``two leaves with equal data are two different nodes and two different keys`` () =
    let a, b = Node.Leaf 1.0, Node.Leaf 1.0
    Assert.False(a.Equals b)
    Assert.True(a.Equals a)
    Assert.False((a = b))
    let names = Dictionary<Node, string>()
    names[a] <- "a"
    names[b] <- "b"
    Assert.Equal(2, names.Count)
    Assert.Equal("a", names[a])
    Assert.Equal("b", names[b])

[<Fact>]
let ``a node is equal only to itself, however alike two graphs are`` () =
    let x = Node.Leaf 2.0
    let p, q = x * x, x * x
    Assert.False(p.Equals q)
    Assert.True(p.Equals p)
    Assert.False(p.Equals(null: obj))
    Assert.False(p.Equals(box 4.0))
    Assert.Equal(p.GetHashCode(), p.GetHashCode())
    Assert.Equal(2, HashSet [ p; q; p; q ] |> Seq.length)

[<Fact>]
let ``a node a million levels deep hashes, compares and prints without recursing`` () =
    let _, y = DeepGraphs.plusOnes.Force()
    let h = y.GetHashCode()
    Assert.Equal(h, y.GetHashCode())
    Assert.True(y.Equals y)
    Assert.False(y.Equals(y.WithLabel "y"))
    let set = HashSet<Node>([ y ])
    Assert.True(set.Contains y)
    Assert.Equal("Node(data=1000000.5, op=\"+\")", y.ToString())
    Assert.Equal("Node(data=1000000.5, op=\"+\")", sprintf "%O" y)

[<Fact>]
let ``nodes print as micrograd prints values`` () =
    let a = Node.Leaf(-4.0, "a")
    let b = Node.Leaf(2.0, "b")
    Assert.Equal("Node(data=-4, label=\"a\")", string a)
    Assert.Equal("Node(data=0.5)", string (Node.Leaf 0.5))
    Assert.Equal("Node(data=-8, op=\"*\", label=\"e\")", string ((a * b).WithLabel "e"))
    Assert.Equal("Node(data=0.1, op=\"+\")", string (Node.Leaf 0.1 + 0.0))

// ---------------------------------------------------------------------------------------------
// Ops and inputs

[<Fact>]
let ``op strings are micrograd's`` () =
    let a, b = Node.Leaf 2.0, Node.Leaf 3.0
    let cases = [
        "", a
        "+", a + b
        "*", a * b
        "**3", a ** 3.0
        "**-1", a ** -1.0
        "**0.5", a ** 0.5
        "**", a ** b
        "ReLU", Node.Relu a
        "tanh", tanh a
        "exp", exp a
        "log", log a
        "sigmoid", Node.Sigmoid a
    ]
    for expected, node in cases do
        Assert.Equal(expected, node.Op)

[<Fact>]
let ``inputs are in operand order`` () =
    let a, b = Node.Leaf 2.0, Node.Leaf 3.0
    let inputs (n: Node) = List.ofSeq n.Inputs
    Assert.Empty(a.Inputs)
    Assert.Equal<Node list>([ a; b ], inputs (a * b))
    Assert.Equal<Node list>([ b; a ], inputs (b * a))
    Assert.Equal<Node list>([ a; a ], inputs (a * a))
    Assert.Equal<Node list>([ b; a ], inputs (b + a))
    Assert.Equal<Node list>([ a; b ], inputs (a ** b))
    Assert.Equal<Node list>([ a ], inputs (a ** 2.0))
    Assert.Equal<Node list>([ b ], inputs (tanh b))
    Assert.Equal<Node list>([ b ], inputs (Node.Relu b))

[<Fact>]
let ``derived operations are built from primitives as micrograd builds them`` () =
    // micrograd's engine.py: __neg__ is self * -1, __sub__ is self + (-other), __rsub__ is
    // other + (-self), __truediv__ is self * other**-1, __rtruediv__ is other * self**-1, and
    // __radd__/__rmul__ put the Value first. With a float operand, Python negates or inverts the
    // float itself (2.0**-1 = 0.5) before it becomes a leaf.
    let a, b = Node.Leaf(6.0, "a"), Node.Leaf(4.0, "b")
    let cases = [
        "a - b", a - b, "+(a, *(b, -1))", 2.0
        "-a", -a, "*(a, -1)", -6.0
        "a / b", a / b, "*(a, **-1(b))", 1.5
        "a + 2", a + 2.0, "+(a, 2)", 8.0
        "2 + a", 2.0 + a, "+(a, 2)", 8.0
        "a * 2", a * 2.0, "*(a, 2)", 12.0
        "2 * a", 2.0 * a, "*(a, 2)", 12.0
        "a - 2", a - 2.0, "+(a, -2)", 4.0
        "2 - a", 2.0 - a, "+(*(a, -1), 2)", -4.0
        "a / 2", a / 2.0, "*(a, 0.5)", 3.0
        "3 / b", 3.0 / b, "*(**-1(b), 3)", 0.75
    ]
    for name, node, expected, data in cases do
        Assert.True((expected = shape node), sprintf "%s is %s, not %s" name (shape node) expected)
        Assert.Equal(data, node.Data)
    // The operands are the very nodes given, not copies.
    Assert.Same(a, (a - b).Inputs[0])
    Assert.Same(b, (a - b).Inputs[1].Inputs[0])
    Assert.Same(b, (a / b).Inputs[1].Inputs[0])

[<Fact>]
let ``F#'s List.sum works on nodes, starting from a fresh leaf 0`` () =
    let a, b, c = Node.Leaf 1.5, Node.Leaf 2.0, Node.Leaf(-0.5)
    let s = List.sum [ a; b; c ]
    Assert.Equal(3.0, s.Data)
    Assert.Equal("+(+(+(0, 1.5), 2), -0.5)", shape s)
    Assert.False(Node.Zero.Equals Node.Zero)
    let grads = Backprop.gradients s
    Assert.Equal<float list>([ 1.0; 1.0; 1.0 ], [ grads[a]; grads[b]; grads[c] ])

// ---------------------------------------------------------------------------------------------
// Labels and ids

[<Fact>]
let ``WithLabel makes a new node with the same data, op and inputs, and leaves the original alone`` () =
    let a, b = Node.Leaf(-4.0, "a"), Node.Leaf(2.0, "b")
    let e = a * b
    let f = e + 1.0
    let named = e.WithLabel "e"
    Assert.Equal("e", named.Label)
    Assert.Equal("", e.Label)
    Assert.Equal(e.Data, named.Data)
    Assert.Equal(e.Op, named.Op)
    Assert.Same(a, named.Inputs[0])
    Assert.Same(b, named.Inputs[1])
    Assert.False(named.Equals e)
    Assert.True(named.Id > e.Id)
    // Graphs built from the original still use the original.
    Assert.Same(e, f.Inputs[0])
    // The copy differentiates like the original: d(2e)/da = 2b.
    Assert.Equal(4.0, (Backprop.gradients (named * 2.0))[a])
    Assert.Equal("", (a.WithLabel null).Label)
    Assert.Equal(-4.0, (a.WithLabel "z").Data)

[<Property(Arbitrary = [| typeof<Arbitraries> |])>]
let ``ids increase in creation order, so every node's inputs have smaller ids`` (e: Expr) =
    let nodes = e.Build()
    for n in Graph.topologicalOrder nodes[nodes.Length - 1] do
        for input in n.Inputs do
            Assert.True(input.Id < n.Id, sprintf "%O (id %d) has input %O (id %d)" n n.Id input input.Id)
    let later = Node.Leaf 0.0
    Assert.True(nodes |> Array.forall (fun n -> n.Id < later.Id))

// ---------------------------------------------------------------------------------------------
// Null inputs

[<Fact>]
let ``a null input is an ArgumentNullException naming the parameter and the operation`` () =
    let a = Node.Leaf 1.0
    let none: Node = null
    let check (param: string) (op: string) (make: unit -> Node) =
        let ex = Assert.Throws<ArgumentNullException>(fun () -> make () |> ignore)
        Assert.Equal(param, ex.ParamName)
        Assert.Contains(sprintf "'%s'" op, ex.Message)
        Assert.Contains("null", ex.Message)
    // The operators name their operands a and b, as C# sees them, and the operator written.
    check "a" "+" (fun () -> none + a)
    check "b" "+" (fun () -> a + none)
    check "a" "+" (fun () -> none + 1.0)
    check "b" "+" (fun () -> 1.0 + none)
    check "a" "*" (fun () -> none * a)
    check "b" "*" (fun () -> a * none)
    check "b" "*" (fun () -> 2.0 * none)
    check "x" "**" (fun () -> none ** 2.0)
    check "x" "**" (fun () -> none ** a)
    check "exponent" "**" (fun () -> a ** none)
    check "x" "ReLU" (fun () -> Node.Relu none)
    check "x" "tanh" (fun () -> tanh none)
    check "x" "exp" (fun () -> exp none)
    check "x" "log" (fun () -> log none)
    check "x" "sigmoid" (fun () -> Node.Sigmoid none)
    check "x" "detach" (fun () -> Node.Detach none)
    // Derived operations name the operator the caller wrote, not the primitive they are built from.
    check "a" "-" (fun () -> -none)
    check "b" "-" (fun () -> a - none)
    check "a" "-" (fun () -> none - 1.0)
    check "b" "-" (fun () -> 1.0 - none)
    check "b" "/" (fun () -> a / none)
    check "a" "/" (fun () -> none / 2.0)
    check "b" "/" (fun () -> 2.0 / none)
    let inSum =
        Assert.Throws<ArgumentNullException>(fun () -> Node.Sum [ a; none; a ] |> ignore)
    Assert.Equal("nodes", inSum.ParamName)
    Assert.StartsWith("nodes[1] is null; expected a value.", inSum.Message)
    let ex = Assert.Throws<ArgumentNullException>(fun () -> Node.Sum null |> ignore)
    Assert.Equal("nodes", ex.ParamName)
