using TinyCloud.Functions.Http;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Functions.Drive;

public sealed record FsEntity(string Name, string AbsPath, string BaseType);

public sealed record EntityRequest(FsEntity FsEntity, string FileField) : IValidated
{
    public IEnumerable<FieldError> Validate() => DriveValidation.BaseType(FsEntity.BaseType);
}

/// <summary>
/// upload-file's JSON part: <c>sha256</c> (hex) is what the client says the bytes hash to (a mismatch is a 422 and
/// nothing is kept); <c>on_conflict</c> says what to do when the name is taken (<see cref="Conflicts"/>); <c>if_match</c>
/// (a <c>version_id</c> or ETag) makes a replace conditional on the file's content still being that one (else 412).
/// </summary>
public sealed record UploadFileRequest(
    FsEntity FsEntity, string FileField, string? Sha256 = null, string? OnConflict = null, string? IfMatch = null) : IValidated
{
    public IEnumerable<FieldError> Validate() => DriveValidation.BaseType(FsEntity.BaseType)
        .Concat(DriveValidation.Sha256(Sha256)).Concat(Conflicts.Validate(OnConflict, IfMatch));
}

public sealed record RenameRequest(FsEntity FsEntity, string FileField, string NewName) : IValidated
{
    public IEnumerable<FieldError> Validate() => DriveValidation.BaseType(FsEntity.BaseType);
}

public sealed record MoveRequest(FsEntity FsEntity, string FileField, string NewAbsPath, string? NewFileField = null) : IValidated
{
    public IEnumerable<FieldError> Validate() => DriveValidation.BaseType(FsEntity.BaseType);
}

public sealed record LayerRequest(string AbsPathToLayer, string FileField);

public sealed record EntityLookupRequest(string AbsPathToFsEntity, string FsEntityBaseType, string FileField) : IValidated
{
    public IEnumerable<FieldError> Validate() => DriveValidation.BaseType(FsEntityBaseType, "fs_entity_base_type");
}

/// <summary>
/// An entry as answered: <c>size_in_mb</c> is the original's float (bytes / 2^20, not rounded), null for folders.
/// </summary>
public sealed record EntityView(
    string Name, string AbsPath, string BaseType, bool Shared, double? SizeInMb, long SizeBytes, string? MimeType,
    DateTime CreatedAt, DateTime ModifiedAt, string? Sha256 = null, string? VersionId = null)
{
    public static EntityView From(Located located) => From(located.Entry, located.Path);

    public static EntityView From(EntryDocument entry, string path) => path == DrivePath.Root
        ? new("", DrivePath.Root, EntryKinds.Folder, false, null, 0, null, DateTime.UnixEpoch, DateTime.UnixEpoch)
        : new(entry.Name, path, entry.Kind, entry.Shared, SizeInMbOf(entry), entry.SizeBytes,
            entry.MimeType, entry.CreatedAt, entry.ModifiedAt, entry.Sha256, entry.IsFolder ? null : entry.CurrentContentId.ToString());

    public static double? SizeInMbOf(EntryDocument entry) => entry.IsFolder ? null : Megabytes.Of(entry.SizeBytes);
}

public sealed record EntityResponse(EntityView FsEntity) : Success;

public sealed record LayerResponse(IReadOnlyList<EntityView> FsLayer) : Success;

public static class DriveValidation
{
    public static IEnumerable<FieldError> BaseType(string baseType, string field = "fs_entity.base_type")
    {
        if (baseType is not (EntryKinds.File or EntryKinds.Folder))
            yield return new(field, $"{field} must be 'file' or 'folder'.");
    }

    public static IEnumerable<FieldError> Sha256(string? sha256, string field = "sha256")
    {
        if (sha256 is not null && Sha256Hex.Normalize(sha256) is null)
            yield return new(field, $"{field} must be the file's SHA-256 as 64 hexadecimal digits.");
    }
}

/// <summary>
/// The original API's entity (4Tipsy/tiny-cloud-api src/models/FsEntityModel.py, <c>FsEntityModel</c>): what listings
/// and get-fs-entity answer by default. The rich shape (<see cref="EntityView"/>) adds size_bytes and the dates.
/// </summary>
public sealed record OriginalEntity(string Name, bool Shared, string AbsPath, string BaseType, double? SizeInMb, string? MimeType);

/// <summary>The original's get-fs-entity answer (src/routers/fs_watching_router.py, <c>_GetFsEntityRes</c>).</summary>
public sealed record OriginalEntityResponse(OriginalEntity FsEntity) : Success;

/// <summary>The original's get-fs-layer answer (src/routers/fs_watching_router.py, <c>_GetFsLayerRes</c>).</summary>
public sealed record OriginalLayerResponse(IReadOnlyList<OriginalEntity> FsLayer) : Success;
