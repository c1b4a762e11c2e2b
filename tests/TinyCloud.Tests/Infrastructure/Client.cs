using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Tests.Infrastructure;

/// <summary>
/// An HTTP client with its own cookie jar, plus the calls most tests need. By default it asks for the full bodies
/// (<c>Accept: application/vnd.tinycloud.v2+json</c>), as our web client does; <c>rich: false</c> makes it an
/// original client, which gets the original API's shapes.
/// </summary>
public sealed class Client : IDisposable
{
    public const string RichMediaType = "application/vnd.tinycloud.v2+json";

    private readonly HttpClientHandler _handler = new() { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };

    // One bcrypt hash of Password for the whole run, at bcrypt's lowest cost: accounts that tests need (not the ones they
    // test registering) are written through the worker's own store with it, so a sign-up costs no full-cost hash and
    // its login's check is cheap. The product never makes such a hash; it only verifies what is stored.
    private static readonly Lazy<string> CheapPasswordHash =
        new(() => BCrypt.Net.BCrypt.EnhancedHashPassword(Password, BCrypt.Net.HashType.SHA384, 4));

    private readonly Worker? _worker;

    public Client(Uri baseAddress, bool rich = true, Worker? worker = null)
    {
        _worker = worker;
        Http = new HttpClient(_handler) { BaseAddress = baseAddress };
        if (rich)
            Http.DefaultRequestHeaders.Accept.ParseAdd(RichMediaType);
    }

    public HttpClient Http { get; }
    public CookieContainer Cookies => _handler.CookieContainer;
    public string? UserName { get; private set; }
    public string? Email { get; private set; }
    public const string Password = "correct horse battery";

    public Task<HttpResponseMessage> PostJsonAsync(string route, object body) => Http.PostAsJsonAsync(route, body);

    public async Task<(HttpStatusCode Status, JsonNode Body)> PostAsync(string route, object body) =>
        await Read(await PostJsonAsync(route, body));

    public async Task<(HttpStatusCode Status, JsonNode Body)> GetAsync(string route) => await Read(await Http.GetAsync(route));

    public static async Task<(HttpStatusCode Status, JsonNode Body)> Read(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text) ?? throw new InvalidOperationException("Empty body"));
    }

    /// <summary>
    /// A fresh user, logged in, so this client carries its a-token cookie. The account is the one register would make,
    /// written through the worker's store (with the run's cheap hash); the login goes through the API.
    /// </summary>
    public async Task<Client> SignUpAsync(string? userName = null)
    {
        UserName = userName ?? "u" + Guid.NewGuid().ToString("N")[..12];
        Email = $"{UserName}@example.com".ToLowerInvariant();
        HttpStatusCode status;
        JsonNode body;
        if (_worker is null)
        {
            (status, body) = await PostAsync("/api/user-service/register", new { user_email = Email, password = Password, user_name = UserName });
            status.ShouldBe(HttpStatusCode.OK, body.ToJsonString());
        }
        else
        {
            var users = _worker.Get<UserStore>();
            var user = UserDocument.New(await users.NextUserIdAsync(default), UserName, Email, CheapPasswordHash.Value,
                _worker.Get<IOptions<AccountsOptions>>().Value, _worker.Get<TimeProvider>().GetUtcNow().UtcDateTime);
            (await users.TryInsertAsync(user, default)).ShouldBe(RegisterOutcome.Created);
        }
        (status, body) = await PostAsync("/api/user-service/login", new { user_email = Email, password = Password });
        status.ShouldBe(HttpStatusCode.OK, body.ToJsonString());
        return this;
    }

    /// <summary>Lets <paramref name="other"/> (another device) log in as this client's user.</summary>
    public Client CopyAccountTo(Client other)
    {
        (other.UserName, other.Email) = (UserName, Email);
        return other;
    }

    public void Dispose() => Http.Dispose();
}

public static class EnvelopeAssertions
{
    public static void ShouldBeSuccess(this (HttpStatusCode Status, JsonNode Body) response)
    {
        response.Status.ShouldBe(HttpStatusCode.OK, response.Body.ToJsonString());
        response.Body["result"]!.GetValue<string>().ShouldBe("success");
    }

    public static void ShouldBeError(this (HttpStatusCode Status, JsonNode Body) response, HttpStatusCode status, string? containing = null)
    {
        response.Status.ShouldBe(status, response.Body.ToJsonString());
        response.Body["result"]!.GetValue<string>().ShouldBe("error");
        var error = response.Body["error"]!.GetValue<string>();
        error.ShouldNotBeNullOrWhiteSpace();
        if (containing is not null)
            error.ShouldContain(containing, Case.Insensitive);
    }
}
