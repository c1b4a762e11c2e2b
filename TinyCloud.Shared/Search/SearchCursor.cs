using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using MongoDB.Bson;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Shared.Search;

/// <summary>
/// The opaque <c>cursor</c> of a search page: base64url of a tag of the search it belongs to (its terms and field), the
/// last entry's id and its folded name. A cursor of another search, or one altered, is refused rather than misread.
/// </summary>
public static class SearchCursor
{
    private const int TagBytes = 8;
    private const int IdBytes = 12;

    public static string Encode(SearchPosition position, IReadOnlyList<string> terms, string? field) =>
        Base64Url.EncodeToString([.. Tag(terms, field), .. position.Id.ToByteArray(), .. Encoding.UTF8.GetBytes(position.Fold)]);

    public static SearchPosition? TryDecode(string cursor, IReadOnlyList<string> terms, string? field)
    {
        try
        {
            var bytes = Base64Url.DecodeFromChars(cursor);
            var length = bytes.Length;
            // Only the form Encode writes (no padding, no stray characters), and only for this search.
            if (length < TagBytes + IdBytes || Base64Url.EncodeToString(bytes) != cursor
                || !bytes.AsSpan(0, TagBytes).SequenceEqual(Tag(terms, field)))
                return null;
            var fold = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, TagBytes + IdBytes, length - TagBytes - IdBytes);
            return new SearchPosition(fold, new ObjectId(bytes.AsSpan(TagBytes, IdBytes).ToArray()));
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            return null;
        }
    }

    private static byte[] Tag(IReadOnlyList<string> terms, string? field) =>
        SHA256.HashData(Encoding.UTF8.GetBytes((field ?? "*") + "\n" + string.Join('\n', terms)))[..TagBytes];
}
