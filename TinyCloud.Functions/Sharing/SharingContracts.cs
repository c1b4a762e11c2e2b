using System.Text.Json.Serialization;
using TinyCloud.Functions.Drive;
using TinyCloud.Functions.Http;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Sharing;

namespace TinyCloud.Functions.Sharing;

/// <summary>
/// make-shared's body. <c>password</c> protects the link; <c>upload_only</c> makes a folder's link a file request, with
/// optional <c>max_file_bytes</c> and <c>max_files</c> (and <c>expires_in_hours</c>, as any link).
/// </summary>
public sealed record ShareRequest(
    FsEntity FsEntity, string FileField, double? ExpiresInHours = null, long? MaxDownloads = null, string? Password = null,
    bool UploadOnly = false, long? MaxFileBytes = null, long? MaxFiles = null) : IValidated
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
        if (LinkPassword.Check(Password) is { } password)
            yield return password;
        if (UploadOnly && FsEntity.BaseType != EntryKinds.Folder)
            yield return new("upload_only", "Only a folder can be shared upload-only.");
        if (UploadOnly && MaxDownloads is not null)
            yield return new("max_downloads", "An upload-only link serves no downloads: leave max_downloads out.");
        if (!UploadOnly && (MaxFileBytes is not null || MaxFiles is not null))
            yield return new(MaxFiles is not null ? "max_files" : "max_file_bytes", "max_file_bytes and max_files need upload_only: true.");
        if (MaxFileBytes is < 1)
            yield return new("max_file_bytes", "max_file_bytes must be at least 1.");
        if (MaxFiles is < 1)
            yield return new("max_files", "max_files must be at least 1.");
    }
}

/// <summary>A link password follows the account password rules.</summary>
public static class LinkPassword
{
    public static FieldError? Check(string? password) => password?.Length is < PasswordHasher.MinLength or > PasswordHasher.MaxLength
        ? new("password", $"password must be {PasswordHasher.MinLength}–{PasswordHasher.MaxLength} characters long.")
        : null;
}

/// <summary>Sets a shared entity's link password, or removes it with <c>password: null</c>.</summary>
public sealed record SetLinkPasswordRequest(FsEntity FsEntity, string FileField, string? Password) : IValidated
{
    public IEnumerable<FieldError> Validate()
    {
        foreach (var error in DriveValidation.BaseType(FsEntity.BaseType))
            yield return error;
        if (LinkPassword.Check(Password) is { } password)
            yield return password;
    }
}

public sealed record UnlockRequest(string Password);

/// <summary>
/// The grant a right password earns, also set as an HttpOnly cookie for the link's paths; other clients send it as
/// the <c>X-Link-Grant</c> header. It opens this link only, until <c>expires_at</c> or until the password changes.
/// </summary>
public sealed record UnlockResponse(string Grant, DateTime ExpiresAt) : Success;

public sealed record LinkResponse(string HashedLink) : Success;

/// <summary>
/// A link as its owner sees it: the entity, where the public can reach it, its options and how much it has been used
/// (downloads and the last one; for an upload-only link, the files uploaded through it).
/// </summary>
public sealed record ShareView(
    string HashedLink, string FileField, EntityView FsEntity, string InfoUrl, string FileUrl,
    DateTime CreatedAt, DateTime? ExpiresAt, long Downloads, long? MaxDownloads, DateTime? LastDownloadAt,
    bool PasswordProtected, bool UploadOnly, long? Uploads, long? MaxFiles, long? MaxFileBytes, DateTime? LastUploadAt)
{
    public static ShareView From(string userName, SharedEntry link)
    {
        var (share, info) = (link.Share, PublicLink.InfoPath(userName, link.Share.HashedLink));
        return new(share.HashedLink, link.Target.Field, EntityView.From(link.Target), info, info + "/file",
            share.CreatedAt, share.ExpiresAt, share.Downloads, share.MaxDownloads, share.LastDownloadAt,
            share.IsProtected, share.UploadOnly, share.UploadOnly ? share.Uploads : null, share.MaxFiles, share.MaxFileBytes,
            share.LastUploadAt);
    }
}

public sealed record ListSharedResponse(IReadOnlyList<ShareView> Shared) : Success;

/// <summary>
/// What anyone holding a link may learn: never the owner's email or the entity's path. A password-protected link
/// says only <c>password_required: true</c> until it is unlocked; an upload-only link gives its folder's name, its
/// limits and how many files it still takes, nothing about what is inside. Absent keys are omitted.
/// </summary>
public sealed record SharedInfoResponse : Success
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Name { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? BaseType { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? SizeInMb { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? MimeType { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? SizeBytes { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public DateTime? ExpiresAt { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? PasswordRequired { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? UploadOnly { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? MaxFileBytes { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? MaxFiles { get; init; }
    /// <summary>How many more files an upload-only link takes; absent when it has no max_files.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? FilesLeft { get; init; }

    public static SharedInfoResponse From(SharedEntry link, long sizeBytes) => new()
    {
        Name = link.Target.Entry.Name, BaseType = link.Target.Entry.Kind, SizeInMb = Megabytes.Of(sizeBytes),
        MimeType = link.Target.Entry.MimeType, SizeBytes = sizeBytes, ExpiresAt = link.Share.ExpiresAt,
    };

    public static SharedInfoResponse Locked() => new() { PasswordRequired = true };

    public static SharedInfoResponse ForUploads(SharedEntry link) => new()
    {
        Name = link.Target.Entry.Name, BaseType = link.Target.Entry.Kind, ExpiresAt = link.Share.ExpiresAt, UploadOnly = true,
        MaxFileBytes = link.Share.MaxFileBytes, MaxFiles = link.Share.MaxFiles,
        FilesLeft = link.Share.MaxFiles is { } max ? Math.Max(0, max - link.Share.Uploads) : null,
    };
}

/// <summary>
/// The original's answer on <c>/share/{user_name}/{hashed_link}</c> (4Tipsy/tiny-cloud-api src/models/FsEntityModel.py,
/// <c>FsEntityInShareModel</c>): no envelope, no path.
/// </summary>
public sealed record OriginalSharedEntity(string? Name, string? BaseType, double? SizeInMb, string? MimeType);
