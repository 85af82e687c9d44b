namespace Micrograd.Core

open System
open System.Collections.Generic
open System.Globalization
open System.Threading

/// <summary>What anomaly detection (<see cref="T:Micrograd.Core.Anomaly"/>) throws at the first NaN
/// or infinity computed inside a scope: the message names the operation, the node's label and its
/// inputs' values, and, for a gradient, the node whose derivative rule gave it and the input it was for.</summary>
[<Sealed>]
type AnomalyException internal (message: string, node: Node, input: Node, value: float) =
    inherit ArithmeticException(message)

    /// <summary>For a forward value, the node whose value is NaN or infinite; for a gradient, the
    /// node whose derivative rule handed it on (for a sum that overflowed, the last one that added
    /// to it).</summary>
    member _.Node: Node = node

    /// <summary>For a gradient, the input the gradient was for; null for a forward value.</summary>
    member _.Input: Node = input

    /// <summary>The NaN or infinity.</summary>
    member _.Value: float = value

    /// <summary>Whether it was found in a gradient (true) or in a forward value (false).</summary>
    member _.InGradient: bool = not (isNull input)

/// <summary>An open scope of anomaly detection, returned by <c>Anomaly.Detect()</c>: detection is on
/// until it is disposed (<c>using</c> in C#, <c>use</c> in F#), also when an exception leaves the scope.</summary>
/// <remarks>Disposing it twice is harmless. Scopes nest: detection is on while any of the scopes
/// open in the calling code is not disposed.</remarks>
[<Sealed; AllowNullLiteral>]
type AnomalyScope private (parent: AnomalyScope) =
    // The innermost scope of the async flow. A flow's scope covers the code it runs, on whatever
    // thread an await continues, and the tasks and threads it starts (they capture the execution
    // context), but not code that other threads run on their own.
    static let current = AsyncLocal<AnomalyScope>()
    static let gate = obj ()
    // Scopes open in the whole process: while there are none, the hook in Node.Make is null, so
    // detection costs nothing when off, here or on any other thread.
    static let mutable openScopes = 0
    [<DefaultValue>]
    static val mutable private anyOpen: bool
    [<VolatileField>]
    let mutable disposed = false

    // Set while gradients are built as nodes (Backprop.gradientNodes), which checks what the
    // rules hand on rather than the nodes that compute it.
    [<ThreadStatic; DefaultValue>]
    static val mutable private suspended: int

    member internal _.Parent = parent
    member internal _.IsDisposed = disposed

    static member internal Suspended = AnomalyScope.suspended

    /// Whether a scope is open anywhere in the process: one read of a field, so cheap when off.
    static member internal AnyOpen = AnomalyScope.anyOpen

    static member internal Suspend(delta: int) = AnomalyScope.suspended <- AnomalyScope.suspended + delta

    /// Whether an undisposed scope is open in the calling code's flow.
    static member internal Active: bool =
        let mutable s = current.Value
        while not (isNull s) && s.IsDisposed do
            s <- s.Parent
        not (isNull s)

    static member internal Open(watch: Action<Node>) : AnomalyScope =
        lock gate (fun () ->
            let scope = new AnomalyScope(current.Value)
            openScopes <- openScopes + 1
            Node.SetWatch watch
            AnomalyScope.anyOpen <- true
            current.Value <- scope
            scope)

    /// <summary>Ends the scope: detection is off again unless an enclosing scope is still open.</summary>
    member this.Dispose() =
        lock gate (fun () ->
            if not disposed then
                disposed <- true
                openScopes <- openScopes - 1
                if openScopes = 0 then
                    Node.SetWatch null
                    AnomalyScope.anyOpen <- false
                // Disposed in the flow that opened it (the usual case): its parent is the flow's
                // scope again. Disposed out of order, an inner scope skips it when it ends.
                if Object.ReferenceEquals(current.Value, this) then
                    let mutable s = parent
                    while not (isNull s) && s.IsDisposed do
                        s <- s.Parent
                    current.Value <- s)

    interface IDisposable with
        member this.Dispose() = this.Dispose()

