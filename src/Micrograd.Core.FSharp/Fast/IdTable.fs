namespace Micrograd.Core

open System
open System.Runtime.CompilerServices

/// <summary>
/// A map from node id to an int (a node's position in a topological order, or -1), made for the
/// ids of one graph: they are unique, and a graph built in one go has nearly consecutive ones.
/// </summary>
/// <remarks>
/// <para>Two parts. Ids at most a few times the table's count below a base id (the root's: every
/// node of its graph has a smaller id) index an array directly by their distance from the base:
/// no hashing, and a walk over a graph built in one go reads and writes it almost sequentially.
/// Other ids (nodes made long before the rest, such as a model's parameters) go to a hash table
/// with open addressing and linear probing, hashed in blocks of eight: the block number by
/// Fibonacci hashing (times 2^64/φ, top bits), which spreads blocks evenly whatever ids a graph
/// mixes in, and the id's place in its block kept as the low three bits of the slot, so that
/// consecutive ids still share a cache line.</para>
/// <para>An id within the direct part's reach is only ever in the direct part: when the direct
/// part grows, the hashed ids it now reaches move into it. So a look-up of such an id (nearly
/// every look-up of a sort) is one array read, inlined into the caller.</para>
/// <para>On graphs of a million nodes a plain Fibonacci-hashed table made most look-ups cache
/// misses. Either part replaces a Dictionary&lt;Node, int&gt;, which costs a virtual hash and a
/// virtual equality per look-up and about twice the memory.</para>
/// </remarks>
[<Sealed; AllowNullLiteral>]
type internal IdTable(initialCapacity: int, initialBase: int64, initialDirect: int) =
    // The direct part: direct[baseId - id] holds value + 2 (0 = absent; values are ≥ -1).
    let mutable baseId = initialBase
    let mutable direct: int[] = Array.zeroCreate (max initialDirect 0)
    let mutable directUsed = 0 // one past the largest distance written, for Clear

    // The hashed part: the smallest power of two ≥ 2 × the expected count, so at most half full.
    let mutable bits =
        let mutable b = 4
        while (1 <<< b) < 2 * initialCapacity && b < 30 do
            b <- b + 1
        b

    let mutable capacity = 1 <<< bits
    let mutable keys: int64[] = Array.zeroCreate capacity // 0 = empty (ids start at 1)
    let mutable values: int[] = Array.zeroCreate capacity
    let mutable hashed = 0
    let mutable count = 0

    // The direct part grows to reach an id when its distance from the base is below this: a few
    // times the ids held (a graph's ids are that dense, or nearly), and at least 2^18 (1 MB).
    let reach () = max (4L * int64 count) (1L <<< 18)

    /// A hashed table only (no base id).
    new(initialCapacity: int) = IdTable(initialCapacity, 0L, 0)

    member private _.Find(id: int64) : int =
        let mask = capacity - 1
        let block = int ((uint64 (id >>> 3) * 0x9E3779B97F4A7C15UL) >>> (64 - (bits - 3)))
        let mutable i = (block <<< 3) ||| int (id &&& 7L)
        while keys[i] <> 0L && keys[i] <> id do
            i <- (i + 1) &&& mask
        i

    /// Puts every hashed id again: into the direct part when it now reaches it, else rehashed
    /// into a table of 2^newBits slots.
    member private this.Rebuild(newBits: int) =
        let oldKeys = keys
        let oldValues = values
        bits <- newBits
        capacity <- 1 <<< bits
        keys <- Array.zeroCreate capacity
        values <- Array.zeroCreate capacity
        hashed <- 0
        for j = 0 to oldKeys.Length - 1 do
            let id = oldKeys[j]
            if id <> 0L then
                let d = baseId - id
                if d >= 0L && d < int64 direct.Length then
                    direct[int d] <- oldValues[j] + 2
                    directUsed <- max directUsed (int d + 1)
                else
                    let i = this.Find id
                    keys[i] <- id
                    values[i] <- oldValues[j]
                    hashed <- hashed + 1

    // The distance of id from the base when the direct part holds it or may grow to (growing it
    // then), else -1.
    member private this.Reach(id: int64) : int =
        let d = baseId - id
        if d >= 0L && d < int64 direct.Length then
            int d
        elif d >= 0L && d < reach () && d < (1L <<< 28) then
            let mutable size = max direct.Length 1024
            while int64 size <= d do
                size <- 2 * size
            Array.Resize(&direct, size)
            if hashed > 0 then
                this.Rebuild bits
            int d
        else
            -1

    member private this.AddHashed(id: int64, value: int) =
        let i = this.Find id
        keys[i] <- id
        values[i] <- value
        hashed <- hashed + 1
        if 2 * hashed > capacity then
            this.Rebuild(bits + 1)

    member private this.GetHashed(id: int64) : int =
        if hashed = 0 then
            -1
        else
            let i = this.Find id
            if keys[i] = id then values[i] else -1

    /// The number of ids held.
    member _.Count = count

    /// The memory held, in slots of either part (to decide whether to keep the table for reuse).
    member _.Capacity = capacity + direct.Length

    /// Forgets every id, keeping the memory for reuse, and takes a new base id.
    member _.Clear(newBase: int64) =
        Array.Clear(direct, 0, directUsed)
        directUsed <- 0
        if hashed > 0 then
            Array.Clear(keys)
            hashed <- 0
        count <- 0
        baseId <- newBase

    /// The value of the id, or -1 when absent. One array read for an id the direct part reaches.
    [<MethodImpl(MethodImplOptions.AggressiveInlining)>]
    member this.Get(id: int64) : int =
        let d = baseId - id
        if uint64 d < uint64 direct.Length then
            let v = direct[int d] - 2
            if v < -1 then -1 else v
        else
            this.GetHashed id

    /// Adds an id known to be absent, with its value (≥ -1).
    [<MethodImpl(MethodImplOptions.AggressiveInlining)>]
    member this.Add(id: int64, value: int) =
        let d = baseId - id
        count <- count + 1
        if uint64 d < uint64 direct.Length then
            direct[int d] <- value + 2
            if int d >= directUsed then
                directUsed <- int d + 1
        else
            this.AddFar(id, value)

    member private this.AddFar(id: int64, value: int) =
        let d = this.Reach id
        if d >= 0 then
            direct[d] <- value + 2
            directUsed <- max directUsed (d + 1)
        else
            this.AddHashed(id, value)

    /// Adds the id with the value (≥ -1) if it is absent; returns whether it was added.
    member this.TryAdd(id: int64, value: int) : bool = this.GetOrAdd(id, value) = IdTable.Added

    /// The value of the id when it is held; otherwise adds it with the value (≥ -1) and returns
    /// <c>IdTable.Added</c>.
    member this.GetOrAdd(id: int64, value: int) : int =
        let d = baseId - id
        let held =
            if uint64 d < uint64 direct.Length then
                if direct[int d] <> 0 then direct[int d] - 2 else IdTable.Added
            elif hashed > 0 then
                let i = this.Find id
                if keys[i] = id then values[i] else IdTable.Added
            else
                IdTable.Added
        if held = IdTable.Added then
            this.Add(id, value)
        held

    /// What GetOrAdd returns when it added the id.
    static member Added = Int32.MinValue

    /// Sets the value (≥ -1) of an id already held.
    member this.Set(id: int64, value: int) =
        let d = baseId - id
        if uint64 d < uint64 direct.Length then
            direct[int d] <- value + 2
        else
            values[this.Find id] <- value

    /// A table of the nodes' ids, each with its index (counting through the chunks in order):
    /// direct when their ids are dense enough below the largest, hashed otherwise.
    static member Of(chunks: Node[][]) : IdTable =
        let mutable lo = Int64.MaxValue
        let mutable hi = 0L
        let mutable count = 0
        for chunk in chunks do
            count <- count + chunk.Length
            for n in chunk do
                lo <- min lo n.Id
                hi <- max hi n.Id
        let range = hi - lo + 1L
        let table =
            if count > 0 && range <= 4L * int64 count && range < (1L <<< 28) then
                IdTable(16, hi, int range)
            else
                IdTable(count)
        let mutable i = 0
        for chunk in chunks do
            for n in chunk do
                table.TryAdd(n.Id, i) |> ignore
                i <- i + 1
        table
