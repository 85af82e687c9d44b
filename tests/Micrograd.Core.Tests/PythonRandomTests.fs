module Micrograd.Core.Tests.PythonRandomTests

open System
open System.Numerics
open System.Reflection
open Xunit
open Micrograd.Core

// Every expected number below was printed by CPython 3.11.7 running
//     python3 tests/Micrograd.Core.Tests/python/python_random_values.py
// (random.seed(s); random.random() and friends), and pasted here as literals.

/// The first ten random() values and the 1000th after random.seed(s).
let private pythonStreams: (BigInteger * float[] * float) list = [
    BigInteger 0,
    [|
        0.8444218515250481
        0.7579544029403025
        0.420571580830845
        0.25891675029296335
        0.5112747213686085
        0.4049341374504143
        0.7837985890347726
        0.30331272607892745
        0.4765969541523558
        0.5833820394550312
    |],
    0.4804125346981437
    BigInteger 1,
    [|
        0.13436424411240122
        0.8474337369372327
        0.763774618976614
        0.2550690257394217
        0.49543508709194095
        0.4494910647887381
        0.651592972722763
        0.7887233511355132
        0.0938595867742349
        0.02834747652200631
    |],
    0.7062615472551386
    BigInteger 42,
    [|
        0.6394267984578837
        0.025010755222666936
        0.27502931836911926
        0.22321073814882275
        0.7364712141640124
        0.6766994874229113
        0.8921795677048454
        0.08693883262941615
        0.4219218196852704
        0.029797219438070344
    |],
    0.8554501933059546
    BigInteger 1337,
    [|
        0.6177528569514706
        0.5332655736050008
        0.36584835924937553
        0.5857873539022715
        0.16568728368878083
        0.8243737469076314
        0.38370480861420864
        0.7896128249156874
        0.9217265098962596
        0.30763338797950246
    |],
    0.1420757739435693
    BigInteger 2147483647, // 2**31 - 1
    [|
        0.3177580158172969
        0.8173550078299876
        0.1963472909507713
        0.8838810303661516
        0.33226577943173774
        0.7891207973534652
        0.1933454063069283
        0.21807425109759804
        0.43974498166328024
        0.6302646449492927
    |],
    0.7494061723935715
    BigInteger 1099511640121L, // 2**40 + 12345: a two-word key
    [|
        0.31036222241287226
        0.1148930862836336
        0.5335990945925775
        0.20403672857712885
        0.8113406885080037
        0.9863161941438586
        0.0882416562515167
        0.2864766345090929
        0.19194826690261535
        0.3838155623309554
    |],
    0.1891573713740673
    BigInteger Int64.MaxValue, // 2**63 - 1
    [|
        0.3166448820870279
        0.631259308253863
        0.8035542479972343
        0.45346382341714553
        0.4767927957583785
        0.7149596576515317
        0.7449550076481168
        0.27556585644223064
        0.7074740034351898
        0.6178261545788647
    |],
    0.17919584474876615
    BigInteger.Pow(BigInteger 2, 100) + BigInteger 7, // 2**100 + 7: a four-word key
    [|
        0.41604161323913513
        0.32676498245430574
        0.5566705938449678
        0.7270234507197759
        0.45461192411481055
        0.5590775957852018
        0.5737644977528032
        0.7277073930455094
        0.32993731957837247
        0.6053700605008332
    |],
    0.7640728772142648
]

let private streamOf (seed: BigInteger) =
    let _, first, thousandth = pythonStreams |> List.find (fun (s, _, _) -> s = seed)
    first, thousandth

let private assertStream (random: Random) (first: float[]) (thousandth: float) =
    let drawn = Array.init 10 (fun _ -> random.NextDouble())
    Assert.Equal<float[]>(first, drawn)
    for _ in 11..999 do
        random.NextDouble() |> ignore
    Assert.Equal(thousandth, random.NextDouble())

[<Fact>]
let ``NextDouble is Python's random() for every seed, bit for bit, through the 1000th draw`` () =
    for seed, first, thousandth in pythonStreams do
        assertStream (PythonRandom seed) first thousandth

