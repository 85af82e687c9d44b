namespace Micrograd.Testing

open System
open System.Collections.Generic
open System.Globalization
open System.Runtime.InteropServices
open System.Text
open FsCheck
open FsCheck.FSharp
open Micrograd.Core

/// <summary>How a mutant's rule differs from the operation's own (∂ stands for each local derivative).</summary>
type MutantKind =
    /// −∂: the sign flipped.
    | SignFlipped = 0
    /// 2·∂: a factor scaled.
    | Scaled = 1
    /// 1 instead of ∂: the local factor dropped, the gradient passed on unchanged.
    | LocalFactorDropped = 2
    /// (∂/∂b, ∂/∂a): each input given the other's derivative (two-input operations only).
    | OperandsSwapped = 3
    /// ∂ evaluated with the output where the (first) input belongs.
    | OutputForInput = 4
    /// The operation's contributions set its inputs' gradients instead of adding to them: a rule
    /// cannot do this by itself (the engine adds), so this mutant is an engine, given to the
    /// property as OperationUnderTest.Gradients; the rule itself is the operation's own.
    | SetInsteadOfAccumulated = 5

/// What became of a mutant.
type MutantOutcome =
    /// The property failed on it.
    | Caught = 0
    /// The property passed: it cannot tell this wrong rule from the right one.
    | Survived = 1
    /// Its derivatives equal the operation's at every sample point: no property could catch it.
    | Equivalent = 2

/// <summary>What a property is given: the operation to use (the original or a mutant) and the
/// engine to differentiate with. A property that builds its graphs with <c>Operation</c> and
/// differentiates them with <c>Gradients</c> can catch every kind of mutant.</summary>
[<Sealed>]
type OperationUnderTest internal (operation: Operation, setsFor: string, kind: Nullable<MutantKind>) =
    /// The operation to build graphs with (a mutant's CustomOp, or the operation itself).
    member _.Operation: Operation = operation

    /// <summary>d root / d node for each of the nodes, by the core's engine, or, for the
    /// SetInsteadOfAccumulated mutant, by one whose sweep sets the gradients the operation hands
    /// back instead of adding them.</summary>
    /// <param name="root">The node to differentiate.</param>
    /// <param name="wrt">The nodes.</param>
    /// <returns>One gradient per node (0 where the root does not depend on it).</returns>
    member _.Gradients(root: Node, wrt: IReadOnlyList<Node>) : float[] =
        if isNull setsFor then
            Backprop.gradientsFor root wrt
        else
            Checks.notNull root (nameof root)
            Checks.notNull wrt (nameof wrt)
            MutantEngine.gradients setsFor root wrt

    /// The mutant this is, or null for the operation as it is.
    member _.Kind: Nullable<MutantKind> = kind

    override _.ToString() = operation.Name

/// The set-instead-of-accumulated engine: a plain reverse sweep whose local derivatives come from
/// the core (each node's operation applied to fresh leaves and differentiated).
and internal MutantEngine =
    static member Local(node: Node) : float[] =
        let op = Operation.Of node
        let leaves = node.Inputs |> Seq.map (fun i -> Node.Leaf i.Data) |> Array.ofSeq
        let y =
            if leaves.Length = 1 then op.Apply leaves[0] else op.Apply(leaves[0], leaves[1])
        Backprop.gradientsFor y leaves

    static member gradients (name: string) (root: Node) (wrt: IReadOnlyList<Node>) : float[] =
        let order = Micrograd.Core.Reference.Graph.topologicalOrder root
        let grads = Dictionary<Node, float>(HashIdentity.Reference)
        for n in order do
            grads[n] <- 0.0
        grads[root] <- 1.0
        for i in order.Count - 1 .. -1 .. 0 do
            let n = order[i]
            if not n.IsLeaf then
                let local = MutantEngine.Local n
                let inputs = n.Inputs
                for k in 0 .. inputs.Count - 1 do
                    let c = local[k] * grads[n]
                    grads[inputs[k]] <- if n.Op = name then c else grads[inputs[k]] + c
        wrt
        |> Seq.map (fun w ->
            match grads.TryGetValue w with
            | true, g -> g
            | _ -> 0.0)
        |> Array.ofSeq

