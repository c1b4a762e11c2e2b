using MongoDB.Bson;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Search;

namespace TinyCloud.Tests.Search;

public sealed class SearchTextTests
{
    [Theory]
    [InlineData("Café", "cafe")]
    [InlineData("Cafe\u0301", "cafe")]
    [InlineData("ﬁnal", "final")]
    [InlineData("ＡＢＣ１２３", "abc123")]
    [InlineData("Straße", "strasse")]
    [InlineData("ΣΟΦΊΑ", "σοφια")]
    [InlineData("İstanbul", "istanbul")]
    [InlineData("Øresund Łódź", "oresund lodz")]
    [InlineData("がっこう", "がっこう")] // dakuten are no accent: they change the kana
    public void FoldingDropsCaseCompatibilityFormsAndLatinGreekCyrillicAccents(string text, string folded) =>
        SearchText.Fold(text).ShouldBe(folded);

    [Fact]
    public void ANamesKeysAreTheWholeFoldedNameAndEachWordSplitOnSpacesAndPunctuation() =>
        SearchText.Keys("Annual_Report-2024.final  (v2).PDF")
            .ShouldBe(["annual_report-2024.final  (v2).pdf", "annual", "report", "2024", "final", "v2", "pdf"]);

    [Fact]
    public void AQueryOfSeparatorsOnlyIsAPrefixOfTheWholeName()
    {
        SearchText.Terms("  .git ").ShouldBe(["git"]);
        SearchText.Terms("..").ShouldBe([".."]);
        SearchText.Terms("Report  REPORT q1").ShouldBe(["report", "q1"]);
        SearchText.Terms(" \u0301 ").ShouldBeEmpty();
    }

    [Fact]
    public void ACursorReadsBackOnlyForTheSearchThatMadeIt()
    {
        var position = new SearchPosition("résumé 2024.pdf", ObjectId.GenerateNewId());
        var cursor = SearchCursor.Encode(position, ["res"], null);

        SearchCursor.TryDecode(cursor, ["res"], null).ShouldBe(position);
        SearchCursor.TryDecode(cursor, ["re"], null).ShouldBeNull();
        SearchCursor.TryDecode(cursor, ["res"], "mere").ShouldBeNull();
        SearchCursor.TryDecode(cursor + "=", ["res"], null).ShouldBeNull();
        SearchCursor.TryDecode("", ["res"], null).ShouldBeNull();
        SearchCursor.TryDecode("!!!", ["res"], null).ShouldBeNull();
        SearchCursor.TryDecode(cursor[..^1] + "\u00e9", ["res"], null).ShouldBeNull();
    }
}
