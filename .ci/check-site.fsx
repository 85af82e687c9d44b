// Checks the links of the built docs site: `dotnet fsi .ci/check-site.fsx SITE-FOLDER [REPOSITORY]`.
// Every href and src of every .html page must lead to a file of the site (file: URLs, as the
// site's root is one, and relative ones), and every #anchor to an id or name on the page it
// names. A few pages link to files of the repository outside docs/ (../README.md, ../src/...):
// these work when the site is built into a folder beside docs/, as README's command does, so
// with REPOSITORY given they must lead to a file there, read from the page's place in docs/.
// External http(s) links cannot be fetched here (no network): they are listed, not checked.
// Exits 1, naming each broken link and the page it is on, if any is broken.
#load "../tests/Micrograd.Docs.Tests/Anchors.fs"

open System
open System.IO
open System.Net
open System.Text.RegularExpressions
open Micrograd.Docs.Tests.Anchors

let site, repository =
    match fsi.CommandLineArgs |> Array.tail with
    | [| folder |] when Directory.Exists folder -> Path.GetFullPath folder, None
    | [| folder; repo |] when Directory.Exists folder && Directory.Exists(Path.Combine(repo, "docs")) ->
        Path.GetFullPath folder, Some(Path.GetFullPath repo)
    | _ ->
        eprintfn
            "usage: dotnet fsi .ci/check-site.fsx SITE-FOLDER [REPOSITORY] (a folder that fsdocs built from REPOSITORY/docs)"
        exit 2

let pages = Directory.GetFiles(site, "*.html", SearchOption.AllDirectories)

let attributes =
    Regex(@"\s(?:href|src)\s*=\s*""([^""]*)""", RegexOptions.IgnoreCase)
let targets = Regex(@"\s(?:id|name)\s*=\s*""([^""]*)""", RegexOptions.IgnoreCase)

let headings =
    Regex(@"<h([1-6])[^>]*>(.*?)</h\1>", RegexOptions.IgnoreCase ||| RegexOptions.Singleline)
let tags = Regex("<[^>]*>")

// The anchors of each page, read once: its ids and names, and, as docs/_template.html's script
// gives each heading of the page's content, GitHub's anchor for each heading (-1, -2, ... after
// the first of a name).
let anchors =
    let cache = Collections.Generic.Dictionary<string, Set<string>>()
    fun (page: string) ->
        match cache.TryGetValue page with
        | true, found -> found
        | _ ->
            let html = File.ReadAllText page
            let declared =
                targets.Matches html
                |> Seq.map (fun m -> WebUtility.HtmlDecode m.Groups[1].Value)
            let content =
                match html.IndexOf "id=\"content\"" with
                | -1 -> ""
                | start -> html.Substring start
            let slugs =
                numbered [
                    for m in headings.Matches content do
                        yield WebUtility.HtmlDecode(tags.Replace(m.Groups[2].Value, ""))
                ]
            let found = Set.ofSeq (Seq.append declared slugs)
            cache[page] <- found
            found

// docs/_template.html's script turns a link to page.md#anchor, beside the page, into page.html#anchor.
let besideMd = Regex(@"^[^/:?#]+\.md#")

let broken = ResizeArray<string>()
let external = Collections.Generic.SortedSet<string>()
let leavesSite = Collections.Generic.SortedSet<string>()
let mutable checkedLinks = 0

for page in pages do
    let relative = Path.GetRelativePath(site, page)
    for m in attributes.Matches(File.ReadAllText page) do
        let link = WebUtility.HtmlDecode m.Groups[1].Value
        let fail why = broken.Add(sprintf "%s: %s %s" relative link why)
        if link.Contains "{{" then
            fail "(a template parameter that nothing filled in)"
        elif
            link.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || link.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        then
            external.Add link |> ignore
        elif
            link.StartsWith "mailto:"
            || link.StartsWith "javascript:"
            || link.StartsWith "data:"
        then
            ()
        else
            checkedLinks <- checkedLinks + 1
            let link =
                if besideMd.IsMatch link then
                    besideMd.Replace(link, (fun m -> m.Value.Replace(".md#", ".html#")), 1)
                else
                    link
            let withoutQuery = link.Split('?')[0]
            let hash = withoutQuery.IndexOf '#'
            let path, anchor =
                if hash < 0 then
                    withoutQuery, ""
                else
                    withoutQuery.Substring(0, hash), Uri.UnescapeDataString(withoutQuery.Substring(hash + 1))
            let file =
                if path = "" then page
                elif path.StartsWith("file://", StringComparison.OrdinalIgnoreCase) then Uri(path).LocalPath
                elif path.StartsWith "/" then Path.Combine(site, Uri.UnescapeDataString(path.TrimStart '/'))
                else Path.GetFullPath(Path.Combine(Path.GetDirectoryName page, Uri.UnescapeDataString path))
            let file = if Directory.Exists file then Path.Combine(file, "index.html") else file
            let inRepository () =
                match repository with
                | Some repo when path <> "" && not (path.Contains "://") && not (path.StartsWith "/") ->
                    let docsFolder = Path.Combine(repo, "docs", Path.GetDirectoryName relative)
                    let target = Path.GetFullPath(Path.Combine(docsFolder, Uri.UnescapeDataString path))
                    File.Exists target || Directory.Exists target
                | _ -> false
            if not (Path.GetFullPath(file).StartsWith(site, StringComparison.Ordinal)) then
                if inRepository () then
                    leavesSite.Add(sprintf "%s: %s" relative link) |> ignore
                else
                    fail "(outside the site, and not a file of the repository)"
            elif not (File.Exists file) then
                fail "(no such file)"
            elif anchor <> "" && file.EndsWith ".html" && not ((anchors file).Contains anchor) then
                fail (sprintf "(no anchor #%s on %s)" anchor (Path.GetRelativePath(site, file)))

printfn "%d pages, %d links within the site checked, %d broken." pages.Length checkedLinks broken.Count
printfn "%d links from a page to a file of the repository outside docs/:" leavesSite.Count
for link in leavesSite do
    printfn "  %s" link
printfn "%d external links, not fetched (no network here):" external.Count
for link in external do
    printfn "  %s" link
if broken.Count > 0 then
    eprintfn "Broken links:"
    for b in broken do
        eprintfn "  %s" b
    exit 1