/// <summary>One mutant and what the property made of it.</summary>
[<Sealed>]
type MutantResult internal (kind: MutantKind, description: string, outcome: MutantOutcome, failure: string) =
    /// The kind of mutant.
    member _.Kind: MutantKind = kind
    /// What was changed, in words.
    member _.Description: string = description
    /// Caught, survived or equivalent.
    member _.Outcome: MutantOutcome = outcome
    /// The exception message, when the property threw rather than returned false; else null.
    member _.Failure: string = failure
    override _.ToString() = sprintf "%-24s %-9s %s" (string kind) (string outcome) description

/// <summary>Which mutants of an operation's rule a property catches.</summary>
[<Sealed>]
type MutantReport
    internal (operation: Operation, originalPassed: bool, originalFailure: string, results: MutantResult[]) =
    /// The operation.
    member _.Operation: Operation = operation
    /// Whether the property passes on the operation as it is (if not, nothing else means anything).
    member _.OriginalPassed: bool = originalPassed
    /// Why the property failed on the operation as it is (an exception's message), or null.
    member _.OriginalFailure: string = originalFailure
    /// One result per mutant tried.
    member _.Results: IReadOnlyList<MutantResult> = Array.AsReadOnly results
    /// The kinds caught.
    member _.Caught: IReadOnlyList<MutantKind> =
        Array.AsReadOnly(
            results
            |> Array.filter (fun r -> r.Outcome = MutantOutcome.Caught)
            |> Array.map (fun r -> r.Kind)
        )
    /// The kinds that survived (the property cannot tell them from the right rule).
    member _.Survived: IReadOnlyList<MutantKind> =
        Array.AsReadOnly(
            results
            |> Array.filter (fun r -> r.Outcome = MutantOutcome.Survived)
            |> Array.map (fun r -> r.Kind)
        )
    /// Whether the property passes on the right rule and catches no mutant: it tests nothing.
    member this.Worthless: bool = originalPassed && this.Caught.Count = 0

    override this.ToString() =
        let sb = StringBuilder()
        sb.AppendFormat(CultureInfo.InvariantCulture, "Mutants of '{0}': ", operation.Name)
        |> ignore
        if not originalPassed then
            sb.Append("the property FAILS on the operation as it is; fix it (or the rule) first.")
            |> ignore
            if not (isNull originalFailure) then
                sb.AppendLine().Append("  ").Append(originalFailure) |> ignore
        else
            sb.AppendFormat(
                CultureInfo.InvariantCulture,
                "{0} caught, {1} survived, {2} equivalent",
                this.Caught.Count,
                this.Survived.Count,
                results.Length - this.Caught.Count - this.Survived.Count
            )
            |> ignore
            if this.Worthless then
                sb.Append(". WORTHLESS: the property catches no mutant.") |> ignore
            for r in results do
                sb.AppendLine().Append("  ").Append(r) |> ignore
        sb.ToString()

