/// Random expression DAGs over every operation of the core, kept where every operation is defined,
/// finite and smooth, so that finite differences are a fair oracle for their gradients.
module Micrograd.Core.Tests.Generators

open System
open FsCheck
open FsCheck.FSharp
open Micrograd.Core

/// A user-defined operation of one input, as a user would write it: softplus x = ln(1 + e^x),
/// whose derivative is σ(x) = 1 / (1 + e^-x); with its derivative as a node too.
let softplus =
    CustomOp.Unary(
        "softplus",
        (fun x -> Math.Log(1.0 + Math.Exp x)),
        (fun x _ -> 1.0 / (1.0 + Math.Exp(-x))),
        (fun x _ -> Node.Sigmoid x)
    )

/// A user-defined operation of two inputs: hypot(a, b) = √(a² + b²), with ∂/∂a = a / y and
/// ∂/∂b = b / y where y = hypot(a, b); with its derivatives as nodes too.
let hypot =
    CustomOp.Binary(
        "hypot",
        (fun a b -> Math.Sqrt(a * a + b * b)),
        (fun a b y -> struct (a / y, b / y)),
        (fun a b y -> struct (a / y, b / y))
    )

/// One step of a straight-line program. Operands are slot numbers: slots 0 .. leaves-1 are the
/// leaves, and instruction j writes slot leaves + j. Any earlier slot may be read, any number of
/// times, so programs describe DAGs with shared subexpressions, not just trees.
type Instr =
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
    /// the user-defined softplus
    | Softplus of int
    /// the user-defined hypot
    | Hypot of int * int
    /// detach slot: the slot's value, held constant by every gradient
    | Detach of int

/// An expression: a program over some leaves, with the point (the leaf values) to look at. The
/// root is the last slot.
[<StructuredFormatDisplay("{Text}")>]
type Expr = {
    Leaves: float[]
    Program: Instr[]
} with

    /// Every slot's value at the leaf values `x`, computed in plain floats with System.Math, the
    /// way the operations are defined mathematically: nothing here goes through the core.
    member e.ValuesAt(x: float[]) : float[] = e.ValuesHolding(x, null)

    /// The values at `x` with every detached slot held at its value in `held` (all of them when
    /// `held` is null: detach is then the identity, as it is going forward).
    member e.ValuesHolding(x: float[], held: float[]) : float[] =
        let n = x.Length
        let v = Array.zeroCreate (n + e.Program.Length)
        Array.blit x 0 v 0 n
        for j in 0 .. e.Program.Length - 1 do
            v[n + j] <-
                match e.Program[j] with
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
                | Softplus a -> Math.Log(1.0 + Math.Exp v[a])
                | Hypot(a, b) -> Math.Sqrt(v[a] * v[a] + v[b] * v[b])
                | Detach a -> if isNull held then v[a] else held[n + j]
        v

    /// The root's value at the leaf values `x`, in plain floats, with every detached slot held at
    /// its value at the expression's own point: the function whose derivatives stop_gradient
    /// promises, so that finite differences of it are the oracle for gradients through a detach.
    member e.Evaluate(x: float[]) : float =
        let held =
            if e.Program |> Array.exists (fun i -> i.IsDetach) then e.ValuesAt e.Leaves else null
        let v = e.ValuesHolding(x, held)
        v[v.Length - 1]

    /// The same expression built as core nodes, with the leaves at their values: one node per
    /// slot (a derived operation such as a - b is one slot but several nodes, as micrograd builds it).
    member e.Build() : Node[] =
        let n = e.Leaves.Length
        let v = Array.zeroCreate<Node>(n + e.Program.Length)
        for i in 0 .. n - 1 do
            v[i] <- Node.Leaf(e.Leaves[i], sprintf "x%d" i)
        for j in 0 .. e.Program.Length - 1 do
            v[n + j] <-
                match e.Program[j] with
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
                | Softplus a -> softplus.Apply v[a]
                | Hypot(a, b) -> hypot.Apply(v[a], v[b])
                | Detach a -> Node.Detach v[a]
        v

    /// Readable in a counterexample: "x0 = 0.5; x1 = -1.25; s2 = x0 * x1; ..." (sN is slot N).
    member e.Text: string =
        let n = e.Leaves.Length
        let s i = if i < n then sprintf "x%d" i else sprintf "s%d" i
        let c (x: float) = x.ToString("R", Globalization.CultureInfo.InvariantCulture)
        let leaves = e.Leaves |> Array.mapi (fun i x -> sprintf "x%d = %s" i (c x))
        let steps =
            e.Program
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
                    | Softplus a -> sprintf "softplus %s" (s a)
                    | Hypot(a, b) -> sprintf "hypot(%s, %s)" (s a) (s b)
                    | Detach a -> sprintf "detach %s" (s a)
                sprintf "%s = %s" (s (n + j)) rhs)
        String.Join("; ", Array.append leaves steps)

    override e.ToString() = e.Text

