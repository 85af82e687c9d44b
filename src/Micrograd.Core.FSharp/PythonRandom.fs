namespace Micrograd.Core

open System
open System.Numerics

/// The Mersenne Twister MT19937 (Matsumoto and Nishimura, 1998), seeded from an array of 32-bit
/// words by the reference init_by_array, which is what CPython's random module runs.
/// uint32 arithmetic in F# wraps, which is the modulo-2^32 arithmetic the algorithm is written in.
[<Sealed>]
type internal Mt19937(key: uint32[]) =
    static let n = 624
    static let m = 397
    static let upperMask = 0x80000000u
    static let lowerMask = 0x7fffffffu
    static let matrixA = 0x9908b0dfu

    let state = Array.zeroCreate<uint32> n
    let mutable index = n

    do
        if isNull key || key.Length = 0 then
            invalidArg (nameof key) "The seed key needs at least one word."
        // init_genrand(19650218): fill the state from one word.
        state[0] <- 19650218u
        for i in 1 .. n - 1 do
            state[i] <- 1812433253u * (state[i - 1] ^^^ (state[i - 1] >>> 30)) + uint32 i
        // init_by_array: mix the key in, then scramble once more; i runs over 1..n-1 cyclically.
        let mutable i = 1
        let mutable j = 0
        for _ in 1 .. max n key.Length do
            state[i] <-
                (state[i] ^^^ ((state[i - 1] ^^^ (state[i - 1] >>> 30)) * 1664525u))
                + key[j]
                + uint32 j
            i <- i + 1
            j <- j + 1
            if i >= n then
                state[0] <- state[n - 1]
                i <- 1
            if j >= key.Length then
                j <- 0
        for _ in 1 .. n - 1 do
            state[i] <-
                (state[i] ^^^ ((state[i - 1] ^^^ (state[i - 1] >>> 30)) * 1566083941u))
                - uint32 i
            i <- i + 1
            if i >= n then
                state[0] <- state[n - 1]
                i <- 1
        // The most significant bit is 1, so the initial state is never all zeros.
        state[0] <- 0x80000000u

    /// Regenerates all n words at once (the "twist").
    member private _.Twist() =
        for kk in 0 .. n - 1 do
            let y = (state[kk] &&& upperMask) ||| (state[(kk + 1) % n] &&& lowerMask)
            let mag = if y &&& 1u = 0u then 0u else matrixA
            state[kk] <- state[(kk + m) % n] ^^^ (y >>> 1) ^^^ mag
        index <- 0

    /// The next 32-bit output (genrand_int32), tempered.
    member this.NextUInt32() : uint32 =
        if index >= n then
            this.Twist()
        let mutable y = state[index]
        index <- index + 1
        y <- y ^^^ (y >>> 11)
        y <- y ^^^ ((y <<< 7) &&& 0x9d2c5680u)
        y <- y ^^^ ((y <<< 15) &&& 0xefc60000u)
        y ^^^ (y >>> 18)

    /// CPython's key for random.seed(n) with an integer n: the 32-bit words of |n|, least
    /// significant first, as few as hold it; [0] for n = 0.
    static member KeyOf(seed: BigInteger) : uint32[] =
        let bytes = BigInteger.Abs(seed).ToByteArray(isUnsigned = true, isBigEndian = false)
        let words = max 1 ((bytes.Length + 3) / 4)
        Array.init words (fun w ->
            let mutable word = 0u
            for b in 0..3 do
                let at = 4 * w + b
                if at < bytes.Length then
                    word <- word ||| (uint32 bytes[at] <<< (8 * b))
            word)

