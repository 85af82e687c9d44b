module Micrograd.Core.Tests.Data.CsvTests

open System
open System.IO
open Xunit
open Micrograd.Core.Data

let private parse (text: string) = Csv.parse "data.csv" (text.Split('\n'))

[<Fact>]
let ``parse reads the points, 0 labels as -1, skipping blank lines`` () =
    let points = parse "x,y,label\n\n0.5,-1.25,1\n 2 , 3e-1 , 0 \n"
    Assert.Equal(2, points.Count)
    Assert.Equal({ X = 0.5; Y = -1.25; Label = 1.0 }, points[0])
    Assert.Equal({ X = 2.0; Y = 0.3; Label = -1.0 }, points[1])

[<Fact>]
let ``format and parse round-trip every double to the bit`` () =
    let points = [|
        {
            X = 0.1 + 0.2
            Y = -0.0
            Label = -1.0
        }
        {
            X = Double.Epsilon
            Y = 1e300
            Label = 1.0
        }
    |]
    let back = parse (Csv.format points)
    Assert.Equal(BitConverter.DoubleToInt64Bits(0.1 + 0.2), BitConverter.DoubleToInt64Bits back[0].X)
    Assert.Equal(BitConverter.DoubleToInt64Bits(-0.0), BitConverter.DoubleToInt64Bits back[0].Y)
    Assert.Equal(Double.Epsilon, back[1].X)
    Assert.Equal(1e300, back[1].Y)
    Assert.Equal<float>([| -1.0; 1.0 |], back |> Seq.map (fun p -> p.Label))

[<Theory>]
[<InlineData("x,y,label\n0.5,1,1\n1.5,2\n", "data.csv, line 3: missing column")>]
[<InlineData("x,y,label\n0.5,1,1\n1.5,2,\n", "data.csv, line 3: missing value: label is empty")>]
[<InlineData("x,y,label\n2,abc,1\n", "data.csv, line 2: y is not a number: 'abc'")>]
[<InlineData("x,y,label\n0.5,NaN,1\n", "data.csv, line 2: y is not a finite number: 'NaN'")>]
[<InlineData("x,y,label\n0.5,1,2\n", "data.csv, line 2: bad label '2': expected -1 or 1 (or 0 or 1)")>]
[<InlineData("x,y,label\n0.5,1,-1\n0.5,1,0\n", "data.csv, line 3: bad label '0': line 2 used -1 for the other class")>]
[<InlineData("x,y,label\n0.5,1,1,7\n", "data.csv, line 2: extra column")>]
[<InlineData("a,b,c\n0.5,1,1\n", "data.csv, line 1: expected the header 'x,y,label', found 'a,b,c'")>]
[<InlineData("\n\n", "data.csv: empty file")>]
[<InlineData("x,y,label\n", "data.csv: no data")>]
let ``a bad file is an InvalidDataException naming the file, the line and the problem``
    (text: string, message: string)
    =
    let e = Assert.Throws<InvalidDataException>(fun () -> parse text |> ignore)
    Assert.StartsWith(message, e.Message)

[<Fact>]
let ``read of a missing file is a FileNotFoundException, of null an ArgumentNullException`` () =
    let missing =
        Path.Combine(Path.GetTempPath(), sprintf "missing-%O.csv" (Guid.NewGuid()))
    Assert.Throws<FileNotFoundException>(fun () -> Csv.read missing |> ignore)
    |> ignore
    let e = Assert.Throws<ArgumentNullException>(fun () -> Csv.read null |> ignore)
    Assert.Equal("path", e.ParamName)

[<Fact>]
let ``write then read gives the points back`` () =
    let path =
        Path.Combine(Path.GetTempPath(), sprintf "points-%O.csv" (Guid.NewGuid()))
    try
        let points = Moons.generate 10 0.1 3
        Csv.write path points
        Assert.Equal<Sample>(points, Csv.read path)
    finally
        File.Delete path
