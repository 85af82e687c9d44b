/// Links to headings: every `#anchor` of a link on a page (docs/*.md and the repository's
/// README.md), to a heading of the same page or of another Markdown file, names a heading that is
/// there, by GitHub's rule for a heading's anchor. The docs site follows the same rule
/// (docs/_template.html), and .ci/check-site.fsx checks the built site's links.
module Micrograd.Docs.Tests.LinkTests

open System
open System.IO
open System.Text.RegularExpressions
open Xunit
open Micrograd.Docs.Tests.Anchors

// The text a heading shows: inline code without its backticks, links and images by their text,
// emphasis and HTML tags gone.
let private shown (heading: string) : string =
    let s = Regex.Replace(heading, @"!?\[([^\]]*)\]\([^)]*\)", "$1")
    let s = Regex.Replace(s, "<[^>]*>", "")
    s.Replace("`", "").Replace("*", "")

// The lines of a page outside its fenced code blocks, with their 0-based numbers.
let private prose (markdown: string) : (int * string) list =
    let lines = markdown.Replace("\r\n", "\n").Split('\n')
    let inCode =
        Fences.parse markdown
        |> List.collect (fun f ->
            // From the opening fence (the line above the code) to the closing one.
            let codeLines = f.Code.Split('\n').Length
            [ f.Line - 2 .. f.Line - 1 + codeLines ])
        |> Set.ofList
    [
        for i in 0 .. lines.Length - 1 do
            if not (inCode.Contains i) then
                yield i, lines[i]
    ]

let private atxHeading = Regex(@"^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$")
let private explicitAnchor =
    Regex(@"<a\s+(?:name|id)=""([^""]+)""", RegexOptions.IgnoreCase)

/// <summary>The anchors of a Markdown file: GitHub's anchor of each heading (a repeated one gets
/// -1, -2, ... as GitHub numbers them), and any &lt;a name&gt; or &lt;a id&gt; written in it.</summary>
let anchorsOf (markdown: string) : Set<string> =
    let lines = prose markdown
    let headings =
        numbered [
            for _, line in lines do
                let m = atxHeading.Match line
                if m.Success then
                    yield shown m.Groups[1].Value
        ]
    let explicitOnes = [
        for _, line in lines do
            for m in explicitAnchor.Matches line do
                yield m.Groups[1].Value
    ]
    Set.ofList (headings @ explicitOnes)

let private inlineLink = Regex(@"\]\(([^)\s]+)(?:\s+""[^""]*"")?\)")
let private definition = Regex(@"^ {0,3}\[[^\]]+\]:\s*(\S+)")

/// <summary>Every link target of a page's prose (not of its code blocks or inline code), with
/// the 1-based line it is on.</summary>
let linksOf (markdown: string) : (int * string) list = [
    for i, line in prose markdown do
        let text = Regex.Replace(line, "`+[^`]*`+", "")
        for m in inlineLink.Matches text do
            yield i + 1, m.Groups[1].Value
        let d = definition.Match text
        if d.Success then
            yield i + 1, d.Groups[1].Value
]

/// The pages whose links are checked: docs/*.md, and README.md at the repository's root.
let checkedPages: string list =
    (Repository.pages |> List.map Repository.path)
    @ [ Path.Combine(Repository.root, "README.md") ]

let pagesData: seq<obj[]> =
    checkedPages
    |> Seq.map (fun p -> [| box (Path.GetRelativePath(Repository.root, p)) |])

