using System.Net;
using MongoDB.Driver;
using TinyCloud.Shared.Drive;
using TinyCloud.Tests.Infrastructure;
using TinyCloud.Tests.Security;

namespace TinyCloud.Tests.Search;

[Collection(Areas.Drive)]
public sealed class SearchTests(Stack stack)
{
    private static readonly byte[] Bytes = "12345"u8.ToArray();

    [Fact]
    public async Task PagesOfTwoOverFiveMatchesAreThreeWithEveryMatchOnceAndNoCursorAtTheEnd()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.CreateFolderAsync("/work")).ShouldBeSuccess();
        (await client.CreateFolderAsync("/work/2024")).ShouldBeSuccess();
        string[] expected = ["/Report draft.txt", "/work/report-final.pdf", "/work/2024/Q1_report.xlsx", "/work/2024/reports", "/work/reporting.md"];
        foreach (var path in expected.Where(p => p.Contains('.')))
            (await client.UploadAsync(path, Bytes)).ShouldBeSuccess();
        (await client.CreateFolderAsync("/work/2024/reports")).ShouldBeSuccess();
        (await client.UploadAsync("/work/unrelated.txt", Bytes)).ShouldBeSuccess();
        (await client.UploadAsync("/work/prereport.txt", Bytes)).ShouldBeSuccess(); // "report" inside a word, not a prefix of one

        var seen = new List<string>();
        var sizes = new List<int>();
        string? cursor = null;
        do
        {
            var (matches, next) = await client.PageAsync("report", limit: 2, cursor: cursor);
            sizes.Add(matches.Count);
            seen.AddRange(matches.Select(m => m["abs_path"]!.GetValue<string>()));
            cursor = next;
        } while (cursor is not null && sizes.Count < 10);

        sizes.ShouldBe([2, 2, 1]);
        seen.ShouldBe(expected.OrderBy(p => p[(p.LastIndexOf('/') + 1)..].ToLowerInvariant(), StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task AMatchCarriesTheRichEntityShapeWithItsField()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.CreateFolderAsync("/Invoices", "special")).ShouldBeSuccess();
        (await client.UploadAsync("/Invoices/march.pdf", Bytes, "special", "application/pdf")).ShouldBeSuccess();

        var (matches, next) = await client.PageAsync("MARCH");
        next.ShouldBeNull();
        var match = matches.ShouldHaveSingleItem();
        match["name"]!.GetValue<string>().ShouldBe("march.pdf");
        match["abs_path"]!.GetValue<string>().ShouldBe("/Invoices/march.pdf");
        match["base_type"]!.GetValue<string>().ShouldBe("file");
        match["file_field"]!.GetValue<string>().ShouldBe("special");
        match["size_bytes"]!.GetValue<long>().ShouldBe(Bytes.Length);
        match["mime_type"]!.GetValue<string>().ShouldBe("application/pdf");
        match["modified_at"]!.GetValue<DateTime>().ShouldBeGreaterThan(DateTime.UtcNow.AddMinutes(-5));
        match["shared"]!.GetValue<bool>().ShouldBeFalse();
        (await client.FoundAsync("invoices")).ShouldBe(["special:/Invoices"]);
    }

    [Fact]
    public async Task CaseAndAccentsFoldBothWaysAndNfdInputMatchesNfcNames()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.UploadAsync("/Café Menu.pdf", Bytes)).ShouldBeSuccess();
        (await client.UploadAsync("/cafeteria.txt", Bytes)).ShouldBeSuccess();
        (await client.CreateFolderAsync("/Re\u0301sume\u0301s")).ShouldBeSuccess(); // sent decomposed (NFD)

        string[] both = ["mere:/Café Menu.pdf", "mere:/cafeteria.txt"];
        (await client.FoundAsync("cafe")).ShouldBe(both);
        (await client.FoundAsync("CAFÉ")).ShouldBe(both);
        (await client.FoundAsync("cafe\u0301")).ShouldBe(both, ignoreOrder: false, "a decomposed é is the same query");
        (await client.FoundAsync("café m")).ShouldBe(["mere:/Café Menu.pdf"], "every word must match");
        (await client.FoundAsync("résumés")).ShouldBe(["mere:/Résumés"]);
        (await client.FoundAsync("RESUME")).ShouldBe(["mere:/Résumés"]);
        (await client.FoundAsync("tea")).ShouldBeEmpty("a word's middle is no prefix");
    }

    [Fact]
    public async Task CompatibilityFormsAndFullCaseFoldingMatchTheirPlainSpelling()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.UploadAsync("/ﬁnance ２０２４.xlsx", Bytes)).ShouldBeSuccess(); // "ﬁ" ligature, full-width digits
        (await client.UploadAsync("/Straße.txt", Bytes)).ShouldBeSuccess();
        (await client.UploadAsync("/ΟΔΥΣΣΕΥΣ.txt", Bytes)).ShouldBeSuccess();

        (await client.FoundAsync("fin")).ShouldBe(["mere:/ﬁnance ２０２４.xlsx"]);
        (await client.FoundAsync("2024")).ShouldBe(["mere:/ﬁnance ２０２４.xlsx"]);
        (await client.FoundAsync("ＦＩＮＡＮＣＥ")).ShouldBe(["mere:/ﬁnance ２０２４.xlsx"]);
        (await client.FoundAsync("strasse")).ShouldBe(["mere:/Straße.txt"]);
        (await client.FoundAsync("STRASSE")).ShouldBe(["mere:/Straße.txt"]);
        (await client.FoundAsync("οδυσσευς")).ShouldBe(["mere:/ΟΔΥΣΣΕΥΣ.txt"], "final sigma folds to sigma");
    }

    [Fact]
    public async Task TheFieldFilterKeepsToOneFieldAndItsAbsenceSearchesAllThree()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        foreach (var field in new[] { "mere", "special", "temporary" })
            (await client.UploadAsync("/notes.txt", Bytes, field)).ShouldBeSuccess();

        (await client.FoundAsync("notes", "special")).ShouldBe(["special:/notes.txt"]);
        (await client.FoundAsync("notes", "temporary")).ShouldBe(["temporary:/notes.txt"]);
        (await client.FoundAsync("notes")).Order().ShouldBe(["mere:/notes.txt", "special:/notes.txt", "temporary:/notes.txt"]);
    }

    [Fact]
    public async Task AnotherUsersFilesAreNeverFound()
    {
        using var alice = await stack.Worker.NewClient().SignUpAsync();
        using var bob = await stack.Worker.NewClient().SignUpAsync();
        var word = "secret" + Guid.NewGuid().ToString("N")[..6];
        (await alice.UploadAsync($"/{word}.txt", Bytes)).ShouldBeSuccess();

        (await bob.FoundAsync(word)).ShouldBeEmpty();
        (await alice.FoundAsync(word)).ShouldBe([$"mere:/{word}.txt"]);
    }

    [Fact]
    public async Task DeletedEntriesAndPendingUploadsAreNotFound()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.CreateFolderAsync("/old")).ShouldBeSuccess();
        (await client.UploadAsync("/old/budget-a.txt", Bytes)).ShouldBeSuccess();
        (await client.UploadAsync("/budget-b.txt", Bytes)).ShouldBeSuccess();
        (await client.UploadAsync("/budget-c.txt", Bytes)).ShouldBeSuccess();
        (await client.BeginUploadAsync("/budget-pending.iso", 1000)).ShouldBeSuccess();

        (await client.DeleteAsync("/old", "folder")).ShouldBeSuccess();
        (await client.DeleteAsync("/budget-b.txt")).ShouldBeSuccess();

        (await client.FoundAsync("budget")).ShouldBe(["mere:/budget-c.txt"]);
    }

    [Fact]
    public async Task EntriesInsideAFolderBeingDeletedAreNotFoundWhileTheyAwaitTheSweep()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.CreateFolderAsync("/going")).ShouldBeSuccess();
        (await client.CreateFolderAsync("/going/deeper")).ShouldBeSuccess();
        for (var i = 0; i < 4; i++)
            (await client.UploadAsync($"/going/deeper/plan-{i}.txt", Bytes)).ShouldBeSuccess();
        (await client.UploadAsync("/plan-kept.txt", Bytes)).ShouldBeSuccess();
        // What a delete leaves between cutting the folder out and sweeping it (or a crash in between): ready entries below a detached folder.
        var folder = (await stack.Worker.EntryAtAsync(await Integrity.Races.UserIdAsync(client), "mere", "/going"))!;
        await stack.Worker.Entries().UpdateOneAsync(e => e.UserId == folder.UserId && e.Id == folder.Id, Builders<EntryDocument>.Update
            .Set(e => e.ParentId, folder.Id).Set(e => e.State, EntryState.Deleting));

        var (matches, next) = await client.PageAsync("plan", limit: 1);
        matches.Select(SearchCalls.Where).ShouldBe(["mere:/plan-kept.txt"]);
        next.ShouldBeNull("nothing after it is attached to the tree");
    }

    [Fact]
    public async Task ARenamedEntryIsFoundByItsNewNameAndNotByItsOldOne()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.CreateFolderAsync("/drafts")).ShouldBeSuccess();
        (await client.UploadAsync("/drafts/zebra.txt", Bytes)).ShouldBeSuccess();
        (await client.RenameAsync("/drafts/zebra.txt", "Giraffe.txt")).ShouldBeSuccess();
        (await client.RenameAsync("/drafts", "Savanna", "folder")).ShouldBeSuccess();

        (await client.FoundAsync("zebra")).ShouldBeEmpty();
        (await client.FoundAsync("drafts")).ShouldBeEmpty();
        (await client.FoundAsync("giraffe")).ShouldBe(["mere:/Savanna/Giraffe.txt"]);
        (await client.FoundAsync("savanna")).ShouldBe(["mere:/Savanna"]);
    }

    [Fact]
    public async Task AMovedEntryIsFoundAtItsNewPathAndFieldAndUnderItsNewName()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.CreateFolderAsync("/inbox")).ShouldBeSuccess();
        (await client.CreateFolderAsync("/inbox/trip")).ShouldBeSuccess();
        (await client.UploadAsync("/inbox/trip/ticket.pdf", Bytes)).ShouldBeSuccess();
        (await client.CreateFolderAsync("/archive", "special")).ShouldBeSuccess();
        (await client.UploadAsync("/inbox/memo.txt", Bytes)).ShouldBeSuccess();

        (await client.MoveAsync("/inbox/trip", "/archive/trip", "folder", "mere", "special")).ShouldBeSuccess();
        (await client.MoveAsync("/inbox/memo.txt", "/minutes.txt")).ShouldBeSuccess();

        (await client.FoundAsync("ticket")).ShouldBe(["special:/archive/trip/ticket.pdf"]);
        (await client.FoundAsync("ticket", "mere")).ShouldBeEmpty();
        (await client.FoundAsync("memo")).ShouldBeEmpty();
        (await client.FoundAsync("minutes")).ShouldBe(["mere:/minutes.txt"]);
    }

    public static TheoryData<string, object, HttpStatusCode, string> BadInputs => new()
    {
        { "empty query", new { query = "" }, HttpStatusCode.BadRequest, "query must not be empty" },
        { "whitespace query", new { query = " \t\n " }, HttpStatusCode.BadRequest, "query must not be empty" },
        { "query of accents only", new { query = "\u0301\u0308 " }, HttpStatusCode.BadRequest, "nothing to search by" },
        { "query over 100 characters", new { query = new string('a', 101) }, HttpStatusCode.BadRequest, "at most 100" },
        { "missing query", new { file_field = "mere" }, HttpStatusCode.UnprocessableEntity, "query" },
        { "query of the wrong type", new { query = 5 }, HttpStatusCode.UnprocessableEntity, "query" },
        { "unknown field", new { query = "a", file_field = "trash" }, HttpStatusCode.BadRequest, "Unknown file_field" },
        { "limit zero", new { query = "a", limit = 0 }, HttpStatusCode.UnprocessableEntity, "between 1 and 200" },
        { "limit over 200", new { query = "a", limit = 201 }, HttpStatusCode.UnprocessableEntity, "between 1 and 200" },
        { "limit as a string", new { query = "a", limit = "5" }, HttpStatusCode.UnprocessableEntity, "limit" },
        { "cursor not base64url", new { query = "a", cursor = "!!!" }, HttpStatusCode.BadRequest, "cursor" },
        { "cursor too short", new { query = "a", cursor = "AAAA" }, HttpStatusCode.BadRequest, "cursor" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task BadInputIsRefusedWithAnEnvelope(string why, object body, HttpStatusCode status, string message)
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var response = await client.PostAsync(SearchCalls.Route, body);
        response.Status.ShouldBe(status, why);
        response.ShouldBeError(status, message);
    }

    [Theory]
    [InlineData("\\ud800")]
    [InlineData("\\ufffe")]
    public async Task AQueryThatCannotBeNormalizedIsRefusedWithAnEnvelope(string escaped)
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var response = await client.PostRawAsync(SearchCalls.Route, $"{{\"query\":\"a{escaped}\"}}");
        response.Status.ShouldBeOneOf([HttpStatusCode.BadRequest, HttpStatusCode.UnprocessableEntity], response.Body.ToJsonString());
        response.ShouldBeError(response.Status);
    }

    [Fact]
    public async Task ACursorOfAnotherSearchIsRefused()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.UploadAsync("/alpha-1.txt", Bytes)).ShouldBeSuccess();
        (await client.UploadAsync("/alpha-2.txt", Bytes)).ShouldBeSuccess();
        var (_, cursor) = await client.PageAsync("alpha", limit: 1);
        cursor.ShouldNotBeNull();

        (await client.SearchAsync("alp", cursor: cursor)).ShouldBeError(HttpStatusCode.BadRequest, "cursor");
        (await client.SearchAsync("alpha", "special", cursor: cursor)).ShouldBeError(HttpStatusCode.BadRequest, "cursor");
        (await client.SearchAsync("alpha", cursor: cursor[..^2] + (cursor[^2] == 'A' ? "B" : "A") + cursor[^1]))
            .Status.ShouldNotBe(HttpStatusCode.InternalServerError);
        var (rest, end) = await client.PageAsync("ALPHA", limit: 1, cursor: cursor); // the same search, folded alike
        rest.Select(SearchCalls.Where).ShouldBe(["mere:/alpha-2.txt"]);
        end.ShouldBeNull();
    }

    [Fact]
    public async Task SearchNeedsALogin()
    {
        using var anonymous = stack.Worker.NewClient();
        (await anonymous.SearchAsync("a")).ShouldBeError(HttpStatusCode.Unauthorized);
    }
}
