using System.Security.Cryptography;
using System.Text;
using MongoDB.Bson;

namespace TinyCloud.Shared.Drive;

/// <summary>
/// The three roots of a user's drive. Each is an id derived from the user and the field, so a root costs no document
/// and no lookup, and reaching one while walking up from an entry tells which field the entry is in.
/// </summary>
public static class DriveRoots
{
    public static ObjectId Id(long userId, string field) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"tinycloud-root:{userId}:{field}"))[..12]);

    /// <summary>The field whose root <paramref name="id"/> is, or null when it is no root of this user.</summary>
    public static string? FieldOf(long userId, ObjectId id) => FileFields.All.FirstOrDefault(f => Id(userId, f) == id);

    /// <summary>A root as an entry, for code that treats "/" like any folder; it is never stored.</summary>
    public static EntryDocument Entry(long userId, string field) => new()
    {
        Id = Id(userId, field), UserId = userId, ParentId = Id(userId, field), Kind = EntryKinds.Folder,
        State = EntryState.Ready,
    };

    public static bool IsRoot(this EntryDocument entry) => FieldOf(entry.UserId, entry.Id) is not null;
}
