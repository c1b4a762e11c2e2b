using System.Net;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Security;

/// <summary>Register must not tell a stranger which emails have accounts.</summary>
[Collection(Areas.Accounts)]
public sealed class RegisterEnumerationTests(Stack stack)
{
    private const string Route = "/api/user-service/register";

    private static string Unique() => "u" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task RegisteringATakenEmailAnswersExactlyLikeAFreshRegistration()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        using var stranger = stack.Worker.NewClient();
        var (takenName, freshName) = (Unique(), Unique());

        var taken = await stranger.PostAsync(Route, new { user_email = owner.Email, password = "guess-guess", user_name = takenName });
        var fresh = await stranger.PostAsync(Route, new { user_email = freshName + "@example.com", password = "guess-guess", user_name = freshName });

        taken.ShouldBeSuccess();
        fresh.ShouldBeSuccess();
        Shape(taken.Body).ShouldBe(Shape(fresh.Body));
        taken.Body["user"]!["user_name"]!.GetValue<string>().ShouldBe(takenName);
        taken.Body["user"]!["user_email"]!.GetValue<string>().ShouldBe(owner.Email);
        taken.Body["user"]!["user_id"]!.GetValue<long>().ShouldBeLessThan(fresh.Body["user"]!["user_id"]!.GetValue<long>());
    }

    [Fact]
    public async Task TheOwnerOfATakenEmailKeepsTheirAccountAndPassword()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        using var stranger = stack.Worker.NewClient();
        (await stranger.PostAsync(Route, new { user_email = owner.Email, password = "attacker-password", user_name = Unique() })).ShouldBeSuccess();

        (await stranger.PostAsync("/api/user-service/login", new { user_email = owner.Email, password = "attacker-password" }))
            .ShouldBeError(HttpStatusCode.BadRequest, "Wrong email or password");
        (await owner.PostAsync("/api/user-service/login", new { user_email = owner.Email, password = Client.Password })).ShouldBeSuccess();
    }

    [Fact]
    public async Task TheUserNameOfARefusedEmailIsHeldLikeARealOneSoItCannotBeUsedToProbe()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        using var stranger = stack.Worker.NewClient();
        var name = Unique();
        (await stranger.PostAsync(Route, new { user_email = owner.Email, password = "guess-guess", user_name = name })).ShouldBeSuccess();
        (await stranger.PostAsync(Route, new { user_email = Unique() + "@example.com", password = "guess-guess", user_name = name }))
            .ShouldBeError(HttpStatusCode.Conflict, "already taken");
    }

    /// <summary>The keys of a JSON body, recursively, with the values left out.</summary>
    private static string Shape(System.Text.Json.Nodes.JsonNode? node) => node switch
    {
        System.Text.Json.Nodes.JsonObject o => "{" + string.Join(",", o.Select(p => p.Key + ":" + Shape(p.Value))) + "}",
        System.Text.Json.Nodes.JsonArray a => "[" + string.Join(",", a.Select(Shape)) + "]",
        null => "null",
        _ => node.GetValueKind().ToString(),
    };
}
