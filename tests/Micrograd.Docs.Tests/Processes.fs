/// Running `dotnet` (fsi, run) from a test: output captured, a time limit, and an environment
/// that keeps no build server or node alive after the run.
module Micrograd.Docs.Tests.Processes

open System
open System.Diagnostics
open System.Text
open System.Threading.Tasks

/// What a finished process left.
type Outcome = {
    ExitCode: int
    StandardOutput: string
    StandardError: string
}

/// The `dotnet` that runs these tests (the host `dotnet test` names), else the one on PATH.
let dotnet: string =
    match Environment.GetEnvironmentVariable "DOTNET_HOST_PATH" with
    | null
    | "" -> "dotnet"
    | path -> path

// Set for every run: no telemetry or banners, and no MSBuild node, MSBuild server or compiler
// server left running, which would hold this process's output pipes open after the run ends.
let private quiet = [
    "DOTNET_CLI_TELEMETRY_OPTOUT", "1"
    "DOTNET_NOLOGO", "1"
    "DOTNET_SKIP_FIRST_TIME_EXPERIENCE", "1"
    "DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE", "true"
    "MSBUILDDISABLENODEREUSE", "1"
    "DOTNET_CLI_USE_MSBUILD_SERVER", "0"
    "UseSharedCompilation", "false"
]

// Set by the `dotnet test` that runs us for its own MSBuild; a child `dotnet` must find its own.
let private inherited = [
    "MSBuildExtensionsPath"
    "MSBuildSDKsPath"
    "MSBUILD_EXE_PATH"
    "MSBuildLoadMicrosoftTargetsReadOnly"
]

/// <summary>Runs `dotnet` with the arguments in a folder and waits for it.</summary>
/// <param name="arguments">The arguments after `dotnet`.</param>
/// <param name="directory">The working folder.</param>
/// <param name="limit">How long to wait before ending the process (and its children) and failing.</param>
let run (arguments: string list) (directory: string) (limit: TimeSpan) : Outcome =
    let info = ProcessStartInfo(dotnet)
    for a in arguments do
        info.ArgumentList.Add a
    info.WorkingDirectory <- directory
    info.UseShellExecute <- false
    info.RedirectStandardOutput <- true
    info.RedirectStandardError <- true
    // An input of its own, closed at once: a child that reads the terminal (fsi does) would
    // otherwise be stopped by job control when the tests run in the background.
    info.RedirectStandardInput <- true
    for name, value in quiet do
        info.Environment[name] <- value
    for name in inherited do
        info.Environment.Remove name |> ignore
    let out = StringBuilder()
    let err = StringBuilder()
    use p = new Process(StartInfo = info)
    p.OutputDataReceived.Add(fun e ->
        if not (isNull e.Data) then
            lock out (fun () -> out.AppendLine e.Data |> ignore))
    p.ErrorDataReceived.Add(fun e ->
        if not (isNull e.Data) then
            lock err (fun () -> err.AppendLine e.Data |> ignore))
    p.Start() |> ignore
    p.StandardInput.Close()
    p.BeginOutputReadLine()
    p.BeginErrorReadLine()
    if not (p.WaitForExit limit) then
        p.Kill(entireProcessTree = true)
        p.WaitForExit(10_000) |> ignore
        failwithf
            "dotnet %s did not finish within %O in %s.\n--- stdout ---\n%O\n--- stderr ---\n%O"
            (String.Join(" ", arguments))
            limit
            directory
            out
            err
    // The parameterless WaitForExit also waits for the output to reach its end; bounded, in case
    // a grandchild still holds the pipe.
    Task.Run(fun () -> p.WaitForExit()).Wait(TimeSpan.FromSeconds 10.0) |> ignore
    {
        ExitCode = p.ExitCode
        StandardOutput = lock out (fun () -> out.ToString())
        StandardError = lock err (fun () -> err.ToString())
    }

/// <summary>A failure message: what failed, the exit code, and everything the process wrote.</summary>
/// <param name="what">What ran and where its files are, e.g. "The F# examples of docs/x.md (script: ...)".</param>
/// <param name="outcome">How the process ended.</param>
let describe (what: string) (outcome: Outcome) : string =
    String.Join(
        "\n",
        [
            sprintf "%s failed with exit code %d." what outcome.ExitCode
            "--- stderr ---"
            outcome.StandardError
            "--- stdout ---"
            outcome.StandardOutput
        ]
    )
