using System.Globalization;

namespace Micrograd.Cli;

/// <summary>
/// Every message the command line prints about a bad argument, a bad destination or a doubtful
/// data set, in one place. The caller adds the <c>error: </c> or <c>warning: </c> prefix; every
/// message is one line, says what was given and what is expected, and names the user's path.
/// </summary>
internal static class Messages
{
    /// <summary>The line printed when Ctrl-C (or SIGTERM) stops training.</summary>
    /// <param name="step">The step that did not run: steps 0 to step - 1 finished, so it is also their count.</param>
    public static string Interrupted(int step) => Invariant($"interrupted at step {step}");

    public static string NeedsValue(string option, string expected) => $"{option} needs a value: {expected}.";

    public static string GivenTwice(string option, IReadOnlyList<string> values) =>
        $"{option} is given {values.Count} times ({string.Join(", ", values.Select(v => $"'{Shorten(v)}'"))}); give it once.";

    public static string ValueIsAnOption(string option, string expected, string token) =>
        $"{option} needs a value: {expected}; '{token}' is another option.";

    public static string NotAWholeNumber(string option, int minimum, int maximum, string token) =>
        Invariant($"{option} must be a whole number from {minimum} to {maximum}; got '{Shorten(token)}'.");

    public static string WholeNumberOutOfRange(string option, int minimum, int maximum, string token, bool tooSmall) =>
        Invariant($"{option} must be a whole number from {minimum} to {maximum}; got {Shorten(token)}, which is too {(tooSmall ? "small" : "large")}.");

    public static string WholeNumberRange(int minimum, int maximum) => Invariant($"a whole number from {minimum} to {maximum}");

    public static string NotAFiniteNumber(string option, double minimum, string token) =>
        Invariant($"{option} must be a finite number, {minimum} or more; got '{Shorten(token)}'.");

    public static string FiniteNumberRange(double minimum) => Invariant($"a finite number, {minimum} or more");

    public static string NotOneOf(string option, IReadOnlyList<string> allowed, string token) =>
        $"{option} must be {OneOf(allowed)}; got '{Shorten(token)}'.";

    public static string OneOf(IReadOnlyList<string> allowed) =>
        allowed.Count == 1 ? allowed[0] : $"{string.Join(", ", allowed.Take(allowed.Count - 1))} or {allowed[^1]}";

    public static string EmptyPath(string option, string what) => $"{option} needs {what}; got an empty path.";

    public static string EmptyName(string option, string what) => $"{option} needs {what}; got an empty one.";

    public static string NotALeaf(string option, string example, string leaf, IReadOnlyList<string> leaves) =>
        $"{option}: the {example} example has no leaf '{Shorten(leaf)}'; expected {OneOf(leaves)} (--example chooses the example).";

    public static string InvalidPath(string option, string path) => $"{option}: '{Shorten(path)}' is not a valid path.";

    public static string NotWithData(string option) => $"{option} shapes generated moons; it cannot be used with --data.";

    public static string UnknownOption(string token, string command, string? suggestion) =>
        $"unknown option '{Shorten(token)}' for '{command}'"
        + (suggestion is null ? "" : $"; did you mean {suggestion}?")
        + $" ('{command} --help' lists the options).";

    public static string UnknownCommand(string token, IReadOnlyList<string> commands) =>
        $"unknown command '{Shorten(token)}'; expected {OneOf(commands)} ('micrograd --help' describes them).";

    public static string UnexpectedArgument(string token, string command) =>
        $"unexpected argument '{Shorten(token)}': '{command}' takes options only ('{command} --help' lists them).";

    public static string NoCommand(IReadOnlyList<string> commands) =>
        $"no command given; expected {OneOf(commands)} ('micrograd --help' describes them).";

    // Destinations, checked before the first step.
    public static string IsAFolder(string option, string path) => $"{option}: '{path}' is a folder; expected a file to write.";

    public static string IsAFile(string option, string path) =>
        $"{option}: '{path}' is a file; expected a folder (created if missing).";

    public static string UnderAFile(string option, string path, string file) =>
        $"{option}: cannot create '{path}', because '{file}' is a file, not a folder.";

