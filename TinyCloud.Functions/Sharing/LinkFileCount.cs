using TinyCloud.Functions.Http;
using TinyCloud.Shared.Sharing;

namespace TinyCloud.Functions.Sharing;

/// <summary>
/// An upload-only link's file count, taken one file at a time before the upload starts. The slot is given back when
/// it is disposed unless the upload kept it, so a failed upload never uses up the link.
/// </summary>
public sealed class LinkFileCount(ShareStore shares, TimeProvider clock)
{
    public static ErrorResult Full() => Api.Conflict("This link has received all the files it accepts (max_files).");

    /// <summary>A taken slot, or null when the link's max_files are all taken.</summary>
    public async Task<Slot?> TryTakeAsync(ShareDocument share, CancellationToken ct) =>
        await shares.TryTakeUploadAsync(share, clock.GetUtcNow().UtcDateTime, ct) ? new Slot(shares, share) : null;

    /// <summary>Gives back a slot whose upload failed later (an aborted or rejected direct upload).</summary>
    public Task GiveBackAsync(ShareDocument share) => shares.GiveBackUploadAsync(share, CancellationToken.None);

    public sealed class Slot(ShareStore shares, ShareDocument share) : IAsyncDisposable
    {
        private bool _kept;

        public void Keep() => _kept = true;

        public async ValueTask DisposeAsync()
        {
            if (!_kept)
                await shares.GiveBackUploadAsync(share, CancellationToken.None);
        }
    }
}
