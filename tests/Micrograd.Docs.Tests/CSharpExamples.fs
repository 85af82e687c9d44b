/// The ```csharp blocks of each page, compiled together as the top-level statements of one
/// throwaway console project and run with `dotnet run`. The project lives in a temporary folder
/// outside the repository and references the libraries already built into this test's output
/// folder, so nothing is rebuilt and the repository's Directory.*.props do not apply.
module Micrograd.Docs.Tests.CSharpExamples

open System
open System.IO
open System.Security
open System.Text
open System.Text.RegularExpressions
open Xunit

/// The generated project: the built Micrograd libraries by path, FSharp.Core (which their types
/// need) at the version the repository pins, and the repository's C# settings.
let project () : string =
    let fsharpCore = Repository.packageVersion "FSharp.Core"
    let reference name =
        sprintf
            "    <Reference Include=\"%s\"><HintPath>%s</HintPath></Reference>"
            name
            (SecurityElement.Escape(Repository.built (name + ".dll")))
    String.Join(
        "\n",
        [
            "<Project Sdk=\"Microsoft.NET.Sdk\">"
            "  <PropertyGroup>"
            "    <OutputType>Exe</OutputType>"
            sprintf "    <TargetFramework>%s</TargetFramework>" Repository.targetFramework
            "    <Nullable>enable</Nullable>"
            "    <ImplicitUsings>enable</ImplicitUsings>"
            "    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>"
            "    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>"
            "  </PropertyGroup>"
            "  <ItemGroup>"
            reference "Micrograd.Core"
            reference "Micrograd.CSharp"
            // The kit and what its types need, for testing-your-rules.md.
            reference "Micrograd.Testing"
            reference "FsCheck"
            reference "MathNet.Numerics"
            sprintf "    <PackageReference Include=\"FSharp.Core\" Version=\"%s\" />" fsharpCore
            "  </ItemGroup>"
            "</Project>"
            ""
        ]
    )

// A using directive (`using Micrograd;`, `using static System.Math;`, `using M = Micrograd.Core;`),
// not a using statement or declaration (`using var x = ...;`); a comment may follow it.
let private usingDirective =
    Regex(@"^\s*using\s+(static\s+)?[A-Za-z_][\w.]*(\s*=\s*[A-Za-z_][\w.<>, ]*)?\s*;\s*(//.*)?$")

/// <summary>The program for a page: every block's using directives first (once each), then each
/// block in its own braces, in page order.</summary>
/// <remarks>The braces give each block its own scope, so every C# block is whole on its own and
/// can be copied as it is; line directives make compiler errors name the page and its line.</remarks>
let program (page: string) : string =
    let blocks = Repository.fences page |> Fences.ofLanguage "csharp"
    let usings =
        blocks
        |> List.collect (fun b -> b.Code.Split('\n') |> List.ofArray)
        |> List.filter usingDirective.IsMatch
        |> List.map (fun line ->
            match line.IndexOf "//" with
            | -1 -> line.Trim()
            | comment -> line.Substring(0, comment).Trim())
        |> List.distinct
    let sb = StringBuilder()
    for u in usings do
        sb.Append(u).Append('\n') |> ignore
    for block in blocks do
        sb.Append("{\n").Append(sprintf "#line %d \"%s\"\n" block.Line (Repository.path page))
        |> ignore
        for line in block.Code.Split('\n') do
            // A hoisted directive leaves an empty line behind, so line numbers still match the page.
            sb.Append(if usingDirective.IsMatch line then "" else line).Append('\n')
            |> ignore
        sb.Append("#line default\n}\n") |> ignore
    sb.ToString()

/// Pages with at least one ```csharp block, as theory data.
let pages: seq<obj[]> =
    Repository.pages
    |> Seq.filter (fun p -> not (List.isEmpty (Repository.fences p |> Fences.ofLanguage "csharp")))
    |> Seq.map (fun p -> [| box p |])

/// <summary>Compiles and runs the C# examples of a page (a path under docs/) as one program from
/// an empty folder, fails the test if it fails or leaves a file there, and returns what it did.</summary>
let run (page: string) : Processes.Outcome =
    let name = Path.GetFileNameWithoutExtension page
    let dir = Repository.scratch ("csharp-" + name)
    let projectDir = Directory.CreateDirectory(Path.Combine(dir, "project")).FullName
    // Empty settings files stop MSBuild looking further up for any Directory.*.props.
    for file in
        [
            "Directory.Build.props"
            "Directory.Build.targets"
            "Directory.Packages.props"
        ] do
        File.WriteAllText(Path.Combine(dir, file), "<Project />\n")
    File.WriteAllText(Path.Combine(projectDir, "Examples.csproj"), project ())
    File.WriteAllText(Path.Combine(projectDir, "Program.cs"), program page)
    // `dotnet run --project` runs the program in the current folder, not the project's: an empty
    // one, which the examples must leave empty.
    let current = Directory.CreateDirectory(Path.Combine(dir, "current")).FullName
    let outcome =
        Processes.run [ "run"; "--project"; projectDir ] current (TimeSpan.FromMinutes 5.0)
    if outcome.ExitCode <> 0 then
        Assert.Fail(Processes.describe (sprintf "The C# examples of docs/%s (project: %s)" page projectDir) outcome)
    let left = Directory.GetFileSystemEntries current
    Assert.True(
        Array.isEmpty left,
        sprintf "The C# examples of docs/%s left files in the current folder: %s" page (String.Join(", ", left))
    )
    Directory.Delete(dir, true)
    outcome

[<Theory; MemberData(nameof pages)>]
let ``the C# examples of a page compile and run as one program, and every check holds`` (page: string) =
    run page |> ignore
