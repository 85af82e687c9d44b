using Micrograd.Cli.Output;

namespace Micrograd.Cli.Tests;

public sealed class AtomicFileTests : IDisposable
{
    private readonly CliRunner _runner = new();

    public void Dispose() => _runner.Dispose();

    [Fact]
    public void Write_FailingHalfWay_LeavesTheOldFileAndNoTemporary()
    {
        var path = _runner.PathOf("log.csv");
        File.WriteAllText(path, "old");

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write("new, half"u8);
            throw new InvalidOperationException("disk full");
        }));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_runner.Folder));
    }

    [Fact]
    public void WriteAllText_MissingFolder_CreatesItAndReplacesNothingElse()
    {
        var path = Path.Combine(_runner.PathOf("a"), "b", "c.txt");

        AtomicFile.WriteAllText(path, "x,y,label\n");

        Assert.Equal("x,y,label\n", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }
}