/// <summary>
/// Rule mutants: runs a property against wrong versions of an operation's derivative (sign
/// flipped, scaled, local factor dropped, operands swapped, output for input, set instead of
/// accumulated) and reports which it catches. A property that catches none is worthless.
/// </summary>
/// <remarks>
/// <para>Each mutant but the last is a <c>CustomOp</c> with the operation's forward value and a
/// wrapped derivative: the operation's own local derivatives, read through the public API
/// (differentiating the operation applied to fresh leaves), then changed. So a property sees the
/// mutant only if it builds its graphs with <c>OperationUnderTest.Operation</c>.</para>
/// <para>SetInsteadOfAccumulated is not a rule (a rule returns derivatives; the engine adds them
/// up), so it is an engine: <c>OperationUnderTest.Gradients</c> sets, at nodes of the operation
/// (nodes whose <c>Op</c> is its name), the gradient of each input instead of adding to it. A
/// property that differentiates with its own call to <c>Backprop</c> cannot see it, and one that
/// never uses a node twice cannot catch it.</para>
/// <para>A mutant whose derivatives equal the operation's at a set of sample points in [-2, 2.5]
/// (LocalFactorDropped for +, say) is reported Equivalent, not Survived.</para>
/// </remarks>
[<AbstractClass; Sealed>]
type Mutants =

    static member private Samples: float list = [ -1.7; -0.6; 0.3; 0.9; 1.6; 2.2 ]

    // The operation's forward value and local derivatives, in floats, through the public API.
    static member private Forward(op: Operation) : Func<float, float, float> =
        if op.Arity = 1 then
            Func<_, _, _>(fun a _ -> op.Apply(Node.Leaf a).Data)
        else
            Func<_, _, _>(fun a b -> op.Apply(Node.Leaf a, Node.Leaf b).Data)

    static member private Derivatives(op: Operation) : float -> float -> struct (float * float) =
        fun a b ->
            if op.Arity = 1 then
                let x = Node.Leaf a
                struct ((Backprop.gradientsFor (op.Apply x) [| x |])[0], 0.0)
            else
                let x, y = Node.Leaf a, Node.Leaf b
                let g = Backprop.gradientsFor (op.Apply(x, y)) [| x; y |]
                struct (g[0], g[1])

    static member private Mutated
        (kind: MutantKind)
        (d: float -> float -> struct (float * float))
        (forward: Func<float, float, float>)
        =
        fun a b out ->
            match kind with
            | MutantKind.SignFlipped ->
                let struct (da, db) = d a b
                struct (-da, -db)
            | MutantKind.Scaled ->
                let struct (da, db) = d a b
                struct (2.0 * da, 2.0 * db)
            | MutantKind.LocalFactorDropped -> struct (1.0, 1.0)
            | MutantKind.OperandsSwapped ->
                let struct (da, db) = d a b
                struct (db, da)
            | MutantKind.OutputForInput ->
                ignore forward
                d out b
            | _ -> d a b

    static member private Describe(kind: MutantKind) =
        match kind with
        | MutantKind.SignFlipped -> "-d: the sign flipped"
        | MutantKind.Scaled -> "2·d: a factor of 2 too many"
        | MutantKind.LocalFactorDropped -> "1 instead of d: the local factor dropped"
        | MutantKind.OperandsSwapped -> "each input given the other's derivative"
        | MutantKind.OutputForInput -> "d evaluated at the output instead of the (first) input"
        | _ -> "the operation's contributions set its inputs' gradients instead of adding to them"

    /// <summary>The kinds of mutant that apply to an operation (OperandsSwapped needs two inputs).</summary>
    /// <param name="operation">The operation.</param>
    static member KindsFor(operation: Operation) : IReadOnlyList<MutantKind> =
        Checks.notNull operation (nameof operation)
        Array.AsReadOnly [|
            MutantKind.SignFlipped
            MutantKind.Scaled
            MutantKind.LocalFactorDropped
            if operation.Arity = 2 then
                MutantKind.OperandsSwapped
            MutantKind.OutputForInput
            MutantKind.SetInsteadOfAccumulated
        |]

    /// <summary>A mutant of the operation's rule, as a CustomOp of the same name and forward value
    /// (not for SetInsteadOfAccumulated, which is an engine: see <c>Run</c>).</summary>
    /// <param name="operation">A built-in operation or a CustomOp.</param>
    /// <param name="kind">The change.</param>
    /// <exception cref="T:System.ArgumentNullException">operation is null.</exception>
    /// <exception cref="T:System.ArgumentOutOfRangeException">kind does not apply to the operation.</exception>
    static member Mutant(operation: Operation, kind: MutantKind) : CustomOp =
        Checks.notNull operation (nameof operation)
        if
            not (Seq.contains kind (Mutants.KindsFor operation))
            || kind = MutantKind.SetInsteadOfAccumulated
        then
            raise (
                ArgumentOutOfRangeException(
                    nameof kind,
                    kind,
                    sprintf
                        "%O is not a rule mutant of '%s'; expected one of Mutants.KindsFor(operation) but SetInsteadOfAccumulated."
                        kind
                        operation.Name
                )
            )
        let forward = Mutants.Forward operation
        let d = Mutants.Mutated kind (Mutants.Derivatives operation) forward
        // Derivatives as nodes, for properties that differentiate twice: the mutant's derivative
        // is built from the operation's gradient graph in the same way.
        let nodeDerivative (x: Node) (y: Node) (out: Node) : struct (Node * Node) =
            let grads (a: Node) (b: Node) =
                if operation.Arity = 1 then
                    struct ((Backprop.gradientNodes (operation.Apply a))[a], null)
                else
                    let g = Backprop.gradientNodes (operation.Apply(a, b))
                    let get n =
                        match g.TryGetValue n with
                        | true, v -> v
                        | _ -> Node.Leaf 0.0
                    struct (get a, get b)
            let neg (n: Node) = if isNull n then null else -n
            let twice (n: Node) = if isNull n then null else n * 2.0
            match kind with
            | MutantKind.SignFlipped -> let struct (a, b) = grads x y in struct (neg a, neg b)
            | MutantKind.Scaled -> let struct (a, b) = grads x y in struct (twice a, twice b)
            | MutantKind.LocalFactorDropped -> struct (Node.Leaf 1.0, Node.Leaf 1.0)
            | MutantKind.OperandsSwapped -> let struct (a, b) = grads x y in struct (b, a)
            | _ -> grads out y
        if operation.Arity = 1 then
            CustomOp.Unary(
                operation.Name,
                Func<float, float>(fun a -> forward.Invoke(a, 0.0)),
                Func<float, float, float>(fun a out -> let struct (da, _) = d a 0.0 out in da),
                Func<Node, Node, Node>(fun x out -> let struct (da, _) = nodeDerivative x null out in da)
            )
        else
            CustomOp.Binary(
                operation.Name,
                forward,
                Func<float, float, float, struct (float * float)>(fun a b out -> d a b out),
                Func<Node, Node, Node, struct (Node * Node)>(fun x y out -> nodeDerivative x y out)
            )

    // Whether the mutant's derivatives equal the operation's at every sample point where the
    // operation's are finite (and there is at least one).
    static member private IsEquivalent(operation: Operation, kind: MutantKind) : bool =
        if kind = MutantKind.SetInsteadOfAccumulated then
            false
        else
            let right = Mutants.Derivatives operation
            let forward = Mutants.Forward operation
            let wrong = Mutants.Mutated kind right forward
            let points =
                if operation.Arity = 1 then
                    [ for a in Mutants.Samples -> a, 0.0 ]
                else
                    [
                        for a in Mutants.Samples do
                            for b in Mutants.Samples -> a, b
                    ]
            let finite =
                points
                |> List.filter (fun (a, b) ->
                    let struct (da, db) = right a b
                    Double.IsFinite da
                    && Double.IsFinite db
                    && Double.IsFinite(forward.Invoke(a, b)))
            not finite.IsEmpty
            && finite
               |> List.forall (fun (a, b) ->
                   let struct (da, db) = right a b
                   let struct (ma, mb) = wrong a b (forward.Invoke(a, b))
                   da = ma && (operation.Arity = 1 || db = mb))

    static member private Try
        (property: Func<OperationUnderTest, bool>, u: OperationUnderTest)
        : struct (bool * string) =
        try
            struct (property.Invoke u, null)
        with e ->
            struct (false, e.GetType().Name + ": " + e.Message)

    /// <summary>Runs the property on the operation as it is, then on each mutant, and reports
    /// which mutants it catches (returns false or throws on).</summary>
    /// <param name="operation">A built-in operation (<c>Operation.Tanh</c>, <c>Operation.Power 3.0</c>, ...) or a CustomOp.</param>
    /// <param name="property">Given what to test, whether the law holds. Build graphs with its
    /// Operation and differentiate them with its Gradients.</param>
    /// <returns>The report; <c>Worthless</c> when no mutant is caught.</returns>
    /// <exception cref="T:System.ArgumentNullException">operation or property is null.</exception>
    static member Run(operation: Operation, property: Func<OperationUnderTest, bool>) : MutantReport =
        Checks.notNull operation (nameof operation)
        Checks.notNull property (nameof property)
        let struct (ok, failure) =
            Mutants.Try(property, OperationUnderTest(operation, null, Nullable()))
        if not ok then
            MutantReport(operation, false, failure, [||])
        else
            let results =
                Mutants.KindsFor operation
                |> Seq.map (fun kind ->
                    let description = Mutants.Describe kind
                    if Mutants.IsEquivalent(operation, kind) then
                        MutantResult(kind, description, MutantOutcome.Equivalent, null)
                    else
                        let u =
                            if kind = MutantKind.SetInsteadOfAccumulated then
                                OperationUnderTest(operation, operation.Name, Nullable kind)
                            else
                                OperationUnderTest(Mutants.Mutant(operation, kind), null, Nullable kind)
                        let struct (passed, failure) = Mutants.Try(property, u)
                        MutantResult(
                            kind,
                            description,
                            (if passed then MutantOutcome.Survived else MutantOutcome.Caught),
                            failure
                        ))
                |> Array.ofSeq
            MutantReport(operation, true, null, results)
