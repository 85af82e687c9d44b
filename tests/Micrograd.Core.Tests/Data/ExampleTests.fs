module Micrograd.Core.Tests.Data.ExampleTests

open System
open Xunit
open Micrograd.Core.Data

[<Fact>]
let ``an example copies its features and reads its label as a class when it is a whole number`` () =
    let features = [| 0.5; -0.25 |]
    let e = Example.Create(features, 2.0)
    features[0] <- 9.0
    Assert.Equal<float>([| 0.5; -0.25 |], e.Features)
    Assert.Equal(2, e.Class)
    Assert.Equal(-1, Example.Create(features, -1.0).Class)
    Assert.Equal(-1, Example.Create(features, 0.5).Class)
    Assert.Equal("Example([0.5, -0.25], 2)", e.ToString())

[<Fact>]
let ``OfSample keeps x, y and the label`` () =
    let e = Example.OfSample { X = 1.5; Y = -2.0; Label = -1.0 }
    Assert.Equal<float>([| 1.5; -2.0 |], e.Features)
    Assert.Equal(-1.0, e.Label)

[<Fact>]
let ``bad features and labels are refused naming the parameter`` () =
    Assert.Equal(
        "features",
        Assert.Throws<ArgumentNullException>(fun () -> Example.Create(null, 1.0) |> ignore).ParamName
    )
    Assert.Equal("features", Assert.Throws<ArgumentException>(fun () -> Example.Create([||], 1.0) |> ignore).ParamName)
    Assert.Equal(
        "features",
        Assert.Throws<ArgumentOutOfRangeException>(fun () -> Example.Create([| nan |], 1.0) |> ignore).ParamName
    )
    Assert.Equal(
        "label",
        Assert.Throws<ArgumentOutOfRangeException>(fun () -> Example.Create([| 1.0 |], infinity) |> ignore).ParamName
    )
    Assert.Equal(
        "classIndex",
        Assert.Throws<ArgumentOutOfRangeException>(fun () -> Example.OfClass([| 1.0 |], -1) |> ignore).ParamName
    )
