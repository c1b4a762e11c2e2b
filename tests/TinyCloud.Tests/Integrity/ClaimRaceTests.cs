using MongoDB.Bson;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Removal;
using TinyCloud.Tests.Infrastructure;
using static TinyCloud.Tests.Integrity.Races;

namespace TinyCloud.Tests.Integrity;

/// <summary>A removal so slow that TempCleanup takes its claim for dead: both finish the same claimed entries.</summary>
[Collection(Areas.Integrity)]
public sealed class ClaimRaceTests(Stack stack)
{
    [Fact]
    public async Task TwoRemovalsFinishingTheSameClaimNeverFreeAByteTwice()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        var (entries, remover, users) = (stack.Worker.Get<EntryStore>(), stack.Worker.Get<EntryRemover>(), stack.Worker.Get<UserStore>());
        for (var trial = 0; trial < Trials; trial++)
        {
            var claimed = new List<ObjectId>();
            foreach (var (name, size) in new[] { ("a", 100), ("b", 200), ("c", 300) })
            {
                (await client.UploadAsync($"/{name}-{trial}.bin", DriveCalls.RandomBytes(size))).ShouldBeSuccess();
                claimed.Add((await stack.Worker.EntryAtAsync(userId, "mere", $"/{name}-{trial}.bin"))!.Id);
            }
            var usedBefore = (await users.FindByIdAsync(userId, default))!.UsedBytes;
            var claim = await entries.ClaimAsync(userId, claimed, ObjectId.GenerateNewId(), default);

            var finished = await TogetherAsync(
                () => remover.FinishClaimedAsync(claim, default),
                () => remover.FinishClaimedAsync(claim, default));

            var user = (await users.FindByIdAsync(userId, default))!;
            var freed = finished.Sum(f => f.FreedBytes);
            freed.ShouldBeLessThanOrEqualTo(600, $"trial {trial}: each byte is freed by at most one of them");
            user.UsedBytes.ShouldBe(usedBefore - freed, $"trial {trial}");
            (user.UsedBytes + user.ReservedBytes + user.FreeBytes).ShouldBe(user.QuotaBytes, $"trial {trial}");
            (await client.LayerAsync()).ShouldBeEmpty($"trial {trial}");
        }
    }
}
