using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Accounts;

/// <summary>
/// Accounts that share a user name or an email, registered while a unique index was lost: the oldest keeps it; each
/// later one gets a reserved form no registration can take (<c>name~conflict-{id}</c>: <c>~</c> is not allowed in a
/// user name; <c>email~conflict-{id}</c>), listed for the administrator in <c>index_repairs</c>. No account, file or
/// session is deleted.
/// </summary>
public sealed partial class UserStore
{
    public string Collection => CollectionName;

    public IReadOnlyList<string> UniqueIndexes { get; } = [NameIndex, EmailIndex];

    public static string ConflictForm(string value, long userId) => $"{value}~conflict-{userId}";

    public async Task<IReadOnlyList<IndexRepair>> RepairDuplicatesAsync(DateTime now, CancellationToken ct)
    {
        var repairs = new List<IndexRepair>();
        foreach (var twins in await DuplicatesAsync("$user_name_key", ct))
            foreach (var twin in twins.Skip(1))
            {
                var name = ConflictForm(twin.UserName, twin.Id);
                if ((await _users.UpdateOneAsync(u => u.Id == twin.Id && u.UserNameKey == twin.UserNameKey,
                        Builders<UserDocument>.Update.Set(u => u.UserName, name).Set(u => u.UserNameKey, name.ToLowerInvariant()),
                        cancellationToken: ct)).ModifiedCount == 1)
                    repairs.Add(new IndexRepair(CollectionName, NameIndex, twin.Id, twins[0].Id.ToString(), twin.Id.ToString(),
                        "user_name", twin.UserName, name));
            }
        foreach (var twins in await DuplicatesAsync("$user_email", ct))
            foreach (var twin in twins.Skip(1))
            {
                var email = ConflictForm(twin.UserEmail, twin.Id);
                if ((await _users.UpdateOneAsync(u => u.Id == twin.Id && u.UserEmail == twin.UserEmail,
                        Builders<UserDocument>.Update.Set(u => u.UserEmail, email), cancellationToken: ct)).ModifiedCount == 1)
                    repairs.Add(new IndexRepair(CollectionName, EmailIndex, twin.Id, twins[0].Id.ToString(), twin.Id.ToString(),
                        "user_email", twin.UserEmail, email));
            }
        return repairs;
    }

    /// <summary>Each set of accounts sharing the value of <paramref name="field"/>, oldest first.</summary>
    private async Task<List<List<UserDocument>>> DuplicatesAsync(string field, CancellationToken ct)
    {
        var sets = await _users.Aggregate<BsonDocument>(new BsonDocument[]
        {
            new("$group", new BsonDocument { { "_id", field }, { "ids", new BsonDocument("$push", "$_id") }, { "count", new BsonDocument("$sum", 1) } }),
            new("$match", new BsonDocument("count", new BsonDocument("$gt", 1))),
        }, cancellationToken: ct).ToListAsync(ct);
        var result = new List<List<UserDocument>>();
        foreach (var ids in sets.Select(s => s["ids"].AsBsonArray.Select(i => i.ToInt64()).ToList()))
            result.Add((await _users.Find(Builders<UserDocument>.Filter.In(u => u.Id, ids)).ToListAsync(ct))
                .OrderBy(u => u.CreatedAt).ThenBy(u => u.Id).ToList());
        return result;
    }
}
