using TinyCloud.Functions.Http;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Functions.Drive;

public sealed record BeginUploadRequest(FsEntity FsEntity, string FileField, long SizeBytes, string? MimeType = null) : IValidated
{
    public IEnumerable<FieldError> Validate()
    {
        if (FsEntity.BaseType != EntryKinds.File)
            yield return new("fs_entity.base_type", "Only files can be uploaded; use create-folder for folders.");
        if (SizeBytes < 0)
            yield return new("size_bytes", "size_bytes must not be negative.");
    }
}

/// <summary><c>upload_url</c> is a write-only SAS URL for one new blob; <c>expires_at</c> is when it stops working.</summary>
public sealed record BeginUploadResponse(string UploadId, Uri UploadUrl, DateTime ExpiresAt) : Success;

public sealed record UploadIdRequest(string UploadId);

/// <summary>
/// What storage already holds for a pending direct upload: the committed length and the blocks put but not yet
/// committed, so a client that lost track can resume by sending only the other blocks.
/// </summary>
public sealed record UploadStatusResponse(
    string UploadId, string State, long SizeBytes, long CommittedBytes, IReadOnlyList<StagedBlock> StagedBlocks) : Success;
