namespace Micrograd.Core

open System
open System.Globalization

/// An operation a user defined (see <c>CustomOp</c>), as the rule table sees it: a forward value
/// and the local derivatives, in floats.
type internal IUserRule =
    abstract Name: string
    abstract IsBinary: bool
    abstract Forward: a: float * b: float -> float
    /// (∂out/∂a, ∂out/∂b) at the inputs a, b and the output out (∂out/∂b unused when unary).
    abstract Derivatives: a: float * b: float * out: float -> struct (float * float)

/// The primitive operations. Subtraction, division and negation are not here: like micrograd,
/// they are built from these (a - b = a + (-b), -a = a * -1, a / b = a * b**-1).
[<RequireQualifiedAccess>]
type internal Op =
    | Leaf
    | Add
    | Mul
    /// x ** k with a constant exponent k (micrograd's only power).
    | PowConst of k: float
    /// x ** y with a node as exponent, so the exponent gets its gradient too.
    | Pow
    | Relu
    | Tanh
    | Exp
    | Log
    | Sigmoid
    /// x's value, passing no gradient back (PyTorch's detach, JAX's stop_gradient).
    | Detach
    /// An operation defined by a user, with its own rule.
    | Custom of rule: IUserRule

/// The rule table: each primitive's forward value and, right below, how the gradient flows back to
/// its inputs. The only place a built-in derivative is written (a user's op brings its own: CustomOp).
module internal Rules =

    /// Whether the operation takes two inputs.
    let inline isBinary (op: Op) : bool =
        match op with
        | Op.Add
        | Op.Mul
        | Op.Pow -> true
        | Op.Custom rule -> rule.IsBinary
        | _ -> false

    /// micrograd's op strings: "" for a leaf, "+", "*", "**3", "ReLU", "tanh", "exp", "log", ...
    let name (op: Op) : string =
        match op with
        | Op.Leaf -> ""
        | Op.Add -> "+"
        | Op.Mul -> "*"
        | Op.PowConst k -> "**" + k.ToString("R", CultureInfo.InvariantCulture)
        | Op.Pow -> "**"
        | Op.Relu -> "ReLU"
        | Op.Tanh -> "tanh"
        | Op.Exp -> "exp"
        | Op.Log -> "log"
        | Op.Sigmoid -> "sigmoid"
        | Op.Detach -> "detach"
        | Op.Custom rule -> rule.Name

    /// The forward value of `op` at the input values `a` and `b` (`b` unused by unary operations).
    /// IEEE results, never exceptions: log of a negative number, or a negative base to a fractional
    /// power, is NaN. Inlined, so that loops over many operations (the tape) dispatch in place.
    let inline forward (op: Op) (a: float) (b: float) : float =
        match op with
        | Op.Leaf -> invalidOp "a leaf has no forward rule: its value is given"
        | Op.Add -> a + b
        | Op.Mul -> a * b
        | Op.PowConst k -> Math.Pow(a, k)
        | Op.Pow -> Math.Pow(a, b)
        | Op.Relu -> if a < 0.0 then 0.0 else a // micrograd: 0 if x < 0 else x
        | Op.Tanh -> Math.Tanh a
        | Op.Exp -> Math.Exp a
        | Op.Log -> Math.Log a
        | Op.Sigmoid -> 1.0 / (1.0 + Math.Exp(-a))
        | Op.Detach -> a
        | Op.Custom rule -> rule.Forward(a, b)

    /// <summary>The chain rule for one node: given <c>g</c> = ∂root/∂out, returns the contributions
    /// (∂out/∂a · g, ∂out/∂b · g) to the gradients of its inputs, in micrograd's order of
    /// arithmetic (local derivative first, then times g).</summary>
    /// <remarks>Written once over any scalar <c>^T</c> with <c>+ - * /</c>: at <c>float</c> ordinary
    /// backprop; at <c>Node</c> the gradient as a graph, to differentiate again. The functions say what
    /// operators cannot: <c>konst</c> lifts a constant, <c>value</c> reads a forward value (for
    /// ReLU's step), <c>powk</c>/<c>pow</c>/<c>ln</c> are x**k, x**y, ln x, and <c>custom</c> a
    /// user's rule, all in <c>^T</c>. The second component is unused for unary operations.</remarks>
    let inline backward
        ([<InlineIfLambda>] konst: float -> ^T)
        ([<InlineIfLambda>] value: ^T -> float)
        ([<InlineIfLambda>] powk: ^T -> float -> ^T)
        ([<InlineIfLambda>] pow: ^T -> ^T -> ^T)
        ([<InlineIfLambda>] ln: ^T -> ^T)
        ([<InlineIfLambda>] custom: IUserRule -> ^T -> ^T -> ^T -> ^T -> struct (^T * ^T))
        (op: Op)
        (a: ^T)
        (b: ^T)
        (out: ^T)
        (g: ^T)
        : struct (^T * ^T) =
        let unused = Unchecked.defaultof< ^T>
        match op with
        | Op.Leaf -> struct (unused, unused)
        // out = a + b:   ∂/∂a = 1, ∂/∂b = 1
        | Op.Add -> struct (g, g)
        // out = a * b:   ∂/∂a = b, ∂/∂b = a
        | Op.Mul -> struct (b * g, a * g)
        // out = a ** k:  ∂/∂a = k · a^(k-1)   (a constant when k = 0: 0, not 0 · 0^-1 = NaN at a = 0)
        | Op.PowConst k when k = 0.0 -> struct (konst 0.0 * g, unused)
        | Op.PowConst k -> struct (konst k * powk a (k - 1.0) * g, unused)
        // out = a ** b:  ∂/∂a = b · a^(b-1), ∂/∂b = ln(a) · a^b. At a = 0 the formulas read 0 · ∞:
        // ∂/∂a is 0 when b = 0 (a^0 is constant), and ∂/∂b is 0 for b ≥ 0 (a^b ln a → 0), as PyTorch.
        | Op.Pow ->
            let da = if value b = 0.0 then konst 0.0 else b * pow a (b - konst 1.0)
            let db = if value a = 0.0 && value b >= 0.0 then konst 0.0 else ln a * out
            struct (da * g, db * g)
        // out = relu a:  ∂/∂a = 1 if out > 0 else 0. Where it is 0 (or NaN), an exact 0 is handed
        // on, not 0 · g: a flat ReLU stops an infinite or NaN g (sqrt (relu a) at a < 0 has slope 0,
        // not 0 · ∞), as PyTorch's threshold_backward does but at a NaN out, where it passes g on.
        | Op.Relu -> if value out > 0.0 then struct (konst 1.0 * g, unused) else struct (konst 0.0, unused)
        // out = tanh a:  ∂/∂a = 1 - tanh² a
        | Op.Tanh -> struct ((konst 1.0 - out * out) * g, unused)
        // out = exp a:   ∂/∂a = exp a
        | Op.Exp -> struct (out * g, unused)
        // out = ln a:    ∂/∂a = 1 / a
        | Op.Log -> struct (g / a, unused)
        // out = σ(a):    ∂/∂a = σ(a) · (1 - σ(a))
        | Op.Sigmoid -> struct (out * (konst 1.0 - out) * g, unused)
        // out = a, held constant: 0, not 0 · g, so that an infinite or NaN g does not reach a
        | Op.Detach -> struct (konst 0.0, unused)
        // the user's local derivatives, then times g
        | Op.Custom rule -> custom rule a b out g

    /// A user's rule in floats: its local derivatives, each times g.
    let userRuleFloat (rule: IUserRule) (a: float) (b: float) (out: float) (g: float) : struct (float * float) =
        let struct (da, db) = rule.Derivatives(a, b, out)
        struct (da * g, db * g)

    /// The rule table for plain floats, with `custom` for a user's rule.
    let inline backwardFloatWith ([<InlineIfLambda>] custom) (op: Op) a b out g : struct (float * float) =
        backward id id (fun x k -> Math.Pow(x, k)) (fun x y -> Math.Pow(x, y)) Math.Log custom op a b out g

    /// The rule table for plain floats: ordinary backprop.
    let inline backwardFloat (op: Op) (a: float) (b: float) (out: float) (g: float) : struct (float * float) =
        backwardFloatWith userRuleFloat op a b out g
