/// What every page must be, besides its examples passing: something that runs, fences that
/// close, links that lead somewhere, and an index that lists it.
module Micrograd.Docs.Tests.PageTests

open System.IO
open System.Text.RegularExpressions
open Xunit
open Micrograd.Docs.Tests.Fences

let pages: seq<obj[]> = Repository.pages |> Seq.map (fun p -> [| box p |])

[<Fact>]
let ``there are pages to test`` () =
    Assert.NotEmpty Repository.pages
    Assert.Contains("README.md", Repository.pages)

[<Theory; MemberData(nameof pages)>]
let ``every page has at least one example that runs`` (page: string) =
    let count =
        Repository.fences page
        |> List.filter (fun f -> runnable.Contains f.Language)
        |> List.length
    Assert.True(count > 0, sprintf "docs/%s has no ```fsharp or ```csharp block, so nothing on it is checked." page)

[<Theory; MemberData(nameof pages)>]
let ``every fence of a page is closed`` (page: string) =
    for f in Repository.fences page do
        Assert.True(f.Closed, sprintf "docs/%s: the block opened above line %d is never closed." page f.Line)

[<Theory; MemberData(nameof pages)>]
let ``no page names F# or C# in a way that would not run`` (page: string) =
    for f in Repository.fences page do
        let message =
            sprintf "docs/%s line %d: ```%s does not run; write ```fsharp or ```csharp (```text if it is not meant to)."
        Assert.False(aliases.Contains f.Language, message page f.Line f.Language)

// [text](target): relative targets only (not http:, mailto:, or #anchor on the same page).
let private links =
    Regex(@"\[[^\]]*\]\((?!https?:|mailto:|#)([^)\s#]+)(#[^)\s]*)?\)")

[<Theory; MemberData(nameof pages)>]
let ``every relative link of a page leads to a file or folder`` (page: string) =
    for m in links.Matches(Repository.read page) do
        let link = m.Groups[1].Value
        let target = Path.GetFullPath(Path.Combine(Repository.docs, link))
        let exists = File.Exists target || Directory.Exists target
        Assert.True(exists, sprintf "docs/%s links to %s, which does not exist." page link)

[<Fact>]
let ``the index links every page`` () =
    let index = Repository.read "README.md"
    for page in Repository.pages |> List.filter ((<>) "README.md") do
        Assert.True(index.Contains("](" + page), sprintf "docs/README.md does not link %s." page)

// -------------------------------------------------------------------------------------------
// The fence reader itself.

[<Fact>]
let ``a fence's language is the first word of its info string, lower-cased`` () =
    let fences = parse "text\n```FSharp title=x\nlet a = 1\n```\n~~~\nplain\n~~~\n"
    Assert.Equal<string list>([ "fsharp"; "" ], fences |> List.map _.Language)

[<Fact>]
let ``a fence's line is the page line of its first line of code`` () =
    let fences = parse "# Title\n\n```csharp\nvar a = 1;\nvar b = 2;\n```\n"
    Assert.Equal(4, fences.Head.Line)
    Assert.Equal("var a = 1;\nvar b = 2;", fences.Head.Code)

[<Fact>]
let ``a longer fence holds shorter ones, and only its own kind closes it`` () =
    let fences = parse "````markdown\n```fsharp\nlet a = 1\n```\n````\n"
    Assert.Equal(1, fences.Length)
    Assert.Equal("markdown", fences.Head.Language)
    Assert.Equal("```fsharp\nlet a = 1\n```", fences.Head.Code)

[<Fact>]
let ``an indented fence loses its indentation from every line`` () =
    let fences = parse "1. Step:\n   ```fsharp\n   let a = 1\n     let b = 2\n   ```\n"
    Assert.Equal("let a = 1\n  let b = 2", fences.Head.Code)

[<Fact>]
let ``an unclosed fence runs to the end of the page and says so`` () =
    let fences = parse "```fsharp\nlet a = 1\n"
    Assert.False(fences.Head.Closed)
    Assert.Equal("let a = 1\n", fences.Head.Code)

[<Fact>]
let ``inline code and four-space indented backticks open no fence`` () =
    Assert.Empty(parse "```a`b```\n    ```fsharp\n    let a = 1\n    ```\n")
