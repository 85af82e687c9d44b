namespace Micrograd.Testing

open System
open System.Collections.Generic
open System.Globalization
open Micrograd
open Micrograd.Core

/// <summary>A closed interval [Lo, Hi] of numbers: an operation's domain, or the values a slot of
/// an expression can take while its leaves move inside theirs.</summary>
[<Struct; StructuredFormatDisplay("[{Lo}, {Hi}]")>]
type ClosedInterval = {
    /// The lower end.
    Lo: float
    /// The upper end.
    Hi: float
} with

    /// Whether the interval holds x.
    member r.Contains(x: float) = r.Lo <= x && x <= r.Hi

    /// Whether the interval holds all of other.
    member r.Covers(other: ClosedInterval) = r.Lo <= other.Lo && other.Hi <= r.Hi

    override r.ToString() = String.Format(CultureInfo.InvariantCulture, "[{0:R}, {1:R}]", r.Lo, r.Hi)

/// <summary>
/// An operation the expression generators may use, with its domain: for each input, the interval
/// inside which the operation is defined, finite and smooth (the generators apply it only to
/// operands whose every possible value lies inside). A user's <c>CustomOp</c> goes in here; so may
/// a built-in <c>Operation</c>, to weigh it more.
/// </summary>
/// <remarks>The generators know the built-in operations' images exactly; an operation registered
/// here has its image over an operand interval estimated from 17 samples per input, widened by a
/// tenth of its width, which is exact for monotone functions and close for smooth ones.</remarks>
/// <example>
/// <code>
/// var softplus = CustomOp.Unary("softplus", x => Math.Log(1 + Math.Exp(x)), (x, y) => 1 / (1 + Math.Exp(-x)));
/// var registered = new ExpressionOperation(softplus, new ClosedInterval(-5, 4));
/// </code>
/// </example>
[<Sealed; AllowNullLiteral>]
type ExpressionOperation private (operation: Operation, domains: ClosedInterval[], kinks: float[], weight: int) =

    static member private Checked(operation: Operation, domains: ClosedInterval[]) : Operation =
        Checks.notNull operation (nameof operation)
        operation.CheckArity(domains.Length, nameof operation)
        domains
        |> Array.iteri (fun i d -> Checks.interval d.Lo d.Hi (if i = 0 then "domain" else "domainY"))
        operation

    /// <summary>An operation of one input, applied where its operand stays inside the domain.</summary>
    /// <param name="operation">The operation.</param>
    /// <param name="domain">Where it is defined, finite and smooth.</param>
    /// <exception cref="T:System.ArgumentNullException">operation is null.</exception>
    /// <exception cref="T:System.ArgumentException">The operation takes two inputs, or the domain
    /// has Lo above Hi or a NaN end.</exception>
    new(operation: Operation, domain: ClosedInterval) =
        ExpressionOperation(ExpressionOperation.Checked(operation, [| domain |]), [| domain |], [||], 1)

    /// <summary>An operation of two inputs, applied where each operand stays inside its domain.</summary>
    /// <param name="operation">The operation.</param>
    /// <param name="domain">Where its first input may be.</param>
    /// <param name="domainY">Where its second input may be.</param>
    /// <exception cref="T:System.ArgumentNullException">operation is null.</exception>
    /// <exception cref="T:System.ArgumentException">The operation takes one input, or a domain is empty or NaN.</exception>
    new(operation: Operation, domain: ClosedInterval, domainY: ClosedInterval) =
        ExpressionOperation(
            ExpressionOperation.Checked(operation, [| domain; domainY |]),
            [| domain; domainY |],
            [||],
            1
        )

    /// The operation.
    member _.Operation: Operation = operation
    /// One domain per input.
    member _.Domains: IReadOnlyList<ClosedInterval> = Array.AsReadOnly domains
    /// Points of a one-input operation's domain where it is not differentiable (ReLU's 0): the
    /// generators keep the operand at the point of interest away from them.
    member _.Kinks: IReadOnlyList<float> = Array.AsReadOnly kinks
    /// How often it is drawn, against 1 for each built-in operation.
    member _.Weight: int = weight

    /// <summary>The same, with kinks (points where the derivative jumps) the point must keep away from.</summary>
    /// <param name="kinks">The points.</param>
    member _.WithKinks([<ParamArray>] kinks: float[]) : ExpressionOperation =
        Checks.notNull kinks (nameof kinks)
        ExpressionOperation(operation, domains, Array.copy kinks, weight)

    /// <summary>The same, drawn `weight` times as often as a built-in operation.</summary>
    /// <param name="weight">1 to 1000.</param>
    member _.WithWeight(weight: int) : ExpressionOperation =
        Checks.count weight 1 1000 (nameof weight)
        ExpressionOperation(operation, domains, kinks, weight)

    /// The forward value, through the operation's own forward function.
    member internal _.Forward(a: float, b: float) : float =
        if domains.Length = 1 then
            operation.Apply(Node.Leaf a).Data
        else
            operation.Apply(Node.Leaf a, Node.Leaf b).Data

    override _.ToString() = operation.Name

