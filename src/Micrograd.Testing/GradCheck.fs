namespace Micrograd.Testing

open System
open System.Collections.Generic
open System.Globalization
open System.Runtime.InteropServices
open System.Text
open MathNet.Numerics.Differentiation
open Micrograd
open Micrograd.Core

/// <summary>How GradCheck compares: a partial derivative passes when
/// |analytic − numeric| ≤ <c>Atol</c> + <c>Rtol</c> · |numeric|, PyTorch's <c>allclose</c> test in
/// <c>torch.autograd.gradcheck</c>; the numeric side is a central difference of step <c>Eps</c>.</summary>
/// <param name="eps">The finite-difference step (PyTorch's 1e-6 for first derivatives).</param>
/// <param name="atol">The absolute tolerance (1e-5).</param>
/// <param name="rtol">The relative tolerance (1e-3).</param>
/// <exception cref="T:System.ArgumentOutOfRangeException">eps is not above 0, or a tolerance is
/// negative, or one of them is not finite.</exception>
[<Sealed; AllowNullLiteral>]
type GradCheckOptions
    (
        [<Optional; DefaultParameterValue(1e-6)>] eps: float,
        [<Optional; DefaultParameterValue(1e-5)>] atol: float,
        [<Optional; DefaultParameterValue(1e-3)>] rtol: float
    ) =
    do
        Checks.tolerance eps (nameof eps) true
        Checks.tolerance atol (nameof atol) false
        Checks.tolerance rtol (nameof rtol) false

    static let first = GradCheckOptions()
    static let second = GradCheckOptions(1e-4)

    /// The finite-difference step.
    member _.Eps: float = eps
    /// The absolute tolerance.
    member _.Atol: float = atol
    /// The relative tolerance (of the numeric value).
    member _.Rtol: float = rtol

    /// Whether an analytic derivative agrees with a numeric one (false when either is NaN).
    member _.Agrees(analytic: float, numeric: float) : bool = abs (analytic - numeric) <= atol + rtol * abs numeric

    /// GradCheck's defaults, PyTorch's: eps 1e-6, atol 1e-5, rtol 1e-3.
    static member Default: GradCheckOptions = first

    /// <summary>GradGradCheck's defaults: eps 1e-4, atol 1e-5, rtol 1e-3. A second difference
    /// divides round-off by eps², so it needs a wider step than a first one (with 1e-6 round-off
    /// alone would be about 1e-4); MathNet's 5-point stencils keep the truncation error small.</summary>
    static member SecondOrder: GradCheckOptions = second

    override _.ToString() =
        String.Format(CultureInfo.InvariantCulture, "eps {0:G}, atol {1:G}, rtol {2:G}", eps, atol, rtol)

/// <summary>One derivative compared: ∂f/∂x[Index] (or, in GradGradCheck, ∂²f/∂x[Index]∂x[SecondIndex]).</summary>
[<Sealed>]
type GradCheckEntry internal (index: int, secondIndex: int, analytic: float, numeric: float, passed: bool) =
    /// The input differentiated with respect to.
    member _.Index: int = index
    /// In GradGradCheck, the second input (equal to Index on the diagonal); -1 for a first derivative.
    member _.SecondIndex: int = secondIndex
    /// What the engine's rules give.
    member _.Analytic: float = analytic
    /// What MathNet's finite differences give.
    member _.Numeric: float = numeric
    /// |analytic − numeric|.
    member _.AbsoluteError: float = abs (analytic - numeric)
    /// |analytic − numeric| / |numeric| (0 when both are 0, +∞ when only numeric is).
    member this.RelativeError: float =
        let e = this.AbsoluteError
        if e = 0.0 then 0.0 else e / abs numeric
    /// Whether |analytic − numeric| ≤ atol + rtol · |numeric|.
    member _.Passed: bool = passed

    /// "x0" or, for a second derivative, "x0,x1".
    member _.Name: string =
        if secondIndex < 0 then sprintf "x%d" index else sprintf "x%d,x%d" index secondIndex

    override this.ToString() =
        String.Format(
            CultureInfo.InvariantCulture,
            "{0}: analytic {1:R}, numeric {2:R}, |error| {3:G3}, relative {4:G3}, {5}",
            this.Name,
            analytic,
            numeric,
            this.AbsoluteError,
            this.RelativeError,
            (if passed then "passed" else "FAILED")
        )

