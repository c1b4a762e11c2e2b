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
        var bytes = new byte[Base64Url.GetMaxDecodedLength(cursor.Length)];
        if (!Base64Url.TryDecodeFromChars(cursor, bytes, out var length) || length < TagBytes + IdBytes
            || !bytes.AsSpan(0, TagBytes).SequenceEqual(Tag(terms, field)))
            return null;
        try
        {
            var fold = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, TagBytes + IdBytes, length - TagBytes - IdBytes);
            return new SearchPosition(fold, new ObjectId(bytes.AsSpan(TagBytes, IdBytes).ToArray()));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static byte[] Tag(IReadOnlyList<string> terms, string? field) =>
        SHA256.HashData(Encoding.UTF8.GetBytes((field ?? "*") + "\n" + string.Join('\n', terms)))[..TagBytes];
}
