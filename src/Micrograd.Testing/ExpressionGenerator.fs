namespace Micrograd.Testing

open System
open System.Collections.Generic
open System.Runtime.InteropServices
open FsCheck
open FsCheck.FSharp

/// <summary>What the expression generators draw: how many leaves and instructions at most, and
/// which operations beyond (or instead of) the built-in ones.</summary>
/// <param name="operations">Your operations, with their domains (null: none).</param>
/// <param name="maxLeaves">1 to 8 (4).</param>
/// <param name="maxInstructions">1 to 200 (30); FsCheck's size caps it too, so early tests are short.</param>
/// <param name="includeBuiltIns">Whether the built-in operations are drawn too (true). tanh stays
/// the fallback that replaces a candidate outside its domain, either way.</param>
/// <param name="includeDetach">Whether detach is drawn among the built-ins (false): see <c>IncludeDetach</c>.</param>
[<Sealed; AllowNullLiteral>]
type ExpressionOptions
    (
        [<Optional; DefaultParameterValue(null: IReadOnlyList<ExpressionOperation>)>] operations:
            IReadOnlyList<ExpressionOperation>,
        [<Optional; DefaultParameterValue(4)>] maxLeaves: int,
        [<Optional; DefaultParameterValue(30)>] maxInstructions: int,
        [<Optional; DefaultParameterValue(true)>] includeBuiltIns: bool,
        [<Optional; DefaultParameterValue(false)>] includeDetach: bool
    ) =
    let operations =
        if isNull operations then
            [||]
        else
            operations
            |> Seq.mapi (fun i o ->
                if isNull o then
                    raise (
                        ArgumentNullException(nameof operations, sprintf "operations[%d] is null; expected a value." i)
                    )
                o)
            |> Array.ofSeq
    do
        Checks.count maxLeaves 1 8 (nameof maxLeaves)
        Checks.count maxInstructions 1 200 (nameof maxInstructions)

    /// The registered operations.
    member _.Operations: IReadOnlyList<ExpressionOperation> = Array.AsReadOnly operations
    member internal _.OperationArray = operations
    /// The most leaves an expression has.
    member _.MaxLeaves: int = maxLeaves
    /// The most instructions an expression has.
    member _.MaxInstructions: int = maxInstructions
    /// Whether built-in operations are drawn.
    member _.IncludeBuiltIns: bool = includeBuiltIns
    /// <summary>Whether detach (a built-in) is drawn too; off by default. A finite difference moves
    /// a detached slot with its input, which the gradient does not see, so no numerical check of a
    /// function (GradCheck, PyTorch's gradcheck) can go through a detach. Turn it on for laws that
    /// compare with <c>Expression.Evaluate</c>, which holds detached slots at the point.</summary>
    member _.IncludeDetach: bool = includeDetach

