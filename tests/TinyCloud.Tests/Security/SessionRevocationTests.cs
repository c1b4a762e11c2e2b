using System.Net;
using System.Net.Http.Headers;
using TinyCloud.Tests.Infrastructure;
using TinyCloud.Tests.Integrity;

namespace TinyCloud.Tests.Security;

[Collection(Areas.Accounts)]
public sealed class SessionRevocationTests(Stack stack)
{
    private const string Me = "/api/user-service/get-current-user";

    private async Task<string> LoginAsync(Client client, string userAgent = "TestAgent/2.0")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/user-service/login")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { user_email = client.Email, password = Client.Password }),
        };
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        var response = await Client.Read(await client.Http.SendAsync(request));
        response.ShouldBeSuccess();
        return response.Body["access_token"]!.GetValue<string>();
    }

    private Client Bearer(string token)
    {
        var client = stack.Worker.NewClient();
        client.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task LogoutEndsThatSessionAsCookieAndAsBearerButNotTheOthers()
    {
        using var laptop = await stack.Worker.NewClient().SignUpAsync();
        var laptopToken = await LoginAsync(laptop);
        var laptopCookie = laptop.Cookies.GetCookieHeader(stack.Worker.BaseAddress);
        using var phone = stack.Worker.NewClient();
        var phoneToken = await LoginAsync(laptop.CopyAccountTo(phone));

        (await laptop.PostAsync("/api/user-service/logout", new { })).ShouldBeSuccess();

        using var replay = stack.Worker.NewClient();
        replay.Http.DefaultRequestHeaders.Add("Cookie", laptopCookie);
        (await replay.GetAsync(Me)).ShouldBeError(HttpStatusCode.Unauthorized);
        using var laptopBearer = Bearer(laptopToken);
        (await laptopBearer.GetAsync(Me)).ShouldBeError(HttpStatusCode.Unauthorized);
        using var phoneBearer = Bearer(phoneToken);
        (await phoneBearer.GetAsync(Me)).ShouldBeSuccess();
    }

    [Fact]
    public async Task ListSessionsShowsEachLoginWithItsDeviceAndMarksTheCurrentOne()
    {
        using var laptop = await stack.Worker.NewClient().SignUpAsync();
        var phoneToken = await LoginAsync(laptop, "Phone/1.0 (" + new string('x', 300) + ")");
        using var phone = Bearer(phoneToken);

        var listed = await phone.GetAsync("/api/user-service/list-sessions");
        listed.ShouldBeSuccess();
        var sessions = listed.Body["sessions"]!.AsArray();
        sessions.Count.ShouldBe(2);
        var current = sessions.Single(s => s!["current"]!.GetValue<bool>())!;
        current["device"]!.GetValue<string>().ShouldStartWith("Phone/1.0 (xxx");
        current["device"]!.GetValue<string>().Length.ShouldBe(120);
        current["session_id"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        current["created_at"].ShouldNotBeNull();
        current["last_used_at"].ShouldNotBeNull();
    }

    [Fact]
    public async Task RevokingOneSessionEndsJustThatOneAndOnlyTheOwnerCanRevokeIt()
    {
        using var laptop = await stack.Worker.NewClient().SignUpAsync();
        using var phoneLogin = laptop.CopyAccountTo(stack.Worker.NewClient());
        using var phone = Bearer(await LoginAsync(phoneLogin));
        using var stranger = await stack.Worker.NewClient().SignUpAsync();
        var phoneId = (await phone.GetAsync("/api/user-service/list-sessions")).Body["sessions"]!.AsArray()
            .Single(s => s!["current"]!.GetValue<bool>())!["session_id"]!.GetValue<string>();

        (await stranger.PostAsync("/api/user-service/revoke-session", new { session_id = phoneId }))
            .ShouldBeError(HttpStatusCode.NotFound, "no session");
        (await phone.GetAsync(Me)).ShouldBeSuccess();

        (await laptop.PostAsync("/api/user-service/revoke-session", new { session_id = phoneId })).ShouldBeSuccess();
        (await phone.GetAsync(Me)).ShouldBeError(HttpStatusCode.Unauthorized);
        (await laptop.GetAsync(Me)).ShouldBeSuccess();
        (await laptop.GetAsync("/api/user-service/list-sessions")).Body["sessions"]!.AsArray()
            .ShouldNotContain(s => s!["session_id"]!.GetValue<string>() == phoneId);
    }

    [Fact]
    public async Task LastUseIsNotRewrittenOnEveryRequest()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var first = (await client.GetAsync("/api/user-service/list-sessions")).Body["sessions"]![0]!["last_used_at"]!.GetValue<DateTime>();
        for (var i = 0; i < 3; i++)
            (await client.GetAsync(Me)).ShouldBeSuccess();
        var later = (await client.GetAsync("/api/user-service/list-sessions")).Body["sessions"]![0]!["last_used_at"]!.GetValue<DateTime>();
        later.ShouldBe(first);
    }

    [Fact]
    public async Task TheSessionRoutesAreInTheOpenApiDocumentWithTheirSchemas()
    {
        using var client = stack.Worker.NewClient();
        var document = (await client.GetAsync("/api/open-api")).Body;
        document["paths"]!["/api/user-service/list-sessions"]!["get"].ShouldNotBeNull();
        document["paths"]!["/api/user-service/revoke-session"]!["post"]!["requestBody"].ShouldNotBeNull();
        document["components"]!["schemas"]!["SessionsResponse"].ShouldNotBeNull();
    }

    [Fact]
    public async Task ALoginRacingLogOutEverywhereEitherWorksAndIsListedOrIsRevokedAndIsNotListed()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        for (var trial = 0; trial < Races.Trials; trial++)
        {
            using var everywhere = owner.CopyAccountTo(stack.Worker.NewClient());
            var oldToken = await LoginAsync(everywhere);
            using var racing = owner.CopyAccountTo(stack.Worker.NewClient());

            var answers = await Races.TogetherAsync(
                () => everywhere.PostAsync("/api/user-service/revoke-sessions", new { }),
                () => racing.PostAsync("/api/user-service/login", new { user_email = owner.Email, password = Client.Password }));

            answers[0].ShouldBeSuccess();
            answers[1].ShouldBeSuccess();
            using var old = Bearer(oldToken);
            (await old.GetAsync(Me)).ShouldBeError(HttpStatusCode.Unauthorized);
            using var bearer = Bearer(answers[1].Body["access_token"]!.GetValue<string>());
            var works = (await bearer.GetAsync(Me)).Status == HttpStatusCode.OK;
            using var later = owner.CopyAccountTo(stack.Worker.NewClient());
            await LoginAsync(later);
            var listed = (await later.GetAsync("/api/user-service/list-sessions")).Body["sessions"]!.AsArray();
            listed.Count.ShouldBe(works ? 2 : 1, $"trial {trial}: a listed session's token works, and a working token is listed");
            (await later.PostAsync("/api/user-service/revoke-sessions", new { })).ShouldBeSuccess();
        }
    }
}
