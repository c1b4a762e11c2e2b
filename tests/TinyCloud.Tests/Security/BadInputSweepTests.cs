using System.Net;
using System.Text.Json.Nodes;
using TinyCloud.Functions.Platform;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Security;

/// <summary>
/// Every route against generated bad input: never a 5xx, an error envelope on every 4xx, and a refused request
/// leaves the user's listings and usage exactly as they were.
/// </summary>
[Collection(Areas.Accounts)]
public sealed class BadInputSweepTests(Stack stack)
{
    /// <summary>Functions that end or replace the caller's session on success; the sweep logs in again after them.</summary>
    private static readonly HashSet<string> ChangeSession = ["Login", "Logout", "RevokeSessions", "RevokeSession"];

    public static TheoryData<string> Routes()
    {
        var data = new TheoryData<string>();
        foreach (var function in FunctionCatalog.HttpFunctions.Where(f => f.Name != "RunCleanup"))
            data.Add(function.Name);
        return data;
    }

    [Fact]
    public void TheSweepSendsAtLeast200Cases() =>
        FunctionCatalog.HttpFunctions.Where(f => f.Name != "RunCleanup").Sum(f => SweepCases.For(f).Count()).ShouldBeGreaterThanOrEqualTo(200);

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task BadInputNeverGetsA5xxAndARefusalChangesNothing(string functionName)
    {
        var function = FunctionCatalog.Find(functionName)!;
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.CreateFolderAsync("/prep")).ShouldBeSuccess();
        (await client.UploadAsync("/prep/a.txt", "0123456789"u8.ToArray())).ShouldBeSuccess();
        (await client.UploadAsync("/top.txt", "top"u8.ToArray(), field: "special")).ShouldBeSuccess();
        var before = await SnapshotAsync(client);

        foreach (var sweep in SweepCases.For(function))
        {
            using var request = new HttpRequestMessage(sweep.Method, sweep.Path) { Content = sweep.Content() };
            if (sweep.Range is not null)
                request.Headers.TryAddWithoutValidation("Range", sweep.Range);
            if (function.Access == Access.Admin)
                request.Headers.Add("X-Admin-Key", Stack.AdminKey);
            using var response = await client.Http.SendAsync(request);
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync();
            var what = $"{functionName} / {sweep.Name}: {status} {text[..Math.Min(300, text.Length)]}";
            status.ShouldBeLessThan(500, what);
            if (status >= 400)
            {
                var body = ParseOrNull(text).ShouldNotBeNull(what);
                body["result"]!.GetValue<string>().ShouldBe("error", what);
                body["error"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace(what);
                (await SnapshotAsync(client)).ShouldBe(before, what);
            }
            else
            {
                if (ChangeSession.Contains(functionName))
                    (await client.PostAsync("/api/user-service/login", new { user_email = client.Email, password = Client.Password })).ShouldBeSuccess();
                before = await SnapshotAsync(client);
            }
        }
    }

    private static JsonNode? ParseOrNull(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>The root listing of every field, the prepared folder's listing and the used bytes.</summary>
    private static async Task<string> SnapshotAsync(Client client)
    {
        var parts = new List<string>();
        foreach (var field in new[] { "mere", "special", "temporary" })
            parts.Add(string.Join(",", (await client.LayerAsync("/", field)).Select(e => e.ToJsonString())));
        parts.Add(string.Join(",", (await client.LayerAsync("/prep")).Select(e => e.ToJsonString())));
        parts.Add((await client.QuotaAsync()).Used.ToString());
        return string.Join("\n", parts);
    }
}
