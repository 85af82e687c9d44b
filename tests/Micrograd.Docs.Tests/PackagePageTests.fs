/// The package pages (docs/package/PACKAGEID.md, each packed as its package's README.md): their
/// examples run as the pages of docs/ do, and print what their comments say they print.
module Micrograd.Docs.Tests.PackagePageTests

open System.IO
open Xunit

/// Each package page, the language of its examples, and lines its examples must print: micrograd's
/// README prints 24.7041, 138.8338 and 645.5773; the lecture's network at lr 0.05 gives the losses
/// start-here.md checks (1.3076 at step 0, 0.1425 at step 19); the gradient check passes.
let private expected = [
    "Micrograd.md",
    "csharp",
    [
        "24.7041\n138.8338\n645.5773\n"
        "step 0 loss 1.3076\n"
        "step 19 loss 0.1425\n"
    ]
    "Micrograd.Core.md",
    "fsharp",
    [
        "24.7041 138.8338 645.5773\n"
        "step 0 loss 1.3076\n"
        "step 19 loss 0.1425\n"
    ]
    "Micrograd.Testing.md", "csharp", [ "GradCheck passed at (0.5, -2): 2 derivatives agree" ]
]

let packagePages: seq<obj[]> =
    expected |> Seq.map (fun (page, _, _) -> [| box page |])

[<Fact>]
let ``every package page is listed here, and every packable project has one`` () =
    let onDisk =
        Directory.GetFiles(Path.Combine(Repository.docs, "package"), "*.md")
        |> Array.map Path.GetFileName
        |> Array.sort
        |> List.ofArray
    Assert.Equal<string list>(expected |> List.map (fun (p, _, _) -> p) |> List.sort, onDisk)

[<Theory; MemberData(nameof packagePages)>]
let ``a package page's examples run and print what the page says`` (page: string) =
    let _, language, lines = expected |> List.find (fun (p, _, _) -> p = page)
    let path = "package/" + page
    let fences = Repository.fences path |> Fences.ofLanguage language
    Assert.NotEmpty fences
    let outcome =
        if language = "fsharp" then FSharpExamples.run path else CSharpExamples.run path
    let printed = outcome.StandardOutput.Replace("\r\n", "\n")
    for line in lines do
        Assert.True(printed.Contains line, sprintf "docs/%s should print %A; it printed:\n%s" path line printed)