/// <summary>One step of a straight-line program (see <see cref="T:Micrograd.Testing.Expression"/>).
/// Operands are slot numbers: slots 0 .. leaves-1 are the leaves, and instruction j writes slot
/// leaves + j. Any earlier slot may be read, any number of times, so programs describe DAGs.</summary>
type Instruction =
    | Add of int * int
    | Mul of int * int
    | Sub of int * int
    | Div of int * int
    | Neg of int
    /// slot + c
    | AddK of int * float
    /// c + slot
    | KAdd of float * int
    /// slot - c
    | SubK of int * float
    /// c - slot
    | KSub of float * int
    /// slot * c
    | MulK of int * float
    /// c * slot
    | KMul of float * int
    /// slot / c
    | DivK of int * float
    /// c / slot
    | KDiv of float * int
    /// slot ** k, a constant exponent
    | PowK of int * float
    /// slot ** slot, a node exponent
    | PowN of int * int
    | Relu of int
    | Tanh of int
    | Exp of int
    | Log of int
    | Sigmoid of int
    /// detach slot: the slot's value, with no gradient back (PyTorch's detach)
    | Detach of int
    /// Registered operation number `operation` (see Expression.Operations) of one slot.
    | Unary of operation: int * x: int
    /// Registered operation number `operation` of two slots.
    | Binary of operation: int * x: int * y: int

