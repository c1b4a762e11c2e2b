using TinyCloud.Functions.Drive;
using TinyCloud.Functions.Http;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Sharing;

namespace TinyCloud.Functions.Sharing;

public sealed record ShareRequest(FsEntity FsEntity, string FileField, double? ExpiresInHours = null, long? MaxDownloads = null)
    : IValidated
{
    public const double MaxExpiresInHours = 24 * 365 * 10;

    public IEnumerable<FieldError> Validate()
    {
        foreach (var error in DriveValidation.BaseType(FsEntity.BaseType))
            yield return error;
        if (ExpiresInHours is { } hours && !(hours > 0 && hours <= MaxExpiresInHours))
            yield return new("expires_in_hours", $"expires_in_hours must be above 0 and at most {MaxExpiresInHours} (ten years).");
        if (MaxDownloads is < 1)
            yield return new("max_downloads", "max_downloads must be at least 1.");
    }
}

public sealed record LinkResponse(string HashedLink) : Success;

/// <summary>A link as its owner sees it: the entity, where the public can reach it, and how much it has been used.</summary>
public sealed record ShareView(
    string HashedLink, string FileField, EntityView FsEntity, string InfoUrl, string FileUrl,
    DateTime CreatedAt, DateTime? ExpiresAt, long Downloads, long? MaxDownloads)
{
    public static ShareView From(string userName, SharedEntry link)
    {
        var info = PublicLink.InfoPath(userName, link.Share.HashedLink);
        return new(link.Share.HashedLink, link.Target.Field, EntityView.From(link.Target), info, info + "/file",
            link.Share.CreatedAt, link.Share.ExpiresAt, link.Share.Downloads, link.Share.MaxDownloads);
    }
}

public sealed record ListSharedResponse(IReadOnlyList<ShareView> Shared) : Success;

/// <summary>What anyone holding a link may learn: never the owner's email or the entity's path.</summary>
public sealed record SharedInfoResponse(
    string Name, string BaseType, double SizeInMb, string? MimeType, long SizeBytes, DateTime? ExpiresAt) : Success
{
    public static SharedInfoResponse From(SharedEntry link, long sizeBytes) => new(
        link.Target.Entry.Name, link.Target.Entry.Kind, Math.Round(sizeBytes / 1048576.0, 3), link.Target.Entry.MimeType, sizeBytes,
        link.Share.ExpiresAt);
}
