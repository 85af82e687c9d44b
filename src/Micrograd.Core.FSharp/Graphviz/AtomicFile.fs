namespace Micrograd.Core

open System
open System.IO
open System.Text

/// Writing a file whole or not at all, for the exports that write files.
module internal AtomicFile =

    /// The full path of the file to write; refused (naming `path`) when it cannot name one.
    let targetPath (path: string) : string =
        if isNull path then
            nullArg (nameof path)
        if String.IsNullOrWhiteSpace path then
            raise (ArgumentException(Messages.emptyPath (nameof path), nameof path))
        let full = Path.GetFullPath path
        if Directory.Exists full || String.IsNullOrEmpty(Path.GetFileName full) then
            raise (ArgumentException(Messages.pathIsFolder (nameof path) path, nameof path))
        full

    /// Lets `fill` write the file's text (UTF-8, no byte-order mark) to a temporary file beside the
    /// target, which is flushed to disk and then renamed over the target: a reader of the folder sees
    /// the old file or the new one, never half of one, and a failure part way leaves the old file
    /// and no temporary one. Errors name the caller's `path`, not the temporary file (the caller
    /// never heard of it). `full` is `targetPath path`.
    let write (path: string, full: string, fill: TextWriter -> unit) : unit =
        let folder = Path.GetDirectoryName full
        if not (Directory.Exists folder) then
            raise (DirectoryNotFoundException(Messages.folderMissing path))
        // Hidden and unique, so that nobody mistakes it for the real file; the name is cut short so
        // that a long file name (up to the usual limit of 255) still leaves room for the rest.
        let name = Path.GetFileName full
        let temporary =
            Path.Combine(
                folder,
                "."
                + name.Substring(0, min name.Length 100)
                + "."
                + Guid.NewGuid().ToString("N")
                + ".tmp"
            )
        let writeTemporary () =
            use stream =
                new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 <<< 16)
            use writer = new StreamWriter(stream, UTF8Encoding(false), 1 <<< 16)
            fill writer
            writer.Flush()
            stream.Flush true
        try
            writeTemporary ()
            File.Move(temporary, full, true)
        with e ->
            try
                File.Delete temporary
            with _ ->
                ()
            let message = e.Message.Replace(temporary, path)
            match e with
            | :? UnauthorizedAccessException -> raise (UnauthorizedAccessException(message))
            | :? DirectoryNotFoundException -> raise (DirectoryNotFoundException(message))
            | :? IOException -> raise (IOException(message))
            | _ -> reraise ()
