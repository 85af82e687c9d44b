namespace Micrograd.Core.Nn

open Micrograd.Core

open System
open System.Collections.Generic

/// <summary>
/// The argument checks of the networks, each written once, for F# and C# alike: each says what
/// was expected and what came instead, and takes the name of the caller's parameter, so that the
/// exception names the argument the caller actually passed (F#'s <c>inputs</c>, the C# façade's
/// <c>x</c>).
/// </summary>
/// <example>
/// <code lang="csharp">
/// Checks.Inputs("x", weights.Length, x);   // ArgumentException "Expected 2 inputs, got 3." for x
/// </code>
/// </example>
[<RequireQualifiedAccess>]
module Checks =

    /// <summary>Refuses a <see cref="T:Micrograd.Core.Nonlinearity"/> that is none of its named values (e.g. <c>(Nonlinearity)42</c>).</summary>
    /// <param name="paramName">The caller's name for the argument.</param>
    /// <param name="value">The argument.</param>
    /// <exception cref="T:System.ArgumentOutOfRangeException">The value is not Linear, ReLU or Tanh.</exception>
    [<CompiledName("Nonlinearity")>]
    let nonlinearity (paramName: string) (value: Nonlinearity) : unit =
        if not (Enum.IsDefined value) then
            raise (ArgumentOutOfRangeException(paramName, value, "Expected Linear, ReLU or Tanh."))

    /// <summary>Refuses a null random generator.</summary>
    /// <param name="paramName">The caller's name for the argument.</param>
    /// <param name="value">The argument.</param>
    /// <exception cref="T:System.ArgumentNullException">The generator is null.</exception>
    [<CompiledName("Random")>]
    let random (paramName: string) (value: Random) : unit =
        if isNull value then
            raise (ArgumentNullException(paramName, "The random generator is null; pass e.g. PythonRandom(1337)."))

    /// <summary>Refuses a learning rate that is NaN or infinite, which would make every parameter
    /// it touches non-finite. (A negative one is a step uphill, and allowed.)</summary>
    /// <param name="paramName">The caller's name for the argument.</param>
    /// <param name="value">The argument.</param>
    /// <exception cref="T:System.ArgumentOutOfRangeException">The value is NaN or infinite.</exception>
    [<CompiledName("LearningRate")>]
    let learningRate (paramName: string) (value: float) : unit =
        if not (Double.IsFinite value) then
            raise (
                ArgumentOutOfRangeException(
                    paramName,
                    value,
                    sprintf
                        "The learning rate is %s; expected a finite number such as 0.1."
                        (value.ToString(Globalization.CultureInfo.InvariantCulture))
                )
            )

    /// <summary>Refuses a number of inputs below 1, for a neuron, a layer or a network.</summary>
    /// <param name="paramName">The caller's name for the argument (micrograd's <c>nin</c>).</param>
    /// <param name="owner">What takes the inputs, as the message names it: "neuron", "layer" or "network".</param>
    /// <param name="value">The argument.</param>
    /// <exception cref="T:System.ArgumentOutOfRangeException">The value is below 1.</exception>
    [<CompiledName("Nin")>]
    let nin (paramName: string) (owner: string) (value: int) : unit =
        if value < 1 then
            raise (ArgumentOutOfRangeException(paramName, value, sprintf "A %s needs at least one input." owner))

    /// <summary>Refuses a layer of fewer than 1 neuron.</summary>
    /// <param name="paramName">The caller's name for the argument (micrograd's <c>nout</c>).</param>
    /// <param name="value">The argument.</param>
    /// <exception cref="T:System.ArgumentOutOfRangeException">The value is below 1.</exception>
    [<CompiledName("Nout")>]
    let nout (paramName: string) (value: int) : unit =
        if value < 1 then
            raise (ArgumentOutOfRangeException(paramName, value, "A layer needs at least one neuron."))

    /// <summary>Refuses a network's list of layer sizes when it is null, empty, or has a size below 1
    /// (the message says which position).</summary>
    /// <param name="paramName">The caller's name for the argument (micrograd's <c>nouts</c>).</param>
    /// <param name="sizes">The argument.</param>
    /// <exception cref="T:System.ArgumentNullException">The list is null.</exception>
    /// <exception cref="T:System.ArgumentException">The list is empty.</exception>
    /// <exception cref="T:System.ArgumentOutOfRangeException">A size is below 1.</exception>
    [<CompiledName("LayerSizes")>]
    let layerSizes (paramName: string) (sizes: IReadOnlyList<int>) : unit =
        if isNull sizes then
            raise (ArgumentNullException(paramName, "The layer sizes are null; expected e.g. [16, 16, 1]."))
        if sizes.Count = 0 then
            raise (ArgumentException("Expected at least one layer size, got none.", paramName))
        for i in 0 .. sizes.Count - 1 do
            if sizes[i] < 1 then
                raise (
                    ArgumentOutOfRangeException(
                        paramName,
                        sizes[i],
                        sprintf "Layer %d has size %d; every layer needs at least one neuron." i sizes[i]
                    )
                )

    /// <summary>Refuses inputs that are null or not as many as expected.</summary>
    /// <param name="paramName">The caller's name for the argument.</param>
    /// <param name="expected">How many inputs the neuron, layer or network takes.</param>
    /// <param name="inputs">The argument.</param>
    /// <exception cref="T:System.ArgumentNullException">The list is null.</exception>
    /// <exception cref="T:System.ArgumentException">The list does not hold <paramref name="expected"/> inputs.</exception>
    /// <typeparam name="T">The type of the inputs.</typeparam>
    [<CompiledName("Inputs")>]
    let inputs<'T> (paramName: string) (expected: int) (inputs: IReadOnlyList<'T>) : unit =
        if isNull inputs then
            raise (ArgumentNullException(paramName, "The inputs are null; expected a list of them."))
        if inputs.Count <> expected then
            raise (ArgumentException(sprintf "Expected %d inputs, got %d." expected inputs.Count, paramName))

    /// <summary>Refuses a list of inputs in which one is null, naming its position.</summary>
    /// <param name="paramName">The caller's name for the argument.</param>
    /// <param name="inputs">The argument, not null itself (see <see cref="M:Micrograd.Core.Nn.Checks.Inputs``1(System.String,System.Int32,System.Collections.Generic.IReadOnlyList{``0})"/>).</param>
    /// <exception cref="T:System.ArgumentNullException">An input is null; the message names the type
    /// expected (<c>Input 1 is null; expected a Node.</c>).</exception>
    /// <typeparam name="T">The type of the inputs.</typeparam>
    [<CompiledName("NoNullInputs")>]
    let noNullInputs<'T when 'T: not struct> (paramName: string) (inputs: IReadOnlyList<'T>) : unit =
        for i in 0 .. inputs.Count - 1 do
            if isNull (box inputs[i]) then
                raise (ArgumentNullException(paramName, sprintf "Input %d is null; expected a %s." i typeof<'T>.Name))

    /// <summary>Refuses two lists that should pair up one to one (say, scores and labels) when either
    /// is null, they differ in length, or they are empty.</summary>
    /// <param name="firstName">The caller's name for the first list.</param>
    /// <param name="first">The first list.</param>
    /// <param name="secondName">The caller's name for the second list.</param>
    /// <param name="second">The second list.</param>
    /// <exception cref="T:System.ArgumentNullException">A list is null.</exception>
    /// <exception cref="T:System.ArgumentException">The lengths differ (named after the second), or
    /// the lists are empty (named after the first).</exception>
    /// <typeparam name="T">The type of the first list's entries.</typeparam>
    /// <typeparam name="U">The type of the second list's entries.</typeparam>
    [<CompiledName("Pairs")>]
    let pairs<'T, 'U>
        (firstName: string)
        (first: IReadOnlyList<'T>)
        (secondName: string)
        (second: IReadOnlyList<'U>)
        : unit =
        if isNull first then
            raise (ArgumentNullException(firstName, sprintf "The %s are null; expected a list." firstName))
        if isNull second then
            raise (ArgumentNullException(secondName, sprintf "The %s are null; expected a list." secondName))
        if second.Count <> first.Count then
            raise (
                ArgumentException(
                    sprintf "Expected %d %s, one per entry of %s, got %d." first.Count secondName firstName second.Count,
                    secondName
                )
            )
        if first.Count = 0 then
            raise (ArgumentException(sprintf "Expected at least one entry in %s, got none." firstName, firstName))

    /// <summary>Refuses a list with a null entry, naming the list and the entry's position.</summary>
    /// <param name="paramName">The caller's name for the list.</param>
    /// <param name="values">The list, not null itself.</param>
    /// <exception cref="T:System.ArgumentNullException">An entry is null.</exception>
    /// <typeparam name="T">The type of the entries.</typeparam>
    [<CompiledName("Entries")>]
    let entries<'T> (paramName: string) (values: IReadOnlyList<'T>) : unit =
        for i in 0 .. values.Count - 1 do
            if isNull (box values[i]) then
                raise (ArgumentNullException(paramName, Messages.nullElement paramName i))

    /// <summary>Refuses a list of values (logits, say) that is null, empty, or has a null entry.</summary>
    /// <param name="paramName">The caller's name for the list.</param>
    /// <param name="values">The list.</param>
    /// <exception cref="T:System.ArgumentNullException">The list or one of its entries is null.</exception>
    /// <exception cref="T:System.ArgumentException">The list is empty.</exception>
    /// <typeparam name="T">The type of the entries.</typeparam>
    [<CompiledName("Values")>]
    let values<'T> (paramName: string) (values: IReadOnlyList<'T>) : unit =
        if isNull values then
            raise (ArgumentNullException(paramName, sprintf "The %s are null; expected a list." paramName))
        if values.Count = 0 then
            raise (ArgumentException(sprintf "Expected at least one entry in %s, got none." paramName, paramName))
        entries paramName values

    let private text (value: float) = value.ToString("R", Globalization.CultureInfo.InvariantCulture)

    /// <summary>Refuses a target (of a regression, say) that is NaN or infinite, which would make
    /// the loss and every gradient non-finite.</summary>
    /// <param name="paramName">The caller's name for the list of targets.</param>
    /// <param name="index">The target's position in the list.</param>
    /// <param name="value">The target.</param>
    /// <exception cref="T:System.ArgumentOutOfRangeException">The target is NaN or infinite.</exception>
    [<CompiledName("Target")>]
    let target (paramName: string) (index: int) (value: float) : unit =
        if not (Double.IsFinite value) then
            raise (
                ArgumentOutOfRangeException(
                    paramName,
                    value,
                    sprintf "%s[%d] is %s; expected a finite number." paramName index (text value)
                )
            )

    /// <summary>Refuses a binary target that is not a probability from 0 to 1 (NaN included).</summary>
    /// <param name="paramName">The caller's name for the argument.</param>
    /// <param name="value">The target.</param>
    /// <exception cref="T:System.ArgumentOutOfRangeException">The target is below 0, above 1, or NaN.</exception>
    [<CompiledName("Probability")>]
    let probability (paramName: string) (value: float) : unit =
        if not (value >= 0.0 && value <= 1.0) then
            raise (
                ArgumentOutOfRangeException(
                    paramName,
                    value,
                    sprintf
                        "The %s is %s; expected a probability from 0 to 1 (1 for the positive class)."
                        paramName
                        (text value)
                )
            )

    /// <summary>Refuses a class index outside 0 .. classes - 1.</summary>
    /// <param name="paramName">The caller's name for the argument.</param>
    /// <param name="classes">How many classes there are (the number of logits).</param>
    /// <param name="value">The class index.</param>
    /// <exception cref="T:System.ArgumentOutOfRangeException">The index is negative or not below <paramref name="classes"/>.</exception>
    [<CompiledName("ClassIndex")>]
    let classIndex (paramName: string) (classes: int) (value: int) : unit =
        if value < 0 || value >= classes then
            raise (
                ArgumentOutOfRangeException(
                    paramName,
                    value,
                    sprintf "Class %d is not one of the %d classes; expected 0 to %d." value classes (classes - 1)
                )
            )

    /// <summary>Refuses labels of a two-class (max-margin) loss that are null or not each 1 or -1.</summary>
    /// <param name="paramName">The caller's name for the list.</param>
    /// <param name="labels">The labels.</param>
    /// <exception cref="T:System.ArgumentNullException">The list is null.</exception>
    /// <exception cref="T:System.ArgumentOutOfRangeException">A label is not 1 or -1 (the message gives its position).</exception>
    [<CompiledName("Labels")>]
    let labels (paramName: string) (labels: IReadOnlyList<float>) : unit =
        if isNull labels then
            raise (ArgumentNullException(paramName, sprintf "The %s are null; expected a list." paramName))
        for i in 0 .. labels.Count - 1 do
            let label = labels[i]
            if not (label = 1.0 || label = -1.0) then
                raise (
                    ArgumentOutOfRangeException(
                        paramName,
                        label,
                        sprintf "%s[%d] is %s; expected 1 or -1." paramName i (text label)
                    )
                )
