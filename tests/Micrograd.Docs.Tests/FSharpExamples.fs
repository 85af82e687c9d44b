/// The ```fsharp blocks of each page, run in order as one F# script by `dotnet fsi`: a later
/// block sees what the earlier ones defined, as a reader going down the page does.
module Micrograd.Docs.Tests.FSharpExamples

open System
open System.IO
open System.Text
open Xunit

/// The libraries a page's script references: the core and the façade, and for rule-table.md's
/// property example (written as an xunit test would be) and testing-your-rules.md, the kit,
/// FsCheck with its xunit attributes, and MathNet.
let libraries = [
    "Micrograd.Core.dll"
    "Micrograd.CSharp.dll"
    "Micrograd.Testing.dll"
    "FsCheck.dll"
    "FsCheck.Xunit.dll"
    "xunit.abstractions.dll"
    "xunit.core.dll"
    "MathNet.Numerics.dll"
]

/// <summary>What every page's script starts with: the libraries, and `check`, with which an
/// example states what its prose worked out by hand. docs/README.md shows this text.</summary>
/// <param name="folder">The libraries' folder as the `#r` lines name it, ending in '/': relative
/// to the script's own folder (fsi resolves a script's `#r` paths from there), or absolute.</param>
let preamble (folder: string) : string =
    let references = libraries |> List.map (fun dll -> sprintf "#r \"%s%s\"" folder dll)
    String.Join(
        "\n",
        references
        @ [
            ""
            // An exception, not `exit 1`: fsi then prints a stack trace, whose line directives
            // name the line of the page where the check failed.
            "/// Fails the script, saying what did not hold."
            "let check (ok: bool) (message: string) ="
            "    if not ok then"
            "        failwithf \"check failed: %s\" message"
        ]
    )

/// The folder docs/README.md tells a reader to reference, from a script saved in docs/: where
/// `dotnet build tests/Micrograd.Docs.Tests` puts the libraries.
let documentedFolder: string =
    sprintf "../tests/Micrograd.Docs.Tests/bin/Debug/%s/" Repository.targetFramework

/// <summary>The script for a page saved in <c>folder</c>: the preamble, naming the libraries
/// this test references relative to that folder, then each block, in page order.</summary>
/// <remarks>The blocks are joined as they stand, with nothing between them but a line directive
/// (so that errors name the page and its line): what a reader who pastes a page's blocks into one
/// script after the preamble gets.</remarks>
let script (folder: string) (page: string) : string =
    let libraries =
        Path.GetRelativePath(folder, AppContext.BaseDirectory).Replace('\\', '/').TrimEnd('/')
        + "/"
    let sb = StringBuilder(preamble libraries).Append('\n')
    for block in Repository.fences page |> Fences.ofLanguage "fsharp" do
        sb.Append(sprintf "# %d \"%s\"\n" block.Line (Repository.path page)) |> ignore
        sb.Append(block.Code).Append('\n') |> ignore
    sb.ToString()

/// Pages with at least one ```fsharp block, as theory data.
let pages: seq<obj[]> =
    Repository.pages
    |> Seq.filter (fun p -> not (List.isEmpty (Repository.fences p |> Fences.ofLanguage "fsharp")))
    |> Seq.map (fun p -> [| box p |])

/// <summary>Runs the F# examples of a page (a path under docs/) as one script from an empty
/// folder, fails the test if the script fails or leaves a file there, and returns what it did.</summary>
let run (page: string) : Processes.Outcome =
    let dir = Repository.scratch ("fsharp-" + Path.GetFileNameWithoutExtension page)
    let file = Path.Combine(dir, Path.GetFileNameWithoutExtension page + ".fsx")
    File.WriteAllText(file, script dir page)
    // Run from another folder than the script's, as a reader may: the `#r` paths must not
    // depend on the current folder, and the examples must leave nothing in it.
    let current = Directory.CreateDirectory(Path.Combine(dir, "current")).FullName
    let outcome = Processes.run [ "fsi"; file ] current (TimeSpan.FromMinutes 5.0)
    if outcome.ExitCode <> 0 then
        Assert.Fail(Processes.describe (sprintf "The F# examples of docs/%s (script: %s)" page file) outcome)
    let left = Directory.GetFileSystemEntries current
    Assert.True(
        Array.isEmpty left,
        sprintf "The F# examples of docs/%s left files in the current folder: %s" page (String.Join(", ", left))
    )
    Directory.Delete(dir, true)
    outcome

[<Theory; MemberData(nameof pages)>]
let ``the F# examples of a page run as one script, and every check holds`` (page: string) = run page |> ignore

[<Fact>]
let ``docs/README.md shows the preamble the F# examples run with, naming the folder the docs tests build into`` () =
    let index = Repository.read "README.md" |> _.Replace("\r\n", "\n")
    Assert.Contains(preamble documentedFolder, index)
    Assert.Contains("dotnet build tests/Micrograd.Docs.Tests", index)
