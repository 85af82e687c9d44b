/// Where things are: the repository (found from this test's output folder), its docs pages, the
/// built libraries the examples reference, and the versions the repository pins.
module Micrograd.Docs.Tests.Repository

open System
open System.IO
open System.Xml.Linq

/// The folder holding Micrograd.sln, found by walking up from this test's output folder.
let root: string =
    let start = AppContext.BaseDirectory
    let rec up (dir: DirectoryInfo) =
        if isNull dir then
            failwithf "No Micrograd.sln above %s; the docs tests run from the repository's build output." start
        elif File.Exists(Path.Combine(dir.FullName, "Micrograd.sln")) then
            dir.FullName
        else
            up dir.Parent
    up (DirectoryInfo start)

/// docs/ in the repository.
let docs: string = Path.Combine(root, "docs")

/// The pages: every docs/*.md, by file name, sorted.
let pages: string list =
    Directory.GetFiles(docs, "*.md")
    |> Array.map Path.GetFileName
    |> Array.sort
    |> List.ofArray

/// The full path of a page; #line directives name it, so that errors point at the page itself.
let path (page: string) : string = Path.Combine(docs, page)

/// The text of a page.
let read (page: string) : string = File.ReadAllText(path page)

/// The fenced blocks of a page.
let fences (page: string) : Fences.Fence list = Fences.parse (read page)

/// A library in this test's output folder (put there by the project reference to
/// Micrograd.CSharp, or by a package reference), by file name.
let built (dll: string) : string =
    let file = Path.Combine(AppContext.BaseDirectory, dll)
    if not (File.Exists file) then
        failwithf "%s is not in the test output folder %s; build the test project first." dll AppContext.BaseDirectory
    file

let private props (file: string) : XElement seq = XDocument.Load(Path.Combine(root, file)).Descendants()

let private attribute (name: string) (e: XElement) : string =
    match e.Attribute(XName.Get name) with
    | null -> ""
    | a -> a.Value

/// The version Directory.Packages.props pins for a package.
let packageVersion (id: string) : string =
    props "Directory.Packages.props"
    |> Seq.filter (fun e -> e.Name.LocalName = "PackageVersion")
    |> Seq.tryFind (fun e -> String.Equals(attribute "Include" e, id, StringComparison.OrdinalIgnoreCase))
    |> Option.map (attribute "Version")
    |> Option.defaultWith (fun () -> failwithf "Directory.Packages.props has no PackageVersion for %s." id)

/// The target framework Directory.Build.props sets for every project ("net10.0").
let targetFramework: string =
    props "Directory.Build.props"
    |> Seq.tryFind (fun e -> e.Name.LocalName = "TargetFramework")
    |> Option.map (fun e -> e.Value.Trim())
    |> Option.defaultWith (fun () -> failwith "Directory.Build.props sets no TargetFramework.")

/// Whether a path is inside the repository, where its Directory.*.props would apply.
let contains (file: string) : bool =
    let inside =
        root.TrimEnd(Path.DirectorySeparatorChar) + string Path.DirectorySeparatorChar
    Path.GetFullPath(file).StartsWith(inside, StringComparison.Ordinal)

/// A new empty folder for one run, outside the repository, named after what it is for.
let scratch (purpose: string) : string =
    let name = purpose + "-" + Guid.NewGuid().ToString("N").Substring(0, 8)
    let dir = Path.Combine(Path.GetTempPath(), "micrograd-docs", name)
    if contains dir then
        failwithf "The temporary folder %s is inside the repository; set TMPDIR elsewhere." dir
    Directory.CreateDirectory dir |> ignore
    dir
