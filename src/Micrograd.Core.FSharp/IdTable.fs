namespace Micrograd.Core

open System

/// <summary>
/// A map from node id to an int (a node's position in a topological order), by open addressing
/// with linear probing and Fibonacci hashing (the id times 2^64/φ, top bits): consecutive ids,
/// which is what a graph built in one go has, land evenly spread with almost no collisions,
/// whatever other ids the graph mixes in. It replaces a Dictionary&lt;Node, int&gt;, which costs
/// a virtual hash and a virtual equality per look-up and about twice the memory.
/// </summary>
[<Sealed; AllowNullLiteral>]
type internal IdTable(initialCapacity: int) =
    // Smallest power of two ≥ 2 × the expected count: the table stays at most half full.
    let mutable bits =
        let mutable b = 4
        while (1 <<< b) < 2 * initialCapacity && b < 30 do
            b <- b + 1
        b

    let mutable capacity = 1 <<< bits

    let mutable keys: int64[] = Array.zeroCreate capacity // 0 = empty (ids start at 1)
    let mutable values: int[] = Array.zeroCreate capacity
    let mutable count = 0

    member private _.Find(id: int64) : int =
        let mask = capacity - 1
        let mutable i = int ((uint64 id * 0x9E3779B97F4A7C15UL) >>> (64 - bits))
        while keys[i] <> 0L && keys[i] <> id do
            i <- (i + 1) &&& mask
        i

    member private this.Grow() =
        let oldKeys = keys
        let oldValues = values
        bits <- bits + 1
        capacity <- 1 <<< bits
        keys <- Array.zeroCreate capacity
        values <- Array.zeroCreate capacity
        for j = 0 to oldKeys.Length - 1 do
            if oldKeys[j] <> 0L then
                let i = this.Find oldKeys[j]
                keys[i] <- oldKeys[j]
                values[i] <- oldValues[j]

    /// The number of ids held.
    member _.Count = count

    /// The number of slots (twice the count, at least).
    member _.Capacity = capacity

    /// Forgets every id, keeping the slots for reuse.
    member _.Clear() =
        Array.Clear(keys)
        count <- 0

    /// Adds the id with the value if it is absent; returns whether it was added.
    member this.TryAdd(id: int64, value: int) : bool =
        let i = this.Find id
        if keys[i] = id then
            false
        else
            keys[i] <- id
            values[i] <- value
            count <- count + 1
            if 2 * count > capacity then
                this.Grow()
            true

    /// Sets the value of an id already held.
    member this.Set(id: int64, value: int) = values[this.Find id] <- value

    /// The value of the id, or -1 when absent.
    member this.Get(id: int64) : int =
        let i = this.Find id
        if keys[i] = id then values[i] else -1
