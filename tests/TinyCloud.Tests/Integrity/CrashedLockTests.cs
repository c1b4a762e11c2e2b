using System.Diagnostics;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Storage;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Integrity;

/// <summary>A worker killed while it held a user's tree lease (mid restore, mid move) delays that user's moves, briefly.</summary>
[Collection(Areas.Integrity)]
public sealed class CrashedLockTests(Stack stack)
{
    [Fact]
    public async Task AMoveAfterAWorkerDiedHoldingTheTreeLockWaitsInsteadOf429()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        (await client.CreateFolderAsync("/a")).ShouldBeSuccess();
        (await client.CreateFolderAsync("/b")).ShouldBeSuccess();
        // What a worker killed mid restore leaves: the user's tree lease, as its last renewal set it.
        (await stack.Worker.Get<LeaseStore>().TryAcquireAsync($"tree:{userId}", "a-dead-worker", TreeLock.Duration, default)).ShouldBeTrue();

        var clock = Stopwatch.StartNew();
        var moved = await client.MoveAsync("/a", "/b/a", "folder");
        TestContext.Current.TestOutputHelper?.WriteLine($"move-entity with the tree lease held by a dead worker: {(int)moved.Status} after {clock.Elapsed.TotalSeconds:F1} s");
        // 200, not 429: the worker waited out the dead lease within its own patience (TreeLock.Patience, counted by the
        // worker; the test's clock adds the request's own time, which a loaded machine stretches, so it is printed only).
        moved.ShouldBeSuccess();
    }
}
