using Micrograd.Cli.Output;

namespace Micrograd.Cli.Tests;

/// <summary>
/// Destinations that cannot be written are refused before step 0, and then nothing at all is
/// written: the test folder holds afterwards exactly what the test put there.
/// </summary>
public sealed class DestinationTests : IDisposable
{
    private readonly CliRunner _runner = new();

    public void Dispose() => _runner.Dispose();

    private CliResult Moons(string out_, params string[] more) =>
        CliRunner.Run(["moons", "--steps", "1", "--log", _runner.PathOf("log.csv"), "--out", out_, .. more]);

    private string AFile()
    {
        var path = _runner.PathOf("a-file");
        File.WriteAllText(path, "keep");
        return path;
    }

    private string AFolder(string name = "a-folder")
    {
        var path = _runner.PathOf(name);
        Directory.CreateDirectory(path);
        return path;
    }

    [Fact]
    public void Out_AnExistingFile_IsRefusedBeforeTraining()
    {
        var file = AFile();
        var before = _runner.Contents();

        var result = Moons(file);

        Assert.Equal($"error: --out: '{file}' is a file; expected a folder (created if missing).", BadInput.AssertRefused(result));
        Assert.Equal(before, _runner.Contents());
        Assert.Equal("keep", File.ReadAllText(file));
    }

    [Fact]
    public void Out_UnderAFile_IsRefusedBeforeTraining()
    {
        var file = AFile();
        var before = _runner.Contents();
        var out_ = Path.Combine(file, "pictures");

        var result = Moons(out_);

        Assert.Equal($"error: --out: cannot create '{out_}', because '{file}' is a file, not a folder.", BadInput.AssertRefused(result));
        Assert.Equal(before, _runner.Contents());
    }

    [Fact]
    public void Log_AFolder_IsRefusedBeforeTraining()
    {
        var folder = AFolder();
        var before = _runner.Contents();

        var result = CliRunner.Run("moons", "--steps", "1", "--log", folder, "--out", _runner.PathOf("out"));

        Assert.Equal($"error: --log: '{folder}' is a folder; expected a file to write.", BadInput.AssertRefused(result));
        Assert.Equal(before, _runner.Contents());
    }

    [Fact]
    public void SaveData_UnderAFile_IsRefusedBeforeTraining()
    {
        var file = AFile();
        var before = _runner.Contents();
        var target = Path.Combine(file, "deeper", "data.csv");

        var result = Moons(_runner.PathOf("out"), "--save-data", target);

        Assert.Equal($"error: --save-data: cannot create '{target}', because '{file}' is a file, not a folder.", BadInput.AssertRefused(result));
        Assert.Equal(before, _runner.Contents());
    }

    [Fact]
    public void Out_PictureNameTakenByAFolder_IsRefusedBeforeTraining()
    {
        var out_ = _runner.PathOf("out");
        var taken = Path.Combine(out_, "loss.png");
        Directory.CreateDirectory(taken);
        var before = _runner.Contents();

        var result = Moons(out_);

        Assert.Equal($"error: --out: '{taken}' is a folder; expected a file to write.", BadInput.AssertRefused(result));
        Assert.Equal(before, _runner.Contents());
    }

    [Fact]
    public void Log_SameFileAsSaveData_IsRefused()
    {
        var log = _runner.PathOf("log.csv");

        var result = Moons(_runner.PathOf("out"), "--save-data", log);

        Assert.Equal($"error: --save-data and --log name the same file '{log}'; give them different names.", BadInput.AssertRefused(result));
        Assert.Empty(_runner.Contents());
    }

    [Fact]
    public void Log_TheDataFile_IsRefusedAndTheDataKept()
    {
        var data = _runner.PathOf("data.csv");
        File.WriteAllText(data, "x,y,label\n0,0,1\n1,1,-1\n");

        var result = CliRunner.Run("moons", "--steps", "1", "--data", data, "--log", data, "--out", _runner.PathOf("out"));

        Assert.Equal($"error: --log would overwrite the --data file '{data}'; give it another name.", BadInput.AssertRefused(result));
        Assert.Equal("x,y,label\n0,0,1\n1,1,-1\n", File.ReadAllText(data));
        Assert.Equal(["data.csv"], _runner.Contents());
    }

