using System.Text;

namespace Micrograd.Cli.Output;

/// <summary>
/// Writes a file whole or not at all: the content goes to a temporary file in the same folder,
/// which is then renamed over the target. A failure part way leaves no half-written file.
/// </summary>
internal static class AtomicFile
{
    private static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes <paramref name="text"/> as UTF-8 (no byte-order mark).</summary>
    /// <exception cref="IOException">The file cannot be written; the message names <paramref name="path"/>.</exception>
    public static void WriteAllText(string path, string text) =>
        Write(path, stream =>
        {
            var bytes = Utf8NoBom.GetBytes(text);
            stream.Write(bytes, 0, bytes.Length);
        });

    /// <summary>Writes <paramref name="bytes"/>.</summary>
    /// <exception cref="IOException">The file cannot be written; the message names <paramref name="path"/>.</exception>
    public static void WriteAllBytes(string path, byte[] bytes) =>
        Write(path, stream => stream.Write(bytes, 0, bytes.Length));

    /// <summary>Lets <paramref name="write"/> fill a temporary file, then moves it to <paramref name="path"/>.</summary>
    /// <exception cref="IOException">The file cannot be written: the message names <paramref name="path"/>,
    /// never the temporary file.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full) ?? ".";
        // Same folder, so the move is a rename on one file system; hidden and unique, so a
        // reader of the folder never mistakes it for the real file.
        var temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(folder);
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception e)
        {
            Discard(temporary);
            if (e is IOException or UnauthorizedAccessException)
            {
                var reason = Directory.Exists(full) ? "it is a folder" : Messages.Reason(e, temporary, path);
                throw new IOException(Messages.CannotWrite(path, reason), e);
            }
            throw;
        }
    }

    private static void Discard(string temporary)
    {
        try
        {
            File.Delete(temporary);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The temporary was never created (its folder is missing or closed to us).
        }
    }
}
