using TinyCloud.Functions.Http;
using TinyCloud.Shared.Sharing;

namespace TinyCloud.Functions.Sharing;

/// <summary>
/// An upload-only link's file count, taken one file at a time before the upload starts. The slot goes back when it is
/// disposed before the upload's pending entry took it over, and afterwards with that entry's deletion (see
/// <see cref="LinkSlot"/>), so a failed or abandoned upload never uses up the link, and none gives back twice.
/// </summary>
public sealed class LinkFileCount(ShareStore shares, TimeProvider clock)
{
    public static ErrorResult Full() => Api.Conflict("This link has received all the files it accepts (max_files).");

    /// <summary>A taken slot, or null when the link's max_files are all taken.</summary>
    public async Task<LinkSlot?> TryTakeAsync(ShareDocument share, CancellationToken ct) =>
        await shares.TryTakeUploadAsync(share, clock.GetUtcNow().UtcDateTime, ct) ? new LinkSlot(shares, share) : null;
}
