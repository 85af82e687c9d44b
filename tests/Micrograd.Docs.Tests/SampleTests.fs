/// The runnable samples of samples/: each F# script run with `dotnet fsi` and each C# file-based
/// program with `dotnet run`, as samples/README.md tells a reader to, from a folder outside the
/// repository (so that a sample cannot lean on the current folder). A sample checks its own
/// numbers and exits non-zero when one is off; the test also looks for its key numbers in what it
/// printed, and makes sure it wrote nothing into the repository.
module Micrograd.Docs.Tests.SampleTests

open System
open System.IO
open System.Text.RegularExpressions
open Xunit

let private samples = Path.Combine(Repository.root, "samples")

/// What each sample must print, from the sources its comments name: micrograd's README, the
/// plain-Python reproductions (samples/python/lecture_network.py; moons_points.py fed to
/// tests/Micrograd.Cli.Tests/python/micrograd_demo.py --ordered), python3's math module and
/// arithmetic by hand. Losses are matched on their first 12 digits, the samples' own tolerance.
let private printed: Map<string, string list> =
    Map [
        "ReadmeExample", [ "g = 24.7041"; "dg/da = 138.8338"; "dg/db = 645.5773" ]
        "LectureNetwork", [ "step 0 loss 5.2305175120"; "step 19 loss 0.036498756086" ]
        "Moons",
        [
            "step 0 loss 0.91285467789"
            "accuracy 50%"
            "step 99 loss 0.011805432914"
            "accuracy 100%"
        ]
        "Softplus",
        [
            "x0: analytic -1.2449186624037092"
            "x1: analytic 0.9740769841801067"
            "x0: analytic 0.25, numeric 0.5"
            "FAILED"
        ]
    ]

/// The samples, by file name: every .fsx and .cs in samples/.
let private files: string list =
    Seq.append (Directory.GetFiles(samples, "*.fsx")) (Directory.GetFiles(samples, "*.cs"))
    |> Seq.map Path.GetFileName
    |> Seq.sort
    |> List.ofSeq

/// The samples as theory data.
let sampleFiles: seq<obj[]> = files |> Seq.map (fun f -> [| box f |])

/// Every file under samples/, to see that running a sample adds none.
let private contents () : Set<string> = Directory.GetFiles(samples, "*", SearchOption.AllDirectories) |> Set.ofArray

[<Theory; MemberData(nameof sampleFiles)>]
let ``a sample runs from any folder, passes its own checks and prints its key numbers`` (file: string) =
    let name = Path.GetFileNameWithoutExtension file
    let expected =
        match printed.TryFind name with
        | Some lines -> lines
        | None -> failwithf "samples/%s has no expected output in SampleTests.printed; add its key numbers." file
    let path = Path.Combine(samples, file)
    // A script references the libraries samples/README.md's build command puts in src/*/bin/Debug
    // (`dotnet test` builds them there too); say so rather than let fsi fail on a missing file.
    for m in Regex.Matches(File.ReadAllText path, "#r \"(\\.\\.[^\"]+\\.dll)\"") do
        let dll = Path.GetFullPath(Path.Combine(samples, m.Groups[1].Value))
        Assert.True(
            File.Exists dll,
            sprintf "samples/%s references %s; run `dotnet build src/Micrograd.Testing`" file dll
        )
    let arguments = if file.EndsWith ".fsx" then [ "fsi"; path ] else [ "run"; path ]
    let dir = Repository.scratch ("sample-" + name)
    let before = contents ()
    let outcome = Processes.run arguments dir (TimeSpan.FromMinutes 5.0)
    if outcome.ExitCode <> 0 then
        Assert.Fail(Processes.describe (sprintf "samples/%s (run from %s)" file dir) outcome)
    for line in expected do
        Assert.True(
            outcome.StandardOutput.Contains(line, StringComparison.Ordinal),
            sprintf "samples/%s should print %s; it printed:\n%s" file line outcome.StandardOutput
        )
    Assert.Equal<Set<string>>(before, contents ())
    Assert.Empty(Directory.GetFileSystemEntries dir)
    Directory.Delete dir

[<Fact>]
let ``every sample is in both languages and says how to run it in its first two lines`` () =
    Assert.NotEmpty files
    for file in files do
        let lines = File.ReadAllLines(Path.Combine(samples, file))
        let run =
            if file.EndsWith ".fsx" then
                sprintf "dotnet fsi samples/%s" file
            else
                sprintf "dotnet run samples/%s" file
        Assert.True(lines.Length > 2 && lines[0].StartsWith "// " && lines[1].StartsWith "// ", file)
        Assert.True(lines[1].Contains run, sprintf "samples/%s's second line should say `%s`" file run)
    let names (ext: string) =
        files
        |> List.filter (fun f -> f.EndsWith ext)
        |> List.map Path.GetFileNameWithoutExtension
    Assert.Equal<string list>(names ".fsx", names ".cs")

[<Fact>]
let ``samples/README.md lists every sample with its command`` () =
    let readme = File.ReadAllText(Path.Combine(samples, "README.md"))
    for file in files do
        let run =
            (if file.EndsWith ".fsx" then "dotnet fsi samples/" else "dotnet run samples/")
            + file
        Assert.True(readme.Contains run, sprintf "samples/README.md should show `%s`" run)

[<Fact>]
let ``a script's NuGet references are the versions the repository pins`` () =
    let references =
        files
        |> List.filter (fun f -> f.EndsWith ".fsx")
        |> List.collect (fun f -> [
            for m in Regex.Matches(File.ReadAllText(Path.Combine(samples, f)), "#r \"nuget: ([^,\"]+), ([^\"]+)\"") ->
                f, m.Groups[1].Value, m.Groups[2].Value
        ])
    Assert.NotEmpty references
    for file, id, version in references do
        Assert.True(
            Repository.packageVersion id = version,
            sprintf
                "samples/%s asks for %s %s; Directory.Packages.props pins %s"
                file
                id
                version
                (Repository.packageVersion id)
        )
