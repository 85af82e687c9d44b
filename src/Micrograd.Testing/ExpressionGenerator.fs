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
[<Sealed; AllowNullLiteral>]
type ExpressionOptions
    (
        [<Optional; DefaultParameterValue(null: IReadOnlyList<ExpressionOperation>)>] operations:
            IReadOnlyList<ExpressionOperation>,
        [<Optional; DefaultParameterValue(4)>] maxLeaves: int,
        [<Optional; DefaultParameterValue(30)>] maxInstructions: int,
        [<Optional; DefaultParameterValue(true)>] includeBuiltIns: bool
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

/// The domains and images the generators work with (interval arithmetic).
module internal Ranges =

    /// Denominators, logarithms, fractional powers and node-power bases stay at least this far
    /// from 0 (and, for the last three, positive).
    let margin = 0.25

    /// No slot may leave [-bound, bound]: large values drown finite differences in round-off.
    let bound = 1e3

    /// exp is applied only where its argument stays at or below this (e^4 ≈ 55).
    let expMax = 4.0

    /// Kinked operations' inputs at the point stay at least this far from a kink ...
    let kinkMargin = 1e-3

    /// ... and on the same side when any one leaf moves by this much relative to 1 + |leaf|:
    /// several times MathNet's default step, 2^-17·(1 + |x|).
    let kinkProbe = 1e-4

    let private span (xs: float seq) = { Lo = Seq.min xs; Hi = Seq.max xs }
    let private farFromZero (r: ClosedInterval) = r.Lo >= margin || r.Hi <= -margin
    let private positive (r: ClosedInterval) = r.Lo >= margin

    /// A registered operation's image over operand intervals, from 17 samples per input, widened
    /// by a tenth of its width; None outside its domains or where a sample is not finite.
    let private registered (o: ExpressionOperation) (xs: ClosedInterval list) : ClosedInterval option =
        let inside =
            List.forall2 (fun (d: ClosedInterval) x -> d.Covers x) (List.ofSeq o.Domains) xs
        if not inside then
            None
        else
            let grid (r: ClosedInterval) = [ for k in 0..16 -> r.Lo + (r.Hi - r.Lo) * float k / 16.0 ]
            let samples =
                match xs with
                | [ a ] -> [ for x in grid a -> o.Forward(x, 0.0) ]
                | [ a; b ] -> [
                    for x in grid a do
                        for y in grid b -> o.Forward(x, y)
                  ]
                | _ -> []
            if samples |> List.forall Double.IsFinite then
                let s = span samples
                let pad = 0.1 * (s.Hi - s.Lo)
                Some { Lo = s.Lo - pad; Hi = s.Hi + pad }
            else
                None

    /// The interval of a new slot, or None when the operation is outside the domain the
    /// generators allow for operands in those intervals (or the result could leave ±bound).
    let rangeOf
        (operations: ExpressionOperation[])
        (ranges: ClosedInterval[])
        (instr: Instruction)
        : ClosedInterval option =
        let r i = ranges[i]
        let times (x: ClosedInterval) (y: ClosedInterval) = span [ x.Lo * y.Lo; x.Lo * y.Hi; x.Hi * y.Lo; x.Hi * y.Hi ]
        let scale (x: ClosedInterval) c = span [ x.Lo * c; x.Hi * c ]
        let inverse (x: ClosedInterval) = span [ 1.0 / x.Lo; 1.0 / x.Hi ] // only for intervals that exclude 0
        let result =
            match instr with
            | Add(a, b) ->
                Some {
                    Lo = (r a).Lo + (r b).Lo
                    Hi = (r a).Hi + (r b).Hi
                }
            | Sub(a, b) ->
                Some {
                    Lo = (r a).Lo - (r b).Hi
                    Hi = (r a).Hi - (r b).Lo
                }
            | Mul(a, b) when a = b ->
                let x = r a
                if x.Lo <= 0.0 && x.Hi >= 0.0 then
                    Some {
                        Lo = 0.0
                        Hi = max (x.Lo * x.Lo) (x.Hi * x.Hi)
                    }
                else
                    Some(span [ x.Lo * x.Lo; x.Hi * x.Hi ])
            | Mul(a, b) -> Some(times (r a) (r b))
            | Div(a, b) -> if farFromZero (r b) then Some(times (r a) (inverse (r b))) else None
            | Neg a -> Some(scale (r a) -1.0)
            | AddK(a, c)
            | KAdd(c, a) -> Some { Lo = (r a).Lo + c; Hi = (r a).Hi + c }
            | SubK(a, c) -> Some { Lo = (r a).Lo - c; Hi = (r a).Hi - c }
            | KSub(c, a) -> Some { Lo = c - (r a).Hi; Hi = c - (r a).Lo }
            | MulK(a, c)
            | KMul(c, a) -> Some(scale (r a) c)
            | DivK(a, c) -> if abs c >= margin then Some(scale (r a) (1.0 / c)) else None
            | KDiv(c, a) -> if farFromZero (r a) then Some(scale (inverse (r a)) c) else None
            | PowK(a, k) ->
                let x = r a
                let integer = Math.Round k = k
                if integer && k > 0.0 then
                    // x^k is monotone for odd k; for even k its minimum is 0 when the interval holds 0.
                    let ends = span [ Math.Pow(x.Lo, k); Math.Pow(x.Hi, k) ]
                    if int k % 2 = 0 && x.Lo < 0.0 && x.Hi > 0.0 then Some { ends with Lo = 0.0 } else Some ends
                elif integer then
                    if farFromZero x then Some(span [ Math.Pow(x.Lo, k); Math.Pow(x.Hi, k) ]) else None
                elif positive x then
                    Some(span [ Math.Pow(x.Lo, k); Math.Pow(x.Hi, k) ])
                else
                    None
            | PowN(a, b) ->
                // x^y = e^(y ln x) is monotone in each of ln x and y: extremes at corners.
                let x, y = r a, r b
                if positive x && y.Lo >= -3.0 && y.Hi <= 3.0 then
                    Some(
                        span [
                            for bx in [ x.Lo; x.Hi ] do
                                for ey in [ y.Lo; y.Hi ] -> Math.Pow(bx, ey)
                        ]
                    )
                else
                    None
            | Relu a ->
                Some {
                    Lo = max 0.0 (r a).Lo
                    Hi = max 0.0 (r a).Hi
                }
            | Tanh a ->
                Some {
                    Lo = Math.Tanh (r a).Lo
                    Hi = Math.Tanh (r a).Hi
                }
            | Exp a ->
                if (r a).Hi <= expMax then
                    Some {
                        Lo = Math.Exp (r a).Lo
                        Hi = Math.Exp (r a).Hi
                    }
                else
                    None
            | Log a ->
                if positive (r a) then
                    Some {
                        Lo = Math.Log (r a).Lo
                        Hi = Math.Log (r a).Hi
                    }
                else
                    None
            | Sigmoid a ->
                let s (x: float) = 1.0 / (1.0 + Math.Exp(-x))
                Some { Lo = s (r a).Lo; Hi = s (r a).Hi }
            | Unary(o, a) -> registered operations[o] [ r a ]
            | Binary(o, a, b) -> registered operations[o] [ r a; r b ]
        result |> Option.filter (fun x -> x.Lo >= -bound && x.Hi <= bound)

    /// The slots an instruction reads.
    let operands (instr: Instruction) : int list =
        match instr with
        | Add(a, b)
        | Mul(a, b)
        | Sub(a, b)
        | Div(a, b)
        | PowN(a, b)
        | Binary(_, a, b) -> [ a; b ]
        | Neg a
        | AddK(a, _)
        | KAdd(_, a)
        | SubK(a, _)
        | KSub(_, a)
        | MulK(a, _)
        | KMul(_, a)
        | DivK(a, _)
        | KDiv(_, a)
        | PowK(a, _)
        | Relu a
        | Tanh a
        | Exp a
        | Log a
        | Sigmoid a
        | Unary(_, a) -> [ a ]

    /// The instruction with every operand slot s read as f s.
    let mapOperands (f: int -> int) (instr: Instruction) : Instruction =
        match instr with
        | Add(a, b) -> Add(f a, f b)
        | Mul(a, b) -> Mul(f a, f b)
        | Sub(a, b) -> Sub(f a, f b)
        | Div(a, b) -> Div(f a, f b)
        | PowN(a, b) -> PowN(f a, f b)
        | Binary(o, a, b) -> Binary(o, f a, f b)
        | Neg a -> Neg(f a)
        | AddK(a, c) -> AddK(f a, c)
        | KAdd(c, a) -> KAdd(c, f a)
        | SubK(a, c) -> SubK(f a, c)
        | KSub(c, a) -> KSub(c, f a)
        | MulK(a, c) -> MulK(f a, c)
        | KMul(c, a) -> KMul(c, f a)
        | DivK(a, c) -> DivK(f a, c)
        | KDiv(c, a) -> KDiv(c, f a)
        | PowK(a, k) -> PowK(f a, k)
        | Relu a -> Relu(f a)
        | Tanh a -> Tanh(f a)
        | Exp a -> Exp(f a)
        | Log a -> Log(f a)
        | Sigmoid a -> Sigmoid(f a)
        | Unary(o, a) -> Unary(o, f a)

    /// Every kinked operation's input at x, with the kinks to keep away from.
    let kinkInputs (e: Expression) (x: float[]) : (float * float) list =
        let v = e.ValuesAt x
        [
            for instr in e.Program do
                match instr with
                | Relu a -> yield v[a], 0.0
                | Unary(o, a) ->
                    for k in e.Operations[o].Kinks do
                        yield v[a], k
                | _ -> ()
        ]

    /// No kinked input is near its kink: each is at least kinkMargin away at the point and stays
    /// on its side when any one leaf moves by probe·(1 + |leaf|) either way.
    let isSmoothWithin (probe: float) (e: Expression) : bool =
        let at = kinkInputs e e.Leaves
        let side (x, k) = sign (x - k)
        let sameSides (other: (float * float) list) = List.forall2 (fun a b -> side a = side b) at other
        at |> List.forall (fun (x, k) -> abs (x - k) >= kinkMargin)
        && (at.IsEmpty
            || Seq.forall
                (fun i ->
                    [ -1.0; 1.0 ]
                    |> List.forall (fun s ->
                        let x = Array.copy e.Leaves
                        x[i] <- x[i] + s * probe * (1.0 + abs x[i])
                        sameSides (kinkInputs e x)))
                (seq { 0 .. e.Leaves.Length - 1 }))

    /// Every slot's interval, or None when an instruction is outside its domain.
    let ranges (e: Expression) : ClosedInterval[] option =
        let acc = List<ClosedInterval>(e.LeafRanges)
        let mutable ok = true
        for instr in e.Program do
            if ok then
                let reads = operands instr
                if reads |> List.exists (fun s -> s < 0 || s >= acc.Count) then
                    ok <- false
                else
                    match rangeOf e.Operations (acc.ToArray()) instr with
                    | Some r -> acc.Add r
                    | None -> ok <- false
        if ok then Some(acc.ToArray()) else None

    /// Whether the expression keeps every guarantee the generators give.
    let isValid (e: Expression) : bool =
        e.Program.Length > 0
        && (ranges e).IsSome
        && Array.forall2 (fun (r: ClosedInterval) x -> r.Contains x) e.LeafRanges e.Leaves
        && isSmoothWithin kinkProbe e

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
