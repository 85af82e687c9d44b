namespace Micrograd.Core.Tests

open System
open System.IO

/// A new, empty folder under the system's temporary folder, deleted with what it holds on Dispose.
type TempFolder() =
    let path =
        Path.Combine(Path.GetTempPath(), "micrograd-core-tests", Guid.NewGuid().ToString "N")
    do Directory.CreateDirectory path |> ignore

    member _.Path = path

    /// A file name in the folder (the file is not created).
    member _.File(name: string) = Path.Combine(path, name)

    /// The names of everything in the folder, sorted: what a failed save must not have added to.
    member _.Entries() = Directory.GetFileSystemEntries path |> Array.map Path.GetFileName |> Array.sort

    interface IDisposable with
        member _.Dispose() =
            if Directory.Exists path then
                Directory.Delete(path, true)