    public static string FileIsTheFolder(string option, string path, string folderOption) =>
        $"{option}: '{path}' is the folder that {folderOption} writes into; expected a file of its own.";

    public static string UnderAnOutputFile(string option, string path, string fileOption, string file) =>
        $"{option}: cannot create '{path}', because '{file}' is the file that {fileOption} writes, not a folder.";

    public static string FolderNotWritable(string option, string path, string folder) =>
        $"{option}: cannot write '{path}': the folder '{folder}' does not allow creating files.";

    public static string SameFile(string first, string second, string path) =>
        $"{first} and {second} name the same file '{path}'; give them different names.";

    public static string WouldOverwriteData(string option, string path) =>
        $"{option} would overwrite the --data file '{path}'; give it another name.";

    public static string CannotWrite(string path, string reason) => $"cannot write '{path}': {reason}.";

    // The data file.
    public static string DataIsAFolder(string path) => $"--data: '{path}' is a folder; expected a CSV file (x,y,label).";

    public static string DataMissing(string path) => $"--data: '{path}' does not exist; expected a CSV file (x,y,label).";

    public static string CannotRead(string path, string reason) => $"--data: cannot read '{path}': {reason}.";

    public static string BatchLargerThanData(int size, int count) =>
        Invariant($"--batch-size {size} is more than the {count} points of the data; expected at most {count}.");

    public static string TooManyPointsPerStep(int count, int maximum) =>
        Invariant($"a step trains on at most {maximum} points (each adds about 660 nodes to the step's graph), and the data has {count}; give --batch-size, at most {maximum}.");

    public static string CoordinatesTooLarge(string source, double limit) =>
        Invariant($"{source} has a coordinate beyond ±{limit:R}; the picture and the network's scores need coordinates within it.");

    // The network file (--load, --save).
    public static string LoadIsAFolder(string path) => $"--load: '{path}' is a folder; expected a network saved by --save (a JSON file).";

    public static string LoadMissing(string path) => $"--load: '{path}' does not exist; expected a network saved by --save (a JSON file).";

    public static string CannotLoad(string problem) => $"--load: {problem}";

    public static string LoadUnreadable(string path, string reason) => $"--load: cannot read '{path}': {reason}.";

    public static string WrongNetwork(string path, string found, string expected) =>
        $"--load: '{path}' holds {found}; this command trains {expected}.";

    public static string CannotSave(string path, string reason) => $"--save: cannot save '{path}': {reason}";

    public static string TooManySpiralPoints(int points, int classes, int maximum) =>
        Invariant($"--points {points} times --classes {classes} is {(long)points * classes} points; a step trains on at most {maximum}.");

    // Warnings: the run goes on.
    public static string OnePoint() =>
        "the data has only 1 point: the model is trained and scored on that point alone, so the accuracy says nothing.";

    public static string OneClass(double label) =>
        Invariant($"every point of the data has label {label:+0;-0}, one class only: answering {label:+0;-0} always scores 100%, so the accuracy says nothing.");

    public static string LossNotFinite(int step, double loss) =>
        Invariant($"the loss of step {step} is {loss}: training has diverged, and the later steps and the picture mean nothing.");

    /// <summary>
    /// Why a file operation failed, in words, naming <paramref name="path"/> where the system's
    /// message named <paramref name="temporary"/> (the hidden file an atomic write goes through).
    /// </summary>
    public static string Reason(Exception e, string? temporary = null, string? path = null) => e switch
    {
        UnauthorizedAccessException => "permission denied",
        DirectoryNotFoundException => "its folder does not exist",
        PathTooLongException => "the path is too long",
        FileNotFoundException => "it does not exist",
        _ => Tidy(temporary is null || path is null ? e.Message : e.Message.Replace(temporary, path, StringComparison.Ordinal)),
    };

    // .NET's Unix messages read "Is a directory : '/x'."; the stray space goes, and the final stop
    // too, since the reason is put inside a sentence.
    private static string Tidy(string message) =>
        message.Replace(" : '", ": '", StringComparison.Ordinal).Trim().TrimEnd('.');

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "...";
}
