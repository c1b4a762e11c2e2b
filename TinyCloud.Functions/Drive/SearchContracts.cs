using TinyCloud.Functions.Http;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Functions.Drive;

/// <summary>A search: every word of <c>query</c> a prefix of a word of the name (or of the whole name), in one field or all three.</summary>
public sealed record SearchRequest(string Query, string? FileField = null, int? Limit = null, string? Cursor = null) : IValidated
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public IEnumerable<FieldError> Validate()
    {
        if (Limit is < 1 or > MaxLimit)
            yield return new("limit", $"limit must be between 1 and {MaxLimit}.");
    }
}

/// <summary>A match: the rich entity shape plus the field it is in.</summary>
public sealed record SearchMatch(
    string Name, string AbsPath, string BaseType, string FileField, bool Shared, double? SizeInMb, long SizeBytes,
    string? MimeType, DateTime CreatedAt, DateTime ModifiedAt)
{
    public static SearchMatch From(Located at) => new(at.Entry.Name, at.Path, at.Entry.Kind, at.Field, at.Entry.Shared,
        EntityView.SizeInMbOf(at.Entry), at.Entry.SizeBytes, at.Entry.MimeType, at.Entry.CreatedAt, at.Entry.ModifiedAt);
}

/// <summary>One page of matches in name order; <c>next_cursor</c> is null on the last page.</summary>
public sealed record SearchResponse(IReadOnlyList<SearchMatch> Matches, string? NextCursor) : Success;