/// <summary>What GradCheck or GradGradCheck found: every derivative compared, and whether all agree.</summary>
[<Sealed>]
type GradCheckReport
    internal (order: int, point: float[], value: float, options: GradCheckOptions, entries: GradCheckEntry[]) =
    /// 1 for GradCheck, 2 for GradGradCheck.
    member _.Order: int = order
    /// The point the function was differentiated at.
    member _.Point: IReadOnlyList<float> = Array.AsReadOnly point
    /// The function's value there.
    member _.Value: float = value
    /// The step and tolerances used.
    member _.Options: GradCheckOptions = options
    /// One entry per derivative, in input order (row by row for second derivatives).
    member _.Entries: IReadOnlyList<GradCheckEntry> = Array.AsReadOnly entries
    /// The entries that disagree.
    member _.Failures: IReadOnlyList<GradCheckEntry> =
        Array.AsReadOnly(entries |> Array.filter (fun e -> not e.Passed))
    /// Whether every derivative agrees.
    member _.Passed: bool = entries |> Array.forall (fun e -> e.Passed)

    /// A summary line, then one line per derivative.
    override this.ToString() =
        let sb = StringBuilder()
        let at =
            String.Join(", ", point |> Array.map (fun x -> x.ToString("R", CultureInfo.InvariantCulture)))
        let what = if order = 1 then "GradCheck" else "GradGradCheck"
        let failures = this.Failures.Count
        if failures = 0 then
            sb.AppendFormat(
                CultureInfo.InvariantCulture,
                "{0} passed at ({1}): {2} derivatives agree ({3})",
                what,
                at,
                entries.Length,
                options
            )
            |> ignore
        else
            sb.AppendFormat(
                CultureInfo.InvariantCulture,
                "{0} failed at ({1}): {2} of {3} derivatives disagree ({4})",
                what,
                at,
                failures,
                entries.Length,
                options
            )
            |> ignore
        for e in entries do
            sb.AppendLine().Append("  ").Append(e) |> ignore
        sb.ToString()

/// <summary>Thrown by <c>GradCheck.Assert</c> and <c>GradGradCheck.Assert</c> when a derivative
/// disagrees; the message lists every derivative, the failing ones marked FAILED.</summary>
type GradCheckException(report: GradCheckReport) =
    inherit Exception(report.ToString())
    /// The report.
    member _.Report: GradCheckReport = report

