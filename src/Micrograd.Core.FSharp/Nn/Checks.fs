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
    /// expected (<c>inputs[1] is null; expected a value.</c>).</exception>
    /// <typeparam name="T">The type of the inputs.</typeparam>
    [<CompiledName("NoNullInputs")>]
    let noNullInputs<'T when 'T: not struct> (paramName: string) (inputs: IReadOnlyList<'T>) : unit =
        for i in 0 .. inputs.Count - 1 do
            if isNull (box inputs[i]) then
                raise (ArgumentNullException(paramName, Messages.nullElement paramName i))

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
            raise (ArgumentNullException(firstName, Messages.nullList firstName))
        if isNull second then
            raise (ArgumentNullException(secondName, Messages.nullList secondName))
        if second.Count <> first.Count then
            raise (ArgumentException(Messages.perEntryCount secondName second.Count first.Count firstName, secondName))
        if first.Count = 0 then
            raise (ArgumentException(Messages.emptyList firstName, firstName))

    // The optimizers' checks. Each refusal says what was given and what was expected, and names
    // the caller's parameter (the C# constructor's `momentum`, or the F# step's `options`).

    let private show (value: float) = value.ToString("R", Globalization.CultureInfo.InvariantCulture)

    let private refuseUnlessNonNegative (paramName: string) (what: string) (example: string) (value: float) =
        if not (Double.IsFinite value && value >= 0.0) then
            raise (
                ArgumentOutOfRangeException(
                    paramName,
                    value,
                    sprintf "%s is %s; expected a finite number, 0 or more, such as %s." what (show value) example
                )
            )

    /// <summary>Refuses an optimizer's learning rate that is NaN, infinite or negative (PyTorch's
    /// optimizers refuse a negative one too).</summary>
    /// <param name="paramName">The caller's name for the argument.</param>
    /// <param name="value">The argument.</param>
    /// <exception cref="T:System.ArgumentOutOfRangeException">The value is NaN, infinite or below 0.</exception>
    [<CompiledName("OptimizerLearningRate")>]
    let optimizerLearningRate (paramName: string) (value: float) : unit =
        refuseUnlessNonNegative paramName "The learning rate" "0.001" value

    /// <summary>Refuses a momentum factor that is NaN, infinite or negative.</summary>
    /// <param name="paramName">The caller's name for the argument.</param>
    /// <param name="value">The argument.</param>
    /// <exception cref="T:System.ArgumentOutOfRangeException">The value is NaN, infinite or below 0.</exception>
    [<CompiledName("Momentum")>]
    let momentum (paramName: string) (value: float) : unit =
        refuseUnlessNonNegative paramName "The momentum" "0.9" value

    /// <summary>Refuses a dampening that is NaN or infinite (any finite one is allowed, as in PyTorch).</summary>
    /// <param name="paramName">The caller's name for the argument.</param>
    /// <param name="value">The argument.</param>
    /// <exception cref="T:System.ArgumentOutOfRangeException">The value is NaN or infinite.</exception>
    [<CompiledName("Dampening")>]
    let dampening (paramName: string) (value: float) : unit =
        if not (Double.IsFinite value) then
            raise (
                ArgumentOutOfRangeException(
                    paramName,
                    value,
                    sprintf "The dampening is %s; expected a finite number such as 0." (show value)
                )
            )

    /// <summary>Refuses a weight decay that is NaN, infinite or negative.</summary>
    /// <param name="paramName">The caller's name for the argument.</param>
    /// <param name="value">The argument.</param>
    /// <exception cref="T:System.ArgumentOutOfRangeException">The value is NaN, infinite or below 0.</exception>
    [<CompiledName("WeightDecay")>]
    let weightDecay (paramName: string) (value: float) : unit =
        refuseUnlessNonNegative paramName "The weight decay" "0.01" value

    /// <summary>Refuses the weight of an L2 penalty that is NaN, infinite or negative.</summary>
    /// <param name="paramName">The caller's name for the argument.</param>
    /// <param name="value">The argument.</param>
    /// <exception cref="T:System.ArgumentOutOfRangeException">The value is NaN, infinite or below 0.</exception>
    [<CompiledName("L2Weight")>]
    let l2Weight (paramName: string) (value: float) : unit =
        refuseUnlessNonNegative paramName "The L2 weight" "0.0001" value

    /// <summary>Refuses Adam's eps that is NaN, infinite or negative.</summary>
    /// <param name="paramName">The caller's name for the argument.</param>
    /// <param name="value">The argument.</param>
    /// <exception cref="T:System.ArgumentOutOfRangeException">The value is NaN, infinite or below 0.</exception>
    [<CompiledName("Eps")>]
    let eps (paramName: string) (value: float) : unit = refuseUnlessNonNegative paramName "eps" "1e-08" value

    /// <summary>Refuses one of Adam's betas outside [0, 1) (NaN included).</summary>
    /// <param name="paramName">The caller's name for the argument.</param>
    /// <param name="which">"beta1" or "beta2", as the message names it.</param>
    /// <param name="value">The argument.</param>
    /// <exception cref="T:System.ArgumentOutOfRangeException">The value is not in [0, 1).</exception>
    [<CompiledName("Beta")>]
    let beta (paramName: string) (which: string) (value: float) : unit =
        if not (value >= 0.0 && value < 1.0) then
            raise (
                ArgumentOutOfRangeException(
                    paramName,
                    value,
                    sprintf
                        "%s is %s; expected a number from 0 up to but not including 1, such as %s."
                        which
                        (show value)
                        (if which = "beta2" then "0.999" else "0.9")
                )
            )

    /// <summary>Refuses Nesterov momentum without a momentum above 0 and a dampening of 0 (PyTorch's rule).</summary>
    /// <param name="paramName">The caller's name for the argument.</param>
    /// <param name="nesterov">Whether Nesterov momentum is asked for.</param>
    /// <param name="momentum">The momentum factor.</param>
    /// <param name="dampening">The dampening.</param>
    /// <exception cref="T:System.ArgumentException">Nesterov is asked for with a momentum of 0 or a dampening other than 0.</exception>
    [<CompiledName("Nesterov")>]
    let nesterov (paramName: string) (nesterov: bool) (momentum: float) (dampening: float) : unit =
        if nesterov && not (momentum > 0.0 && dampening = 0.0) then
            raise (
                ArgumentException(
                    sprintf
                        "Nesterov momentum needs a momentum above 0 and a dampening of 0; got momentum %s and dampening %s."
                        (show momentum)
                        (show dampening),
                    paramName
                )
            )

    /// <summary>Refuses an optimizer's parameter list that is null, empty, holds a null, or holds the
    /// same parameter twice (compared by reference), naming the positions.</summary>
    /// <param name="paramName">The caller's name for the argument.</param>
    /// <param name="parameters">The argument.</param>
    /// <exception cref="T:System.ArgumentNullException">The list or one of its entries is null.</exception>
    /// <exception cref="T:System.ArgumentException">The list is empty, or holds a parameter twice.</exception>
    /// <typeparam name="T">The type of the parameters.</typeparam>
    [<CompiledName("Parameters")>]
    let parameters<'T when 'T: not struct> (paramName: string) (parameters: IReadOnlyList<'T>) : unit =
        if isNull parameters then
            raise (ArgumentNullException(paramName, "The parameters are null; pass e.g. model.Parameters()."))
        if parameters.Count = 0 then
            raise (ArgumentException("An optimizer needs at least one parameter; got none.", paramName))
        let seen = Dictionary<obj, int>(HashIdentity.Reference)
        for i in 0 .. parameters.Count - 1 do
            let p = box parameters[i]
            if isNull p then
                raise (ArgumentNullException(paramName, Messages.nullElement paramName i))
            match seen.TryGetValue p with
            | true, first ->
                raise (
                    ArgumentException(
                        sprintf
                            "%s[%d] is %s[%d] again; each parameter may be given once (it would be stepped twice)."
                            paramName
                            i
                            paramName
                            first,
                        paramName
                    )
                )
            | _ -> seen.Add(p, i)

    /// <summary>Refuses a parameter an optimizer could not set: one computed from others (only a
    /// leaf's data can be set).</summary>
    /// <param name="paramName">The caller's name for the parameter list.</param>
    /// <param name="index">The parameter's position in the list.</param>
    /// <param name="node">Its node.</param>
    /// <exception cref="T:System.ArgumentException">The node is not a leaf.</exception>
    [<CompiledName("LeafParameter")>]
    let leafParameter (paramName: string) (index: int) (node: Node) : unit =
        if not node.IsLeaf then
            raise (
                ArgumentException(
                    sprintf
                        "%s[%d] was computed by '%s'; an optimizer sets its parameters' data, so each must be a leaf (a Value made with new Value(...))."
                        paramName
                        index
                        node.Op,
                    paramName
                )
            )

    /// <summary>Refuses an optimizer's per-parameter list (values, gradients, a state's buffers)
    /// that is null or does not hold one number per parameter.</summary>
    /// <param name="paramName">The caller's name for the argument.</param>
    /// <param name="what">What the list holds, as the message names it ("gradients", "momentum buffers").</param>
    /// <param name="expected">The number of parameters.</param>
    /// <param name="values">The argument.</param>
    /// <exception cref="T:System.ArgumentNullException">The list is null.</exception>
    /// <exception cref="T:System.ArgumentException">The list does not hold <paramref name="expected"/> numbers.</exception>
    [<CompiledName("PerParameter")>]
    let perParameter (paramName: string) (what: string) (expected: int) (values: IReadOnlyList<float>) : unit =
        if isNull values then
            raise (ArgumentNullException(paramName, sprintf "The %s are null; expected one per parameter." what))
        if values.Count <> expected then
            raise (ArgumentException(Messages.perParameterCount what values.Count expected, paramName))

    /// <summary>Refuses an optimizer state's step count below 0.</summary>
    /// <param name="paramName">The caller's name for the state.</param>
    /// <param name="steps">The state's step count.</param>
    /// <exception cref="T:System.ArgumentOutOfRangeException">The count is below 0.</exception>
    [<CompiledName("StepCount")>]
    let stepCount (paramName: string) (steps: int) : unit =
        // A count of Int32.MaxValue could take no further step: its successor would wrap around.
        if steps < 0 || steps = Int32.MaxValue then
            raise (
                ArgumentOutOfRangeException(
                    paramName,
                    steps,
                    sprintf
                        "The state has taken %d steps; expected 0 to %d, so that it can take another."
                        steps
                        (Int32.MaxValue - 1)
                )
            )

    /// <summary>The checks every in-place optimizer step makes on its common arguments: the
    /// learning rate, the step count, the values and one gradient per value.</summary>
    /// <param name="learningRate">The step's learning rate.</param>
    /// <param name="steps">How many steps the state has taken.</param>
    /// <param name="values">The parameters' values.</param>
    /// <param name="gradients">Their gradients.</param>
    /// <exception cref="T:System.ArgumentOutOfRangeException">The learning rate or the step count is out of range.</exception>
    /// <exception cref="T:System.ArgumentException">The lists are null or of different lengths.</exception>
    [<CompiledName("StepArguments")>]
    let stepArguments (learningRate: float) (steps: int) (values: float[]) (gradients: IReadOnlyList<float>) =
        optimizerLearningRate (nameof learningRate) learningRate
        stepCount (nameof steps) steps
        perParameter (nameof values) "values" (if isNull values then 0 else values.Length) values
        perParameter (nameof gradients) "gradients" values.Length gradients

    /// <summary>Refuses a schedule's step below 0.</summary>
    /// <param name="paramName">The caller's name for the argument.</param>
    /// <param name="step">The step, counted from 0.</param>
    /// <exception cref="T:System.ArgumentOutOfRangeException">The step is below 0.</exception>
    [<CompiledName("ScheduleStep")>]
    let scheduleStep (paramName: string) (step: int) : unit =
        if step < 0 then
            raise (ArgumentOutOfRangeException(paramName, step, sprintf "The step is %d; steps count from 0." step))

    /// <summary>Refuses a count of steps below 1 (a run's length, a period, a decay interval).</summary>
    /// <param name="paramName">The caller's name for the argument.</param>
    /// <param name="what">What the count is, as the message names it.</param>
    /// <param name="value">The argument.</param>
    /// <exception cref="T:System.ArgumentOutOfRangeException">The count is below 1.</exception>
    [<CompiledName("StepsAtLeastOne")>]
    let stepsAtLeastOne (paramName: string) (what: string) (value: int) : unit =
        if value < 1 then
            raise (ArgumentOutOfRangeException(paramName, value, sprintf "%s is %d; expected 1 or more." what value))

    /// <summary>Refuses a schedule's decay factor that is NaN, infinite or negative.</summary>
    /// <param name="paramName">The caller's name for the argument.</param>
    /// <param name="value">The argument.</param>
    /// <exception cref="T:System.ArgumentOutOfRangeException">The value is NaN, infinite or below 0.</exception>
    [<CompiledName("Gamma")>]
    let gamma (paramName: string) (value: float) : unit = refuseUnlessNonNegative paramName "gamma" "0.1" value

    /// <summary>Refuses a cosine schedule's floor that is NaN, infinite or negative.</summary>
    /// <param name="paramName">The caller's name for the argument.</param>
    /// <param name="value">The argument.</param>
    /// <exception cref="T:System.ArgumentOutOfRangeException">The value is NaN, infinite or below 0.</exception>
    [<CompiledName("MinimumLearningRate")>]
    let minimumLearningRate (paramName: string) (value: float) : unit =
        refuseUnlessNonNegative paramName "The minimum learning rate" "0" value

    /// <summary>Refuses an optimizer state that is null or of another optimizer (an SGD state given
    /// to Adam, say).</summary>
    /// <param name="paramName">The caller's name for the state.</param>
    /// <param name="optimizer">The optimizer the state is for, as the message names it ("Adam").</param>
    /// <param name="state">The argument.</param>
    /// <exception cref="T:System.ArgumentNullException">The state is null.</exception>
    /// <exception cref="T:System.ArgumentException">The state is not a <typeparamref name="TState"/>.</exception>
    /// <typeparam name="TState">The state type the optimizer keeps.</typeparam>
    /// <returns>The state, as a <typeparamref name="TState"/>.</returns>
    [<CompiledName("StateOf")>]
    let stateOf<'TState> (paramName: string) (optimizer: string) (state: obj) : 'TState =
        match state with
        | null -> raise (ArgumentNullException(paramName, Messages.nullState "GetState()"))
        | :? 'TState as s -> s
        | other ->
            raise (
                ArgumentException(
                    sprintf
                        "Expected %s's state, an %s; got an %s."
                        optimizer
                        typeof<'TState>.Name
                        (other.GetType().Name),
                    paramName
                )
            )

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
            raise (ArgumentNullException(paramName, Messages.nullList paramName))
        if values.Count = 0 then
            raise (ArgumentException(Messages.emptyList paramName, paramName))
        entries paramName values


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
                    sprintf "%s[%d] is %s; expected a finite number." paramName index (show value)
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
                        (show value)
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
            raise (ArgumentNullException(paramName, Messages.nullList paramName))
        for i in 0 .. labels.Count - 1 do
            let label = labels[i]
            if not (label = 1.0 || label = -1.0) then
                raise (
                    ArgumentOutOfRangeException(
                        paramName,
                        label,
                        sprintf "%s[%d] is %s; expected 1 or -1." paramName i (show label)
                    )
                )
