using System.Text;
using Micrograd.Core;

namespace Micrograd.CSharp.Tests;

public class ValueDotTests
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    // e = a * b with relabelled values and grads after Backward: what ToDot's own tests check.
    private static Value Product()
    {
        var a = new Value(-4.0, "a");
        var b = new Value(2.0, "β{b}");
        var e = a * b;
        e.Label = "e";
        a.Label = "alpha";
        e.Backward();
        return e;
    }

    private static string FreshFolder()
    {
        var dir = Path.Combine(Path.GetTempPath(), "micrograd-dot-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string[] FilesIn(string dir) =>
        Directory.GetFileSystemEntries(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    /// <summary>Counts the lines written and keeps no text.</summary>
    private sealed class LineCounter : TextWriter
    {
        public long Lines { get; private set; }

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => Write([value]);

        public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

        public override void Write(string? value) => Write(value.AsSpan());

        public override void Write(ReadOnlySpan<char> buffer) => Lines += buffer.Count('\n');
    }

    [Fact]
    public void WriteDot_ToWriter_WritesWhatToDotReturns()
    {
        var e = Product();
        foreach (var direction in new[] { RankDir.LeftToRight, RankDir.TopToBottom })
        {
            var writer = new StringWriter();
            e.WriteDot(writer, direction);
            Assert.Equal(e.ToDot(direction), writer.ToString());
        }
        var text = new StringWriter();
        e.WriteDot(text);
        Assert.Contains("{ alpha | data -4.0000 | grad 2.0000 }", text.ToString());
        Assert.Contains("{ β\\{b\\} | data 2.0000 | grad -4.0000 }", text.ToString());
    }

    [Fact]
    public void WriteDot_ToFile_WritesToDotsTextAsUtf8WithoutByteOrderMark()
    {
        var dir = FreshFolder();
        try
        {
            var e = Product();
            var path = Path.Combine(dir, "product.dot");
            File.WriteAllText(path, "old");
            e.WriteDotFile(path, RankDir.TopToBottom);
            Assert.Equal(Utf8NoBom.GetBytes(e.ToDot(RankDir.TopToBottom)), File.ReadAllBytes(path));
            Assert.Equal(["product.dot"], FilesIn(dir));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void WriteDot_NullWriter_ThrowsArgumentNullExceptionNamingWriter()
    {
        var e = Assert.Throws<ArgumentNullException>(() => Product().WriteDot((TextWriter)null!));
        Assert.Equal("writer", e.ParamName);
    }

    [Fact]
    public void WriteDot_NullPath_ThrowsArgumentNullExceptionNamingPath()
    {
        var e = Assert.Throws<ArgumentNullException>(() => Product().WriteDotFile(null!));
        Assert.Equal("path", e.ParamName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void WriteDot_EmptyPath_ThrowsArgumentExceptionNamingPath(string path)
    {
        var e = Assert.Throws<ArgumentException>(() => Product().WriteDotFile(path));
        Assert.Equal("path", e.ParamName);
        Assert.Contains("empty", e.Message);
    }

    [Fact]
    public void WriteDot_FolderAsPath_ThrowsArgumentExceptionNamingPathAndWritesNothing()
    {
        var dir = FreshFolder();
        try
        {
            var e = Assert.Throws<ArgumentException>(() => Product().WriteDotFile(dir));
            Assert.Equal("path", e.ParamName);
            Assert.Contains($"'{dir}' is a folder", e.Message);
            Assert.Empty(FilesIn(dir));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void WriteDot_MissingFolder_ThrowsDirectoryNotFoundExceptionNamingThePath()
    {
        var dir = FreshFolder();
        try
        {
            var path = Path.Combine(dir, "missing", "product.dot");
            var e = Assert.Throws<DirectoryNotFoundException>(() => Product().WriteDotFile(path));
            Assert.Contains($"'{path}'", e.Message);
            Assert.DoesNotContain(".tmp", e.Message);
            Assert.Empty(FilesIn(dir));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void ToDotAndWriteDot_UndefinedRankDir_ThrowArgumentOutOfRangeExceptionNamingRankDir()
    {
        var e = Product();
        var bad = (RankDir)42;
        var writer = new StringWriter();
        foreach (var export in new Action[] { () => e.ToDot(bad), () => e.WriteDot(writer, bad), () => e.WriteDotFile("never.dot", bad) })
        {
            var thrown = Assert.Throws<ArgumentOutOfRangeException>(export);
            Assert.Equal("rankDir", thrown.ParamName);
            Assert.Contains("42", thrown.Message);
        }
        Assert.Equal("", writer.ToString());
        Assert.False(File.Exists("never.dot"));
    }

    [Fact]
    public void ToDot_MoreThanMaxStringNodesValues_ThrowsInvalidOperationExceptionNamingWriteDot()
    {
        // x, c, and 99,999 products by c: 100,001 values, one more than the documented 100,000.
        Assert.Equal(100_000, Graphviz.MaxStringNodes);
        var c = new Value(1.0);
        var y = new Value(2.0, "x");
        for (var i = 0; i < 99_999; i++)
        {
            y *= c;
        }
        var e = Assert.Throws<InvalidOperationException>(() => y.ToDot());
        Assert.Contains("100001 nodes", e.Message);
        Assert.Contains("value.WriteDot(writer)", e.Message);
        Assert.Contains("value.WriteDotFile(path)", e.Message);
    }

    [Fact]
    public void WriteDot_ChainOfAMillionAdditions_StreamsEveryLine()
    {
        // x, c and a million sums y + c. Lines: a header of three, a record per value, per sum its
        // op node, the op's edge into the sum and two edges in; the closing brace.
        var c = new Value(1.0, "c");
        var y = new Value(0.5, "x");
        for (var i = 0; i < 1_000_000; i++)
        {
            y += c;
        }
        var counter = new LineCounter();
        y.WriteDot(counter);
        Assert.Equal(3 + 1_000_002 + 4 * 1_000_000 + 1, counter.Lines);
    }
}
