// Compiled for netstandard2.1 only (see the .fsproj): the few .NET APIs that the library uses and
// .NET Standard 2.1 lacks, under their .NET names, so that the net10.0 build is the same source.
// Each does what the .NET API does, more slowly where it must.
namespace System.Numerics

open System

[<AbstractClass; Sealed>]
type internal BitOperations =
    static member TrailingZeroCount(value: uint64) : int =
        if value = 0UL then
            64
        else
            let mutable v = value
            let mutable n = 0
            while v &&& 1UL = 0UL do
                v <- v >>> 1
                n <- n + 1
            n

    static member LeadingZeroCount(value: uint64) : int =
        let mutable v = value
        let mutable n = 64
        while v <> 0UL do
            v <- v >>> 1
            n <- n - 1
        n

namespace System.Buffers

[<AbstractClass; Sealed>]
type internal SearchValues =
    static member Create(values: string) : char[] = values.ToCharArray()

namespace System.Runtime.CompilerServices

[<AbstractClass; Sealed>]
type internal Unsafe =
    static member As<'T when 'T: not struct>(o: obj) : 'T = o :?> 'T

namespace System

open System.IO

[<AutoOpen>]
module internal NetStandardCompat =
    type Array with
        static member Clear(array: 'T[]) = Array.Clear(array, 0, array.Length)

    type Enum with
        static member IsDefined<'T when 'T :> Enum>(value: 'T) = Enum.IsDefined(typeof<'T>, box value)

    type File with
        static member Move(source: string, destination: string, overwrite: bool) =
            // rename(2) replaces the destination atomically; File.Replace is that rename here.
            if overwrite && File.Exists destination then
                File.Replace(source, destination, null)
            else
                File.Move(source, destination)

    /// GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, which .NET Standard cannot tell: taken as 4 GiB
    /// (the fast sort keeps up to a tenth of it between calls, Fast/Graph.fs).
    type GCMemoryInfo = { TotalAvailableMemoryBytes: int64 }

    type GC with
        static member GetGCMemoryInfo() = {
            TotalAvailableMemoryBytes = 4L <<< 30
        }

namespace System.Collections.Generic

open System.Collections.ObjectModel

[<AutoOpen>]
module internal NetStandardCollections =
    type Dictionary<'K, 'V> with
        member d.AsReadOnly() : ReadOnlyDictionary<'K, 'V> = ReadOnlyDictionary d

namespace System.Runtime.CompilerServices

[<AutoOpen>]
module internal NetStandardWeakTables =
    type ConditionalWeakTable<'K, 'V when 'K: not struct and 'V: not struct> with
        /// Adds value under key unless the key is there; whether it was added. (GetValue may call
        /// the callback and then keep another thread's value, so what it returns says which.)
        member t.TryAdd(key: 'K, value: 'V) : bool =
            let mutable called = false
            let kept =
                t.GetValue(
                    key,
                    ConditionalWeakTable.CreateValueCallback(fun _ ->
                        called <- true
                        value)
                )
            called && obj.ReferenceEquals(kept, value)
