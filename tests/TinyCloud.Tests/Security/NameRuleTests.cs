using System.Net;
using TinyCloud.Shared.Drive;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Security;

/// <summary>Unicode noncharacters, unpaired surrogates and invisible controls in names: a 400 naming the rule, never a 500.</summary>
[Collection(Areas.Accounts)]
public sealed class NameRuleTests(Stack stack)
{
    /// <summary>As UTF-16 code units in hex: xunit cannot carry an unpaired surrogate in a string argument.</summary>
    public static TheoryData<string> Forbidden => new() { "FFFE", "FFFF", "FDD0", "D800", "DC00", "D83F DFFE" };

    private static string Text(string units) => string.Concat(units.Split(' ').Select(u => (char)Convert.ToInt32(u, 16)));

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void APathWithANoncharacterOrUnpairedSurrogateBreaksANamedRule(string units)
    {
        var bad = Text(units);
        var (path, error) = DrivePath.Normalize($"/a{bad}b");
        path.ShouldBeNull();
        error.ShouldNotBeNull().ShouldContain("noncharacter");
    }

    [Theory]
    [InlineData("\u202E")]
    [InlineData("\u2066")]
    [InlineData("\u200B")]
    [InlineData("\uFEFF")]
    public void AFileNameWithABidiControlOrZeroWidthSpaceIsRefused(string bad) =>
        DrivePath.CheckName($"invoice{bad}fdp.exe").ShouldNotBeNull().ShouldContain("invisible");

    [Theory]
    [InlineData("\u200C")] // ZWNJ: part of ordinary Persian spelling
    [InlineData("\u200D")] // ZWJ: joins emoji sequences
    public void AFileNameWithAJoinerIsAccepted(string joiner) => DrivePath.CheckName($"a{joiner}b").ShouldBeNull();

    [Theory]
    [MemberData(nameof(Forbidden))]
    public async Task EveryRouteTakingAPathAnswers400NamingTheRule(string units)
    {
        var bad = Text(units);
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.CreateFolderAsync("/ok", "mere")).ShouldBeSuccess();
        (await client.UploadAsync("/ok/a.txt", "a"u8.ToArray())).ShouldBeSuccess();
        var path = $"/x{bad}y";
        var entity = RawJson.Entity(path);
        var folder = RawJson.Entity(path, "folder");
        var calls = new (string Route, string Json)[]
        {
            ("/api/fs-service/create-folder", $"{{\"fs_entity\":{folder},\"file_field\":\"mere\"}}"),
            ("/api/fs-watching-service/get-fs-layer", $"{{\"abs_path_to_layer\":{RawJson.Literal(path)},\"file_field\":\"mere\"}}"),
            ("/api/fs-watching-service/get-fs-entity",
                $"{{\"abs_path_to_fs_entity\":{RawJson.Literal(path)},\"fs_entity_base_type\":\"file\",\"file_field\":\"mere\"}}"),
            ("/api/fs-service/rename-entity", $"{{\"fs_entity\":{entity},\"file_field\":\"mere\",\"new_name\":\"n.txt\"}}"),
            ("/api/fs-service/rename-entity",
                $"{{\"fs_entity\":{RawJson.Entity("/ok/a.txt")},\"file_field\":\"mere\",\"new_name\":{RawJson.Literal($"n{bad}.txt")}}}"),
            ("/api/fs-service/move-entity",
                $"{{\"fs_entity\":{RawJson.Entity("/ok/a.txt")},\"file_field\":\"mere\",\"new_abs_path\":{RawJson.Literal(path)}}}"),
            ("/api/fs-service/delete-entity", $"{{\"fs_entity\":{entity},\"file_field\":\"mere\"}}"),
            ("/api/download-service/download-file", $"{{\"fs_entity\":{entity},\"file_field\":\"mere\"}}"),
            ("/api/shared-service/make-shared", $"{{\"fs_entity\":{entity},\"file_field\":\"mere\"}}"),
            ("/api/fs-service/begin-upload", $"{{\"fs_entity\":{entity},\"file_field\":\"mere\",\"size_bytes\":1}}"),
        };
        foreach (var (route, json) in calls)
        {
            var response = await client.PostRawAsync(route, json);
            response.Status.ShouldBeOneOf([HttpStatusCode.BadRequest, HttpStatusCode.UnprocessableEntity], $"{route}: {response.Body.ToJsonString()}");
            response.ShouldBeError(response.Status);
        }
        (await client.GetAsync($"/api/utils-service/download-img-via-get-route?abs_path={Uri.EscapeDataString("/x" + bad.Replace('\uD800', '\uFFFE').Replace('\uDC00', '\uFFFE'))}&file_field=mere"))
            .ShouldBeError(HttpStatusCode.BadRequest, "noncharacter");
        (await client.LayerAsync("/ok")).Single()["name"]!.GetValue<string>().ShouldBe("a.txt");
    }

    [Theory]
    [MemberData(nameof(Forbidden))]
    public async Task AnUploadWhosePathHasANoncharacterIs400(string units)
    {
        var bad = Text(units);
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var meta = new StringContent($"{{\"fs_entity\":{RawJson.Entity($"/a{bad}.txt")},\"file_field\":\"mere\"}}");
        using var form = new MultipartFormDataContent { { meta, "request" }, { new ByteArrayContent("x"u8.ToArray()), "file", "a.txt" } };
        var response = await Client.Read(await client.Http.PostAsync("/api/fs-service/upload-file", form));
        response.Status.ShouldBeOneOf([HttpStatusCode.BadRequest, HttpStatusCode.UnprocessableEntity], response.Body.ToJsonString());
        response.ShouldBeError(response.Status);
        (await client.QuotaAsync()).Used.ShouldBe(0);
    }

    [Theory]
    [InlineData("\uFFFE")]
    [InlineData("\u202E")]
    [InlineData("\u200B")]
    [InlineData("\n")]
    public async Task AUserNameWithANoncharacterBidiControlZeroWidthOrTrailingNewlineIs422(string bad)
    {
        using var client = stack.Worker.NewClient();
        var name = "n" + Guid.NewGuid().ToString("N")[..8] + bad;
        var response = await client.PostRawAsync("/api/user-service/register",
            $"{{\"user_email\":\"{Guid.NewGuid():N}@example.com\",\"password\":\"12345678\",\"user_name\":{RawJson.Literal(name)}}}");
        response.ShouldBeError(HttpStatusCode.UnprocessableEntity, "user_name");
        response.Body["details"]![0]!["field"]!.GetValue<string>().ShouldBe("user_name");
    }
}
