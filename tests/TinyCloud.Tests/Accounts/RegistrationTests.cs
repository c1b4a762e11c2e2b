using System.Net;
using System.Text;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Accounts;

[Collection(Areas.Accounts)]
public sealed class RegistrationTests(Stack stack)
{
    private const string Route = "/api/user-service/register";

    [Fact]
    public async Task RegisteringReturnsTheNewUserWithAFullQuotaAndLowerCasedEmail()
    {
        using var client = stack.Worker.NewClient();
        var name = "Reg" + Guid.NewGuid().ToString("N")[..8];
        var response = await client.PostAsync(Route, new { user_email = $"  {name}@Example.COM ", password = "12345678", user_name = name });
        response.ShouldBeSuccess();
        var user = response.Body["user"]!;
        user["user_name"]!.GetValue<string>().ShouldBe(name);
        user["user_email"]!.GetValue<string>().ShouldBe($"{name.ToLowerInvariant()}@example.com");
        user["verified"]!.GetValue<bool>().ShouldBeTrue();
        user["used_bytes"]!.GetValue<long>().ShouldBe(0);
        user["available_bytes"]!.GetValue<long>().ShouldBe(10000L * 1024 * 1024);
        user["available_space"]!.GetValue<double>().ShouldBe(10000);
        user["user_id"]!.GetValue<long>().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task UserIdsComeFromAnIncreasingCounter()
    {
        using var a = stack.Worker.NewClient();
        using var b = stack.Worker.NewClient();
        var first = await a.PostAsync(Route, NewUser());
        var second = await b.PostAsync(Route, NewUser());
        first.ShouldBeSuccess();
        second.ShouldBeSuccess();
        second.Body["user"]!["user_id"]!.GetValue<long>().ShouldBeGreaterThan(first.Body["user"]!["user_id"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("ab", "user_name")]
    [InlineData("a-name-that-is-far-too-long-for-us", "user_name")]
    [InlineData("has space", "user_name")]
    [InlineData("slash/name", "user_name")]
    [InlineData("ünïcode", "user_name")]
    public async Task RegisteringWithAnInvalidUserNameIs422NamingTheField(string userName, string field)
    {
        using var client = stack.Worker.NewClient();
        var response = await client.PostAsync(Route, new { user_email = Unique() + "@example.com", password = "12345678", user_name = userName });
        response.ShouldBeError(HttpStatusCode.UnprocessableEntity, "user_name");
        response.Body["details"]![0]!["field"]!.GetValue<string>().ShouldBe(field);
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("a@b")]
    [InlineData("two@@example.com")]
    [InlineData("spa ce@example.com")]
    [InlineData("")]
    public async Task RegisteringWithAnInvalidEmailIs422NamingTheField(string email)
    {
        using var client = stack.Worker.NewClient();
        var response = await client.PostAsync(Route, new { user_email = email, password = "12345678", user_name = Unique() });
        response.ShouldBeError(HttpStatusCode.UnprocessableEntity, "user_email");
        response.Body["details"]![0]!["field"]!.GetValue<string>().ShouldBe("user_email");
    }

    [Theory]
    [InlineData(7)]
    [InlineData(129)]
    public async Task RegisteringWithAPasswordOutside8To128CharactersIs422(int length)
    {
        using var client = stack.Worker.NewClient();
        var response = await client.PostAsync(Route,
            new { user_email = Unique() + "@example.com", password = new string('p', length), user_name = Unique() });
        response.ShouldBeError(HttpStatusCode.UnprocessableEntity, "password");
        response.Body["details"]![0]!["field"]!.GetValue<string>().ShouldBe("password");
    }

    [Fact]
    public async Task APasswordOf128CharactersIsAcceptedAndItsLastCharactersCount()
    {
        using var client = stack.Worker.NewClient();
        var name = Unique();
        var password = new string('p', 127) + "A";
        (await client.PostAsync(Route, new { user_email = name + "@example.com", password, user_name = name })).ShouldBeSuccess();
        // bcrypt alone would ignore everything past byte 72; the pre-hash makes the 128th character matter.
        (await client.PostAsync("/api/user-service/login", new { user_email = name + "@example.com", password = new string('p', 127) + "B" }))
            .ShouldBeError(HttpStatusCode.BadRequest, "Wrong email or password");
        (await client.PostAsync("/api/user-service/login", new { user_email = name + "@example.com", password })).ShouldBeSuccess();
    }

    [Fact]
    public async Task ANameTakenInAnotherCaseIsAConflict()
    {
        using var client = stack.Worker.NewClient();
        var name = "Case" + Unique();
        (await client.PostAsync(Route, new { user_email = Unique() + "@example.com", password = "12345678", user_name = name })).ShouldBeSuccess();
        var response = await client.PostAsync(Route, new { user_email = Unique() + "@example.com", password = "12345678", user_name = name.ToUpperInvariant() });
        response.ShouldBeError(HttpStatusCode.Conflict, "already taken");
    }

    [Fact]
    public async Task AnEmailTakenInAnotherCaseGetsTheNewAccountAnswerAndTheOwnerKeepsTheAccount()
    {
        using var client = stack.Worker.NewClient();
        var email = Unique() + "@example.com";
        (await client.PostAsync(Route, new { user_email = email, password = "12345678", user_name = Unique() })).ShouldBeSuccess();
        var response = await client.PostAsync(Route, new { user_email = email.ToUpperInvariant(), password = "other-password", user_name = Unique() });
        response.ShouldBeSuccess();
        (await client.PostAsync("/api/user-service/login", new { user_email = email, password = "other-password" }))
            .ShouldBeError(HttpStatusCode.BadRequest, "Wrong email or password");
        (await client.PostAsync("/api/user-service/login", new { user_email = email, password = "12345678" })).ShouldBeSuccess();
    }

    [Fact]
    public async Task TwoConcurrentRegistrationsOfOneNameLetExactlyOneWin()
    {
        var name = Unique();
        var clients = Enumerable.Range(0, 2).Select(_ => stack.Worker.NewClient()).ToList();
        var responses = await Task.WhenAll(clients.Select(c =>
            c.PostAsync(Route, new { user_email = Unique() + "@example.com", password = "12345678", user_name = name })));
        responses.Count(r => r.Status == HttpStatusCode.OK).ShouldBe(1);
        responses.Single(r => r.Status != HttpStatusCode.OK).ShouldBeError(HttpStatusCode.Conflict, "already taken");
        clients.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task AMissingFieldIs422NamingIt()
    {
        using var client = stack.Worker.NewClient();
        var response = await client.PostAsync(Route, new { user_email = "x@example.com", password = "12345678" });
        response.ShouldBeError(HttpStatusCode.UnprocessableEntity, "user_name");
    }

    [Fact]
    public async Task ANullFieldIs422NamingIt()
    {
        using var client = stack.Worker.NewClient();
        var response = await client.PostAsync(Route, new { user_email = "x@example.com", password = (string?)null, user_name = Unique() });
        response.ShouldBeError(HttpStatusCode.UnprocessableEntity);
        response.Body["details"]![0]!["field"]!.GetValue<string>().ShouldBe("password");
    }

    [Fact]
    public async Task AFieldOfTheWrongTypeIs422NamingIt()
    {
        using var client = stack.Worker.NewClient();
        var response = await client.PostAsync(Route, new { user_email = "x@example.com", password = 12345678, user_name = Unique() });
        response.ShouldBeError(HttpStatusCode.UnprocessableEntity, "password");
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("")]
    [InlineData("[1,2]")]
    [InlineData("null")]
    public async Task MalformedJsonIs422(string json)
    {
        using var client = stack.Worker.NewClient();
        var response = await Client.Read(await client.Http.PostAsync(Route, new StringContent(json, Encoding.UTF8, "application/json")));
        response.ShouldBeError(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task ABodyThatIsNotJsonIs415()
    {
        using var client = stack.Worker.NewClient();
        var response = await Client.Read(await client.Http.PostAsync(Route, new StringContent("user_name=x", Encoding.UTF8, "application/x-www-form-urlencoded")));
        response.ShouldBeError(HttpStatusCode.UnsupportedMediaType, "application/json");
    }

    private static object NewUser() => new { user_email = Unique() + "@example.com", password = "12345678", user_name = Unique() };

    private static string Unique() => "u" + Guid.NewGuid().ToString("N")[..12];
}
