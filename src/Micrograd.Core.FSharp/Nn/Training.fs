namespace Micrograd.Core.Nn

open System
open System.Collections.Generic
open System.Globalization
open Micrograd.Core.Data

/// <summary>Which loss a training loop minimises over a batch.</summary>
type LossKind =
    /// micrograd's demo loss: the mean max-margin (hinge) loss of one score per example, labels
    /// -1 and +1 (see <see cref="M:Micrograd.Core.Nn.Losses.MaxMargin``2(``1,System.Collections.Generic.IReadOnlyList{``0},System.Collections.Generic.IReadOnlyList{``0})"/>).
    | MaxMargin = 0
    /// Softmax cross-entropy over the network's outputs, one per class, labels the class indices
    /// (see <see cref="M:Micrograd.Core.Nn.TrainingLoss.CrossEntropyOneHot``2(``1,System.Collections.Generic.IReadOnlyList{``0},System.Collections.Generic.IReadOnlyList{``0})"/>).
    | CrossEntropy = 1
    /// Mean squared error of one output per example against its label, any finite number (see
    /// <see cref="M:Micrograd.Core.Nn.Losses.Mse``2(``1,System.Collections.Generic.IReadOnlyList{``0},System.Collections.Generic.IReadOnlyList{``0})"/>):
    /// micrograd's lecture loss with labels -1 and +1. An example counts as right when the output
    /// has its label's sign, as for the max-margin loss.
    | Mse = 2
    /// Binary cross-entropy of one output per example, a logit, against its label, a probability
    /// from 0 to 1 (see <see cref="M:Micrograd.Core.Nn.Losses.BinaryCrossEntropy``2(``1,``0,``0)"/>),
    /// averaged. An example counts as right when the logit is above 0 and the label above ½, or
    /// neither.
    | BinaryCrossEntropy = 3

