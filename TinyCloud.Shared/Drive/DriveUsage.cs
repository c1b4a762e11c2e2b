namespace TinyCloud.Shared.Drive;

/// <summary>What a user's charged bytes are made of: current files, versions (wherever their file is) and the trash.</summary>
public sealed record UsageSplit(long CurrentBytes, long VersionsBytes, long TrashBytes);

/// <summary>
/// Splits a user's usage for the quota view: versions are every file's <c>version_bytes</c>; the trash is the current
/// content of what is in it (a trashed folder walked); current files are the rest of what is charged.
/// </summary>
public sealed class DriveUsage(EntryStore entries, FolderWalk walk)
{
    public async Task<UsageSplit> SplitAsync(long userId, long usedBytes, CancellationToken ct)
    {
        var totals = await entries.UsageOfUserAsync(userId, ct);
        var trash = 0L;
        for (var page = await entries.TrashPageAsync(userId, null, EntryStore.BatchSize, ct); page.Count > 0;
             page = page.Count < EntryStore.BatchSize ? [] : await entries.TrashPageAsync(userId, page[^1].Trash!.Key, EntryStore.BatchSize, ct))
            foreach (var top in page)
                trash += top.IsFolder ? await walk.ReadyBytesInsideAsync(userId, top.Id, ct) : top.SizeBytes;
        return new UsageSplit(Math.Max(0, usedBytes - totals.Versions - trash), totals.Versions, trash);
    }
}