[<Fact>]
let ``the int and int64 constructors seed as the same integer does in Python`` () =
    for seed in [ 0; 1; 42; 1337; Int32.MaxValue ] do
        let first, thousandth = streamOf (BigInteger seed)
        assertStream (PythonRandom seed) first thousandth
        assertStream (PythonRandom(int64 seed)) first thousandth
    let first, thousandth = streamOf (BigInteger 1099511640121L)
    assertStream (PythonRandom 1099511640121L) first thousandth
    let first, thousandth = streamOf (BigInteger Int64.MaxValue)
    assertStream (PythonRandom Int64.MaxValue) first thousandth

[<Fact>]
let ``a negative seed gives the stream of its absolute value, as in Python`` () =
    // python3: random.seed(-42) prints the same numbers as random.seed(42).
    let first, thousandth = streamOf (BigInteger 42)
    assertStream (PythonRandom -42) first thousandth
    assertStream (PythonRandom -42L) first thousandth
    assertStream (PythonRandom(BigInteger -42)) first thousandth

[<Fact>]
let ``the most negative seeds do not overflow and match Python's`` () =
    // |Int32.MinValue| = 2**31 and |Int64.MinValue| = 2**63 do not fit their own types.
    let firstThree (r: PythonRandom) = Array.init 3 (fun _ -> r.NextDouble())
    Assert.Equal<float[]>(
        [| 0.3387958510019964; 0.5050619906087787; 0.8891460738572615 |],
        firstThree (PythonRandom Int32.MinValue)
    )
    Assert.Equal<float[]>(
        [| 0.5534639983914199; 0.9406144709090462; 0.24199432111690833 |],
        firstThree (PythonRandom Int64.MinValue)
    )

[<Fact>]
let ``Uniform is a + (b - a) * random(), as Python's uniform`` () =
    let r = PythonRandom 1337
    Assert.Equal(0.23550571390294128, r.Uniform(-1.0, 1.0))
    Assert.Equal(0.06653114721000164, r.Uniform(-1.0, 1.0))
    let r = PythonRandom 42
    Assert.Equal<float[]>(
        [| -1.0168473915183607; 2.362440846275332; 0.9873387489698442 |],
        Array.init 3 (fun _ -> r.Uniform(2.5, -3.0))
    )

[<Fact>]
let ``Next(max) is Python's randrange(max)`` () =
    let r = PythonRandom 42
    Assert.Equal<int[]>([| 1; 0; 4; 3; 3; 2; 1; 8; 1; 9 |], Array.init 10 (fun _ -> r.Next 10))

[<Fact>]
let ``Next(min, max) is Python's randrange(min, max)`` () =
    let r = PythonRandom 42
    Assert.Equal<int[]>([| -4; -5; -1; -2; -2; -3; -4; 3; -4; 4 |], Array.init 10 (fun _ -> r.Next(-5, 5)))
    let r = PythonRandom 42
    Assert.Equal<int[]>(
        [| 598833565; -1669320321; -2040063279; 1037451515; -966241705 |],
        Array.init 5 (fun _ -> r.Next(Int32.MinValue, Int32.MaxValue))
    )

[<Fact>]
let ``Next(1) draws, as Python's randrange(1) does`` () =
    let r = PythonRandom 42
    Assert.Equal<int[]>([| 0; 0; 0 |], Array.init 3 (fun _ -> r.Next 1))
    Assert.Equal(0.24489185380347622, r.NextDouble())

[<Fact>]
let ``Next(0) and Next(n, n) return at once without drawing`` () =
    let r = PythonRandom 42
    Assert.Equal(0, r.Next 0)
    Assert.Equal(7, r.Next(7, 7))
    Assert.Equal(0L, r.NextInt64 0L)
    Assert.Equal(-3L, r.NextInt64(-3L, -3L))
    Assert.Equal(0.6394267984578837, r.NextDouble())

