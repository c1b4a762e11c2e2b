using MongoDB.Bson;

namespace TinyCloud.Shared.Sharing;

/// <summary>
/// One file of an upload-only link's max_files, taken before its upload starts. Until the upload's pending entry is
/// inserted the request holds it and gives it back when disposed; from then on the entry holds it (it names the share,
/// <see cref="Drive.EntryDocument.LinkShareId"/>), and whoever deletes that pending entry gives it back: an abort, a
/// rejected completion, TempCleanup's reclaim, a removal. Exactly one delete matches, so it comes back once; a file
/// made ready keeps it.
/// </summary>
public sealed class LinkSlot(ShareStore shares, ShareDocument share) : IAsyncDisposable
{
    public ObjectId ShareId => share.Id;

    /// <summary>True once a pending entry holds the slot.</summary>
    public bool HandedOver { get; private set; }

    public void HandOver() => HandedOver = true;

    public async ValueTask DisposeAsync()
    {
        if (!HandedOver)
            await shares.GiveBackUploadAsync(share.UserId, share.Id, CancellationToken.None);
    }
}
