module Micrograd.Core.Tests.ChunksTests

open System
open System.Collections.Generic
open Xunit
open FsCheck
open FsCheck.Xunit
open Micrograd.Core

[<Property(MaxTest = 200)>]
let ``a chunked copy holds the same elements in the same order, whatever the count`` (NonNegativeInt n) =
    // Counts around the chunk size (8,192) matter most: 0, one short, exactly one, one over.
    let count = n % 30_000
    let source = Array.init (count + 5) (fun i -> float i * 0.5)
    let chunks = Chunks<float>.Copy(source, count)
    let list = chunks :> IReadOnlyList<float>
    Assert.Equal(count, list.Count)
    for i in 0 .. count - 1 do
        Assert.Equal(source[i], chunks[i])
        Assert.Equal(source[i], list[i])
    Assert.Equal<float>(Array.sub source 0 count, Seq.toArray list)

[<Theory>]
[<InlineData(8_191)>]
[<InlineData(8_192)>]
[<InlineData(8_193)>]
[<InlineData(100_000)>]
let ``every chunk stays below the large object heap's 85,000 bytes`` (count: int) =
    let chunks = Chunks<Node>.Copy(Array.zeroCreate count, count)
    for part in chunks.Parts do
        Assert.True(8 * part.Length + 24 < 85_000, sprintf "a part of %d references" part.Length)
    Assert.Equal(count, chunks.Parts |> Array.sumBy (fun p -> p.Length))

[<Fact>]
let ``an index out of range is refused with the count in the message`` () =
    let list = Chunks<float>.Copy([| 1.0; 2.0 |], 2) :> IReadOnlyList<float>
    let e = Assert.Throws<ArgumentOutOfRangeException>(fun () -> list[2] |> ignore)
    Assert.Contains("There are 2 elements", e.Message)
    Assert.Throws<ArgumentOutOfRangeException>(fun () -> list[-1] |> ignore)
    |> ignore
