using System.Text;
using TinyCloud.Functions.Http;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Functions.Sharing;

/// <summary>
/// What a visitor learns of a file they uploaded: its size. Not its name in the owner's folder, which is numbered when
/// the name is taken there: telling it would tell the visitor what the folder holds.
/// </summary>
public sealed record LinkUploadResponse(long SizeBytes) : Success;

public sealed record LinkBeginUploadRequest(string Name, long SizeBytes, string? MimeType = null) : IValidated
{
    public IEnumerable<FieldError> Validate()
    {
        if (LinkUploadName.Check(Name) is { } rule)
            yield return new("name", rule);
        if (SizeBytes < 0)
            yield return new("size_bytes", "size_bytes must not be negative.");
    }
}

/// <summary>As begin-upload's answer; <c>upload_id</c> works only through this link (and, as there, no name: see <see cref="LinkUploadResponse"/>).</summary>
public sealed record LinkBeginUploadResponse(string UploadId, Uri UploadUrl, DateTime ExpiresAt) : Success;

public static class LinkUploadName
{
    /// <summary>Null when <paramref name="name"/> is usable as a file name (once NFC-normalized), else the rule it breaks.</summary>
    public static string? Check(string? name) => string.IsNullOrEmpty(name)
        ? "A file name is required."
        : !NameText.IsWellFormed(name) ? NameText.BrokenUnicodeRule : DrivePath.CheckNewName(name.Normalize(NormalizationForm.FormC));
}
