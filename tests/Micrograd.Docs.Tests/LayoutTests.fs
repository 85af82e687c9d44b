/// The layout's promises, checked on the repository as it stands.
module Micrograd.Docs.Tests.LayoutTests

open System.IO
open System.Text.RegularExpressions
open Xunit

let private core = Path.Combine(Repository.root, "src", "Micrograd.Core.FSharp")

[<Fact>]
let ``the reference engine is short enough to read in one sitting`` () =
    let files = Directory.GetFiles(Path.Combine(core, "Reference"), "*.fs")
    let lines = files |> Array.sumBy (fun f -> File.ReadAllLines(f).Length)
    Assert.True(files.Length >= 4, sprintf "Reference/ holds %d files" files.Length)
    Assert.True(lines <= 450, sprintf "Reference/ has %d lines; the promise is at most 450" lines)

[<Fact>]
let ``the core grants its internals to test projects only`` () =
    let files =
        Seq.append
            (Directory.GetFiles(core, "*.fs", SearchOption.AllDirectories))
            (Directory.GetFiles(core, "*.fsproj")
             |> Seq.append (Directory.GetFiles(Repository.root, "Directory.Build.*")))
    let granted =
        files
        |> Seq.collect (fun f -> Regex.Matches(File.ReadAllText f, "InternalsVisibleTo(?:\\(| Include=)\"([^\"]+)\""))
        |> Seq.map (fun m -> m.Groups[1].Value)
        |> List.ofSeq
    Assert.NotEmpty granted
    for name in granted do
        Assert.True(
            name.EndsWith ".Tests" || name = "Micrograd.Benchmarks",
            sprintf "the core grants its internals to %s" name
        )
