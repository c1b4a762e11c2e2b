using System.Net;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Maintenance;
using TinyCloud.Tests.Infrastructure;
using TinyCloud.Tests.Integrity;

namespace TinyCloud.Tests.Accounts;

[Collection(Areas.Accounts)]
public sealed class AccountRaceTests(Stack stack)
{
    [Fact]
    public async Task OneResetTokenUsedTwiceInParallelWorksExactlyOnce()
    {
        for (var trial = 0; trial < Races.Trials; trial++)
        {
            using var client = await stack.Worker.NewClient().SignUpAsync();
            // The token as request-password-reset issues it (the mailed link itself: PasswordResetTests).
            var token = await stack.Worker.Get<AccountTokens>().IssueAsync(await client.UserIdAsync(), TokenPurposes.PasswordReset,
                client.Email!, TimeSpan.FromMinutes(30), default);
            using var a = stack.Worker.NewClient();
            using var b = stack.Worker.NewClient();
            var answers = await Races.TogetherAsync(
                () => a.ResetPasswordAsync(token, "first new password"), () => b.ResetPasswordAsync(token, "second new password"));
            answers.Count(r => r.Status == HttpStatusCode.OK).ShouldBe(1, $"trial {trial}");
            answers.Single(r => r.Status != HttpStatusCode.OK).ShouldBeError(HttpStatusCode.BadRequest, "invalid, used or expired");
            var winner = answers[0].Status == HttpStatusCode.OK ? "first new password" : "second new password";
            var loser = winner == "first new password" ? "second new password" : "first new password";
            (await client.LoginAsync(loser)).ShouldBeError(HttpStatusCode.BadRequest, "Wrong email or password");
            (await client.LoginAsync(winner)).ShouldBeSuccess();
        }
    }

    [Fact]
    public async Task ALoginWithTheOldPasswordNeverOutlivesAChangeRacingIt()
    {
        for (var trial = 0; trial < Races.Trials; trial++)
        {
            using var client = await stack.Worker.NewClient().SignUpAsync();
            using var late = client.CopyAccountTo(stack.Worker.NewClient());
            var (change, login) = await RaceAsync(
                () => client.ChangePasswordAsync(Client.Password, AccountCalls.NewPassword), () => late.LoginAsync(Client.Password));
            change.ShouldBeSuccess();
            login.Status.ShouldBeOneOf($"trial {trial}", HttpStatusCode.OK, HttpStatusCode.BadRequest);
            // Whichever came first, the old password's session is dead once the change has answered.
            (await late.GetAsync(AccountCalls.Me)).ShouldBeError(HttpStatusCode.Unauthorized);
            (await client.GetAsync(AccountCalls.Me)).ShouldBeSuccess();
            (await late.LoginAsync(Client.Password)).ShouldBeError(HttpStatusCode.BadRequest);
        }
    }

    [Fact]
    public async Task DeletingRacingUploadsADownloadAndARestoreLeavesNothing()
    {
        await using var worker = await stack.StartWorkerAsync();
        using var bystander = await worker.NewClient().SignUpAsync();
        (await bystander.UploadAsync("/keep.bin", DriveCalls.RandomBytes(5000))).ShouldBeSuccess();
        var bystanderLink = await bystander.LinkAsync("/keep.bin");
        var bystanderId = await bystander.UserIdAsync();
        for (var trial = 0; trial < Races.Trials; trial++)
        {
            using var client = await worker.NewClient().SignUpAsync();
            var userId = await client.UserIdAsync();
            (await client.UploadAsync("/shared.bin", DriveCalls.RandomBytes(20_000))).ShouldBeSuccess();
            (await client.UploadAsync("/trashed.bin", DriveCalls.RandomBytes(1000))).ShouldBeSuccess();
            var link = await client.LinkAsync("/shared.bin");
            var trashId = await client.TrashIdAsync("/trashed.bin");
            using var stranger = worker.NewClient();

            var answers = await Races.TogetherAsync(
                () => client.DeleteAccountAsync(Client.Password),
                () => client.UploadAsync("/u1.bin", DriveCalls.RandomBytes(30_000)),
                () => client.UploadAsync("/u2.bin", DriveCalls.RandomBytes(30_000)),
                () => client.UploadAsync("/u3.bin", DriveCalls.RandomBytes(30_000)),
                async () => await Download(stranger, client.UserName!, link),
                () => client.RestoreAsync(trashId));
            answers[0].ShouldBeSuccess();

            (await worker.Get<CleanupJob>().TryRunAsync(default)).ShouldNotBeNull();
            (await Leftovers.OfAsync(worker, userId)).ShouldBe(Leftovers.None, $"trial {trial}");
            (await stranger.SharedInfoAsync(client.UserName!, link)).ShouldBeError(HttpStatusCode.NotFound);
            (await bystander.SharedInfoAsync(bystander.UserName!, bystanderLink)).ShouldBeSuccess();
            (await bystander.LayerAsync("/")).Names().ShouldBe(["keep.bin"]);
            await worker.ShouldBeSoundAsync(bystanderId, $"trial {trial}");
        }
    }

    private static async Task<(HttpStatusCode, System.Text.Json.Nodes.JsonNode)> Download(Client stranger, string userName, string link)
    {
        using var response = await stranger.SharedFileAsync(userName, link);
        var body = await response.Content.ReadAsByteArrayAsync();
        return (response.StatusCode, System.Text.Json.Nodes.JsonValue.Create(body.Length));
    }

    private static async Task<((HttpStatusCode Status, System.Text.Json.Nodes.JsonNode Body), (HttpStatusCode Status, System.Text.Json.Nodes.JsonNode Body))> RaceAsync(
        Func<Task<(HttpStatusCode, System.Text.Json.Nodes.JsonNode)>> first, Func<Task<(HttpStatusCode, System.Text.Json.Nodes.JsonNode)>> second)
    {
        var answers = await Races.TogetherAsync(first, second);
        return (answers[0], answers[1]);
    }
}