/// The comparisons, written once over a function of nodes.
module internal Comparison =

    /// ∂f/∂x_i by MathNet's 3-point central difference with the absolute step eps.
    let numericPartial (eps: float) (f: float[] -> float) (x: float[]) (i: int) : float =
        let d = NumericalDerivative(3, 1, StepType = StepType.Absolute, StepSize = eps)
        d.EvaluatePartialDerivative(Func<float[], float> f, Array.copy x, i, 1)

    /// ∂²f/∂x_i∂x_j by MathNet's 5-point stencils with the absolute step eps (mixed when i ≠ j).
    let numericSecond (eps: float) (f: float[] -> float) (x: float[]) (i: int) (j: int) : float =
        let d = NumericalDerivative(5, 2, StepType = StepType.Absolute, StepSize = eps)
        if i = j then
            d.EvaluatePartialDerivative(Func<float[], float> f, Array.copy x, i, 2)
        else
            d.EvaluateMixedPartialDerivative(Func<float[], float> f, Array.copy x, [| i; j |], 2)

    /// A function of n inputs, as the comparisons see it: given a point, the n leaves it made
    /// for the point's coordinates and the output it built from them.
    type Build = float[] -> Node[] * Node

    let private valueAt (build: Build) (x: float[]) = (snd (build x)).Data

    let first (build: Build) (options: GradCheckOptions) (point: float[]) : GradCheckReport =
        Checks.point point (nameof point)
        let point = Array.copy point
        let xs, y = build point
        let analytic = Backprop.gradientsFor y xs
        let entries =
            analytic
            |> Array.mapi (fun i a ->
                let n = numericPartial options.Eps (valueAt build) point i
                GradCheckEntry(i, -1, a, n, options.Agrees(a, n)))
        GradCheckReport(1, point, y.Data, options, entries)

    let second (build: Build) (options: GradCheckOptions) (point: float[]) : GradCheckReport =
        Checks.point point (nameof point)
        let point = Array.copy point
        let xs, y = build point
        let h = Backprop.hessian y xs
        let entries = [|
            for i in 0 .. xs.Length - 1 do
                for j in 0 .. xs.Length - 1 do
                    let n = numericSecond options.Eps (valueAt build) point i j
                    GradCheckEntry(i, j, h[i, j], n, options.Agrees(h[i, j], n))
        |]
        GradCheckReport(2, point, y.Data, options, entries)

    /// The inputs a C# function is given: a read past the point names the point, not an index.
    type private Inputs<'T>(items: 'T[]) =
        interface IReadOnlyList<'T> with
            member _.Count = items.Length
            member _.Item
                with get i =
                    if i < 0 || i >= items.Length then
                        Checks.inputRead i items.Length "point"
                    items[i]
            member _.GetEnumerator() : IEnumerator<'T> = (items :> IEnumerable<'T>).GetEnumerator()
            member _.GetEnumerator() : Collections.IEnumerator = items.GetEnumerator()

    /// A function of nodes: leaves x0, x1, ... for the coordinates.
    let ofNodes (f: Node[] -> Node) : Build =
        fun point ->
            let xs = point |> Array.mapi (fun i x -> Node.Leaf(x, sprintf "x%d" i))
            let y = f xs
            Checks.returned y "function"
            xs, y

    let ofNodeFunc (f: Func<IReadOnlyList<Node>, Node>) : Build =
        Checks.notNull f "function"
        ofNodes (fun xs -> f.Invoke(Inputs xs))

    /// A function of values: leaf values x0, x1, ... for the coordinates, and their nodes.
    let ofValues (f: Func<IReadOnlyList<Value>, Value>) : Build =
        Checks.notNull f "function"
        fun point ->
            let vs = point |> Array.mapi (fun i x -> Value(x, sprintf "x%d" i))
            let y = f.Invoke(Inputs vs)
            Checks.returned y "function"
            vs |> Array.map (fun v -> v.Node), y.Node

    let options (o: GradCheckOptions) =
        Checks.notNull o "options"
        o

    let throwIfFailed (report: GradCheckReport) =
        if not report.Passed then
            raise (GradCheckException report)