    [Fact]
    public void Out_RelativeUnderAFile_NamesThePathsAsGiven()
    {
        // Run from the test folder, so that relative paths resolve inside it.
        var file = AFile();
        var before = _runner.Contents();
        var previous = Environment.CurrentDirectory;
        CliResult result;
        Environment.CurrentDirectory = _runner.Folder;
        try
        {
            result = CliRunner.Run("moons", "--steps", "1", "--out", "a-file/pictures");
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }

        Assert.Equal("error: --out: cannot create 'a-file/pictures', because 'a-file' is a file, not a folder.", BadInput.AssertRefused(result));
        Assert.Equal(before, _runner.Contents());
        Assert.Equal("keep", File.ReadAllText(file));
    }

    [Fact]
    public void Out_ReadOnlyFolder_IsRefusedBeforeTrainingUnlessTheSystemLetsUsWrite()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix permissions: Windows' read-only attribute does not stop creating files in a folder.
        }
        var closed = AFolder("closed");
        File.SetUnixFileMode(closed, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            // Root (as in many containers) writes into it anyway; then the run must succeed,
            // since the check asks the system rather than reading the mode bits.
            bool writable;
            try
            {
                File.WriteAllText(Path.Combine(closed, "probe"), "");
                File.Delete(Path.Combine(closed, "probe"));
                writable = true;
            }
            catch (UnauthorizedAccessException)
            {
                writable = false;
            }
            var out_ = Path.Combine(closed, "out");

            var result = Moons(out_);

            if (writable)
            {
                Assert.Equal(0, result.ExitCode);
                Assert.True(File.Exists(Path.Combine(out_, "loss.png")));
            }
            else
            {
                Assert.Equal($"error: --out: cannot write '{out_}': the folder '{closed}' does not allow creating files.", BadInput.AssertRefused(result));
                Assert.Equal(["closed"], _runner.Contents());
            }
        }
        finally
        {
            File.SetUnixFileMode(closed, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public void Graph_OutAnExistingFile_IsRefusedAndWritesNothing()
    {
        var file = AFile();

        var result = CliRunner.Run("graph", "--out", file);

        Assert.Equal($"error: --out: '{file}' is a file; expected a folder (created if missing).", BadInput.AssertRefused(result));
        Assert.Equal(["a-file"], _runner.Contents());
    }

    [Fact]
    public void Graph_OutUnderAFile_IsRefusedAndWritesNothing()
    {
        var file = AFile();
        var out_ = Path.Combine(file, "graphs");

        var result = CliRunner.Run("graph", "--out", out_);

        Assert.Equal($"error: --out: cannot create '{out_}', because '{file}' is a file, not a folder.", BadInput.AssertRefused(result));
        Assert.Equal(["a-file"], _runner.Contents());
    }

    [Fact]
    public void Graph_DotFileNameTakenByAFolder_IsRefusedBeforeWritingTheOther()
    {
        var out_ = _runner.PathOf("out");
        var taken = Path.Combine(out_, "neuron.dot");
        Directory.CreateDirectory(taken);

        var result = CliRunner.Run("graph", "--out", out_);

        Assert.Equal($"error: --out: '{taken}' is a folder; expected a file to write.", BadInput.AssertRefused(result));
        // relu.dot comes first and would have been written before neuron.dot failed.
        Assert.Equal(["out", Path.Combine("out", "neuron.dot")], _runner.Contents());
    }

    [Fact]
    public void AtomicWrite_OverAFolder_NamesTheUserPathNotTheTemporary()
    {
        var folder = AFolder();

        var e = Assert.Throws<IOException>(() => AtomicFile.WriteAllText(folder, "x"));

        Assert.Equal($"cannot write '{folder}': it is a folder.", e.Message);
        Assert.Equal(["a-folder"], _runner.Contents());
    }

    [Fact]
    public void AtomicWrite_UnderAFile_NamesTheUserPathWithoutStraySpace()
    {
        var file = AFile();
        var path = Path.Combine(file, "log.csv");

        var e = Assert.Throws<IOException>(() => AtomicFile.WriteAllText(path, "x"));

        Assert.StartsWith($"cannot write '{path}': ", e.Message);
        Assert.DoesNotContain(".tmp", e.Message);
        Assert.DoesNotContain(" : ", e.Message);
        Assert.Equal(["a-file"], _runner.Contents());
    }
}
