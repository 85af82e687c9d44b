namespace Micrograd.Core

open System
open System.Runtime.CompilerServices
open System.Runtime.InteropServices

/// The operations as mutable nodes keep them: a byte each. The two that carry a constant (x ** k
/// and a user's operation) keep their Op where the second input would be: the Op itself for one
/// input (carried), an OpCell of the Op and the second input for two (carriedPair).
module internal OpCodes =
    [<Literal>]
    let leaf = 0uy

    /// Codes from here on carry their operation where the second input would be.
    [<Literal>]
    let firstCarried = 10uy

    /// A one-input operation that carries its Op (x ** k, a user's one-input operation).
    [<Literal>]
    let carried = 10uy

    /// A two-input operation that carries its Op in an OpCell with the second input (a user's).
    [<Literal>]
    let carriedPair = 11uy

    /// A neuron's weighted sum b + w0·x0 + w1·x1 + ..., one value for micrograd's chain of them,
    /// which carries its terms where the second input would be (see MutableNode's WeightedSum).
    [<Literal>]
    let fused = 12uy

    /// A weighted sum whose chain is made: from then on the chain's last sum (its inputs are the
    /// chain's, kept aside: see MutableNode's MakeChain).
    [<Literal>]
    let fusedMade = 13uy

    let plain = [|
        Op.Leaf
        Op.Add
        Op.Mul
        Op.Pow
        Op.Relu
        Op.Tanh
        Op.Exp
        Op.Log
        Op.Sigmoid
        Op.Detach
    |]

    let ofOp (op: Op) : byte =
        match op with
        | Op.Leaf -> 0uy
        | Op.Add -> 1uy
        | Op.Mul -> 2uy
        | Op.Pow -> 3uy
        | Op.Relu -> 4uy
        | Op.Tanh -> 5uy
        | Op.Exp -> 6uy
        | Op.Log -> 7uy
        | Op.Sigmoid -> 8uy
        | Op.Detach -> 9uy
        | Op.PowConst _ -> carried
        | Op.Custom _ -> if Rules.isBinary op then carriedPair else carried

    /// The operation of a code below firstCarried.
    let plainOp (code: byte) : Op = plain[int code]

