using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MongoDB.Driver;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Accounts;
using TinyCloud.Tests.Infrastructure;
using TinyCloud.Tests.Integrity;

namespace TinyCloud.Tests.Accounts;

/// <summary>Personal access tokens: scopes on every route, account routes out of reach, revocation and expiry at once.</summary>
[Collection(Areas.Accounts)]
public sealed class AccessTokenTests(Stack stack, ITestOutputHelper output)
{
    private async Task<string> TokenAsync(Client owner, params string[] scopes)
    {
        var created = await owner.PostAsync("/api/user-service/create-access-token",
            new { name = "script " + string.Join('+', scopes), scopes, expires_in_days = 30, password = Client.Password });
        created.ShouldBeSuccess();
        return created.Body["token"]!.GetValue<string>();
    }

    private Client WithToken(string token)
    {
        var client = stack.Worker.NewClient();
        client.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task ParallelCreationsAtTheCapNeverLeaveMoreThanFiftyTokens()
    {
        // Five racers: as many password checks as the login throttle lets one account and address run at once.
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        for (var i = 0; i < AccessTokens.MaxPerUser - 3; i++)
            await TokenAsync(owner, TokenScopes.FilesRead);
        for (var trial = 0; trial < Races.Trials; trial++)
        {
            var answers = await Races.TogetherAsync(Enumerable.Range(0, 5).Select(i => (Func<Task<(HttpStatusCode Status, JsonNode Body)>>)(() =>
                owner.PostAsync("/api/user-service/create-access-token",
                    new { name = $"racer {trial}.{i}", scopes = new[] { TokenScopes.FilesRead }, expires_in_days = 1, password = Client.Password })))
                .ToArray());
            foreach (var refused in answers.Where(a => a.Status != HttpStatusCode.OK))
                refused.ShouldBeError(HttpStatusCode.Conflict, "revoke one first");
            var listed = (await owner.GetAsync("/api/user-service/list-access-tokens")).Body["access_tokens"]!.AsArray();
            listed.Count.ShouldBeLessThanOrEqualTo(AccessTokens.MaxPerUser, $"trial {trial}");
            var made = answers.Where(a => a.Status == HttpStatusCode.OK).Select(a => a.Body["access_token"]!["id"]!.GetValue<string>()).ToList();
            made.ShouldAllBe(id => listed.Any(t => t!["id"]!.GetValue<string>() == id), $"trial {trial}: every token answered is listed");
            // Back below the cap for the next trial: revoke the racers that got in.
            foreach (var id in made)
                (await owner.PostAsync("/api/user-service/revoke-access-token", new { id })).ShouldBeSuccess();
            if (trial == 0)
                output.WriteLine($"5 racing for 3 free places: {made.Count} made, {answers.Length - made.Count} refused, {listed.Count} listed");
        }
    }

    [Fact]
    public async Task EveryLoggedInRouteOfTheOpenApiDocumentAdmitsExactlyTheScopesItDeclares()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        var tokens = new Dictionary<string, string>();
        foreach (var scope in TokenScopes.All)
            tokens[scope] = await TokenAsync(owner, scope);
        var document = (await owner.GetAsync("/api/open-api")).Body;
        var table = new StringBuilder($"{"route",-60} {string.Join(' ', TokenScopes.All.Select(s => $"{s,-13}"))}\n");
        var checkedRoutes = 0;
        foreach (var (path, operations) in document["paths"]!.AsObject())
        {
            foreach (var (method, _) in operations!.AsObject())
            {
                var function = FunctionCatalog.DocumentedFunctions.Single(f =>
                    f.Route.Replace("{*", "{", StringComparison.Ordinal) == path && f.HttpMethod == method.ToUpperInvariant());
                if (function.Access is not (Access.User or Access.Verified))
                    continue;
                checkedRoutes++;
                var row = new StringBuilder($"{method.ToUpperInvariant() + " " + path,-60}");
                foreach (var scope in TokenScopes.All)
                {
                    using var client = WithToken(tokens[scope]);
                    var route = path.Replace("{path}", "client.bin", StringComparison.Ordinal);
                    using var response = method == "get"
                        ? await client.Http.GetAsync(route)
                        : await client.Http.PostAsync(route, new StringContent("{}", Encoding.UTF8, "application/json"));
                    var allowed = function.TokenScope == scope;
                    if (allowed) // past the gate: whatever the route makes of an empty body, it is not refused for the token
                        response.StatusCode.ShouldNotBeOneOf([HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden], $"{path} with {scope}");
                    else
                        (await Client.Read(response)).ShouldBeError(HttpStatusCode.Forbidden, function.TokenScope is null ? "account routes" : $"'{function.TokenScope}' scope");
                    row.Append($" {(allowed ? "allowed" : "403"),-13}");
                }
                table.AppendLine(row.ToString());
            }
        }
        output.WriteLine(table.ToString());
        checkedRoutes.ShouldBeGreaterThan(30);
    }

