namespace Micrograd.Core.Data

open System
open System.Collections.Generic
open Micrograd.Core

/// <summary>
/// Seeded minibatches, drawn as Python draws them with <c>random.shuffle</c>, so that a run
/// seeded here and a Python script seeded alike train on the same points in the same order.
/// </summary>
/// <example>
/// <code lang="fsharp">
/// let random = PythonRandom 1337
/// let batch = Batches.draw random 100 32      // one step's 32 indices
/// let epoch = Batches.epoch random 100 32     // three batches of 32 (the last 4 points wait)
/// </code>
/// </example>
[<RequireQualifiedAccess>]
module Batches =

    let private check (count: int) (size: int) =
        if count < 1 then
            raise (ArgumentOutOfRangeException(nameof count, count, "The data set is empty; expected 1 point or more."))
        if size < 1 || size > count then
            raise (
                ArgumentOutOfRangeException(
                    nameof size,
                    size,
                    sprintf "The batch size must be between 1 and the number of points (%d)." count
                )
            )

    let private checkRandom (random: PythonRandom) =
        if isNull (box random) then
            raise (ArgumentNullException(nameof random, "The random generator is null; expected a PythonRandom."))

    /// <summary>Python's <c>idx = list(range(len(idx))); random.shuffle(idx)</c>, in place: fills
    /// <paramref name="indices"/> with 0, 1, ... and shuffles it. Allocates nothing, for training
    /// loops that draw a batch every step.</summary>
    /// <param name="random">The generator; it advances as Python's does.</param>
    /// <param name="indices">Overwritten with a shuffled 0 .. length - 1.</param>
    /// <exception cref="T:System.ArgumentNullException">An argument is null.</exception>
    [<CompiledName("ShuffleIndices")>]
    let shuffleIndices (random: PythonRandom) (indices: int[]) : unit =
        checkRandom random
        if isNull indices then
            raise (ArgumentNullException(nameof indices, "The indices are null; expected an array to fill."))
        for i in 0 .. indices.Length - 1 do
            indices[i] <- i
        random.Shuffle indices

    /// <summary>One minibatch: the indices 0 .. count - 1 shuffled, the first <paramref name="size"/>
    /// kept, in shuffled order. In Python: <c>idx = list(range(count)); random.shuffle(idx); idx[:size]</c>.</summary>
    /// <param name="random">The generator; it advances as Python's does.</param>
    /// <param name="count">The number of points, 1 or more.</param>
    /// <param name="size">The batch size, from 1 to <paramref name="count"/>.</param>
    /// <returns>The indices of the batch's points.</returns>
    /// <exception cref="T:System.ArgumentNullException"><paramref name="random"/> is null.</exception>
    /// <exception cref="T:System.ArgumentOutOfRangeException">The count or the size is out of range.</exception>
    [<CompiledName("Draw")>]
    let draw (random: PythonRandom) (count: int) (size: int) : int[] =
        checkRandom random
        check count size
        let indices = Array.zeroCreate count
        shuffleIndices random indices
        Array.sub indices 0 size

    /// <summary>One epoch: the indices shuffled once and cut into consecutive batches of
    /// <paramref name="size"/>; the last <c>count % size</c> shuffled indices, too few for a whole
    /// batch, are left out (PyTorch's <c>drop_last=True</c>), so every batch has the same size. In
    /// Python: <c>random.shuffle(idx); [idx[b*size:(b+1)*size] for b in range(count // size)]</c>.</summary>
    /// <param name="random">The generator; it advances as Python's does.</param>
    /// <param name="count">The number of points, 1 or more.</param>
    /// <param name="size">The batch size, from 1 to <paramref name="count"/>.</param>
    /// <returns><c>count / size</c> batches of indices.</returns>
    /// <exception cref="T:System.ArgumentNullException"><paramref name="random"/> is null.</exception>
    /// <exception cref="T:System.ArgumentOutOfRangeException">The count or the size is out of range.</exception>
    [<CompiledName("Epoch")>]
    let epoch (random: PythonRandom) (count: int) (size: int) : IReadOnlyList<int[]> =
        checkRandom random
        check count size
        let indices = Array.zeroCreate count
        shuffleIndices random indices
        Array.init (count / size) (fun b -> Array.sub indices (b * size) size) :> IReadOnlyList<int[]>

    /// <summary>The items at <paramref name="indices"/>, in that order.</summary>
    /// <param name="data">The data set.</param>
    /// <param name="indices">Positions in it, e.g. from <see cref="M:Micrograd.Core.Data.Batches.Draw(Micrograd.Core.PythonRandom,System.Int32,System.Int32)"/>.</param>
    /// <returns>A new array.</returns>
    /// <exception cref="T:System.ArgumentNullException">An argument is null.</exception>
    /// <exception cref="T:System.ArgumentOutOfRangeException">An index is not a position in the data.</exception>
    [<CompiledName("Select")>]
    let select (data: IReadOnlyList<'T>) (indices: IReadOnlyList<int>) : 'T[] =
        if isNull data then
            raise (ArgumentNullException(nameof data, "The data is null; expected the data set."))
        if isNull indices then
            raise (ArgumentNullException(nameof indices, "The indices are null; expected positions in the data."))
        Array.init indices.Count (fun b ->
            let i = indices[b]
            if i < 0 || i >= data.Count then
                raise (
                    ArgumentOutOfRangeException(
                        nameof indices,
                        i,
                        sprintf "indices[%d] = %d is not a position in the data (0 to %d)." b i (data.Count - 1)
                    )
                )
            data[i])
