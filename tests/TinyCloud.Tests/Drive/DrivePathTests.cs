using System.Text;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Tests.Drive;

public sealed class DrivePathTests
{
    [Theory]
    [InlineData("/a/../b", "'.' and '..'")]
    [InlineData("/a/./b", "'.' and '..'")]
    [InlineData("/a//b", "empty segments")]
    [InlineData("/a/", "must not end with '/'")]
    [InlineData("/a\\b", "'\\'")]
    [InlineData("/a\0b", "control characters")]
    [InlineData("/a\u0007b", "control characters")]
    [InlineData("relative/path", "absolute")]
    [InlineData("", "required")]
    public void AnInvalidPathIsRejectedNamingTheRule(string path, string rule)
    {
        var (normalized, error) = DrivePath.Normalize(path);
        normalized.ShouldBeNull();
        error.ShouldNotBeNull().ShouldContain(rule);
    }

    [Fact]
    public void ASegmentOf256BytesIsRejectedAndOf255BytesAccepted()
    {
        DrivePath.Normalize("/" + new string('a', 256)).Error.ShouldNotBeNull().ShouldContain("255 UTF-8 bytes");
        DrivePath.Normalize("/" + new string('a', 255)).Path.ShouldBe("/" + new string('a', 255));
        // 128 two-byte characters are 256 bytes although only 128 chars.
        DrivePath.Normalize("/" + new string('é', 128)).Error.ShouldNotBeNull().ShouldContain("255 UTF-8 bytes");
    }

    [Fact]
    public void NonNfcInputIsNormalizedNotRejected()
    {
        var decomposed = "/cafe\u0301/re\u0301sume\u0301.txt";
        var (path, error) = DrivePath.Normalize(decomposed);
        error.ShouldBeNull();
        path.ShouldBe("/caf\u00e9/r\u00e9sum\u00e9.txt");
        path!.IsNormalized(NormalizationForm.FormC).ShouldBeTrue();
    }

    [Fact]
    public void RootAndNestedPathsSplitIntoParentAndName()
    {
        DrivePath.Normalize("/").Path.ShouldBe("/");
        DrivePath.Parent("/a/b/c.txt").ShouldBe("/a/b");
        DrivePath.Parent("/a").ShouldBe("/");
        DrivePath.Name("/a/b/c.txt").ShouldBe("c.txt");
        DrivePath.Combine("/", "a").ShouldBe("/a");
        DrivePath.Combine("/a", "b").ShouldBe("/a/b");
    }

    [Fact]
    public void InsideMeansTheSamePathOrBelowItNotASharedPrefix()
    {
        DrivePath.IsSameOrInside("/a/b", "/a").ShouldBeTrue();
        DrivePath.IsSameOrInside("/a", "/a").ShouldBeTrue();
        DrivePath.IsSameOrInside("/ab", "/a").ShouldBeFalse();
        DrivePath.Rebase("/a/b/c", "/a", "/x/y").ShouldBe("/x/y/b/c");
    }
}