    [Fact]
    public async Task ATokenIsShownOnceListedWithoutItsSecretAndRevokedAtOnce()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        (await owner.UploadAsync("/a.txt", [1, 2, 3])).ShouldBeSuccess();
        var secret = await TokenAsync(owner, TokenScopes.FilesRead);
        secret.ShouldStartWith("tc_pat_");
        secret.Length.ShouldBeGreaterThanOrEqualTo("tc_pat_".Length + 43, "256 random bits");
        using var script = WithToken(secret);
        (await script.LayerAsync()).Names().ShouldBe(["a.txt"]);

        var listed = (await owner.GetAsync("/api/user-service/list-access-tokens")).Body["access_tokens"]!.AsArray();
        listed.Count.ShouldBe(1);
        listed[0]!.AsObject().Select(p => p.Key).ShouldBe(["id", "name", "scopes", "created_at", "expires_at", "last_used_at"], ignoreOrder: true);
        listed.ToJsonString().ShouldNotContain(secret[7..]);
        (await stack.Mailbox().WaitForAsync(owner.Email!, "A new access token was created")).Text.ShouldContain("files:read");

        (await owner.PostAsync("/api/user-service/revoke-access-token", new { id = listed[0]!["id"]!.GetValue<string>() })).ShouldBeSuccess();
        (await script.GetAsync("/api/user-service/get-current-user")).ShouldBeError(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AnExpiredTokenIsRefusedAndAPasswordChangeEndsEveryTokenButLogOutEverywhereDoesNot()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        using var kept = WithToken(await TokenAsync(owner, TokenScopes.FilesRead));
        using var expiring = WithToken(await TokenAsync(owner, TokenScopes.FilesRead));
        var userId = await owner.UserIdAsync();
        var store = stack.Worker.Get<IMongoDatabase>().GetCollection<AccessTokenDocument>("access_tokens");
        var expiringId = (await store.Find(t => t.UserId == userId).SortByDescending(t => t.Id).FirstAsync()).Id;
        await store.UpdateOneAsync(t => t.Id == expiringId, Builders<AccessTokenDocument>.Update.Set(t => t.ExpiresAt, DateTime.UtcNow.AddSeconds(-1)));
        (await expiring.GetAsync("/api/user-service/get-current-user")).ShouldBeError(HttpStatusCode.Unauthorized);

        (await owner.PostAsync("/api/user-service/revoke-sessions", new { })).ShouldBeSuccess();
        (await kept.GetAsync("/api/user-service/get-current-user")).ShouldBeSuccess();

        using var again = await owner.OtherDeviceAsync(stack.Worker);
        (await again.ChangePasswordAsync(Client.Password, "a new password 1234")).ShouldBeSuccess();
        (await kept.GetAsync("/api/user-service/get-current-user")).ShouldBeError(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task LastUseIsWrittenAtMostOnceAMinute()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        using var script = WithToken(await TokenAsync(owner, TokenScopes.FilesRead));
        var userId = await owner.UserIdAsync();
        var store = stack.Worker.Get<IMongoDatabase>().GetCollection<AccessTokenDocument>("access_tokens");

        (await script.GetAsync("/api/user-service/get-current-user")).ShouldBeSuccess();
        var first = (await store.Find(t => t.UserId == userId).FirstAsync()).LastUsedAt.ShouldNotBeNull();
        for (var i = 0; i < 5; i++)
            (await script.GetAsync("/api/user-service/get-current-user")).ShouldBeSuccess();
        (await store.Find(t => t.UserId == userId).FirstAsync()).LastUsedAt.ShouldBe(first);
    }

    [Fact]
    public async Task AUsersTokenNeverReachesAnotherUsersFiles()
    {
        using var alice = await stack.Worker.NewClient().SignUpAsync();
        using var bob = await stack.Worker.NewClient().SignUpAsync();
        (await bob.CreateFolderAsync("/private")).ShouldBeSuccess();
        (await bob.UploadAsync("/private/b.txt", [9])).ShouldBeSuccess();
        using var script = WithToken(await TokenAsync(alice, TokenScopes.FilesRead, TokenScopes.FilesWrite));

        (await script.LayerAsync()).ShouldBeEmpty();
        (await script.EntityAsync("/private/b.txt")).ShouldBeError(HttpStatusCode.NotFound);
        (await script.DeleteAsync("/private", "folder")).ShouldBeError(HttpStatusCode.NotFound);
        (await bob.LayerAsync("/private")).Names().ShouldBe(["b.txt"]);
    }

    [Fact]
    public async Task CreatingATokenNeedsThePasswordAndValidScopes()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        (await owner.PostAsync("/api/user-service/create-access-token", new { name = "x", scopes = new[] { "files:read" }, expires_in_days = 30, password = "wrong" }))
            .ShouldBeError(HttpStatusCode.BadRequest, "Wrong password");
        (await owner.PostAsync("/api/user-service/create-access-token", new { name = "x", scopes = new[] { "admin" }, expires_in_days = 30, password = Client.Password }))
            .ShouldBeError(HttpStatusCode.UnprocessableEntity);
        (await owner.PostAsync("/api/user-service/create-access-token", new { name = "x", scopes = new[] { "files:read" }, expires_in_days = 366, password = Client.Password }))
            .ShouldBeError(HttpStatusCode.UnprocessableEntity);
        (await owner.GetAsync("/api/user-service/list-access-tokens")).Body["access_tokens"]!.AsArray().ShouldBeEmpty();
    }
}
