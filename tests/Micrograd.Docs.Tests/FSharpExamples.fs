/// The ```fsharp blocks of each page, run in order as one F# script by `dotnet fsi`: a later
/// block sees what the earlier ones defined, as a reader going down the page does.
module Micrograd.Docs.Tests.FSharpExamples

open System
open System.IO
open System.Text
open Xunit

/// What every page's script starts with: the built libraries, and `check`, with which an
/// example states what its prose worked out by hand.
let preamble () : string =
    let reference dll = sprintf "#r @\"%s\"" (Repository.built dll)
    String.Join(
        "\n",
        [
            reference "Micrograd.Core.dll"
            reference "Micrograd.CSharp.dll"
            // For rule-table.md's property example, written as an xunit test would be.
            reference "FsCheck.dll"
            reference "FsCheck.Xunit.dll"
            reference "xunit.abstractions.dll"
            reference "xunit.core.dll"
            reference "MathNet.Numerics.dll"
            reference "Micrograd.Testing.dll"
            // An exception, not `exit 1`: fsi then prints a stack trace, whose line directives
            // name the line of the page where the check failed.
            "/// Fails the script, saying what did not hold."
            "let check (ok: bool) (message: string) ="
            "    if not ok then"
            "        failwithf \"check failed: %s\" message"
        ]
    )

/// <summary>The script for a page: the preamble, then each block, in page order.</summary>
/// <remarks>Each block starts a new interaction (<c>;;</c>), so a block may define a name an
/// earlier block defined, and a line directive, so that errors name the page and its line.</remarks>
let script (page: string) : string =
    let sb = StringBuilder(preamble ())
    for block in Repository.fences page |> Fences.ofLanguage "fsharp" do
        sb.Append("\n") |> ignore
        sb.Append(sprintf "# %d \"%s\"\n" block.Line (Repository.path page)) |> ignore
        sb.Append(block.Code).Append('\n') |> ignore
    sb.ToString()

/// Pages with at least one ```fsharp block, as theory data.
let pages: seq<obj[]> =
    Repository.pages
    |> Seq.filter (fun p -> not (List.isEmpty (Repository.fences p |> Fences.ofLanguage "fsharp")))
    |> Seq.map (fun p -> [| box p |])

[<Theory; MemberData(nameof pages)>]
let ``the F# examples of a page run as one script, and every check holds`` (page: string) =
    let dir = Repository.scratch ("fsharp-" + Path.GetFileNameWithoutExtension page)
    let file = Path.Combine(dir, Path.GetFileNameWithoutExtension page + ".fsx")
    File.WriteAllText(file, script page)
    let outcome = Processes.run [ "fsi"; file ] dir (TimeSpan.FromMinutes 5.0)
    if outcome.ExitCode <> 0 then
        Assert.Fail(Processes.describe (sprintf "The F# examples of docs/%s (script: %s)" page file) outcome)
    Directory.Delete(dir, true)
