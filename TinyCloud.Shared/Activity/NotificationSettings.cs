using MongoDB.Driver;

namespace TinyCloud.Shared.Activity;

/// <summary>
/// Which event kinds a user is mailed about (<c>notification_settings</c>, one document per user holding only what
/// the user changed): by default <see cref="DefaultOn"/>, the security events and the quota warning. Kinds the
/// account routes mail anyway (password, two-factor, token) are not mailed twice.
/// </summary>
public sealed class NotificationSettings(IMongoDatabase db)
{
    public static readonly IReadOnlyList<string> DefaultOn = [ActivityKinds.SignInFailures, ActivityKinds.QuotaAbove90];
    public static readonly IReadOnlyList<string> MailedByAccountRoutes =
        [ActivityKinds.PasswordChanged, ActivityKinds.TwoFactorEnabled, ActivityKinds.TwoFactorDisabled, ActivityKinds.AccessTokenCreated,
         ActivityKinds.WebhookTest];
    public static IEnumerable<string> Choosable => ActivityKinds.All.Except(MailedByAccountRoutes);

    private readonly IMongoCollection<NotificationChoice> _choices = db.GetCollection<NotificationChoice>("notification_settings");

    public async Task<IReadOnlyDictionary<string, bool>> ForUserAsync(long userId, CancellationToken ct)
    {
        var choice = await _choices.Find(c => c.Id == userId).FirstOrDefaultAsync(ct);
        return Choosable.ToDictionary(k => k, k => choice?.On.Contains(k) == true || DefaultOn.Contains(k) && choice?.Off.Contains(k) != true);
    }

    /// <summary>Kinds are stored as two lists (kind names hold dots, which field names may not).</summary>
    public async Task SetAsync(long userId, IReadOnlyDictionary<string, bool> mail, CancellationToken ct)
    {
        var on = mail.Where(m => m.Value).Select(m => m.Key).ToList();
        var off = mail.Where(m => !m.Value).Select(m => m.Key).ToList();
        var update = Builders<NotificationChoice>.Update;
        // Two updates: one may not add to and pull from the same list.
        await _choices.UpdateOneAsync(c => c.Id == userId, update.AddToSetEach(c => c.On, on).AddToSetEach(c => c.Off, off),
            new UpdateOptions { IsUpsert = true }, ct);
        await _choices.UpdateOneAsync(c => c.Id == userId, update.PullAll(c => c.On, off).PullAll(c => c.Off, on), cancellationToken: ct);
    }

    public Task DeleteForUserAsync(long userId, CancellationToken ct) => _choices.DeleteOneAsync(c => c.Id == userId, ct);
}

public sealed class NotificationChoice
{
    public long Id { get; set; }
    public List<string> On { get; set; } = [];
    public List<string> Off { get; set; } = [];
}