/// <summary>
/// A <see cref="T:System.Random"/> that produces the same numbers as CPython's <c>random</c>
/// module: after <c>PythonRandom(s)</c>, <c>NextDouble()</c> gives exactly what Python gives for
/// <c>random.seed(s); random.random()</c>, call after call. With it, a network initialised here
/// starts from the same weights as micrograd's Python code.
/// </summary>
/// <remarks>
/// <para>The generator is the Mersenne Twister MT19937, seeded as CPython's <c>random.seed(n)</c>
/// seeds it for an integer <c>n</c>: from the 32-bit words of <c>abs(n)</c>, least significant
/// first (so <c>-5</c> and <c>5</c> give the same stream, as in Python).</para>
/// <para>Every virtual member of <see cref="T:System.Random"/> is overridden, so none of them
/// falls back to .NET's own generator; each says which Python call it matches. <c>Shuffle</c> is
/// Python's <c>random.shuffle</c>; it hides <see cref="T:System.Random"/>'s non-virtual
/// <c>Shuffle</c>, which a variable typed <see cref="T:System.Random"/> still calls, and which
/// draws from this generator but swaps in another order. <c>GetItems</c> likewise draws from this
/// generator in .NET's way, not as Python's <c>random.choices</c>.</para>
/// <para>Not thread-safe, like <see cref="T:System.Random"/> and like Python's <c>random.gauss</c>.</para>
/// </remarks>
/// <example>
/// <code lang="fsharp">
/// let random = PythonRandom 1337
/// random.Uniform(-1.0, 1.0)   // 0.23550571390294128, as Python's random.seed(1337); random.uniform(-1, 1)
/// </code>
/// </example>
[<Sealed>]
type PythonRandom private (key: uint32[]) =
    // The base class is given a fixed seed only so that it does not draw entropy: none of its
    // generator is used.
    inherit Random(0)

    let mt = Mt19937 key
    // random.gauss makes its numbers in pairs and keeps the second for the next call.
    let mutable gaussNext = 0.0
    let mutable hasGaussNext = false

    // Python's getrandbits(k) for 0 <= k <= 64: whole 32-bit words, least significant first; the
    // last (most significant) word keeps only its top bits.
    let getRandBits (k: int) : uint64 =
        if k = 0 then
            0UL
        elif k <= 32 then
            uint64 (mt.NextUInt32() >>> (32 - k))
        else
            let low = uint64 (mt.NextUInt32())
            let high = uint64 (mt.NextUInt32() >>> (64 - k))
            (high <<< 32) ||| low

    // Python's _randbelow_with_getrandbits(n), for n >= 1: draw as many bits as n has, retry
    // while the draw is n or more. n = 1 still draws (and gives 0), as in Python.
    let randBelow (n: uint64) : uint64 =
        let k = 64 - BitOperations.LeadingZeroCount n
        let mutable r = getRandBits k
        while r >= n do
            r <- getRandBits k
        r

    // Python's random.random(): 53 random bits from two outputs (27 + 26), scaled into [0, 1).
    let random () : float =
        let a = mt.NextUInt32() >>> 5
        let b = mt.NextUInt32() >>> 6
        (float a * 67108864.0 + float b) / 9007199254740992.0

    /// <summary>A generator seeded as Python's <c>random.seed(seed)</c>.</summary>
    /// <param name="seed">Any integer; a negative seed gives the same stream as its absolute value.</param>
    new(seed: int) = PythonRandom(Mt19937.KeyOf(BigInteger seed))

    /// <summary>A generator seeded as Python's <c>random.seed(seed)</c>, for seeds past 32 bits.</summary>
    /// <param name="seed">Any integer; a negative seed gives the same stream as its absolute value.</param>
    new(seed: int64) = PythonRandom(Mt19937.KeyOf(BigInteger seed))

    /// <summary>A generator seeded as Python's <c>random.seed(seed)</c>, for seeds of any size
    /// (Python's integers are unbounded).</summary>
    /// <param name="seed">Any integer; a negative seed gives the same stream as its absolute value.</param>
    new(seed: BigInteger) = PythonRandom(Mt19937.KeyOf seed)

    /// <summary>Python's <c>random.random()</c>: a float in [0, 1) with 53 random bits.</summary>
    /// <returns>(a·2^26 + b) / 2^53 with a = the next output &gt;&gt; 5 and b = the one after &gt;&gt; 6.</returns>
    override _.NextDouble() : float = random ()

    /// <summary>Python's <c>random.random()</c>, for the members of <see cref="T:System.Random"/>
    /// that derived classes route through <c>Sample</c>.</summary>
    /// <remarks>Protected in <see cref="T:System.Random"/>; F# compiles the override as public.</remarks>
    override _.Sample() : float = random ()

    /// <summary>Python's <c>random.uniform(a, b)</c>: <c>a + (b - a) * random()</c>, exactly.</summary>
    /// <param name="a">One end of the range.</param>
    /// <param name="b">The other end (may be less than <paramref name="a"/>, as in Python).</param>
    /// <returns>A float between a and b; b itself only by rounding, as in Python.</returns>
    member _.Uniform(a: float, b: float) : float = a + (b - a) * random ()

    /// <summary>Python's <c>random.gauss(mu, sigma)</c>: Box–Muller, two normal numbers per two
    /// draws, the second kept for the next call.</summary>
    /// <param name="mu">The mean.</param>
    /// <param name="sigma">The standard deviation.</param>
    /// <returns><c>mu + z * sigma</c> with z standard normal.</returns>
    /// <remarks>Equal to Python's up to the last bit of the platform's cos, sin, log and sqrt.</remarks>
    member _.Gauss(mu: float, sigma: float) : float =
        let z =
            if hasGaussNext then
                hasGaussNext <- false
                gaussNext
            else
                let x2pi = random () * (2.0 * Math.PI)
                let g2rad = Math.Sqrt(-2.0 * Math.Log(1.0 - random ()))
                gaussNext <- Math.Sin x2pi * g2rad
                hasGaussNext <- true
                Math.Cos x2pi * g2rad
        mu + z * sigma

    /// <summary>Python's <c>random.normalvariate(mu, sigma)</c>: the Kinderman–Monahan
    /// ratio-of-uniforms method, which draws two numbers per try until one is accepted.</summary>
    /// <param name="mu">The mean.</param>
    /// <param name="sigma">The standard deviation.</param>
    /// <returns><c>mu + z * sigma</c> with z standard normal.</returns>
    /// <remarks>Equal to Python's up to the last bit of the platform's log.</remarks>
    member _.NormalVariate(mu: float, sigma: float) : float =
        // Python's NV_MAGICCONST = 4 * exp(-0.5) / sqrt(2.0), as Python prints it.
        let magic = 1.7155277699214135
        let mutable z = 0.0
        let mutable accepted = false
        while not accepted do
            let u1 = random ()
            let u2 = 1.0 - random ()
            z <- magic * (u1 - 0.5) / u2
            accepted <- z * z / 4.0 <= -Math.Log u2
        mu + z * sigma

    /// <summary>Python's <c>random.getrandbits(k)</c>, for k up to 64.</summary>
    /// <param name="k">How many random bits, 0 to 64.</param>
    /// <returns>An integer in [0, 2^k). k = 0 gives 0 and draws nothing, as in Python.</returns>
    member _.GetRandBits(k: int) : uint64 =
        if k < 0 || k > 64 then
            raise (ArgumentOutOfRangeException(nameof k, k, "k must be between 0 and 64 (the bits of a UInt64)."))
        getRandBits k

    /// <summary>Python's <c>random.shuffle(values)</c>, in place: for i from the last index down
    /// to 1, swap element i with element <c>randbelow(i + 1)</c>.</summary>
    /// <param name="values">The elements to shuffle.</param>
    /// <remarks>Hides <see cref="T:System.Random"/>'s <c>Shuffle</c>, which swaps in another order.</remarks>
    /// <example>
    /// <code lang="fsharp">
    /// let order = [| 0 .. 9 |]
    /// (PythonRandom 42).Shuffle(order)   // [|7; 3; 2; 8; 5; 6; 9; 4; 0; 1|], as Python's random.seed(42); random.shuffle(order)
    /// </code>
    /// </example>
    member _.Shuffle<'T>(values: Span<'T>) : unit =
        for i in values.Length - 1 .. -1 .. 1 do
            let j = int (randBelow (uint64 (i + 1)))
            let kept = values[i]
            values[i] <- values[j]
            values[j] <- kept

    /// <summary>Python's <c>random.shuffle(values)</c>, in place (see the <c>Span</c> overload).</summary>
    /// <param name="values">The elements to shuffle.</param>
    /// <exception cref="T:System.ArgumentNullException"><paramref name="values"/> is null.</exception>
    member this.Shuffle<'T>(values: 'T[]) : unit =
        if isNull values then
            raise (ArgumentNullException(nameof values, "The array to shuffle is null."))
        this.Shuffle(Span<'T> values)

    /// <summary>Python's <c>random.randrange(2**31 - 1)</c>: an int in [0, Int32.MaxValue).</summary>
    override _.Next() : int = int (randBelow (uint64 Int32.MaxValue))

    /// <summary>Python's <c>random.randrange(maxValue)</c>: an int in [0, maxValue).</summary>
    /// <param name="maxValue">The exclusive upper bound, 0 or more.</param>
    /// <returns>0 without drawing when maxValue is 0 (.NET's contract; Python raises there).</returns>
    override _.Next(maxValue: int) : int =
        if maxValue < 0 then
            raise (ArgumentOutOfRangeException(nameof maxValue, maxValue, "maxValue must be 0 or more."))
        if maxValue = 0 then 0 else int (randBelow (uint64 maxValue))

    /// <summary>Python's <c>random.randrange(minValue, maxValue)</c>: an int in [minValue, maxValue).</summary>
    /// <param name="minValue">The inclusive lower bound.</param>
    /// <param name="maxValue">The exclusive upper bound, minValue or more.</param>
    /// <returns>minValue without drawing when the bounds are equal (.NET's contract; Python raises there).</returns>
    override _.Next(minValue: int, maxValue: int) : int =
        if minValue > maxValue then
            raise (
                ArgumentOutOfRangeException(
                    nameof minValue,
                    minValue,
                    sprintf "minValue must not exceed maxValue (%d)." maxValue
                )
            )
        if minValue = maxValue then
            minValue
        else
            int (int64 minValue + int64 (randBelow (uint64 (int64 maxValue - int64 minValue))))

#if !NETSTANDARD2_1
    // .NET Standard 2.1's Random has no NextInt64 or NextSingle to override.
    /// <summary>Python's <c>random.randrange(2**63 - 1)</c>: an int64 in [0, Int64.MaxValue).</summary>
    override _.NextInt64() : int64 = int64 (randBelow (uint64 Int64.MaxValue))

    /// <summary>Python's <c>random.randrange(maxValue)</c>: an int64 in [0, maxValue).</summary>
    /// <param name="maxValue">The exclusive upper bound, 0 or more.</param>
    /// <returns>0 without drawing when maxValue is 0 (.NET's contract; Python raises there).</returns>
    override _.NextInt64(maxValue: int64) : int64 =
        if maxValue < 0L then
            raise (ArgumentOutOfRangeException(nameof maxValue, maxValue, "maxValue must be 0 or more."))
        if maxValue = 0L then 0L else int64 (randBelow (uint64 maxValue))

    /// <summary>Python's <c>random.randrange(minValue, maxValue)</c>: an int64 in [minValue, maxValue).</summary>
    /// <param name="minValue">The inclusive lower bound.</param>
    /// <param name="maxValue">The exclusive upper bound, minValue or more.</param>
    /// <returns>minValue without drawing when the bounds are equal (.NET's contract; Python raises there).</returns>
    override _.NextInt64(minValue: int64, maxValue: int64) : int64 =
        if minValue > maxValue then
            raise (
                ArgumentOutOfRangeException(
                    nameof minValue,
                    minValue,
                    sprintf "minValue must not exceed maxValue (%d)." maxValue
                )
            )
        if minValue = maxValue then
            minValue
        else
            // The width can exceed Int64.MaxValue (up to 2^64 - 1): it and the sum wrap, correctly.
            let width = uint64 maxValue - uint64 minValue
            int64 (uint64 minValue + randBelow width)

    /// <summary>A float32 in [0, 1): <c>getrandbits(24) / 2**24</c> (Python has no float32 draw).</summary>
    override _.NextSingle() : float32 = float32 (getRandBits 24) / 16777216.0f

#endif
    /// <summary>Python's <c>random.randbytes(len(buffer))</c>, written into the buffer.</summary>
    /// <param name="buffer">The bytes to fill.</param>
    override this.NextBytes(buffer: byte[]) =
        if isNull buffer then
            raise (ArgumentNullException(nameof buffer, "The buffer to fill is null."))
        this.NextBytes(Span<byte> buffer)

    /// <summary>Python's <c>random.randbytes(buffer.Length)</c>, written into the span:
    /// <c>getrandbits(8 * n).to_bytes(n, 'little')</c>.</summary>
    /// <param name="buffer">The bytes to fill.</param>
    override _.NextBytes(buffer: Span<byte>) =
        let mutable at = 0
        while at < buffer.Length do
            let left = buffer.Length - at
            // A last, partial word keeps its top bits, as getrandbits does.
            let count = min 4 left
            let word = mt.NextUInt32() >>> (32 - 8 * count)
            for b in 0 .. count - 1 do
                buffer[at + b] <- byte (word >>> (8 * b))
            at <- at + count
