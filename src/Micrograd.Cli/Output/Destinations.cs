namespace Micrograd.Cli.Output;

/// <summary>
/// Checks, before any work starts, that every file a command will write can be written, so that
/// a bad destination fails at once and a run writes all its files or none. Nothing is created:
/// a missing folder is only looked at (its nearest existing ancestor must accept new files).
/// </summary>
internal sealed class Destinations
{
    private readonly List<(string Option, string Path, string Full)> _files = [];
    private readonly List<(string Option, string Path, string Full)> _folders = [];
    private readonly List<string> _problems = [];

    /// <summary>The first problem found, or null when every destination can be written.</summary>
    public string? Problem => _problems.Count > 0 ? _problems[0] : null;

    /// <summary>A file <paramref name="option"/> will write at <paramref name="path"/>.</summary>
    public Destinations File(string option, string path)
    {
        if (Full(option, path) is not { } full)
        {
            return this;
        }
        if (Directory.Exists(full))
        {
            _problems.Add(Messages.IsAFolder(option, path));
            return this;
        }
        foreach (var other in _files)
        {
            if (other.Full == full)
            {
                _problems.Add(Messages.SameFile(other.Option, option, path));
                return this;
            }
            if (IsUnder(full, other.Full))
            {
                _problems.Add(Messages.UnderAnOutputFile(option, path, other.Option, other.Path));
                return this;
            }
            if (IsUnder(other.Full, full))
            {
                _problems.Add(Messages.UnderAnOutputFile(other.Option, other.Path, option, path));
                return this;
            }
        }
        if (Clash(option, path, full))
        {
            return this;
        }
        _files.Add((option, path, full));
        CheckFolder(option, path, Path.GetDirectoryName(full));
        return this;
    }

    /// <summary>A folder <paramref name="option"/> will create if missing and write into.</summary>
    public Destinations Folder(string option, string path)
    {
        if (Full(option, path) is not { } full)
        {
            return this;
        }
        if (System.IO.File.Exists(full))
        {
            _problems.Add(Messages.IsAFile(option, path));
            return this;
        }
        foreach (var file in _files)
        {
            if (Clash(file.Option, file.Path, file.Full, (option, path, full)))
            {
                return this;
            }
        }
        _folders.Add((option, path, full));
        CheckFolder(option, path, full);
        return this;
    }

    // A file to write at `full` where a folder will be: the folder itself, or one of its ancestors.
    private bool Clash(string option, string path, string full)
    {
        foreach (var folder in _folders)
        {
            if (Clash(option, path, full, folder))
            {
                return true;
            }
        }
        return false;
    }

    private bool Clash(string option, string path, string full, (string Option, string Path, string Full) folder)
    {
        if (folder.Full == full)
        {
            _problems.Add(Messages.FileIsTheFolder(option, path, folder.Option));
            return true;
        }
        if (IsUnder(folder.Full, full))
        {
            _problems.Add(Messages.UnderAnOutputFile(folder.Option, folder.Path, option, path));
            return true;
        }
        return false;
    }

    // Whether `full` is inside the folder `ancestor` (both full paths), at any depth.
    private static bool IsUnder(string full, string ancestor) =>
        full.StartsWith(Path.TrimEndingDirectorySeparator(ancestor) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>Refuses a destination that is the input file at <paramref name="input"/>.</summary>
    public Destinations NotOver(string? input)
    {
        if (input is null)
        {
            return this;
        }
        var full = Path.GetFullPath(input);
        foreach (var file in _files.Where(f => f.Full == full))
        {
            _problems.Add(Messages.WouldOverwriteData(file.Option, file.Path));
        }
        return this;
    }

    private string? Full(string option, string path)
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            _problems.Add(Messages.InvalidPath(option, path));
            return null;
        }
    }

    // The nearest existing ancestor of `folder` must be a folder that accepts new files.
    private void CheckFolder(string option, string path, string? folder)
    {
        var existing = folder;
        while (existing is not null && !Directory.Exists(existing))
        {
            if (System.IO.File.Exists(existing))
            {
                _problems.Add(Messages.UnderAFile(option, path, AsGiven(path, existing)));
                return;
            }
            existing = Path.GetDirectoryName(existing);
        }
        if (existing is null)
        {
            _problems.Add(Messages.InvalidPath(option, path));
            return;
        }
        if (!AcceptsNewFiles(existing))
        {
            _problems.Add(Messages.FolderNotWritable(option, path, AsGiven(path, existing)));
        }
    }

    // A relative path's ancestor, relative too, as the user wrote it.
    private static string AsGiven(string path, string ancestor) =>
        Path.IsPathRooted(path) ? ancestor : Path.GetRelativePath(Environment.CurrentDirectory, ancestor);

    // Asking the system is the only test that agrees with it (permissions, ACLs, read-only mounts,
    // root): create a hidden file that the system deletes as it is closed.
    private static bool AcceptsNewFiles(string folder)
    {
        var probe = Path.Combine(folder, $".micrograd-probe.{Guid.NewGuid():N}.tmp");
        try
        {
            using var stream = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
