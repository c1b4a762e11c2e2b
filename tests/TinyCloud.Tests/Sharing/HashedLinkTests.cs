using System.Buffers.Text;
using TinyCloud.Shared.Sharing;

namespace TinyCloud.Tests.Sharing;

public sealed class HashedLinkTests
{
    private const int Count = 10_000;

    [Fact]
    public void TenThousandLinksAreDistinctUrlSafeAndEachCarries192RandomBits()
    {
        var links = Enumerable.Range(0, Count).Select(_ => HashedLinks.New()).ToList();

        links.Distinct(StringComparer.Ordinal).Count().ShouldBe(Count);
        foreach (var link in links)
        {
            link.Length.ShouldBe(32);
            link.ShouldMatch("^[A-Za-z0-9_-]{32}$");
            Base64Url.DecodeFromChars(link).Length.ShouldBe(24);
        }
    }

    [Fact]
    public void EveryBitOfTheLinksIsAsOftenSetAsNot()
    {
        // Each of the 192 bits should be set in about half of the links: a constant, counter or clock-derived
        // bit would sit at 0% or 100%. 5000 ± 350 is seven standard deviations.
        var ones = new int[HashedLinks.RandomBytes * 8];
        for (var i = 0; i < Count; i++)
        {
            var bytes = Base64Url.DecodeFromChars(HashedLinks.New());
            for (var bit = 0; bit < ones.Length; bit++)
                ones[bit] += (bytes[bit / 8] >> (bit % 8)) & 1;
        }
        ones.ShouldAllBe(n => n > Count / 2 - 350 && n < Count / 2 + 350);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+/")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA..")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAé")]
    public void AnythingButThirtyTwoBase64UrlCharactersIsNotALink(string? candidate) =>
        HashedLinks.IsWellFormed(candidate).ShouldBeFalse();

    [Fact]
    public void AFreshLinkIsWellFormed() => HashedLinks.IsWellFormed(HashedLinks.New()).ShouldBeTrue();
}