/// <summary>
/// The loss of a training step over a batch, written once for every engine, and the rules that go
/// with it: which numbers the loss's target leaves hold for a label, and when a prediction counts
/// as right. Every engine builds this graph, so all of them give the same numbers to the bit.
/// </summary>
/// <remarks>
/// The targets are leaves, not numbers, so that a tape compiled once can write the next batch's
/// labels into them: <c>-label</c> for the max-margin loss (micrograd's <c>score * Value(-y)</c>),
/// the one-hot vector of the class for cross-entropy. A graph built from an <c>int</c> class
/// (<see cref="M:Micrograd.Core.Nn.Losses.CrossEntropy``2(``1,System.Collections.Generic.IReadOnlyList{``0},System.Int32)"/>)
/// picks one logit, so its shape depends on the class; the one-hot form does not.
/// </remarks>
[<RequireQualifiedAccess>]
module TrainingLoss =

    // What the checks say, each message written once.
    module private Text =
        let invariant (v: float) = v.ToString("R", CultureInfo.InvariantCulture)

        let loss (kind: LossKind) =
            sprintf
                "The loss is %O, which is not a defined LossKind; expected MaxMargin, CrossEntropy, Mse or BinaryCrossEntropy."
                kind

        let features (i: int) (count: int) (nin: int) =
            sprintf "data[%d] has %d features; the network takes %d inputs." i count nin

        let oneOutput (kind: LossKind) (nout: int) =
            let name =
                match kind with
                | LossKind.Mse -> "The mean squared error"
                | LossKind.BinaryCrossEntropy -> "Binary cross-entropy"
                | _ -> "The max-margin loss"
            sprintf
                "%s scores one output per example; the network has %d. Use LossKind.CrossEntropy for several classes."
                name
                nout

        let binaryLabel (i: int) (label: float) =
            sprintf
                "data[%d] has label %s; the max-margin loss expects -1 or +1 (Example.Create(features, -1.0) or 1.0)."
                i
                (invariant label)

        let probabilityLabel (i: int) (label: float) =
            sprintf
                "data[%d] has label %s; binary cross-entropy expects a probability from 0 to 1 (1 for the positive class)."
                i
                (invariant label)

        let classLabel (i: int) (label: float) (classes: int) =
            sprintf
                "data[%d] has label %s; cross-entropy over %d outputs expects a class index from 0 to %d."
                i
                (invariant label)
                classes
                (classes - 1)

        let batchSize (size: int) (count: int) =
            sprintf "The batch size is %d; expected 1 to the number of examples (%d)." size count

        let tapeBatch (expected: int) (actual: int) =
            sprintf
                "The tape was compiled for batches of %d examples; this one has %d. Keep the batch size fixed (an epoch leaves its remainder out for this)."
                expected
                actual

    /// <summary>Refuses a <see cref="T:Micrograd.Core.Nn.LossKind"/> that is none of its named values.</summary>
    /// <param name="paramName">The caller's name for the argument.</param>
    /// <param name="kind">The argument.</param>
    /// <exception cref="T:System.ArgumentOutOfRangeException">The value is not MaxMargin or CrossEntropy.</exception>
    [<CompiledName("CheckKind")>]
    let checkKind (paramName: string) (kind: LossKind) : unit =
        if not (Enum.IsDefined kind) then
            raise (ArgumentOutOfRangeException(paramName, kind, Text.loss kind))

    /// <summary>Refuses an L2 weight that is NaN, infinite or negative.</summary>
    /// <param name="paramName">The caller's name for the argument.</param>
    /// <param name="alpha">The argument.</param>
    /// <exception cref="T:System.ArgumentOutOfRangeException">The weight is NaN, infinite or negative.</exception>
    [<CompiledName("CheckAlpha")>]
    let checkAlpha (paramName: string) (alpha: float) : unit = Checks.l2Weight paramName alpha

    /// <summary>Refuses a value of an enum that is none of its named values (e.g. <c>(Engine)42</c>).</summary>
    /// <param name="paramName">The caller's name for the argument.</param>
    /// <param name="value">The argument.</param>
    /// <param name="expected">The named values, in words ("Facade, Functional or Tape").</param>
    /// <exception cref="T:System.ArgumentOutOfRangeException">The value is not a named one.</exception>
    [<CompiledName("CheckDefined")>]
    let checkDefined (paramName: string) (value: Enum) (expected: string) : unit =
        if not (Enum.IsDefined(value.GetType(), value)) then
            raise (
                ArgumentOutOfRangeException(
                    paramName,
                    value,
                    Micrograd.Core.Messages.undefinedEnum paramName value expected
                )
            )

    /// <summary>Refuses a network whose outputs do not fit the loss: every loss but cross-entropy scores one output.</summary>
    /// <param name="paramName">The caller's name for the argument.</param>
    /// <param name="kind">The loss.</param>
    /// <param name="nout">The network's outputs.</param>
    /// <exception cref="T:System.ArgumentException">A loss other than cross-entropy and more than one output.</exception>
    [<CompiledName("CheckOutputs")>]
    let checkOutputs (paramName: string) (kind: LossKind) (nout: int) : unit =
        if kind <> LossKind.CrossEntropy && nout <> 1 then
            raise (ArgumentException(Text.oneOutput kind nout, paramName))

    /// <summary>Refuses a batch size below 1 or above the number of examples.</summary>
    /// <param name="paramName">The caller's name for the argument.</param>
    /// <param name="size">The batch size.</param>
    /// <param name="count">The number of examples.</param>
    /// <exception cref="T:System.ArgumentOutOfRangeException">The size is out of range.</exception>
    [<CompiledName("CheckBatchSize")>]
    let checkBatchSize (paramName: string) (size: int) (count: int) : unit =
        if size < 1 || size > count then
            raise (ArgumentOutOfRangeException(paramName, size, Text.batchSize size count))

    /// <summary>Refuses a batch whose size is not the one a tape was compiled for.</summary>
    /// <param name="paramName">The caller's name for the batch.</param>
    /// <param name="expected">The compiled batch size.</param>
    /// <param name="actual">This batch's size.</param>
    /// <exception cref="T:System.ArgumentException">The sizes differ.</exception>
    [<CompiledName("CheckTapeBatch")>]
    let checkTapeBatch (paramName: string) (expected: int) (actual: int) : unit =
        if expected <> actual then
            raise (ArgumentException(Text.tapeBatch expected actual, paramName))

    /// <summary>Refuses data a network of <paramref name="nin"/> inputs and <paramref name="nout"/>
    /// outputs cannot be trained on with the loss <paramref name="kind"/>: an empty or null list, a
    /// null example, a wrong number of features, or a label the loss cannot read.</summary>
    /// <param name="paramName">The caller's name for the data.</param>
    /// <param name="kind">The loss.</param>
    /// <param name="nin">The network's inputs.</param>
    /// <param name="nout">The network's outputs (1 for the max-margin loss, the number of classes for cross-entropy).</param>
    /// <param name="data">The examples.</param>
    /// <exception cref="T:System.ArgumentNullException">The data or an example is null.</exception>
    /// <exception cref="T:System.ArgumentException">The data is empty, an example does not fit, or the
    /// network's outputs do not fit the loss.</exception>
    [<CompiledName("CheckData")>]
    let checkData (paramName: string) (kind: LossKind) (nin: int) (nout: int) (data: IReadOnlyList<Example>) : unit =
        checkKind (nameof kind) kind
        Checks.values paramName data
        Checks.entries paramName data
        checkOutputs paramName kind nout
        for i in 0 .. data.Count - 1 do
            let e = data[i]
            if e.FeatureCount <> nin then
                raise (ArgumentException(Text.features i e.FeatureCount nin, paramName))
            match kind with
            | LossKind.MaxMargin when e.Label <> 1.0 && e.Label <> -1.0 ->
                raise (ArgumentException(Text.binaryLabel i e.Label, paramName))
            | LossKind.CrossEntropy when e.Class < 0 || e.Class >= nout ->
                raise (ArgumentException(Text.classLabel i e.Label nout, paramName))
            | LossKind.BinaryCrossEntropy when not (e.Label >= 0.0 && e.Label <= 1.0) ->
                raise (ArgumentException(Text.probabilityLabel i e.Label, paramName))
            | _ -> ()

    /// <summary>Cross-entropy against a one-hot (or any probability) target:
    /// <c>(Σ_k y_k · logSoftmax(logits)_k) * -1</c>, the sum taken from 0 in class order.</summary>
    /// <remarks>With y the one-hot vector of class t the sum is <c>0 + ... + 1·l_t + ... + 0</c>,
    /// and adding zeros and multiplying by 1 and -1 are exact, so the value is
    /// <c>-(z_t - lse)</c>, bit for bit the value of <see cref="M:Micrograd.Core.Nn.Losses.CrossEntropy``2(``1,System.Collections.Generic.IReadOnlyList{``0},System.Int32)"/>'s
    /// <c>lse - z_t</c> (round-to-nearest is symmetric in sign). The gradients are its bits too:
    /// ln Σ gets exactly 1 back (the -y_k sum to -1 exactly, times -1), each shifted logit gets its
    /// exponential's share plus -y_k, and a sum of two terms does not depend on their order.</remarks>
    /// <param name="arithmetic">The arithmetic to build with.</param>
    /// <param name="logits">The scores of the classes, at least one.</param>
    /// <param name="targets">One leaf per class holding its target probability: 1 for the right class, 0 for the others.</param>
    /// <returns>The loss, a new value.</returns>
    /// <exception cref="T:System.ArgumentNullException">A list or one of its entries is null.</exception>
    /// <exception cref="T:System.ArgumentException">The lists are empty or of different lengths.</exception>
    /// <typeparam name="T">The kind of value (<c>Node</c>, or the C# façade's <c>Value</c>).</typeparam>
    /// <typeparam name="A">The arithmetic's type, a struct (see <see cref="T:Micrograd.Core.Nn.IArithmetic`1"/>).</typeparam>
    [<CompiledName("CrossEntropyOneHot")>]
    let crossEntropyOneHot<'T, 'A when 'A :> IArithmetic<'T> and 'A: struct>
        (arithmetic: 'A)
        (logits: IReadOnlyList<'T>)
        (targets: IReadOnlyList<'T>)
        : 'T =
        Checks.pairs (nameof logits) logits (nameof targets) targets
        Checks.entries (nameof targets) targets
        let logProbabilities = Functions.logSoftmax arithmetic logits
        let terms =
            Array.init logits.Count (fun k -> arithmetic.Multiply(targets[k], logProbabilities[k]))
        arithmetic.Multiply(Arithmetic.sum arithmetic terms, arithmetic.Constant -1.0)

    /// <summary>How many target leaves one example needs: one per output for cross-entropy, 1 for
    /// every other loss (the max-margin loss's <c>-label</c>, or the label).</summary>
    /// <param name="kind">The loss.</param>
    /// <param name="nout">The network's outputs.</param>
    [<CompiledName("TargetCount")>]
    let targetCount (kind: LossKind) (nout: int) : int = if kind = LossKind.CrossEntropy then nout else 1

    /// <summary>Writes the numbers an example's target leaves hold: <c>-label</c> for the max-margin
    /// loss, the one-hot vector of the class for cross-entropy, the label itself for the mean squared
    /// error and binary cross-entropy. Allocates nothing.</summary>
    /// <param name="kind">The loss.</param>
    /// <param name="label">The example's label (checked by <see cref="M:Micrograd.Core.Nn.TrainingLoss.CheckData(System.String,Micrograd.Core.Nn.LossKind,System.Int32,System.Int32,System.Collections.Generic.IReadOnlyList{Micrograd.Core.Data.Example})"/>).</param>
    /// <param name="targets">Overwritten: <see cref="M:Micrograd.Core.Nn.TrainingLoss.TargetCount(Micrograd.Core.Nn.LossKind,System.Int32)"/> numbers.</param>
    [<CompiledName("WriteTargets")>]
    let writeTargets (kind: LossKind) (label: float) (targets: float[]) : unit =
        match kind with
        | LossKind.MaxMargin -> targets[0] <- -label
        | LossKind.CrossEntropy ->
            for k in 0 .. targets.Length - 1 do
                targets[k] <- if float k = label then 1.0 else 0.0
        | _ -> targets[0] <- label

    /// <summary>The batch's loss: the mean data loss of the examples, plus <c>alpha</c> times the L2
    /// penalty when alpha is above 0. With <see cref="F:Micrograd.Core.Nn.LossKind.MaxMargin"/> and
    /// alpha = <see cref="F:Micrograd.Core.Nn.Losses.DemoAlpha"/> it is <see cref="M:Micrograd.Core.Nn.Losses.Demo``2(``1,System.Collections.Generic.IReadOnlyList{``0},System.Collections.Generic.IReadOnlyList{``0},System.Collections.Generic.IReadOnlyList{``0})"/>,
    /// micrograd's demo loss, operand for operand; with cross-entropy the data loss is
    /// <c>sum(crossEntropyOneHot_i) * (1 / n)</c>, built in the same order, and so is binary
    /// cross-entropy's, <c>sum(binaryCrossEntropy_i) * (1 / n)</c>; the mean squared error is
    /// <see cref="M:Micrograd.Core.Nn.Losses.Mse``2(``1,System.Collections.Generic.IReadOnlyList{``0},System.Collections.Generic.IReadOnlyList{``0})"/>'s.</summary>
    /// <param name="arithmetic">The arithmetic to build with.</param>
    /// <param name="kind">The loss.</param>
    /// <param name="alpha">The weight of the L2 penalty, 0 or more (0: none).</param>
    /// <param name="outputs">Per example, the network's outputs.</param>
    /// <param name="targets">Per example, its target leaves (see <see cref="M:Micrograd.Core.Nn.TrainingLoss.WriteTargets(Micrograd.Core.Nn.LossKind,System.Double,System.Double[])"/>).</param>
    /// <param name="parameters">The network's parameters, which the penalty sums over.</param>
    /// <returns>The total loss, a new value.</returns>
    /// <exception cref="T:System.ArgumentException">The lists are null, empty or of different lengths.</exception>
    /// <exception cref="T:System.ArgumentOutOfRangeException">The kind is not defined, or alpha is negative or not finite.</exception>
    /// <typeparam name="T">The kind of value (<c>Node</c>, or the C# façade's <c>Value</c>).</typeparam>
    /// <typeparam name="A">The arithmetic's type, a struct (see <see cref="T:Micrograd.Core.Nn.IArithmetic`1"/>).</typeparam>
    [<CompiledName("Batch")>]
    let batch<'T, 'A when 'A :> IArithmetic<'T> and 'A: struct>
        (arithmetic: 'A)
        (kind: LossKind)
        (alpha: float)
        (outputs: IReadOnlyList<IReadOnlyList<'T>>)
        (targets: IReadOnlyList<IReadOnlyList<'T>>)
        (parameters: IReadOnlyList<'T>)
        : 'T =
        checkKind (nameof kind) kind
        checkAlpha (nameof alpha) alpha
        Checks.pairs (nameof outputs) outputs (nameof targets) targets
        let n = outputs.Count
        let mean (losses: 'T[]) =
            arithmetic.Multiply(Arithmetic.sum arithmetic losses, arithmetic.Constant(1.0 / float n))
        let firsts (lists: IReadOnlyList<IReadOnlyList<'T>>) = Array.init n (fun i -> lists[i][0])
        let dataLoss =
            match kind with
            | LossKind.MaxMargin -> Losses.maxMargin arithmetic (firsts outputs) (firsts targets)
            | LossKind.Mse -> Losses.mse arithmetic (firsts outputs) (firsts targets)
            | LossKind.BinaryCrossEntropy ->
                let logits, labels = firsts outputs, firsts targets
                mean (Array.init n (fun i -> Losses.binaryCrossEntropy arithmetic logits[i] labels[i]))
            | _ -> mean (Array.init n (fun i -> crossEntropyOneHot arithmetic outputs[i] targets[i]))
        if alpha > 0.0 then arithmetic.Add(dataLoss, Losses.l2 arithmetic alpha parameters) else dataLoss

    /// <summary>The class a network's outputs predict: the index of the largest, the first on a tie.</summary>
    /// <param name="outputs">The outputs' values, at least one.</param>
    /// <returns>The index.</returns>
    [<CompiledName("PredictedClass")>]
    let predictedClass (outputs: float[]) : int =
        let mutable best = 0
        for k in 1 .. outputs.Length - 1 do
            if outputs[k] > outputs[best] then
                best <- k
        best

    /// <summary>Whether a prediction counts as right: for the max-margin loss and the mean squared
    /// error, micrograd's <see cref="M:Micrograd.Core.Nn.Losses.IsCorrect(System.Double,System.Double)"/> on the one score;
    /// for binary cross-entropy, whether the logit is above 0 exactly when the label is above ½;
    /// for cross-entropy, whether <see cref="M:Micrograd.Core.Nn.TrainingLoss.PredictedClass(System.Double[])"/> is the label.</summary>
    /// <param name="kind">The loss.</param>
    /// <param name="label">The example's label.</param>
    /// <param name="outputs">The network's output values for it.</param>
    [<CompiledName("IsCorrect")>]
    let isCorrect (kind: LossKind) (label: float) (outputs: float[]) : bool =
        match kind with
        | LossKind.MaxMargin
        | LossKind.Mse -> Losses.isCorrect label outputs[0]
        | LossKind.BinaryCrossEntropy -> (label > 0.5) = (outputs[0] > 0.0)
        | _ -> float (predictedClass outputs) = label