/// <summary>
/// An operation of the rule table, as a value: what a wrapper or an extension applies to nodes.
/// The built-in ones are static members (<c>Operation.Add</c>, <c>Operation.Power 3.0</c>, ...);
/// a <see cref="T:Micrograd.Core.CustomOp"/> is an operation with a rule of the user's own.
/// </summary>
/// <example>
/// <code lang="fsharp">
/// let y = Operation.Multiply.Apply(Node.Leaf 2.0, Node.Leaf 3.0)   // the same as Node.Leaf 2.0 * Node.Leaf 3.0
/// </code>
/// </example>
[<AllowNullLiteral>]
type Operation internal (op: Op) =
    static let add = Operation Op.Add
    static let multiply = Operation Op.Mul
    static let power = Operation Op.Pow
    static let relu = Operation Op.Relu
    static let tanh = Operation Op.Tanh
    static let exp = Operation Op.Exp
    static let log = Operation Op.Log
    static let sigmoid = Operation Op.Sigmoid
    static let detach = Operation Op.Detach

    let code = OpCodes.ofOp op
    let binary = Rules.isBinary op

    member internal _.Op = op

    /// The operation's code (OpCodes), worked out once.
    member internal _.Code: byte = code

    /// Whether it takes two inputs, worked out once.
    member internal _.IsBinary: bool = binary

    /// micrograd's op string of the nodes it makes ("+", "*", "**3", "tanh", a custom op's name).
    member _.Name: string = Rules.name op

    /// How many inputs it takes: 1 or 2.
    member _.Arity: int = if Rules.isBinary op then 2 else 1

    /// <summary>The operation applied to one input: a new node (with a wrapper's tag, if given).</summary>
    /// <param name="x">The input.</param>
    /// <param name="tag">What a wrapper attaches to the node (see <c>Node.Tag</c>), or null.</param>
    /// <returns>The new node; its data is the operation's forward value.</returns>
    /// <exception cref="T:System.ArgumentNullException">x is null.</exception>
    /// <exception cref="T:System.ArgumentException">The operation takes two inputs.</exception>
    [<MethodImpl(MethodImplOptions.AggressiveInlining)>]
    member this.Apply(x: Node, [<Optional; DefaultParameterValue(null: INodeTag)>] tag: INodeTag) : Node =
        if Rules.isBinary op then
            raise (ArgumentException(Messages.arityMismatch (Rules.name op) true 1, nameof x))
        Node.Make(op, x, null, tag)

    /// <summary>The operation applied to two inputs: a new node (with a wrapper's tag, if given).</summary>
    /// <param name="x">The first input.</param>
    /// <param name="y">The second input.</param>
    /// <param name="tag">What a wrapper attaches to the node (see <c>Node.Tag</c>), or null.</param>
    /// <returns>The new node; its data is the operation's forward value.</returns>
    /// <exception cref="T:System.ArgumentNullException">x or y is null.</exception>
    /// <exception cref="T:System.ArgumentException">The operation takes one input.</exception>
    [<MethodImpl(MethodImplOptions.AggressiveInlining)>]
    member _.Apply(x: Node, y: Node, [<Optional; DefaultParameterValue(null: INodeTag)>] tag: INodeTag) : Node =
        Node.Make(op, x, y, tag) // which refuses a second input for a unary operation

    /// <summary>Refuses a number of inputs the operation does not take.</summary>
    /// <param name="inputs">How many inputs the caller gives.</param>
    /// <param name="parameterName">The caller's parameter to name in the exception.</param>
    /// <exception cref="T:System.ArgumentException">The operation takes another number of inputs.</exception>
    member _.CheckArity(inputs: int, parameterName: string) =
        if inputs <> (if Rules.isBinary op then 2 else 1) then
            raise (ArgumentException(Messages.arityMismatch (Rules.name op) (Rules.isBinary op) inputs, parameterName))

    /// micrograd's printing of an operation: its op string.
    override this.ToString() = this.Name

    /// <summary>The operation that made a node, so that a wrapper can rebuild a graph of nodes it
    /// did not make (a gradient graph, say) out of its own values; null for a leaf.</summary>
    /// <param name="node">The node.</param>
    /// <returns>An operation whose <c>Apply</c> makes nodes as the node was made (for a user's
    /// operation: one with the same rule, not the <c>CustomOp</c> object itself); null for a leaf.</returns>
    /// <exception cref="T:System.ArgumentNullException">node is null.</exception>
    static member Of(node: Node) : Operation =
        if isNull node then
            nullArg (nameof node)
        if node.IsLeaf then null else Operation(node.OpCode)

    /// x + y ("+").
    static member Add: Operation = add
    /// x * y ("*").
    static member Multiply: Operation = multiply
    /// <summary>x ** k with a constant exponent ("**k").</summary>
    /// <param name="exponent">The constant k.</param>
    static member Power(exponent: float) : Operation = Operation(Op.PowConst exponent)
    /// x ** y with a node as exponent ("**").
    static member PowerOfNode: Operation = power
    /// max(0, x) ("ReLU").
    static member Relu: Operation = relu
    /// tanh x ("tanh").
    static member Tanh: Operation = tanh
    /// e^x ("exp").
    static member Exp: Operation = exp
    /// ln x ("log").
    static member Log: Operation = log
    /// 1 / (1 + e^-x) ("sigmoid").
    static member Sigmoid: Operation = sigmoid
    /// x's value, passing no gradient back ("detach"; PyTorch's detach, JAX's stop_gradient).
    static member Detach: Operation = detach

/// <summary>The checks the core's operators make of their operands, for a wrapper's operators (such
/// as the C# façade's <c>Value</c>), so that both say the same thing.</summary>
[<AbstractClass; Sealed>]
type Operands =
    /// <summary>Refuses a null operand, naming the caller's parameter and the operator they used.</summary>
    /// <param name="operand">The operand.</param>
    /// <param name="parameterName">The caller's name for it (e.g. "b").</param>
    /// <param name="operatorSymbol">The operator the caller wrote (e.g. "-").</param>
    /// <exception cref="T:System.ArgumentNullException">The operand is null.</exception>
    static member Check(operand: obj, parameterName: string, operatorSymbol: string) : unit =
        if isNull operand then
            Messages.throwNullOperand parameterName operatorSymbol

    /// <summary>Refuses a null element of a list of operands, naming the list and the position.</summary>
    /// <param name="element">The element.</param>
    /// <param name="listName">The caller's name for the list (e.g. "values").</param>
    /// <param name="index">The element's position.</param>
    /// <exception cref="T:System.ArgumentNullException">The element is null.</exception>
    static member CheckElement(element: obj, listName: string, index: int) : unit =
        if isNull element then
            raise (ArgumentNullException(listName, Messages.nullElement listName index))

/// A user's rule, kept in floats for the rule table and, optionally, in nodes for gradients as graphs.
[<Sealed>]
type internal UserRule
    (
        name: string,
        binary: bool,
        forward: Func<float, float, float>,
        derivatives: Func<float, float, float, struct (float * float)>,
        nodeDerivatives: Func<Node, Node, Node, struct (Node * Node)>
    ) =
    interface IUserRule with
        member _.Name = name
        member _.IsBinary = binary
        member _.Forward(a, b) = forward.Invoke(a, b)
        member _.Derivatives(a, b, out) = derivatives.Invoke(a, b, out)

    member _.HasNodeDerivatives = not (isNull nodeDerivatives)

    /// The contributions (∂out/∂a · g, ∂out/∂b · g) as nodes, for Backprop.gradientNodes.
    member _.NodeBackward(a: Node, b: Node, out: Node, g: Node) : struct (Node * Node) =
        if isNull nodeDerivatives then
            raise (
                NotSupportedException(
                    sprintf
                        "The operation '%s' has no derivatives as nodes, so its gradient cannot be built as a graph; create it with the overload of CustomOp.Unary or CustomOp.Binary that takes them."
                        name
                )
            )
        let struct (da, db) = nodeDerivatives.Invoke(a, b, out)
        struct (da * g, (if binary then db * g else null))