[<Fact>]
let ``Next() is Python's randrange(2**31 - 1)`` () =
    let r = PythonRandom 42
    Assert.Equal<int[]>([| 1373158606; 239081663; 53710184; 1592467581; 590620971 |], Array.init 5 (fun _ -> r.Next()))

[<Fact>]
let ``NextInt64 overloads are Python's randrange over the same bounds`` () =
    let r = PythonRandom 42
    Assert.Equal<int64[]>(
        [|
            1026847926404610461L
            6839596180442651345L
            2258728696626565719L
            1287010195568088798L
            945351111358374057L
        |],
        Array.init 5 (fun _ -> r.NextInt64())
    )
    let r = PythonRandom 42
    Assert.Equal<int64[]>(
        [|
            -7169676182496904803L
            4455820328218073809L
            -4705914644782886313L
            -6649351642382313762L
            -7332669813006180183L
        |],
        Array.init 5 (fun _ -> r.NextInt64(Int64.MinValue, Int64.MaxValue))
    )
    let r = PythonRandom 42
    Assert.Equal<int64[]>(
        [| 123005401501L; 811856239313L; 267469214295L; 151282538206L; 114832269481L |],
        Array.init 5 (fun _ -> r.NextInt64 1000000000000L)
    )

[<Fact>]
let ``GetRandBits is Python's getrandbits`` () =
    let r = PythonRandom 42
    Assert.Equal<uint64[]>(
        [| 0UL; 1UL; 14UL; 107420369UL; 3184935163UL; 4117511471858006928UL |],
        [| for k in [ 0; 1; 7; 32; 33; 64 ] -> r.GetRandBits k |]
    )

[<Fact>]
let ``NextBytes is Python's randbytes`` () =
    let r = PythonRandom 42
    let seven = Array.zeroCreate<byte> 7
    r.NextBytes seven
    Assert.Equal<byte[]>([| 157uy; 121uy; 177uy; 163uy; 49uy; 128uy; 28uy |], seven)
    let r = PythonRandom 42
    let none = Array.zeroCreate<byte> 0
    r.NextBytes none
    let four = Array.zeroCreate<byte> 4
    r.NextBytes(Span<byte> four)
    Assert.Equal<byte[]>([| 157uy; 121uy; 177uy; 163uy |], four)

[<Fact>]
let ``NextSingle is getrandbits(24) / 2**24`` () =
    let r = PythonRandom 42
    let expected =
        [| 10727801; 1867825; 419610 |] |> Array.map (fun b -> float32 b / 16777216.0f)
    Assert.Equal<float32[]>(expected, Array.init 3 (fun _ -> r.NextSingle()))

[<Fact>]
let ``Shuffle is Python's shuffle: from the last index down, a swap with randbelow(i + 1)`` () =
    let shuffled (seed: int) (n: int) =
        let order = Array.init n id
        (PythonRandom seed).Shuffle order
        order
    Assert.Equal<int[]>([| 7; 3; 2; 8; 5; 6; 9; 4; 0; 1 |], shuffled 42 10)
    Assert.Equal<int[]>([| 0; 3; 7; 2; 1; 6; 4; 5; 8; 9 |], shuffled 1337 10)
    Assert.Equal<int[]>([| 1; 0 |], shuffled 1 2)
    Assert.Equal<int[]>([| 0 |], shuffled 7 1)
    Assert.Equal<int[]>(
        [|
            83
            17
            10
            9
            89
            52
            7
            32
            37
            77
            61
            34
            78
            55
            56
            63
            69
            22
            75
            66
            35
            72
            71
            23
            86
            38
            24
            5
            29
            30
            16
            11
            82
            19
            57
            14
            91
            27
            98
            53
            0
            20
            59
            28
            47
            18
            6
            48
            12
            62
            1
            43
            3
            60
            41
            85
            4
            95
            97
            36
            94
            65
            67
            99
            25
            33
            70
            40
            92
            31
            58
            15
            45
            2
            87
            76
            80
            44
            64
            8
            51
            54
            13
            88
            84
            26
            50
            39
            96
            81
            49
            42
            21
            93
            74
            73
            46
            90
            68
            79
        |],
        shuffled 1337 100
    )

