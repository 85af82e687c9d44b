namespace Micrograd.Testing

open System
open System.Collections.Generic
open System.Runtime.InteropServices
open FsCheck
open FsCheck.FSharp
open Micrograd.Core

/// <summary>Ready-made properties for <c>Mutants.Run</c>.</summary>
[<AbstractClass; Sealed>]
type RuleProperties =

    // Differentiates the sum of every instruction's slot, not the root alone: a random program
    // leaves slots the root does not read, and in the sum every use of the operation counts.
    static member private Agree(u: OperationUnderTest, e: Expression) : bool =
        let n = e.Leaves.Length
        let nodes = e.Build()
        let total = Node.Sum nodes[n..]
        let f (x: float[]) = e.SumOfSlotsHeld x
        let analytic = u.Gradients(total, nodes[.. n - 1])
        analytic
        |> Array.mapi (fun i a -> GradCheckOptions.Default.Agrees(a, Comparison.numericPartial 1e-6 f e.Leaves i))
        |> Array.forall id

    /// <summary>The law "every leaf's gradient of the sum of an expression's slots agrees with
    /// MathNet's numerical one" over random expressions that use the operation under test (registered by <c>register</c>, drawn ten
    /// times as often as a built-in one) together with every built-in operation, sharing nodes.</summary>
    /// <param name="register">The operation under test, with its domain: e.g.
    /// <c>op => new ExpressionOperation(op, new ClosedInterval(-5, 4))</c>.</param>
    /// <param name="tests">How many expressions (100).</param>
    /// <param name="seed">The seed of the expressions drawn, so a report is the same on every run.</param>
    /// <returns>The property.</returns>
    static member NumericGradients
        (
            register: Func<Operation, ExpressionOperation>,
            [<Optional; DefaultParameterValue(100)>] tests: int,
            [<Optional; DefaultParameterValue(20261202UL)>] seed: uint64
        ) : Func<OperationUnderTest, bool> =
        Checks.notNull register (nameof register)
        Checks.count tests 1 100_000 (nameof tests)
        Func<OperationUnderTest, bool>(fun u ->
            let registered = register.Invoke u.Operation
            Checks.returned registered (nameof register)
            let options =
                ExpressionOptions([| registered.WithWeight(10 * registered.Weight) |], maxInstructions = 12)
            Gen.sampleWithSeed (Rnd seed) 12 tests (ExpressionGenerator.Generator options)
            |> Array.forall (fun e -> RuleProperties.Agree(u, e)))

    /// <summary>The law "the operation's gradient agrees with MathNet's numerical one", applied
    /// alone to leaves at the points given: no node is used twice, so this property cannot catch
    /// SetInsteadOfAccumulated.</summary>
    /// <param name="points">The points: one coordinate per input each.</param>
    static member NumericGradientsInIsolation(points: IReadOnlyList<float[]>) : Func<OperationUnderTest, bool> =
        Checks.notNull points (nameof points)
        Func<OperationUnderTest, bool>(fun u ->
            let op = u.Operation
            points
            |> Seq.forall (fun p ->
                let leaves = p |> Array.map Node.Leaf
                let y =
                    if leaves.Length = 1 then op.Apply leaves[0] else op.Apply(leaves[0], leaves[1])
                let analytic = u.Gradients(y, leaves)
                let f (x: float[]) =
                    if x.Length = 1 then
                        op.Apply(Node.Leaf x[0]).Data
                    else
                        op.Apply(Node.Leaf x[0], Node.Leaf x[1]).Data
                analytic
                |> Array.mapi (fun i a -> GradCheckOptions.Default.Agrees(a, Comparison.numericPartial 1e-6 f p i))
                |> Array.forall id))
