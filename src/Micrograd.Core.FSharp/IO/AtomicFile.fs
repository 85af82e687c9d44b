namespace Micrograd.Core.IO

open Micrograd.Core

open System
open System.IO
open System.Text

/// <summary>
/// Writes a file whole or not at all. The content goes to a hidden temporary file in the target's
/// own folder, which is flushed to disk and then renamed over the target. A reader of the target
/// sees the old file or the new one, never half of one; a save that fails at any point leaves the
/// old file as it was and removes the temporary file.
/// </summary>
/// <remarks>
/// The folder must exist: a mistyped folder is reported rather than created. Every error names
/// the path the caller passed, never the temporary file (the inner exception keeps the system's
/// own message). The DOT export, the saved networks and optimizers, and the command line's files
/// are all written through here.
/// </remarks>
/// <example>
/// <code lang="csharp">
/// AtomicFile.WriteAllText("losses.csv", "step,loss\n0,1.25\n");
/// AtomicFile.Write("model.bin", stream => stream.Write(bytes));
/// </code>
/// </example>
[<AbstractClass; Sealed>]
type AtomicFile =

    static member private Utf8 = UTF8Encoding(encoderShouldEmitUTF8Identifier = false)

    /// The full path of the caller's path, after the checks every write makes before touching the disk.
    static member private Target(path: string) : string =
        if isNull path then
            raise (ArgumentNullException(nameof path, "The path is null; expected the path of a file to write."))
        if String.IsNullOrWhiteSpace path then
            raise (ArgumentException(Messages.emptyPath (nameof path), nameof path))
        let full =
            try
                Path.GetFullPath path
            with
            | :? ArgumentException
            | :? NotSupportedException
            | :? PathTooLongException as e ->
                raise (ArgumentException(Messages.cannotWrite path e.Message, nameof path, e))
        if Directory.Exists full || String.IsNullOrEmpty(Path.GetFileName full) then
            raise (ArgumentException(Messages.pathIsFolder (nameof path) path, nameof path))
        if not (Directory.Exists(Path.GetDirectoryName full)) then
            raise (DirectoryNotFoundException(Messages.folderMissing path))
        full

    /// <summary>The checks every write makes on its path before touching the disk, on their own:
    /// for a caller that has more to check and wants a bad path reported first.</summary>
    /// <param name="path">The file to write.</param>
    /// <exception cref="T:System.ArgumentNullException">The path is null.</exception>
    /// <exception cref="T:System.ArgumentException">The path is empty, malformed, or names a folder.</exception>
    /// <exception cref="T:System.IO.DirectoryNotFoundException">The folder does not exist.</exception>
    static member CheckPath(path: string) : unit = AtomicFile.Target path |> ignore

    /// <summary>Lets <paramref name="write"/> fill a temporary file beside <paramref name="path"/>,
    /// flushes it to disk, then renames it to <paramref name="path"/>, replacing any file there.</summary>
    /// <param name="path">The file to write; its folder must exist.</param>
    /// <param name="write">Writes the whole content to the stream it is given (and does not close it).</param>
    /// <exception cref="T:System.ArgumentNullException">The path or the writer is null.</exception>
    /// <exception cref="T:System.ArgumentException">The path is empty, malformed, or names a folder.</exception>
    /// <exception cref="T:System.IO.DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="T:System.IO.IOException">The write or the rename failed.</exception>
    /// <exception cref="T:System.UnauthorizedAccessException">The folder or the file may not be written.</exception>
    /// <remarks>An exception from <paramref name="write"/> itself is passed on as it is, after the
    /// temporary file is removed, unless it is a file error (an IOException or an
    /// UnauthorizedAccessException, such as a full disk when the stream flushes), which is
    /// reported as the file's, naming the path.</remarks>
    static member Write(path: string, write: Action<Stream>) : unit =
        let full = AtomicFile.Target path
        if isNull write then
            raise (
                ArgumentNullException(nameof write, "The writer is null; expected a function that fills the stream.")
            )
        let folder = Path.GetDirectoryName full
        // Hidden and unique, so that no one mistakes it for the real file, and in the same folder,
        // so that the final move is a rename within one file system. The name is cut short so that
        // a long file name (up to the usual limit of 255) still leaves room for the rest.
        let name = Path.GetFileName full
        let temporary =
            Path.Combine(
                folder,
                sprintf ".%s.%s.tmp" (name.Substring(0, min name.Length 100)) (Guid.NewGuid().ToString "N")
            )
        try
            do
                use stream =
                    new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 <<< 16)
                write.Invoke stream
                stream.Flush true
            File.Move(temporary, full, true)
        with e ->
            try
                File.Delete temporary
            with _ ->
                ()
            // The caller never heard of the temporary file: their path stands in for it. A file
            // error raised while the writer runs (a full disk, once the buffer is flushed) is the
            // file's too; any other exception of the writer's is its own, passed on as it is.
            let reason = e.Message.Replace(temporary, path)
            match e with
            | :? UnauthorizedAccessException -> raise (UnauthorizedAccessException(Messages.cannotWrite path reason, e))
            | :? IOException -> raise (IOException(Messages.cannotWrite path reason, e))
            | _ -> reraise ()

    /// <summary>Lets <paramref name="write"/> write the file's text (UTF-8, no byte-order mark)
    /// through a buffered writer, atomically (see <c>Write</c>): for text too big to hold in memory.</summary>
    /// <param name="path">The file to write; its folder must exist.</param>
    /// <param name="write">Writes the whole text to the writer it is given (and does not close it).</param>
    /// <exception cref="T:System.ArgumentNullException">The path or the writer is null.</exception>
    /// <exception cref="T:System.IO.IOException">As <c>Write</c>.</exception>
    static member WriteText(path: string, write: Action<TextWriter>) : unit =
        if isNull write then
            raise (ArgumentNullException(nameof write, "The writer is null; expected a function that writes the text."))
        AtomicFile.Write(
            path,
            Action<Stream>(fun stream ->
                use writer = new StreamWriter(stream, AtomicFile.Utf8, 1 <<< 16, leaveOpen = true)
                write.Invoke writer
                writer.Flush())
        )

    /// <summary>Writes <paramref name="text"/> as UTF-8 without a byte-order mark, atomically
    /// (see <see cref="M:Micrograd.Core.IO.AtomicFile.Write(System.String,System.Action{System.IO.Stream})"/>).</summary>
    /// <param name="path">The file to write; its folder must exist.</param>
    /// <param name="text">The whole content.</param>
    /// <exception cref="T:System.ArgumentNullException">The path or the text is null.</exception>
    /// <exception cref="T:System.IO.IOException">As <c>Write</c>.</exception>
    static member WriteAllText(path: string, text: string) : unit =
        if isNull text then
            raise (ArgumentNullException(nameof text, "The text is null; expected the file's content."))
        let bytes = AtomicFile.Utf8.GetBytes text
        AtomicFile.Write(path, Action<Stream>(fun stream -> stream.Write(bytes, 0, bytes.Length)))

    /// <summary>Writes <paramref name="bytes"/>, atomically (see <c>Write</c>).</summary>
    /// <param name="path">The file to write; its folder must exist.</param>
    /// <param name="bytes">The whole content.</param>
    /// <exception cref="T:System.ArgumentNullException">The path or the bytes are null.</exception>
    /// <exception cref="T:System.IO.IOException">As <c>Write</c>.</exception>
    static member WriteAllBytes(path: string, bytes: byte[]) : unit =
        if isNull bytes then
            raise (ArgumentNullException(nameof bytes, "The bytes are null; expected the file's content."))
        AtomicFile.Write(path, Action<Stream>(fun stream -> stream.Write(bytes, 0, bytes.Length)))
