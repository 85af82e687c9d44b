/// The pages written as literate F# scripts (docs/*.fsx): each runs to its end with `dotnet fsi`.
/// The site's build (`dotnet fsdocs build --eval --strict`) fails on a script that does not
/// compile, but shows an exception thrown while evaluating as nothing at all, so a check of
/// such a page that stops holding would go unnoticed without this test.
module Micrograd.Docs.Tests.ScriptPageTests

open System
open System.IO
open System.Text.RegularExpressions
open Xunit

/// The literate pages: every docs/*.fsx, by file name, sorted.
let scriptPages: string list =
    Directory.GetFiles(Repository.docs, "*.fsx")
    |> Array.map Path.GetFileName
    |> Array.sort
    |> List.ofArray

// A page's reference to a library built in Release, as the site's build makes them.
let private releaseReference =
    Regex(@"^#r ""\.\./src/[^""]+/bin/Release/[^/""]+/([^/""]+\.dll)""", RegexOptions.Multiline)

/// <summary>A page's script with its #r lines pointed at the libraries this test project
/// built, which may be a Debug build, and a line directive so that errors name the page.</summary>
let runnable (page: string) : string =
    let text = File.ReadAllText(Path.Combine(Repository.docs, page))
    let text =
        releaseReference.Replace(text, (fun m -> sprintf "#r @\"%s\"" (Repository.built m.Groups[1].Value)))
    sprintf "# 1 \"%s\"\n%s" (Path.Combine(Repository.docs, page)) text

let scriptPagesData: seq<obj[]> = scriptPages |> Seq.map (fun p -> [| box p |])

[<Fact>]
let ``there is a literate page, the site's home page`` () = Assert.Contains("index.fsx", scriptPages)

[<Theory; MemberData(nameof scriptPagesData)>]
let ``a literate page runs to its end, and every check holds`` (page: string) =
    let script = runnable page
    let dir = Repository.scratch ("fsx-" + Path.GetFileNameWithoutExtension page)
    let file = Path.Combine(dir, page)
    File.WriteAllText(file, script)
    let outcome = Processes.run [ "fsi"; file ] dir (TimeSpan.FromMinutes 5.0)
    if outcome.ExitCode <> 0 then
        Assert.Fail(Processes.describe (sprintf "docs/%s (script: %s)" page file) outcome)
    Directory.Delete(dir, true)
