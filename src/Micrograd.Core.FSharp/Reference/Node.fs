namespace Micrograd.Core

open System
open System.Collections.Generic
open System.Globalization
open System.Runtime.CompilerServices
open System.Threading

/// <summary>An object that a wrapper (such as the C# façade's <c>Value</c>) attaches to each node
/// it makes, so that it finds itself again from the node (<c>Node.Tag</c>).</summary>
[<AllowNullLiteral>]
type INodeTag =
    /// The label the node reports as its own (the wrapper may change it; null reads as "").
    abstract Label: string

module internal Operand =
    /// The caller's operand, checked with the caller's name for it and the operator they wrote.
    let inline check (x: 'T) (name: string) (symbol: string) : 'T =
        if isNull x then Messages.throwNullOperand name symbol else x

module internal NodeIds =
    let mutable private last = 0L

    /// Ids count up from 1 in creation order; Interlocked keeps them unique across threads.
    let next () = Interlocked.Increment(&last)

/// <summary>One value in an immutable expression graph: its forward value (computed when the node is
/// built, as micrograd does), the operation that made it and its inputs in operand order.</summary>
/// <remarks>Nothing in a node ever changes, and a node holds no gradient: gradients are computed by
/// <see cref="M:Micrograd.Core.Backprop.Gradients(Micrograd.Core.Node)"/> and returned as a map.
/// Nodes compare by identity: two leaves with equal data are two different nodes. Equality and
/// hashing never look at the inputs, so they cost O(1) however large the graph.</remarks>
/// <example>
/// <code lang="fsharp">
/// let a = Node.Leaf(-4.0, "a")
/// let b = Node.Leaf(2.0, "b")
/// let e = (a * b).WithLabel "e"    // e.Data = -8.0, e.Op = "*"
/// let f = e ** 2.0 + exp a
/// </code>
/// </example>
[<Sealed; AllowNullLiteral>]
type Node private (data: float, op: Op, a: Node, b: Node, extra: obj) =
    // Six fields and a header: 64 bytes. `extra` is the label (a string) or a wrapper's tag (which has it).
    let id = NodeIds.next ()

    static let noInputs: IReadOnlyList<Node> = Array.Empty<Node>()

    [<DefaultValue>] // anomaly detection's check of each new node (Anomaly.fs): null while no scope is open
    static val mutable private watch: Action<Node>
    static member internal SetWatch(w: Action<Node>) = Node.watch <- w

    // Every computed node is made here: the forward value comes from the rule table.
    static member internal Make(op: Op, a: Node, b: Node, extra: obj) : Node =
        if isNull a then
            Messages.throwNullOperand "x" (Rules.name op)
        if Rules.isBinary op then
            if isNull b then
                Messages.throwNullOperand "y" (Rules.name op)
        elif not (isNull b) then
            raise (ArgumentException(Messages.arityMismatch (Rules.name op) false 2, "y"))
        let n =
            Node(Rules.forward op a.Data (if isNull b then 0.0 else b.Data), op, a, b, extra)
        let watch = Node.watch // read once: another thread may close the last scope meanwhile
        if not (isNull watch) then
            watch.Invoke n
        n

    static member internal MakeLeaf(data: float, extra: obj) : Node = Node(data, Op.Leaf, null, null, extra)

    /// <summary>A leaf made by a wrapper, which attaches its tag (and so gives the label).</summary>
    /// <param name="data">The value.</param>
    /// <param name="tag">The wrapper's object, read back by <c>Tag</c>.</param>
    static member TaggedLeaf(data: float, tag: INodeTag) : Node = Node.MakeLeaf(data, tag)

    /// The forward value, computed when the node was built.
    member _.Data: float = data

    /// micrograd's op string: "" for a leaf, "+", "*", "**3", "**", "ReLU", "tanh", "exp", "log", ...
    member _.Op: string = Rules.name op

    /// The inputs in operand order (empty for a leaf). A fresh list on every call.
    member _.Inputs: IReadOnlyList<Node> =
        if isNull a then noInputs
        elif isNull b then [| a |]
        else [| a; b |]

    /// A name for pictures and printing ("" when none was given): the tag's label for a node with
    /// a tag. Not part of the node's identity.
    member _.Label: string =
        match extra with
        | :? string as label -> label
        | null -> ""
        | tag ->
            let label = Unsafe.As<INodeTag>(tag).Label
            if isNull label then "" else label

    /// The tag a wrapper attached when it made the node, or null.
    member _.Tag: INodeTag =
        match extra with
        | :? string -> null
        | tag -> Unsafe.As<INodeTag> tag // only ever an INodeTag: TaggedLeaf and Operation.Apply take one

    /// Whether the node is a leaf (a value given from outside, not computed).
    member _.IsLeaf: bool = isNull a

    /// Unique, in creation order: a node's inputs always have smaller ids than the node.
    member _.Id: int64 = id

    /// <summary>A new node with the same operation, inputs and data, and the given label.</summary>
    /// <remarks>A different node (a new <c>Id</c>), so graphs built from the original are unchanged and
    /// labels immutable: micrograd's <c>e = a * b; e.label = 'e'</c> is <c>(a * b).WithLabel "e"</c>.</remarks>
    member _.WithLabel(newLabel: string) : Node = Node(data, op, a, b, (if isNull newLabel then "" else newLabel))

    member internal _.OpCode = op
    member internal _.A = a
    member internal _.B = b

    /// Reference equality: a node is equal only to itself.
    override this.Equals(other: obj) = Object.ReferenceEquals(this, other)

    /// A hash of the id alone, so it is O(1) and the same on every run.
    override _.GetHashCode() = int id ^^^ int (id >>> 32)

    /// <summary>micrograd-style printing, e.g. <c>Node(data=-8, op="*", label="e")</c>.</summary>
    override this.ToString() =
        let d = data.ToString("R", CultureInfo.InvariantCulture)
        let o = if op.IsLeaf then "" else sprintf ", op=\"%s\"" (Rules.name op)
        let l = if this.Label = "" then "" else sprintf ", label=\"%s\"" this.Label
        sprintf "Node(data=%s%s%s)" d o l

    /// <summary>A leaf: a value given from outside (an input or a parameter).</summary>
    /// <param name="data">The value.</param>
    static member Leaf(data: float) : Node = Node.MakeLeaf(data, "")

    /// <summary>A labelled leaf.</summary>
    /// <param name="data">The value.</param>
    /// <param name="label">A name for pictures and printing.</param>
    static member Leaf(data: float, label: string) : Node = Node.MakeLeaf(data, (if isNull label then "" else label))

    /// A new leaf 0.0, so that F#'s List.sum and Seq.sum work on nodes (they start from Zero, like Python's sum).
    static member Zero: Node = Node.Leaf 0.0

    /// <summary>a + b.</summary>
    static member (+)(a: Node, b: Node) : Node =
        Node.Make(Op.Add, Operand.check a "a" "+", Operand.check b "b" "+", null)
    /// <summary>a + b, with b as a new leaf.</summary>
    static member (+)(a: Node, b: float) : Node = Operand.check a "a" "+" + Node.Leaf b
    /// <summary>a + b, built as b + a with a as a new leaf (micrograd's __radd__).</summary>
    static member (+)(a: float, b: Node) : Node = Operand.check b "b" "+" + Node.Leaf a

    /// <summary>a * b.</summary>
    static member (*)(a: Node, b: Node) : Node =
        Node.Make(Op.Mul, Operand.check a "a" "*", Operand.check b "b" "*", null)
    /// <summary>a * b, with b as a new leaf.</summary>
    static member (*)(a: Node, b: float) : Node = Operand.check a "a" "*" * Node.Leaf b
    /// <summary>a * b, built as b * a with a as a new leaf (micrograd's __rmul__).</summary>
    static member (*)(a: float, b: Node) : Node = Operand.check b "b" "*" * Node.Leaf a

    /// <summary>-a, built as a * -1 (micrograd's __neg__).</summary>
    static member (~-)(a: Node) : Node = Operand.check a "a" "-" * -1.0

    /// <summary>a - b, built as a + (-b).</summary>
    static member (-)(a: Node, b: Node) : Node = Operand.check a "a" "-" + (-(Operand.check b "b" "-"))
    /// <summary>a - b, built as a + (-b) with -b as a new leaf.</summary>
    static member (-)(a: Node, b: float) : Node = Operand.check a "a" "-" + (-b)
    /// <summary>a - b, built as (-b) + a (micrograd's __rsub__).</summary>
    static member (-)(a: float, b: Node) : Node = (-(Operand.check b "b" "-")) + a

    /// <summary>a / b, built as a * b**-1 (micrograd's __truediv__).</summary>
    static member (/)(a: Node, b: Node) : Node = Operand.check a "a" "/" * Node.Pow(Operand.check b "b" "/", -1.0)
    /// <summary>a / b, built as a * (b**-1) with b**-1 computed in floating point, as Python does.</summary>
    static member (/)(a: Node, b: float) : Node = Operand.check a "a" "/" * Math.Pow(b, -1.0)
    /// <summary>a / b, built as b**-1 * a (micrograd's __rtruediv__).</summary>
    static member (/)(a: float, b: Node) : Node = Node.Pow(Operand.check b "b" "/", -1.0) * a

    /// <summary>x ** exponent with a constant exponent (op "**k"); F#'s <c>x ** 3.0</c>.</summary>
    /// <remarks>A negative base with a non-integer exponent gives NaN, as IEEE says.</remarks>
    static member Pow(x: Node, exponent: float) : Node =
        Node.Make(Op.PowConst exponent, Operand.check x "x" "**", null, null)

    /// <summary>x ** exponent with a node as exponent (op "**"): the exponent gets the gradient ln(x)·x^y.</summary>
    /// <remarks>A negative base with a non-integer exponent gives NaN, as IEEE says; so does the
    /// exponent's gradient whenever ln(x) is undefined (x &lt; 0).</remarks>
    static member Pow(x: Node, exponent: Node) : Node =
        Node.Make(Op.Pow, Operand.check x "x" "**", Operand.check exponent "exponent" "**", null)

    /// <summary>max(0, x) (op "ReLU").</summary>
    static member Relu(x: Node) : Node = Node.Make(Op.Relu, x, null, null)

    /// <summary>tanh x (op "tanh"); F#'s <c>tanh x</c>.</summary>
    static member Tanh(x: Node) : Node = Node.Make(Op.Tanh, x, null, null)

    /// <summary>e^x (op "exp"); F#'s <c>exp x</c>. Overflows to +Infinity past x ≈ 709.78.</summary>
    static member Exp(x: Node) : Node = Node.Make(Op.Exp, x, null, null)

    /// <summary>ln x (op "log"); F#'s <c>log x</c>. NaN for x &lt; 0, -Infinity for x = 0.</summary>
    static member Log(x: Node) : Node = Node.Make(Op.Log, x, null, null)

    /// <summary>1 / (1 + e^-x) (op "sigmoid").</summary>
    static member Sigmoid(x: Node) : Node = Node.Make(Op.Sigmoid, x, null, null)

    /// <summary>x's value as a constant (op "detach", PyTorch's detach, JAX's stop_gradient): no gradient,
    /// not even NaN or ∞, reaches x. Recomputed from x, so a compiled tape replays it.</summary>
    static member Detach(x: Node) : Node = Node.Make(Op.Detach, x, null, null)

    /// <summary>The sum of the nodes, left to right, as Python's <c>sum</c>: <c>0 + x0</c> (built as
    /// <c>x0 + 0</c>, micrograd's __radd__), <c>+ x1</c>, ...; any length; an empty sum is a leaf 0.</summary>
    static member Sum(nodes: IEnumerable<Node>) : Node =
        if isNull nodes then
            nullArg (nameof nodes)
        let mutable acc = null
        let mutable i = 0
        for n in nodes do
            if isNull n then
                raise (ArgumentNullException(nameof nodes, Messages.nullElement (nameof nodes) i))
            acc <- if isNull acc then 0.0 + n else acc + n
            i <- i + 1
        if isNull acc then Node.Leaf 0.0 else acc