/// <summary>
/// Compares every partial derivative of a function, as the engine's rules give it, with MathNet's
/// numerical one (PyTorch's <c>gradcheck</c>, with its defaults: eps 1e-6, atol 1e-5, rtol 1e-3).
/// <c>Check</c>/<c>Assert</c> take a function of <see cref="T:Micrograd.Value"/>s,
/// <c>CheckNodes</c>/<c>AssertNodes</c> one of core nodes.
/// </summary>
/// <example>
/// <code>
/// GradCheckReport r = GradCheck.Check(xs => (xs[0] * xs[1]).Tanh() + xs[0].Exp(), 0.3, -1.2);
/// GradCheck.Assert(xs => xs[0].Pow(3), 2.0);   // throws GradCheckException when a partial disagrees
/// </code>
/// </example>
[<AbstractClass; Sealed>]
type GradCheck =

    /// <summary>Checks f's gradient at the point, with the default options.</summary>
    /// <param name="function">f: the inputs (leaf values x0, x1, ... holding the point) to the output.</param>
    /// <param name="point">One coordinate per input, all finite.</param>
    /// <returns>The report; <c>Passed</c> says whether every partial agrees.</returns>
    /// <exception cref="T:System.ArgumentNullException">function or point is null.</exception>
    /// <exception cref="T:System.ArgumentException">The point is empty, or function returned null.</exception>
    /// <exception cref="T:System.ArgumentOutOfRangeException">A coordinate is NaN or infinite.</exception>
    static member Check
        (``function``: Func<IReadOnlyList<Value>, Value>, [<ParamArray>] point: float[])
        : GradCheckReport =
        Comparison.first (Comparison.ofValues ``function``) GradCheckOptions.Default point

    /// <summary>Checks f's gradient at the point, with the given step and tolerances.</summary>
    /// <param name="function">f, over values.</param>
    /// <param name="options">The step and tolerances.</param>
    /// <param name="point">One coordinate per input.</param>
    /// <returns>The report.</returns>
    static member Check
        (``function``: Func<IReadOnlyList<Value>, Value>, options: GradCheckOptions, [<ParamArray>] point: float[])
        : GradCheckReport =
        Comparison.first (Comparison.ofValues ``function``) (Comparison.options options) point

    /// <summary>Checks f's gradient and throws when a partial disagrees.</summary>
    /// <param name="function">f, over values.</param>
    /// <param name="point">One coordinate per input.</param>
    /// <exception cref="T:Micrograd.Testing.GradCheckException">A partial disagrees; the message lists them.</exception>
    static member Assert(``function``: Func<IReadOnlyList<Value>, Value>, [<ParamArray>] point: float[]) : unit =
        Comparison.throwIfFailed (GradCheck.Check(``function``, point))

    /// <summary>Checks f's gradient with the given options, and throws when a partial disagrees.</summary>
    /// <param name="function">f, over values.</param>
    /// <param name="options">The step and tolerances.</param>
    /// <param name="point">One coordinate per input.</param>
    static member Assert
        (``function``: Func<IReadOnlyList<Value>, Value>, options: GradCheckOptions, [<ParamArray>] point: float[])
        : unit =
        Comparison.throwIfFailed (GradCheck.Check(``function``, options, point))

    /// <summary>Checks the gradient of a function of core nodes (leaves x0, x1, ...).</summary>
    /// <param name="function">f, over nodes.</param>
    /// <param name="point">One coordinate per input.</param>
    /// <returns>The report.</returns>
    static member CheckNodes
        (``function``: Func<IReadOnlyList<Node>, Node>, [<ParamArray>] point: float[])
        : GradCheckReport =
        Comparison.first (Comparison.ofNodeFunc ``function``) GradCheckOptions.Default point

    /// <summary>Checks the gradient of a function of core nodes, with the given options.</summary>
    /// <param name="function">f, over nodes.</param>
    /// <param name="options">The step and tolerances.</param>
    /// <param name="point">One coordinate per input.</param>
    /// <returns>The report.</returns>
    static member CheckNodes
        (``function``: Func<IReadOnlyList<Node>, Node>, options: GradCheckOptions, [<ParamArray>] point: float[])
        : GradCheckReport =
        Comparison.first (Comparison.ofNodeFunc ``function``) (Comparison.options options) point

    /// <summary>Checks the gradient of a function of core nodes, and throws when a partial disagrees.</summary>
    /// <param name="function">f, over nodes.</param>
    /// <param name="point">One coordinate per input.</param>
    static member AssertNodes(``function``: Func<IReadOnlyList<Node>, Node>, [<ParamArray>] point: float[]) : unit =
        Comparison.throwIfFailed (GradCheck.CheckNodes(``function``, point))

    /// <summary>Checks the gradient of a function of core nodes with the given options, and throws
    /// when a partial disagrees.</summary>
    /// <param name="function">f, over nodes.</param>
    /// <param name="options">The step and tolerances.</param>
    /// <param name="point">One coordinate per input.</param>
    static member AssertNodes
        (``function``: Func<IReadOnlyList<Node>, Node>, options: GradCheckOptions, [<ParamArray>] point: float[])
        : unit =
        Comparison.throwIfFailed (GradCheck.CheckNodes(``function``, options, point))

