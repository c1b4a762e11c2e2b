using System.Text;
using TinyCloud.Functions.Http;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Functions.Sharing;

/// <summary>What a visitor learns of a file they uploaded: the name it got (numbered on a clash) and its size, no path.</summary>
public sealed record LinkUploadResponse(string Name, long SizeBytes) : Success;

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

/// <summary>As begin-upload's answer, with the name the file will get; <c>upload_id</c> works only through this link.</summary>
public sealed record LinkBeginUploadResponse(string UploadId, Uri UploadUrl, DateTime ExpiresAt, string Name) : Success;

public static class LinkUploadName
{
    /// <summary>Null when <paramref name="name"/> is usable as a file name (once NFC-normalized), else the rule it breaks.</summary>
    public static string? Check(string? name) => string.IsNullOrEmpty(name)
        ? "A file name is required."
        : !NameText.IsWellFormed(name) ? NameText.BrokenUnicodeRule : DrivePath.CheckName(name.Normalize(NormalizationForm.FormC));
}