[<Fact>]
let ``Shuffle draws what Python's shuffle draws, so later draws match too`` () =
    let r = PythonRandom 42
    let order = [| 0..4 |]
    r.Shuffle order
    r.Shuffle(Span<int> order)
    Assert.Equal<int[]>([| 4; 2; 3; 0; 1 |], order)
    Assert.Equal(0.6766994874229113, r.NextDouble())

[<Fact>]
let ``Shuffle of a null array is ArgumentNullException naming the parameter`` () =
    Assert.Equal(
        "values",
        Assert.Throws<ArgumentNullException>(fun () -> (PythonRandom 1).Shuffle(null: int[])).ParamName
    )

/// Gauss and NormalVariate go through the platform's cos, sin, log and sqrt, which may differ
/// from the C library Python used in the last bit.
let private closeTo (expected: float) (actual: float) =
    Assert.True(
        abs (actual - expected) <= 1e-15 * max 1.0 (abs expected),
        sprintf "expected %.17g, got %.17g" expected actual
    )

[<Fact>]
let ``Gauss is Python's gauss, pairs and all`` () =
    let r = PythonRandom 42
    let expected = [|
        -0.14409032957792836
        -0.1729036003315193
        -0.11131586156766246
        0.7019837250988631
        -0.12758828378288709
    |]
    for e in expected do
        closeTo e (r.Gauss(0.0, 1.0))
    let r = PythonRandom 42
    for e in [| 9.711819340844142; 9.654192799336961; 9.777368276864674 |] do
        closeTo e (r.Gauss(10.0, 2.0))

[<Fact>]
let ``NormalVariate is Python's normalvariate`` () =
    let r = PythonRandom 42
    let expected = [|
        0.2453263417078634
        -0.49684447341120286
        1.2547859310574627
        -0.1380590627428119
        -0.9758203332953249
    |]
    for e in expected do
        closeTo e (r.NormalVariate(0.0, 1.0))

[<Fact>]
let ``bad arguments are ArgumentOutOfRangeException naming the parameter`` () =
    let r = PythonRandom 1
    Assert.Equal("maxValue", Assert.Throws<ArgumentOutOfRangeException>(fun () -> r.Next -1 |> ignore).ParamName)
    Assert.Equal("minValue", Assert.Throws<ArgumentOutOfRangeException>(fun () -> r.Next(5, 4) |> ignore).ParamName)
    Assert.Equal("maxValue", Assert.Throws<ArgumentOutOfRangeException>(fun () -> r.NextInt64 -1L |> ignore).ParamName)
    Assert.Equal(
        "minValue",
        Assert.Throws<ArgumentOutOfRangeException>(fun () -> r.NextInt64(5L, 4L) |> ignore).ParamName
    )
    Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(fun () -> r.GetRandBits 65 |> ignore).ParamName)
    Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(fun () -> r.GetRandBits -1 |> ignore).ParamName)
    Assert.Equal("buffer", Assert.Throws<ArgumentNullException>(fun () -> r.NextBytes(null: byte[])).ParamName)

[<Fact>]
let ``every virtual member of System.Random is overridden, so nothing falls back to .NET's generator`` () =
    let flags = BindingFlags.Public ||| BindingFlags.NonPublic ||| BindingFlags.Instance
    let virtuals =
        typeof<Random>.GetMethods(flags ||| BindingFlags.DeclaredOnly)
        |> Array.filter (fun m -> m.IsVirtual && not m.IsFinal)
        |> Array.map string
        |> Set.ofArray
    let overridden =
        typeof<PythonRandom>.GetMethods(flags)
        |> Array.filter (fun m ->
            m.DeclaringType = typeof<PythonRandom>
            && m.GetBaseDefinition().DeclaringType = typeof<Random>)
        |> Array.map (fun m -> string (m.GetBaseDefinition()))
        |> Set.ofArray
    Assert.NotEmpty virtuals
    Assert.Equal<Set<string>>(virtuals, overridden)
