namespace Micrograd.Testing

open System
open System.Collections.Generic

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
            | Detach a -> Some(r a)
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
        | Detach a
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
        | Detach a -> Detach(f a)
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
