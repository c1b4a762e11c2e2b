using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using MongoDB.Driver;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Mail;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Accounts;

/// <summary>What is left of a user in storage: entries, links, sessions, tokens, queued mail and blobs.</summary>
public sealed record Leftovers(long Entries, long Shares, long Sessions, long Tokens, long Mail, int Blobs)
{
    public static readonly Leftovers None = new(0, 0, 0, 0, 0, 0);

    public static async Task<Leftovers> OfAsync(Worker worker, long userId)
    {
        var db = worker.Get<IMongoDatabase>();
        var blobs = 0;
        var container = worker.Get<BlobContainerClient>();
        foreach (var prefix in new[] { worker.Get<BlobFiles>().UserPrefix(userId), $"{userId}/" })
            await foreach (var _ in container.GetBlobsAsync(BlobTraits.None, BlobStates.Uncommitted, prefix, default))
                blobs++;
        return new Leftovers(
            await worker.Entries().CountDocumentsAsync(e => e.UserId == userId),
            await worker.Shares().CountDocumentsAsync(s => s.UserId == userId),
            await db.GetCollection<SessionDocument>("sessions").CountDocumentsAsync(s => s.UserId == userId),
            await db.GetCollection<AccountTokenDocument>(AccountTokens.CollectionName).CountDocumentsAsync(t => t.UserId == userId),
            await db.GetCollection<OutboxMessage>(MailOutbox.CollectionName).CountDocumentsAsync(m => m.UserId == userId),
            blobs);
    }
}
