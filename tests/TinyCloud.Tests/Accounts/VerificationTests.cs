using System.Net;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Accounts;

[Collection(Areas.Accounts)]
public sealed class VerificationTests(Stack stack)
{
    [Fact]
    public async Task WithAutoVerifyOffNewUsersAreUnverifiedUntilAnAdminVerifiesThem()
    {
        await using var worker = await stack.StartWorkerAsync(new Dictionary<string, string?> { ["Accounts:AutoVerify"] = "false" });
        using var client = await worker.NewClient().SignUpAsync();
        var me = await client.GetAsync("/api/user-service/get-current-user");
        me.ShouldBeSuccess();
        me.Body["user"]!["verified"]!.GetValue<bool>().ShouldBeFalse();

        using var admin = worker.NewClient();
        admin.Http.DefaultRequestHeaders.Add("X-Admin-Key", Stack.AdminKey);
        (await admin.PostAsync("/api/admin-service/verify-user", new { user_name = client.UserName!.ToUpperInvariant() })).ShouldBeSuccess();

        me = await client.GetAsync("/api/user-service/get-current-user");
        me.Body["user"]!["verified"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    [InlineData("test-admin-key-012345678")]
    public async Task VerifyingWithoutTheRightAdminKeyIs403(string? key)
    {
        using var client = stack.Worker.NewClient();
        if (key is not null)
            client.Http.DefaultRequestHeaders.Add("X-Admin-Key", key);
        (await client.PostAsync("/api/admin-service/verify-user", new { user_name = "anyone" }))
            .ShouldBeError(HttpStatusCode.Forbidden, "X-Admin-Key");
    }

    [Fact]
    public async Task VerifyingAnUnknownUserIs404()
    {
        using var client = stack.Worker.NewClient();
        client.Http.DefaultRequestHeaders.Add("X-Admin-Key", Stack.AdminKey);
        (await client.PostAsync("/api/admin-service/verify-user", new { user_name = "nobody-" + Guid.NewGuid().ToString("N")[..8] }))
            .ShouldBeError(HttpStatusCode.NotFound, "No user named");
    }

    [Fact]
    public async Task WithoutAnAdminKeyConfiguredAdminRoutesDoNotExist()
    {
        await using var worker = await stack.StartWorkerAsync(new Dictionary<string, string?> { ["Admin:Key"] = "" });
        using var client = worker.NewClient();
        client.Http.DefaultRequestHeaders.Add("X-Admin-Key", "");
        (await client.PostAsync("/api/admin-service/verify-user", new { user_name = "anyone" })).ShouldBeError(HttpStatusCode.NotFound);
    }
}