/// A closed interval that holds a slot's value for every choice of leaf values in their boxes.
type Range = { Lo: float; Hi: float }

/// Denominators, logarithms, fractional powers and node-power bases stay at least this far from 0
/// (and, for the last three, positive).
let margin = 0.25

/// No slot may leave [-bound, bound]: large values would drown the finite differences in round-off.
let bound = 1e3

/// exp is applied only where its argument stays at or below this (e^4 ≈ 55).
let expMax = 4.0

/// Relu inputs at the point must be at least this far from 0 ...
let kinkMargin = 1e-3

/// ... and keep their sign when any one leaf moves by this much relative to 1 + |leaf|, which is
/// several times the finite-difference step (2^-17·(1 + |x|) rounded to a power of two).
let kinkProbe = 1e-4

let private span (xs: float seq) = { Lo = Seq.min xs; Hi = Seq.max xs }

let private farFromZero (r: Range) = r.Lo >= margin || r.Hi <= -margin
let private positive (r: Range) = r.Lo >= margin

/// The range of a new slot, or None when the operation is outside the domain this generator
/// allows for operands in those ranges (or the result could leave [-bound, bound]).
let rangeOf (ranges: Range[]) (instr: Instr) : Range option =
    let r i = ranges[i]
    let times (x: Range) (y: Range) = span [ x.Lo * y.Lo; x.Lo * y.Hi; x.Hi * y.Lo; x.Hi * y.Hi ]
    let scale (x: Range) c = span [ x.Lo * c; x.Hi * c ]
    let inverse (x: Range) = span [ 1.0 / x.Lo; 1.0 / x.Hi ] // only for ranges that exclude 0
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
                // x^k is monotone for odd k; for even k its minimum is 0 when the range holds 0.
                let ends = span [ Math.Pow(x.Lo, k); Math.Pow(x.Hi, k) ]
                if int k % 2 = 0 && x.Lo < 0.0 && x.Hi > 0.0 then Some { ends with Lo = 0.0 } else Some ends
            elif integer then
                if farFromZero x then Some(span [ Math.Pow(x.Lo, k); Math.Pow(x.Hi, k) ]) else None
            elif positive x then
                Some(span [ Math.Pow(x.Lo, k); Math.Pow(x.Hi, k) ])
            else
                None
        | PowN(a, b) ->
            // x^y = e^(y ln x) is bilinear in (ln x, y) under the exponential: extremes at corners.
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
        | Softplus a ->
            let sp (x: float) = Math.Log(1.0 + Math.Exp x)
            if (r a).Hi <= expMax then Some { Lo = sp (r a).Lo; Hi = sp (r a).Hi } else None
        | Detach a -> Some(r a)
        | Hypot(a, b) ->
            // √(a² + b²) is at least |a|, so an operand away from 0 keeps the derivatives a/y, b/y finite.
            let square (x: Range) =
                if x.Lo <= 0.0 && x.Hi >= 0.0 then
                    0.0, max (x.Lo * x.Lo) (x.Hi * x.Hi)
                else
                    min (x.Lo * x.Lo) (x.Hi * x.Hi), max (x.Lo * x.Lo) (x.Hi * x.Hi)
            if farFromZero (r a) || farFromZero (r b) then
                let (la, ha), (lb, hb) = square (r a), square (r b)
                Some {
                    Lo = Math.Sqrt(la + lb)
                    Hi = Math.Sqrt(ha + hb)
                }
            else
                None
    result |> Option.filter (fun x -> x.Lo >= -bound && x.Hi <= bound)

/// Constants beside operators: two decimals in [-3, 3].
let private constant: Gen<float> =
    Gen.choose (-300, 300) |> Gen.map (fun i -> float i / 100.0)

/// Integer exponents (any base, or a base away from 0 when negative) and fractional ones (positive bases).
let private exponent: Gen<float> =
    Gen.elements [ 2.0; 3.0; 1.0; -1.0; -2.0; 0.5; 1.5; -0.5; 2.5; 1.0 / 3.0 ]