/// <summary>
/// An operation you define: a name, its forward function and its local derivatives (and, if you
/// want higher-order gradients through it, the derivatives as nodes). It works as a built-in one
/// does: in graphs, in every backprop, in the compiled tape, in Graphviz pictures, in printing and
/// in the C# façade (<c>Value.Apply</c>).
/// </summary>
/// <remarks>Derivatives get the input(s) and the operation's output, so that a rule such as
/// tanh's <c>1 - y²</c> need not recompute the forward value. Return IEEE values (NaN, ±∞) rather
/// than throwing: the rule table never throws.</remarks>
/// <example>
/// <code lang="fsharp">
/// let softplus = CustomOp.Unary("softplus", (fun x -> log (1.0 + exp x)), (fun x _ -> 1.0 / (1.0 + exp -x)))
/// let n = softplus.Apply(Node.Leaf 0.5)
/// let hypot = CustomOp.Binary("hypot", (fun a b -> sqrt (a * a + b * b)), (fun a b y -> struct (a / y, b / y)))
/// let h = hypot.Apply(Node.Leaf 3.0, Node.Leaf 4.0)   // h.Data = 5.0, h.Op = "hypot"
/// </code>
/// </example>
[<Sealed>]
type CustomOp private (rule: UserRule) =
    inherit Operation(Op.Custom rule)

    member internal _.Rule = rule

    static member private Checked(name: string, forward: obj, derivative: obj, derivativeName: string) =
        if isNull name then
            nullArg (nameof name)
        if String.IsNullOrWhiteSpace name then
            raise (
                ArgumentException(
                    "The name is empty; expected what pictures and printing call the operation.",
                    nameof name
                )
            )
        if isNull forward then
            nullArg (nameof forward)
        if isNull derivative then
            nullArg derivativeName

    /// <summary>An operation of one input.</summary>
    /// <param name="name">What printing and pictures call it (its nodes' <c>Op</c>).</param>
    /// <param name="forward">x ↦ f(x).</param>
    /// <param name="derivative">(x, y) ↦ f'(x), where y = f(x).</param>
    /// <param name="derivativeNode">The same as a node, built from nodes x and y: needed only for
    /// gradients as graphs (<c>Backprop.gradientNodes</c>); null when not given.</param>
    /// <returns>The operation.</returns>
    static member Unary
        (
            name: string,
            forward: Func<float, float>,
            derivative: Func<float, float, float>,
            [<Optional; DefaultParameterValue(null: Func<Node, Node, Node>)>] derivativeNode: Func<Node, Node, Node>
        ) : CustomOp =
        CustomOp.Checked(name, forward, derivative, nameof derivative)
        let nodes =
            if isNull derivativeNode then
                null
            else
                Func<Node, Node, Node, struct (Node * Node)>(fun x _ y -> struct (derivativeNode.Invoke(x, y), null))
        let rule =
            UserRule(
                name,
                false,
                Func<float, float, float>(fun x _ -> forward.Invoke x),
                Func<float, float, float, struct (float * float)>(fun x _ y -> struct (derivative.Invoke(x, y), 0.0)),
                nodes
            )
        CustomOp rule

    /// <summary>An operation of two inputs.</summary>
    /// <param name="name">What printing and pictures call it (its nodes' <c>Op</c>).</param>
    /// <param name="forward">(a, b) ↦ f(a, b).</param>
    /// <param name="derivatives">(a, b, y) ↦ (∂f/∂a, ∂f/∂b), where y = f(a, b).</param>
    /// <param name="derivativeNodes">The same as nodes, built from nodes a, b and y: needed only for
    /// gradients as graphs (<c>Backprop.gradientNodes</c>); null when not given.</param>
    /// <returns>The operation.</returns>
    static member Binary
        (
            name: string,
            forward: Func<float, float, float>,
            derivatives: Func<float, float, float, struct (float * float)>,
            [<Optional; DefaultParameterValue(null: Func<Node, Node, Node, struct (Node * Node)>)>] derivativeNodes:
                Func<Node, Node, Node, struct (Node * Node)>
        ) : CustomOp =
        CustomOp.Checked(name, forward, derivatives, nameof derivatives)
        CustomOp(UserRule(name, true, forward, derivatives, derivativeNodes))

    /// Whether its derivatives as nodes were given, so that gradients as graphs go through it.
    member _.HasDerivativeNodes: bool = rule.HasNodeDerivatives
