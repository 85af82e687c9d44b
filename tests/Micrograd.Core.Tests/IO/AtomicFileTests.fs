module Micrograd.Core.Tests.AtomicFileTests

open System
open System.IO
open System.Text
open Xunit
open Micrograd.Core.IO
open Micrograd.Core.Tests

let private writer (text: string) = Action<Stream>(fun stream -> stream.Write(Encoding.UTF8.GetBytes text))

[<Fact>]
let ``a write creates the file with exactly what the writer wrote, and nothing else`` () =
    use folder = new TempFolder()
    let path = folder.File "a.txt"
    AtomicFile.Write(path, writer "one, two")
    Assert.Equal("one, two", File.ReadAllText path)
    Assert.Equal<string[]>([| "a.txt" |], folder.Entries())

[<Fact>]
let ``a write replaces the file that was there`` () =
    use folder = new TempFolder()
    let path = folder.File "a.txt"
    File.WriteAllText(path, "old and longer than the new")
    AtomicFile.WriteAllText(path, "new")
    Assert.Equal("new", File.ReadAllText path)
    Assert.Equal<string[]>([| "a.txt" |], folder.Entries())

[<Fact>]
let ``WriteAllText writes UTF-8 without a byte-order mark`` () =
    use folder = new TempFolder()
    let path = folder.File "a.txt"
    AtomicFile.WriteAllText(path, "é")
    Assert.Equal<byte[]>([| 0xC3uy; 0xA9uy |], File.ReadAllBytes path)

[<Fact>]
let ``a writer that fails half way leaves the old file as it was and no temporary file`` () =
    use folder = new TempFolder()
    let path = folder.File "a.txt"
    File.WriteAllText(path, "old")
    let failing =
        Action<Stream>(fun stream ->
            stream.Write(Encoding.UTF8.GetBytes "new, half")
            raise (InvalidOperationException "disk full"))
    let e =
        Assert.Throws<InvalidOperationException>(fun () -> AtomicFile.Write(path, failing))
    Assert.Equal("disk full", e.Message)
    Assert.Equal("old", File.ReadAllText path)
    Assert.Equal<string[]>([| "a.txt" |], folder.Entries())

[<Fact>]
let ``a folder that does not exist is reported, naming the path, and not created`` () =
    use folder = new TempFolder()
    let path = Path.Combine(folder.Path, "missing", "a.txt")
    let e =
        Assert.Throws<DirectoryNotFoundException>(fun () -> AtomicFile.WriteAllText(path, "x"))
    Assert.Contains(path, e.Message)
    Assert.Empty(folder.Entries())

[<Fact>]
let ``a path under a file is reported as a folder that does not exist`` () =
    use folder = new TempFolder()
    let file = folder.File "plain.txt"
    File.WriteAllText(file, "keep")
    let path = Path.Combine(file, "a.txt")
    let e =
        Assert.Throws<DirectoryNotFoundException>(fun () -> AtomicFile.WriteAllText(path, "x"))
    Assert.Contains(path, e.Message)
    Assert.Equal("keep", File.ReadAllText file)
    Assert.Equal<string[]>([| "plain.txt" |], folder.Entries())

[<Fact>]
let ``a target that is a folder is refused, naming the path, and the folder is left alone`` () =
    use folder = new TempFolder()
    let path = folder.File "sub"
    Directory.CreateDirectory(path) |> ignore
    File.WriteAllText(Path.Combine(path, "inside.txt"), "keep")
    let e =
        Assert.Throws<ArgumentException>(fun () -> AtomicFile.WriteAllText(path, "x"))
    Assert.Equal("path", e.ParamName)
    Assert.Contains(path, e.Message)
    Assert.Equal("keep", File.ReadAllText(Path.Combine(path, "inside.txt")))
    Assert.Equal<string[]>([| "sub" |], folder.Entries())

[<Fact>]
let ``a folder that may not be written is reported, naming the path`` () =
    // /sys refuses new files to every user, root included; elsewhere there is no such folder to hand.
    if OperatingSystem.IsLinux() && Directory.Exists "/sys" then
        let path = "/sys/micrograd-test.json"
        // Permission denied, or a read-only file system (EROFS, an IOException) where /sys is mounted so.
        let e = Assert.ThrowsAny<Exception>(fun () -> AtomicFile.WriteAllText(path, "x"))
        Assert.True(e :? UnauthorizedAccessException || e :? IOException, sprintf "%s: %s" (e.GetType().Name) e.Message)
        Assert.Contains(path, e.Message)
        Assert.Empty(Directory.GetFiles("/sys", "*micrograd-test*"))

[<Fact>]
let ``a null or empty path is refused by name before anything is written`` () =
    let e =
        Assert.Throws<ArgumentNullException>(fun () -> AtomicFile.WriteAllText(null, "x"))
    Assert.Equal("path", e.ParamName)
    let e = Assert.Throws<ArgumentException>(fun () -> AtomicFile.WriteAllText("", "x"))
    Assert.Equal("path", e.ParamName)
    let e =
        Assert.Throws<ArgumentException>(fun () -> AtomicFile.WriteAllText("  ", "x"))
    Assert.Equal("path", e.ParamName)

[<Fact>]
let ``a null writer or text is refused by name`` () =
    use folder = new TempFolder()
    let e =
        Assert.Throws<ArgumentNullException>(fun () -> AtomicFile.Write(folder.File "a", (null: Action<Stream>)))
    Assert.Equal("write", e.ParamName)
    let e =
        Assert.Throws<ArgumentNullException>(fun () -> AtomicFile.WriteAllText(folder.File "a", null))
    Assert.Equal("text", e.ParamName)
    Assert.Empty(folder.Entries())