/// The checks anomaly detection makes, called from the engines only while a scope is open.
module internal AnomalyChecks =

    let text (x: float) = x.ToString("R", CultureInfo.InvariantCulture)

    let describe (n: Node) = Messages.anomalyNode n.Op n.Label n.IsLeaf

    // "value (node)" for each input of n, with the values `valueOf` gives.
    let inputs (n: Node) (valueOf: Node -> float) =
        let one (x: Node) = sprintf "%s (%s)" (text (valueOf x)) (describe x)
        if isNull n.B then [ one n.A ] else [ one n.A; one n.B ]

    /// Whether detection is on for the calling code.
    let inline isOn () = AnomalyScope.AnyOpen && AnomalyScope.Suspended = 0 && AnomalyScope.Active

    let forwardError (n: Node) (value: float) (valueOf: Node -> float) (where: string) =
        let message =
            Messages.anomalyForward n.Op (text value) (Messages.anomalyLabel n.Label + where) (inputs n valueOf)
        AnomalyException(message, n, null, value)

    /// The hook Node.Make calls while any scope is open.
    let watch =
        Action<Node>(fun n ->
            if not (Double.IsFinite n.Data) && isOn () then
                raise (forwardError n n.Data (fun x -> x.Data) ""))

    // The position of each of the first `count` nodes, and of their inputs (-1 for none).
    let positions (nodes: IReadOnlyList<Node>) (count: int) =
        let at = Dictionary<Node, int>(count, HashIdentity.Reference)
        for i in 0 .. count - 1 do
            at[nodes[i]] <- i
        let inputA =
            Array.init count (fun i -> if nodes[i].IsLeaf then -1 else at[nodes[i].A])
        let inputB =
            Array.init count (fun i -> if isNull nodes[i].B then -1 else at[nodes[i].B])
        struct (inputA, inputB)

    /// Raises at the first computed node (in topological order) whose value, as `value` gives it by
    /// position, is NaN or infinite: what a compiled tape's forward sweep computed.
    let checkValues (nodes: IReadOnlyList<Node>) (value: int -> float) (where: int -> string) =
        let mutable i = 0
        while i < nodes.Count && (nodes[i].IsLeaf || Double.IsFinite(value i)) do
            i <- i + 1
        if i < nodes.Count then
            let at = Dictionary<Node, int>(nodes.Count, HashIdentity.Reference)
            for k in 0..i do
                at[nodes[k]] <- k
            raise (forwardError nodes[i] (value i) (fun x -> value at[x]) (where i))

    let gradientError (n: Node) (input: Node) which (d: float) out g (valueOf: Node -> float) where =
        let at = Messages.anomalyLabel n.Label + where
        let message =
            Messages.anomalyGradient n.Op at (text d) which (inputs n valueOf) (text out) (text g)
        AnomalyException(message, n, input, d)

    let sumError (n: Node) (input: Node) (sum: float) (d: float) (before: float) where whereInput =
        let message =
            Messages.anomalyGradientSum
                (describe input + whereInput)
                (text sum)
                (text d)
                n.Op
                (Messages.anomalyLabel n.Label + where)
                (text before)
        AnomalyException(message, n, input, sum)

    /// <summary>The reverse sweep with a check of every gradient it hands on: raises at the first
    /// contribution, or sum of contributions, that is NaN or infinite. Written once over ^T, as
    /// Backprop.propagate is: floats to find what a sweep got wrong, nodes for gradients as nodes.</summary>
    /// <remarks>`rule` is the rule table for ^T, `add` accumulates, `data` reads a ^T as a float
    /// (null as 0), `valueAt` gives the value at a position.</remarks>
    let inline sweep
        ([<InlineIfLambda>] rule: Op -> ^T -> ^T -> ^T -> ^T -> struct (^T * ^T))
        ([<InlineIfLambda>] add: ^T -> ^T -> ^T)
        ([<InlineIfLambda>] data: ^T -> float)
        (one: ^T)
        (nodes: IReadOnlyList<Node>)
        (count: int)
        (inputA: int[])
        (inputB: int[])
        (valueAt: int -> ^T)
        (where: int -> string)
        (grads: ^T[])
        =
        let at = Dictionary<Node, int>(count, HashIdentity.Reference)
        for i in 0 .. count - 1 do
            at[nodes[i]] <- i
        let valueOf (x: Node) = data (valueAt at[x])
        let hand i j (d: ^T) which =
            let n = nodes[i]
            let input = nodes[j]
            if not (Double.IsFinite(data d)) then
                raise (gradientError n input which (data d) (data (valueAt i)) (data grads[i]) valueOf (where i))
            let sum = add grads[j] d
            if not (Double.IsFinite(data sum)) then
                raise (sumError n input (data sum) (data d) (data grads[j]) (where i) (where j))
            grads[j] <- sum
        grads[count - 1] <- one // d root / d root
        for i = count - 1 downto 0 do
            let ia = inputA[i]
            if ia >= 0 then
                let ib = inputB[i]
                let b = if ib >= 0 then valueAt ib else Unchecked.defaultof< ^T>
                let struct (da, db) = rule nodes[i].OpCode (valueAt ia) b (valueAt i) grads[i]
                hand i ia da (if ib >= 0 then "first" else "")
                if ib >= 0 then
                    hand i ib db "second"

    /// After a float sweep whose gradient at position i is `grad i`: if one is NaN or infinite,
    /// sweeps again with checks, from the values `value` gives by position, and raises at the
    /// first NaN or infinity the sweep produced.
    let checkGradients (nodes: IReadOnlyList<Node>) (count: int) (value: int -> float) (grad: int -> float) where =
        let mutable i = 0
        while i < count && Double.IsFinite(grad i) do
            i <- i + 1
        if i < count then
            let struct (inputA, inputB) = positions nodes count
            let grads = Array.zeroCreate<float> count
            sweep
                (fun op a b out g -> Rules.backwardFloat op a b out g)
                (+)
                id
                1.0
                nodes
                count
                inputA
                inputB
                value
                where
                grads
            // Not found again (a tape's values changed since): the first NaN or infinity as it is.
            let message =
                Messages.anomalyGradientOf (describe nodes[i] + where i) (text (grad i))
            raise (AnomalyException(message, nodes[i], nodes[i], grad i))

    /// Whether xs[start .. stop - 1] are all finite: a loop over an array, so that the checks
    /// that find nothing (the usual case inside a scope) stay cheap.
    let allFinite (xs: float[]) (start: int) (stop: int) =
        let mutable i = start
        while i < stop && Double.IsFinite xs[i] do
            i <- i + 1
        i = stop

    // Out of line, so that the sweep that calls afterSweepOf keeps only the test of a field.
    [<System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)>]
    let sweptArray (nodes: Node[]) (count: int) (grads: float[]) =
        if not (allFinite grads 0 count) then
            checkGradients nodes count (fun i -> nodes[i].Data) (fun i -> grads[i]) (fun _ -> "")

    /// After the sweep of floats over a graph's nodes (the first `count`, in topological order,
    /// with their own values) that left their gradients in `grads`: nothing unless a scope is open.
    let inline afterSweepOf (nodes: Node[]) (count: int) (grads: float[]) =
        if isOn () then
            sweptArray nodes count grads

    /// After a sweep over a graph's nodes (in topological order, with their own values) whose
    /// gradient at position i is `grad i`: nothing unless a scope is open.
    let inline afterSweep (nodes: IReadOnlyList<Node>) (count: int) ([<InlineIfLambda>] grad: int -> float) =
        if isOn () then
            checkGradients nodes count (fun i -> nodes[i].Data) (fun i -> grad i) (fun _ -> "")

    /// Runs `f` with the check of forward values off on this thread.
    let suspended (f: unit -> 'R) : 'R =
        AnomalyScope.Suspend 1
        try
            f ()
        finally
            AnomalyScope.Suspend -1

/// <summary>
/// Anomaly detection, as PyTorch's <c>detect_anomaly</c> and JAX's <c>debug_nans</c>: inside a
/// scope, the first NaN or infinity computed, in a forward value or in a gradient, throws an
/// <see cref="T:Micrograd.Core.AnomalyException"/> that says where it came from.
/// </summary>
/// <remarks>
/// <para>Off by default, and then free: the engines test one field that is null while no scope is
/// open anywhere in the process. Outside a scope every operation gives its IEEE result, as always.</para>
/// <para>Checked inside a scope: every node built (its forward value), every backprop (the float
/// sweeps of <c>Backprop</c> and <c>Reference.Backprop</c>, which the C# façade's <c>Backward</c>
/// uses), gradients as nodes (<c>Backprop.gradientNodes</c>, where what each rule hands on is
/// checked), and a compiled tape's <c>Forward</c> and <c>Backward</c> (after the sweep, the first
/// position in order whose value or gradient is NaN or infinite). A leaf may hold NaN: the first
/// operation that uses it throws.</para>
/// <para>The scope belongs to the async flow that opened it (an <c>AsyncLocal</c>): it covers the
/// code after an <c>await</c>, on whatever thread, and tasks and threads started inside it, which
/// capture the flow; code that other threads run on their own is not checked.</para>
/// </remarks>
/// <example>
/// <code lang="fsharp">
/// use _ = Anomaly.Detect()
/// let y = log (Node.Leaf -1.0)   // throws AnomalyException: 'log' gave NaN ...; its input: -1 (...)
/// </code>
/// </example>
[<AbstractClass; Sealed>]
type Anomaly =
    /// <summary>Turns anomaly detection on for the calling code until the returned scope is disposed.</summary>
    /// <returns>The scope: dispose it (C#'s <c>using</c>, F#'s <c>use</c>) to end it.</returns>
    static member Detect() : AnomalyScope = AnomalyScope.Open AnomalyChecks.watch

    /// <summary>Whether anomaly detection is on for the calling code.</summary>
    static member IsEnabled: bool = AnomalyScope.AnyOpen && AnomalyScope.Active