/// A candidate instruction over `count` slots. Operands come from every slot built so far, with
/// the newest favoured so that expressions also grow deep.
let private candidate (count: int) : Gen<Instr> =
    let slot =
        Gen.frequency [ 2, Gen.choose (0, count - 1); 1, Gen.constant (count - 1) ]
    let unary f = Gen.map f slot
    let binary f = Gen.map2 (fun a b -> f (a, b)) slot slot
    let right f = Gen.map2 (fun a c -> f (a, c)) slot constant
    let left f = Gen.map2 (fun c a -> f (c, a)) constant slot
    Gen.oneof [
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
        unary Softplus
        binary Hypot
        unary Detach
    ]

/// Grows a program of `remaining` more instructions. A candidate outside its domain is redrawn a
/// few times; after that, tanh of the newest slot (always allowed) takes its place.
let rec private grow (ranges: Range[]) (program: Instr list) (remaining: int) (tries: int) : Gen<Instr[]> =
    if remaining = 0 then
        Gen.constant (program |> List.rev |> Array.ofList)
    else
        candidate ranges.Length
        |> Gen.bind (fun instr ->
            match rangeOf ranges instr with
            | Some r -> grow (Array.append ranges [| r |]) (instr :: program) (remaining - 1) 0
            | None when tries < 10 -> grow ranges program remaining (tries + 1)
            | None ->
                let fallback = Tanh(ranges.Length - 1)
                let r = (rangeOf ranges fallback).Value
                grow (Array.append ranges [| r |]) (fallback :: program) (remaining - 1) 0)

/// Leaves are either signed, in [-2, 2], or positive, in [0.5, 2.5] (so logs, fractional powers
/// and denominators may use them directly).
let private leafRanges = [| { Lo = -2.0; Hi = 2.0 }; { Lo = 0.5; Hi = 2.5 } |]

/// A value strictly inside a range (0.01 in from each end, so finite-difference probes stay inside).
let private inside (r: Range) : Gen<float> =
    Gen.choose (0, 1_000_000)
    |> Gen.map (fun i -> r.Lo + 0.01 + (r.Hi - r.Lo - 0.02) * float i / 1e6)

/// The inputs of every relu, at the leaf values `x`.
let reluInputs (e: Expr) (x: float[]) : float[] =
    let v = e.ValuesAt x
    e.Program
    |> Array.choose (function
        | Relu a -> Some v[a]
        | _ -> None)

/// No relu input is near its kink: each is at least kinkMargin from 0 at the point and keeps its
/// sign when any one leaf is moved by probe·(1 + |leaf|) either way.
let isSmoothWithin (probe: float) (e: Expr) : bool =
    let at = reluInputs e e.Leaves
    let sameSigns (y: float[]) = Array.forall2 (fun a b -> sign a = sign b) at y
    Array.forall (fun a -> abs a >= kinkMargin) at
    && Seq.forall
        (fun i ->
            [ -1.0; 1.0 ]
            |> List.forall (fun s ->
                let x = Array.copy e.Leaves
                x[i] <- x[i] + s * probe * (1.0 + abs x[i])
                sameSigns (reluInputs e x)))
        (seq { 0 .. e.Leaves.Length - 1 })

/// No relu input is near its kink, as seen by a first-derivative finite difference.
let isSmooth (e: Expr) : bool = isSmoothWithin kinkProbe e

/// Random expressions: 1–4 leaves, 1–30 instructions (growing with FsCheck's size), every
/// operation of the core (detach included) and two user-defined ones, operands shared freely, the point chosen away from relu kinks.
let expr: Gen<Expr> =
    gen {
        let! leafCount = Gen.choose (1, 4)
        let! kinds = Gen.arrayOfLength leafCount (Gen.choose (0, 1))
        let ranges = kinds |> Array.map (fun k -> leafRanges[k])
        let! size = Gen.sized (fun s -> Gen.constant s)
        let! length = Gen.choose (1, max 1 (min 30 size))
        let! program = grow ranges [] length 0
        let! leaves = ranges |> Array.map inside |> Gen.sequenceToArray
        return { Leaves = leaves; Program = program }
    }
    |> Gen.where isSmooth

/// The Arbitrary instances for properties: [<Property(Arbitrary = [| typeof<Arbitraries> |])>].
/// No shrinking: a counterexample prints as its program, which is short enough to read.
type Arbitraries =
    static member Expr() : Arbitrary<Expr> = Arb.fromGen expr
