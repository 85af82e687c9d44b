namespace Micrograd.Cli.Output;

/// <summary>
/// The command's files, written whole or not at all by the core's
/// <see cref="Micrograd.Core.IO.AtomicFile"/>; this adds what the command line promises on top:
/// a missing folder is created, and every failure is one sentence that names the user's path.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="text"/> as UTF-8 (no byte-order mark).</summary>
    /// <exception cref="IOException">The file cannot be written; the message names <paramref name="path"/>.</exception>
    public static void WriteAllText(string path, string text) =>
        Guarded(path, () => Core.IO.AtomicFile.WriteAllText(path, text));

    /// <summary>Writes <paramref name="bytes"/>.</summary>
    /// <exception cref="IOException">The file cannot be written; the message names <paramref name="path"/>.</exception>
    public static void WriteAllBytes(string path, byte[] bytes) =>
        Guarded(path, () => Core.IO.AtomicFile.WriteAllBytes(path, bytes));

    /// <summary>Lets <paramref name="write"/> fill the file.</summary>
    /// <exception cref="IOException">The file cannot be written: the message names <paramref name="path"/>,
    /// never the temporary file.</exception>
    public static void Write(string path, Action<Stream> write) =>
        Guarded(path, () => Core.IO.AtomicFile.Write(path, write));

    private static void Guarded(string path, Action write)
    {
        var full = Path.GetFullPath(path);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full) ?? ".");
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // The command line words the common reasons its own way; any other is the core's, which
            // already names the user's path in place of the temporary file's.
            var inner = e.InnerException ?? e;
            var reason = Directory.Exists(full) ? "it is a folder"
                : inner is UnauthorizedAccessException or DirectoryNotFoundException or PathTooLongException ? Messages.Reason(inner)
                : Messages.Reason(e).Replace($"Could not write '{path}': ", "", StringComparison.Ordinal);
            throw new IOException(Messages.CannotWrite(path, reason), e);
        }
    }
}