/// <summary>
/// Compares every second derivative of a function, mixed partials included, as the engine gives
/// it (the gradient built as a graph by <c>Backprop.gradientNodes</c> and differentiated again),
/// with MathNet's second-order numerical derivatives (5-point stencils, step 1e-4 by default: see
/// <c>GradCheckOptions.SecondOrder</c>). The same members as <see cref="T:Micrograd.Testing.GradCheck"/>.
/// </summary>
/// <remarks>A user's operation must have its derivatives as nodes (<c>CustomOp.Unary</c>'s
/// <c>derivativeNode</c>) for its second derivatives to exist.</remarks>
[<AbstractClass; Sealed>]
type GradGradCheck =

    /// <summary>Checks f's second derivatives at the point, with GradCheckOptions.SecondOrder.</summary>
    /// <param name="function">f, over values.</param>
    /// <param name="point">One coordinate per input.</param>
    /// <returns>The report: n² entries, row by row.</returns>
    static member Check
        (``function``: Func<IReadOnlyList<Value>, Value>, [<ParamArray>] point: float[])
        : GradCheckReport =
        Comparison.second (Comparison.ofValues ``function``) GradCheckOptions.SecondOrder point

    /// <summary>Checks f's second derivatives with the given options.</summary>
    /// <param name="function">f, over values.</param>
    /// <param name="options">The step and tolerances.</param>
    /// <param name="point">One coordinate per input.</param>
    /// <returns>The report.</returns>
    static member Check
        (``function``: Func<IReadOnlyList<Value>, Value>, options: GradCheckOptions, [<ParamArray>] point: float[])
        : GradCheckReport =
        Comparison.second (Comparison.ofValues ``function``) (Comparison.options options) point

    /// <summary>Checks f's second derivatives, and throws when one disagrees.</summary>
    /// <param name="function">f, over values.</param>
    /// <param name="point">One coordinate per input.</param>
    static member Assert(``function``: Func<IReadOnlyList<Value>, Value>, [<ParamArray>] point: float[]) : unit =
        Comparison.throwIfFailed (GradGradCheck.Check(``function``, point))

    /// <summary>Checks f's second derivatives with the given options, and throws when one disagrees.</summary>
    /// <param name="function">f, over values.</param>
    /// <param name="options">The step and tolerances.</param>
    /// <param name="point">One coordinate per input.</param>
    /// <exception cref="T:Micrograd.Testing.GradCheckException">A derivative disagrees; the message lists them.</exception>
    static member Assert
        (``function``: Func<IReadOnlyList<Value>, Value>, options: GradCheckOptions, [<ParamArray>] point: float[])
        : unit =
        Comparison.throwIfFailed (GradGradCheck.Check(``function``, options, point))

    /// <summary>Checks the second derivatives of a function of core nodes.</summary>
    /// <param name="function">f, over nodes.</param>
    /// <param name="point">One coordinate per input.</param>
    /// <returns>The report.</returns>
    static member CheckNodes
        (``function``: Func<IReadOnlyList<Node>, Node>, [<ParamArray>] point: float[])
        : GradCheckReport =
        Comparison.second (Comparison.ofNodeFunc ``function``) GradCheckOptions.SecondOrder point

    /// <summary>Checks the second derivatives of a function of core nodes, with the given options.</summary>
    /// <param name="function">f, over nodes.</param>
    /// <param name="options">The step and tolerances.</param>
    /// <param name="point">One coordinate per input.</param>
    /// <returns>The report.</returns>
    static member CheckNodes
        (``function``: Func<IReadOnlyList<Node>, Node>, options: GradCheckOptions, [<ParamArray>] point: float[])
        : GradCheckReport =
        Comparison.second (Comparison.ofNodeFunc ``function``) (Comparison.options options) point

    /// <summary>Checks the second derivatives of a function of core nodes, and throws when one disagrees.</summary>
    /// <param name="function">f, over nodes.</param>
    /// <param name="point">One coordinate per input.</param>
    static member AssertNodes(``function``: Func<IReadOnlyList<Node>, Node>, [<ParamArray>] point: float[]) : unit =
        Comparison.throwIfFailed (GradGradCheck.CheckNodes(``function``, point))

    /// <summary>Checks the second derivatives of a function of core nodes with the given options,
    /// and throws when one disagrees.</summary>
    /// <param name="function">f, over nodes.</param>
    /// <param name="options">The step and tolerances.</param>
    /// <param name="point">One coordinate per input.</param>
    static member AssertNodes
        (``function``: Func<IReadOnlyList<Node>, Node>, options: GradCheckOptions, [<ParamArray>] point: float[])
        : unit =
        Comparison.throwIfFailed (GradGradCheck.CheckNodes(``function``, options, point))
