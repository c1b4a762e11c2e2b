using MongoDB.Bson;
using TinyCloud.Functions.Drive;
using TinyCloud.Functions.Http;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Functions.Versions;

/// <summary>A file named as everywhere else, and one of its versions (<c>version_id</c> from list-versions).</summary>
public sealed record VersionRequest(FsEntity FsEntity, string FileField, string VersionId, string? IfMatch = null) : IValidated
{
    public IEnumerable<FieldError> Validate()
    {
        if (FsEntity.BaseType != EntryKinds.File)
            yield return new("fs_entity.base_type", "Only files have versions.");
        if (!ObjectId.TryParse(VersionId, out _))
            yield return new("version_id", "version_id must be a version_id from list-versions (24 hexadecimal digits).");
    }

    public ObjectId Id => ObjectId.Parse(VersionId);
}

/// <summary>An earlier content of a file: its id, size, hash and type, when it was written and when it was replaced.</summary>
public sealed record VersionView(string VersionId, long SizeBytes, string? Sha256, string? MimeType, DateTime ModifiedAt, DateTime VersionedAt)
{
    public static VersionView From(FileVersion version) =>
        new(version.Id.ToString(), version.SizeBytes, version.Sha256, version.MimeType, version.ModifiedAt, version.VersionedAt);
}

/// <summary>The file as it is now (its current <c>version_id</c>) and its earlier contents, newest first.</summary>
public sealed record ListVersionsResponse(EntityView FsEntity, IReadOnlyList<VersionView> Versions, long VersionsBytes) : Success;

public sealed record DeleteVersionResponse(long FreedBytes) : Success;
