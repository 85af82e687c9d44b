/// The random expressions of the kit (Micrograd.Testing), as the core's tests draw them: every
/// built-in operation and two user-defined ones, softplus and hypot.
module Micrograd.Core.Tests.Generators

open System
open FsCheck
open Micrograd.Core
open Micrograd.Testing

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

/// The kit's expressions and instructions, under the names these tests use.
type Expr = Expression
type Instr = Instruction

/// softplus where e^x stays at or below e^4; hypot with its first operand at least 0.25, which
/// keeps it away from its kink at (0, 0).
let options =
    ExpressionOptions(
        [|
            ExpressionOperation(
                softplus,
                {
                    Lo = -ExpressionGenerator.Bound
                    Hi = 4.0
                }
            )
            ExpressionOperation(
                hypot,
                {
                    Lo = 0.25
                    Hi = ExpressionGenerator.Bound
                },
                {
                    Lo = -ExpressionGenerator.Bound
                    Hi = ExpressionGenerator.Bound
                }
            )
        |],
        // These laws compare with Expression.Evaluate, which holds detached slots at the point.
        includeDetach = true
    )

/// No slot leaves [-bound, bound].
let bound = ExpressionGenerator.Bound

/// No relu input is near its kink when one leaf moves by probe·(1 + |leaf|).
let isSmoothWithin (probe: float) (e: Expr) : bool = ExpressionGenerator.IsSmoothWithin(probe, e)

/// Random expressions: 1–4 leaves, 1–30 instructions (growing with FsCheck's size).
let expr: Gen<Expr> = ExpressionGenerator.Generator options

/// The Arbitrary instances for properties: [<Property(Arbitrary = [| typeof<Arbitraries> |])>].
type Arbitraries =
    static member Expr() : Arbitrary<Expr> = ExpressionGenerator.Arbitrary options
