using TinyCloud.Functions.Http;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Functions.Drive;

/// <summary>
/// begin-upload's body: <c>sha256</c> (hex), when given, is checked against the bytes at complete-upload;
/// <c>on_conflict</c> and <c>if_match</c> as upload-file's (<see cref="Conflicts"/>): a replace happens at complete-upload.
/// </summary>
public sealed record BeginUploadRequest(
    FsEntity FsEntity, string FileField, long SizeBytes, string? MimeType = null, string? Sha256 = null, string? OnConflict = null,
    string? IfMatch = null) : IValidated
{
    public IEnumerable<FieldError> Validate()
    {
        foreach (var error in DriveValidation.Sha256(Sha256).Concat(Conflicts.Validate(OnConflict, IfMatch)))
            yield return error;
        if (FsEntity.BaseType != EntryKinds.File)
            yield return new("fs_entity.base_type", "Only files can be uploaded; use create-folder for folders.");
        if (SizeBytes < 0)
            yield return new("size_bytes", "size_bytes must not be negative.");
    }
}

/// <summary><c>upload_url</c> is a write-only SAS URL for one new blob; <c>expires_at</c> is when it stops working.</summary>
public sealed record BeginUploadResponse(string UploadId, Uri UploadUrl, DateTime ExpiresAt) : Success;

public sealed record UploadIdRequest(string UploadId);

/// <summary>complete-upload's body: <c>sha256</c> (hex), when given, is checked against the bytes (a mismatch discards the upload).</summary>
public sealed record CompleteUploadRequest(string UploadId, string? Sha256 = null) : IValidated
{
    public IEnumerable<FieldError> Validate() => DriveValidation.Sha256(Sha256);
}

/// <summary>
/// What storage already holds for a pending direct upload: the committed length and the blocks put but not yet
/// committed, so a client that lost track can resume by sending only the other blocks.
/// </summary>
public sealed record UploadStatusResponse(
    string UploadId, string State, long SizeBytes, long CommittedBytes, IReadOnlyList<StagedBlock> StagedBlocks) : Success;