[<Theory; MemberData(nameof pagesData)>]
let ``every link to a heading names a heading of the page it leads to`` (page: string) =
    let file = Path.Combine(Repository.root, page)
    let broken = [
        for line, link in linksOf (File.ReadAllText file) do
            let external = Regex.IsMatch(link, "^[a-zA-Z][a-zA-Z0-9+.-]*:")
            let hash = link.IndexOf '#'
            if not external && hash >= 0 then
                let path = link.Substring(0, hash)
                let anchor = Uri.UnescapeDataString(link.Substring(hash + 1))
                let target =
                    if path = "" then
                        file
                    else
                        Path.GetFullPath(Path.Combine(Path.GetDirectoryName file, Uri.UnescapeDataString path))
                if not (File.Exists target) then
                    yield sprintf "line %d: %s leads to no file" line link
                elif
                    target.EndsWith(".md", StringComparison.OrdinalIgnoreCase)
                    && not ((anchorsOf (File.ReadAllText target)).Contains anchor)
                then
                    yield
                        sprintf
                            "line %d: %s: %s has no heading whose anchor is #%s"
                            line
                            link
                            (Path.GetFileName target)
                            anchor
    ]
    Assert.True(List.isEmpty broken, sprintf "%s:\n%s" page (String.Join("\n", broken)))

[<Fact>]
let ``there are links to headings to check`` () =
    let withAnchors =
        checkedPages
        |> List.sumBy (fun p ->
            linksOf (File.ReadAllText p)
            |> List.filter (fun (_, l) -> l.Contains '#')
            |> List.length)
    Assert.True(withAnchors > 10, sprintf "only %d links to a heading on all the pages" withAnchors)

// -------------------------------------------------------------------------------------------
// The anchor rule and the link reader themselves, on hand-written pages.

[<Fact>]
let ``a heading's anchor is its text in lower case, punctuation dropped, spaces as hyphens`` () =
    // "2. Why += : ..." loses '.', '+', '=', ':' and keeps both spaces around them as hyphens.
    Assert.Equal("2-why--a-node-used-twice", gitHubSlug "2. Why +=: a node used twice")
    Assert.Equal("micrograd-for-net", gitHubSlug "Micrograd for .NET")
    Assert.Equal("snake_case-stays", gitHubSlug "snake_case stays")
    Assert.Equal("dérivée-à-la-main", gitHubSlug "Dérivée à la main")

[<Fact>]
let ``a heading's anchor reads the text shown, not the Markdown around it`` () =
    let anchors = anchorsOf "# In C#: `Value`, `Backward()` and [Grad](x.md)\n"
    Assert.Equal<Set<string>>(set [ "in-c-value-backward-and-grad" ], anchors)

[<Fact>]
let ``a repeated heading gets -1, then -2`` () =
    let anchors = anchorsOf "## Run\n\ntext\n\n## Run\n\n## Run\n"
    Assert.Equal<Set<string>>(set [ "run"; "run-1"; "run-2" ], anchors)

[<Fact>]
let ``a line in a code block is no heading and holds no link`` () =
    let page =
        "# Title\n\n```sh\n# not a heading [x](#nowhere)\n```\n\n[back](#title)\n"
    Assert.Equal<Set<string>>(set [ "title" ], anchorsOf page)
    Assert.Equal<(int * string) list>([ 7, "#title" ], linksOf page)

[<Fact>]
let ``a link in inline code is no link, and a link definition is one`` () =
    let page = "Write `[a](#b)` for a link.\n\n[ref]: other.md#part\n"
    Assert.Equal<(int * string) list>([ 3, "other.md#part" ], linksOf page)

// -------------------------------------------------------------------------------------------
// The docs site's menu, written in docs/_template.html rather than made from front matter.

[<Fact>]
let ``the docs site's menu links every page, in both of its copies`` () =
    let template = File.ReadAllText(Path.Combine(Repository.docs, "_template.html"))
    let pages =
        Directory.GetFiles(Repository.docs)
        |> Array.filter (fun f -> f.EndsWith ".md" || f.EndsWith ".fsx")
        |> Array.map Path.GetFileNameWithoutExtension
    for page in pages do
        let link = sprintf "href=\"{{root}}%s.html\"" page
        let count = Regex.Matches(template, Regex.Escape link).Count
        Assert.True(
            (count >= 2),
            sprintf "docs/_template.html links %s.html %d times; add a line for it to each of its two menus." page count
        )