/// <summary>
/// A random expression: leaves (the point), a program over them, and the operations it may use
/// beyond the built-in ones. The root is the last slot. It is data: build it as core nodes
/// (<c>Build</c>), as façade values (<c>BuildValues</c>), or evaluate it in plain floats
/// (<c>Evaluate</c>, which goes through no derivative rule, for numerical derivatives).
/// </summary>
/// <remarks>Every slot stays inside its operations' domains, finite and within ±1000, for every
/// choice of the leaves inside <c>LeafRanges</c> (interval arithmetic, exact for the built-in
/// operations); the point also keeps every kink (ReLU's 0) at a distance.</remarks>
[<Sealed; AllowNullLiteral; StructuredFormatDisplay("{Text}")>]
type Expression
    (leaves: float[], leafRanges: ClosedInterval[], program: Instruction[], operations: ExpressionOperation[]) =

    /// The leaf values: the point (a copy: finite-difference tools such as MathNet's move the
    /// array they are given in place, and the expression stays as it was).
    member _.Leaves: float[] = Array.copy leaves
    /// Where each leaf may move without any slot leaving its domain.
    member _.LeafRanges: ClosedInterval[] = leafRanges
    /// The instructions, slot leaves + j written by instruction j.
    member _.Program: Instruction[] = program
    /// The registered operations the program may use (Unary / Binary instructions number them).
    member _.Operations: ExpressionOperation[] = operations

    /// <summary>The same program at another point.</summary>
    /// <param name="leaves">One value per leaf; inside LeafRanges for the guarantees to hold.</param>
    member _.WithLeaves(leaves: float[]) : Expression =
        Checks.notNull leaves (nameof leaves)
        if leaves.Length <> leafRanges.Length then
            raise (
                ArgumentException(
                    sprintf "leaves has %d values; expected one per leaf (%d)." leaves.Length leafRanges.Length,
                    nameof leaves
                )
            )
        Expression(Array.copy leaves, leafRanges, program, operations)

    /// The same leaves and operations, another program (for shrinking and for tests that rewire one).
    member _.WithProgram(program: Instruction[]) : Expression =
        Checks.notNull program (nameof program)
        Expression(leaves, leafRanges, program, operations)

    /// <summary>Every slot's value at the leaf values x, in plain floats with System.Math (and the
    /// registered operations' forward functions): no derivative rule is involved. A detached slot
    /// is the identity here, as it is going forward.</summary>
    member e.ValuesAt(x: float[]) : float[] = e.ValuesHeldAt(x, null)

    /// <summary>Every slot's value at the leaf values x, with every detached slot held at its value
    /// in <c>held</c> (slot values from <c>ValuesAt</c> at another point; null holds nothing): what
    /// a detach promises to gradients, so finite differences of it are the oracle through a detach.</summary>
    member _.ValuesHeldAt(x: float[], held: float[]) : float[] =
        let n = x.Length
        let v = Array.zeroCreate (n + program.Length)
        Array.blit x 0 v 0 n
        for j in 0 .. program.Length - 1 do
            v[n + j] <-
                match program[j] with
                | Add(a, b) -> v[a] + v[b]
                | Mul(a, b) -> v[a] * v[b]
                | Sub(a, b) -> v[a] - v[b]
                | Div(a, b) -> v[a] / v[b]
                | Neg a -> -v[a]
                | AddK(a, c) -> v[a] + c
                | KAdd(c, a) -> c + v[a]
                | SubK(a, c) -> v[a] - c
                | KSub(c, a) -> c - v[a]
                | MulK(a, c) -> v[a] * c
                | KMul(c, a) -> c * v[a]
                | DivK(a, c) -> v[a] / c
                | KDiv(c, a) -> c / v[a]
                | PowK(a, k) -> Math.Pow(v[a], k)
                | PowN(a, b) -> Math.Pow(v[a], v[b])
                | Relu a -> Math.Max(0.0, v[a])
                | Tanh a -> Math.Tanh v[a]
                | Exp a -> Math.Exp v[a]
                | Log a -> Math.Log v[a]
                | Sigmoid a -> 1.0 / (1.0 + Math.Exp(-v[a]))
                | Detach a -> if isNull held then v[a] else held[n + j]
                | Unary(o, a) -> operations[o].Forward(v[a], 0.0)
                | Binary(o, a, b) -> operations[o].Forward(v[a], v[b])
        v

    /// The sum of every computed slot at x, detached slots held at their values at Leaves.
    member internal e.SumOfSlotsHeld(x: float[]) : float =
        let held =
            if program |> Array.exists (fun i -> i.IsDetach) then e.ValuesAt leaves else null
        Array.sum (e.ValuesHeldAt(x, held)).[leaves.Length ..]

    /// The root's value at the leaf values x, in plain floats, with every detached slot held at its
    /// value at Leaves (what gradients see), so that finite differences at Leaves are the oracle.
    member e.Evaluate(x: float[]) : float =
        let held =
            if program |> Array.exists (fun i -> i.IsDetach) then e.ValuesAt leaves else null
        let v = e.ValuesHeldAt(x, held)
        v[v.Length - 1]

    /// <summary>The expression as core nodes, one per slot (a derived operation such as a - b is
    /// one slot but several nodes, as micrograd builds it); leaves labelled x0, x1, ...</summary>
    member e.Build() : Node[] = e.BuildFrom(leaves |> Array.mapi (fun i x -> Node.Leaf(x, sprintf "x%d" i)))

    /// <summary>The program built on the given nodes in place of its leaves (for GradCheck and
    /// GradGradCheck, which make the leaves): one node per slot, the given ones first.</summary>
    /// <param name="inputs">One node per leaf.</param>
    /// <exception cref="T:System.ArgumentException">inputs has another length than Leaves.</exception>
    member _.BuildFrom(inputs: IReadOnlyList<Node>) : Node[] =
        Checks.notNull inputs (nameof inputs)
        let n = leaves.Length
        if inputs.Count <> n then
            raise (
                ArgumentException(
                    sprintf "inputs has %d nodes; expected one per leaf (%d)." inputs.Count n,
                    nameof inputs
                )
            )
        let v = Array.zeroCreate<Node>(n + program.Length)
        for i in 0 .. n - 1 do
            Checks.notNull inputs[i] (nameof inputs)
            v[i] <- inputs[i]
        for j in 0 .. program.Length - 1 do
            v[n + j] <-
                match program[j] with
                | Add(a, b) -> v[a] + v[b]
                | Mul(a, b) -> v[a] * v[b]
                | Sub(a, b) -> v[a] - v[b]
                | Div(a, b) -> v[a] / v[b]
                | Neg a -> -v[a]
                | AddK(a, c) -> v[a] + c
                | KAdd(c, a) -> c + v[a]
                | SubK(a, c) -> v[a] - c
                | KSub(c, a) -> c - v[a]
                | MulK(a, c) -> v[a] * c
                | KMul(c, a) -> c * v[a]
                | DivK(a, c) -> v[a] / c
                | KDiv(c, a) -> c / v[a]
                | PowK(a, k) -> v[a] ** k
                | PowN(a, b) -> v[a] ** v[b]
                | Relu a -> Node.Relu v[a]
                | Tanh a -> tanh v[a]
                | Exp a -> exp v[a]
                | Log a -> log v[a]
                | Sigmoid a -> Node.Sigmoid v[a]
                | Detach a -> Node.Detach v[a]
                | Unary(o, a) -> operations[o].Operation.Apply v[a]
                | Binary(o, a, b) -> operations[o].Operation.Apply(v[a], v[b])
        v

    /// <summary>The expression as façade values, one per slot, through the façade's operators;
    /// leaves labelled x0, x1, ... (the first Leaves.Length values), the root last.</summary>
    member _.BuildValues() : Value[] =
        let n = leaves.Length
        let v = Array.zeroCreate<Value>(n + program.Length)
        for i in 0 .. n - 1 do
            v[i] <- Value(leaves[i], sprintf "x%d" i)
        for j in 0 .. program.Length - 1 do
            v[n + j] <-
                match program[j] with
                | Add(a, b) -> v[a] + v[b]
                | Mul(a, b) -> v[a] * v[b]
                | Sub(a, b) -> v[a] - v[b]
                | Div(a, b) -> v[a] / v[b]
                | Neg a -> -v[a]
                | AddK(a, c) -> v[a] + c
                | KAdd(c, a) -> c + v[a]
                | SubK(a, c) -> v[a] - c
                | KSub(c, a) -> c - v[a]
                | MulK(a, c) -> v[a] * c
                | KMul(c, a) -> c * v[a]
                | DivK(a, c) -> v[a] / c
                | KDiv(c, a) -> c / v[a]
                | PowK(a, k) -> v[a].Pow k
                | PowN(a, b) -> v[a].Pow v[b]
                | Relu a -> v[a].Relu()
                | Tanh a -> v[a].Tanh()
                | Exp a -> v[a].Exp()
                | Log a -> v[a].Log()
                | Sigmoid a -> v[a].Sigmoid()
                | Detach a -> v[a].Detach()
                | Unary(o, a) -> v[a].Apply(operations[o].Operation)
                | Binary(o, a, b) -> v[a].Apply(operations[o].Operation, v[b])
        v

    /// Readable in a counterexample: "x0 = 0.5; x1 = -1.25; s2 = x0 * x1; ..." (sN is slot N).
    member _.Text: string =
        let n = leaves.Length
        let s i = if i < n then sprintf "x%d" i else sprintf "s%d" i
        let c (x: float) = x.ToString("R", CultureInfo.InvariantCulture)
        let first = leaves |> Array.mapi (fun i x -> sprintf "x%d = %s" i (c x))
        let steps =
            program
            |> Array.mapi (fun j instr ->
                let rhs =
                    match instr with
                    | Add(a, b) -> sprintf "%s + %s" (s a) (s b)
                    | Mul(a, b) -> sprintf "%s * %s" (s a) (s b)
                    | Sub(a, b) -> sprintf "%s - %s" (s a) (s b)
                    | Div(a, b) -> sprintf "%s / %s" (s a) (s b)
                    | Neg a -> sprintf "-%s" (s a)
                    | AddK(a, k) -> sprintf "%s + %s" (s a) (c k)
                    | KAdd(k, a) -> sprintf "%s + %s" (c k) (s a)
                    | SubK(a, k) -> sprintf "%s - %s" (s a) (c k)
                    | KSub(k, a) -> sprintf "%s - %s" (c k) (s a)
                    | MulK(a, k) -> sprintf "%s * %s" (s a) (c k)
                    | KMul(k, a) -> sprintf "%s * %s" (c k) (s a)
                    | DivK(a, k) -> sprintf "%s / %s" (s a) (c k)
                    | KDiv(k, a) -> sprintf "%s / %s" (c k) (s a)
                    | PowK(a, k) -> sprintf "%s ** %s" (s a) (c k)
                    | PowN(a, b) -> sprintf "%s ** %s" (s a) (s b)
                    | Relu a -> sprintf "relu %s" (s a)
                    | Tanh a -> sprintf "tanh %s" (s a)
                    | Exp a -> sprintf "exp %s" (s a)
                    | Log a -> sprintf "log %s" (s a)
                    | Sigmoid a -> sprintf "sigmoid %s" (s a)
                    | Detach a -> sprintf "detach %s" (s a)
                    | Unary(o, a) -> sprintf "%s %s" operations[o].Operation.Name (s a)
                    | Binary(o, a, b) -> sprintf "%s(%s, %s)" operations[o].Operation.Name (s a) (s b)
                sprintf "%s = %s" (s (n + j)) rhs)
        String.Join("; ", Array.append first steps)

    override e.ToString() = e.Text
