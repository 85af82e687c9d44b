namespace Micrograd.Core

open System
open System.Collections
open System.Collections.Generic

/// <summary>
/// A long array kept as chunks of 8,192 elements (64 KB for references and floats), for results
/// that live on after a call, such as a graph's gradients.
/// </summary>
/// <remarks>
/// An array of 85,000 bytes or more goes to the large object heap, and allocating there counts
/// toward a full (generation 2) collection, which walks every live node: a big graph's gradients
/// in two long arrays would make every collection a full one (docs/performance.md).
/// </remarks>
[<Sealed>]
type internal Chunks<'T>(chunks: 'T[][], count: int) =

    /// log2 of the elements per chunk.
    static member Shift = 13

    /// The elements first..first+count-1 of a flat array, copied into chunks.
    static member Copy(source: 'T[], count: int) : Chunks<'T> =
        let size = 1 <<< Chunks<'T>.Shift
        let chunks =
            Array.init ((count + size - 1) / size) (fun c ->
                let start = c * size
                let chunk = Array.zeroCreate (min size (count - start))
                Array.Copy(source, start, chunk, 0, chunk.Length)
                chunk)
        Chunks(chunks, count)

    /// The chunks, in order; all full but the last.
    member _.Parts: 'T[][] = chunks

    /// The number of elements.
    member _.Count = count

    /// Element i.
    member _.Item
        with get (i: int): 'T = chunks[i >>> Chunks<'T>.Shift][i &&& ((1 <<< Chunks<'T>.Shift) - 1)]

    member private _.Sequence() : IEnumerator<'T> = (Seq.concat chunks).GetEnumerator()

    interface IReadOnlyList<'T> with
        member this.Item
            with get i =
                if uint i >= uint count then
                    raise (ArgumentOutOfRangeException(nameof i, i, sprintf "There are %d elements." count))
                this[i]
        member _.Count = count
        member this.GetEnumerator() : IEnumerator<'T> = this.Sequence()
        member this.GetEnumerator() : IEnumerator = this.Sequence() :> IEnumerator