/// <summary>
/// FsCheck generators of random expression DAGs (<see cref="T:Micrograd.Testing.Expression"/>):
/// 1 to MaxLeaves leaves, each either signed in [-2, 2] or positive in [0.5, 2.5]; 1 to
/// MaxInstructions instructions over every built-in operation and your registered ones, each
/// reading any earlier slot (the newest favoured, so expressions also grow deep), so nodes are
/// shared; every slot inside its operations' domains and within ±1000 wherever the leaves move in
/// their intervals; the point away from kinks. Counterexamples shrink to fewer instructions and
/// rounder leaves.
/// </summary>
/// <example>
/// <code lang="fsharp">
/// let options = ExpressionOptions([| ExpressionOperation(softplus, { Lo = -5.0; Hi = 4.0 }) |])
/// let prop = Prop.forAll (ExpressionGenerator.Arbitrary options) (fun e -> ...)
/// </code>
/// <code>
/// [Property(Arbitrary = new[] { typeof(ExpressionArbitraries) })]
/// public void Law(Expression e) { var root = e.BuildValues()[^1]; ... }
/// </code>
/// </example>
[<AbstractClass; Sealed>]
type ExpressionGenerator =

    /// How far every slot's value stays from 0 at most: ±1000.
    static member Bound: float = Ranges.bound

    /// <summary>Whether no kinked operation's input (ReLU's, or a registered operation's with kinks)
    /// is within reach of its kink when one leaf moves by probe·(1 + |leaf|): pass 2e-2 for the
    /// 5-point stencils of second differences. The generators already keep 1e-4 (first differences).</summary>
    /// <param name="probe">The relative move.</param>
    /// <param name="expression">The expression.</param>
    static member IsSmoothWithin(probe: float, expression: Expression) : bool =
        Checks.notNull expression (nameof expression)
        Ranges.isSmoothWithin probe expression

    /// <summary>The generator.</summary>
    /// <param name="options">What to draw (null: the defaults, built-in operations only).</param>
    /// <returns>A generator of valid expressions.</returns>
    static member Generator
        ([<Optional; DefaultParameterValue(null: ExpressionOptions)>] options: ExpressionOptions)
        : Gen<Expression> =
        let options = if isNull options then ExpressionOptions() else options
        let operations = options.OperationArray
        let constant = Gen.choose (-300, 300) |> Gen.map (fun i -> float i / 100.0)
        let exponent =
            Gen.elements [ 2.0; 3.0; 1.0; -1.0; -2.0; 0.5; 1.5; -0.5; 2.5; 1.0 / 3.0 ]
        let candidate (count: int) : Gen<Instruction> =
            let slot =
                Gen.frequency [ 2, Gen.choose (0, count - 1); 1, Gen.constant (count - 1) ]
            let unary f = Gen.map f slot
            let binary f = Gen.map2 (fun a b -> f (a, b)) slot slot
            let right f = Gen.map2 (fun a c -> f (a, c)) slot constant
            let left f = Gen.map2 (fun c a -> f (c, a)) constant slot
            let builtIns =
                if options.IncludeBuiltIns then
                    [
                        binary Add
                        binary Mul
                        binary Sub
                        binary Div
                        unary Neg
                        right AddK
                        left KAdd
                        right SubK
                        left KSub
                        right MulK
                        left KMul
                        right DivK
                        left KDiv
                        Gen.map2 (fun a k -> PowK(a, k)) slot exponent
                        binary PowN
                        unary Relu
                        unary Tanh
                        unary Exp
                        unary Log
                        unary Sigmoid
                        if options.IncludeDetach then
                            unary Detach
                    ]
                    |> List.map (fun g -> 1, g)
                else
                    []
            let registered =
                operations
                |> Array.mapi (fun o op ->
                    op.Weight,
                    (if op.Domains.Count = 1 then
                         unary (fun a -> Unary(o, a))
                     else
                         Gen.map2 (fun a b -> Binary(o, a, b)) slot slot))
                |> List.ofArray
            match builtIns @ registered with
            | [] -> unary Tanh
            | all -> Gen.frequency all
        // A candidate outside its domain is redrawn a few times; then tanh of the newest slot
        // (always allowed) takes its place.
        let rec grow (ranges: ClosedInterval[]) (program: Instruction list) (remaining: int) (tries: int) =
            if remaining = 0 then
                Gen.constant (program |> List.rev |> Array.ofList)
            else
                candidate ranges.Length
                |> Gen.bind (fun instr ->
                    match Ranges.rangeOf operations ranges instr with
                    | Some r -> grow (Array.append ranges [| r |]) (instr :: program) (remaining - 1) 0
                    | None when tries < 10 -> grow ranges program remaining (tries + 1)
                    | None ->
                        let fallback = Tanh(ranges.Length - 1)
                        let r = (Ranges.rangeOf operations ranges fallback).Value
                        grow (Array.append ranges [| r |]) (fallback :: program) (remaining - 1) 0)
        let leafRanges = [| { Lo = -2.0; Hi = 2.0 }; { Lo = 0.5; Hi = 2.5 } |]
        // Strictly inside (0.01 in from each end), so finite-difference probes stay inside.
        let inside (r: ClosedInterval) =
            Gen.choose (0, 1_000_000)
            |> Gen.map (fun i -> r.Lo + 0.01 + (r.Hi - r.Lo - 0.02) * float i / 1e6)
        gen {
            let! leafCount = Gen.choose (1, options.MaxLeaves)
            let! kinds = Gen.arrayOfLength leafCount (Gen.choose (0, 1))
            let ranges = kinds |> Array.map (fun k -> leafRanges[k])
            let! size = Gen.sized Gen.constant
            let! length = Gen.choose (1, max 1 (min options.MaxInstructions size))
            let! program = grow ranges [] length 0
            let! leaves = ranges |> Array.map inside |> Gen.sequenceToArray
            return Expression(leaves, ranges, program, operations)
        }
        |> Gen.where (Ranges.isSmoothWithin Ranges.kinkProbe)

    /// <summary>Smaller expressions that keep every guarantee: the first half of the program, all
    /// but its last instruction, each instruction taken out in turn (what read it reads its first
    /// operand instead), then each leaf rounded to one decimal and to an integer.</summary>
    /// <param name="expression">The counterexample.</param>
    /// <returns>Candidates, simplest first.</returns>
    static member Shrink(expression: Expression) : seq<Expression> =
        Checks.notNull expression (nameof expression)
        let e = expression
        let n = e.Leaves.Length
        let p = e.Program
        let shorter =
            seq {
                if p.Length > 3 then
                    yield e.WithProgram p[.. p.Length / 2 - 1]
                if p.Length > 1 then
                    yield e.WithProgram p[.. p.Length - 2]
                    for j in p.Length - 2 .. -1 .. 0 do
                        let removed = n + j
                        let stand = List.head (Ranges.operands p[j])
                        let remap s =
                            if s = removed then stand
                            elif s > removed then s - 1
                            else s
                        yield
                            e.WithProgram(
                                Array.append p[.. j - 1] (p[j + 1 ..] |> Array.map (Ranges.mapOperands remap))
                            )
            }
        let rounder =
            seq {
                for digits in [ 1.0; 0.0 ] do
                    for i in 0 .. n - 1 do
                        let scale = 10.0 ** digits
                        let x = Math.Round(e.Leaves[i] * scale) / scale
                        if x <> e.Leaves[i] then
                            let leaves = Array.copy e.Leaves
                            leaves[i] <- x
                            yield e.WithLeaves leaves
            }
        Seq.append shorter rounder |> Seq.filter Ranges.isValid

    /// <summary>The generator and its shrinker, as an FsCheck Arbitrary.</summary>
    /// <param name="options">What to draw (null: the defaults).</param>
    static member Arbitrary
        ([<Optional; DefaultParameterValue(null: ExpressionOptions)>] options: ExpressionOptions)
        : Arbitrary<Expression> =
        Arb.fromGenShrink (ExpressionGenerator.Generator options, ExpressionGenerator.Shrink)

/// <summary>The default Arbitrary, for <c>[Property(Arbitrary = new[] { typeof(ExpressionArbitraries) })]</c>
/// (C#) or <c>[&lt;Property(Arbitrary = [| typeof&lt;ExpressionArbitraries&gt; |])&gt;]</c> (F#):
/// expressions over the built-in operations. For your own operations, write a class like it whose
/// static member returns <c>ExpressionGenerator.Arbitrary(new ExpressionOptions(...))</c>.</summary>
[<AbstractClass; Sealed>]
type ExpressionArbitraries =
    /// Expressions over the built-in operations.
    static member Expression() : Arbitrary<Expression> = ExpressionGenerator.Arbitrary()
