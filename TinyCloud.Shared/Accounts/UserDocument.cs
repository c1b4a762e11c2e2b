namespace TinyCloud.Shared.Accounts;

public sealed class UserDocument
{
    public long Id { get; set; }
    public string UserName { get; set; } = "";
    /// <summary>Lower-cased user_name; its unique index makes names unique case-insensitively.</summary>
    public string UserNameKey { get; set; } = "";
    public string UserEmail { get; set; } = "";
    public string PasswordHash { get; set; } = "";
    public int JwtEpoch { get; set; }
    public bool Verified { get; set; }
    /// <summary>The owner opened the link mailed to <see cref="UserEmail"/>; null for accounts made before mail existed.</summary>
    public bool? EmailVerified { get; set; }
    public string? Avatar { get; set; }
    public long QuotaBytes { get; set; }
    public long UsedBytes { get; set; }
    public long ReservedBytes { get; set; }
    /// <summary>quota − used − reserved, kept so a reservation is one conditional <c>$inc</c>.</summary>
    public long FreeBytes { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>
    /// Set by every change of the quota counters (and before a removal deletes charged entries); TempCleanup's quota
    /// step checks only these users, and clears the flag once their counters agree with their entries.
    /// </summary>
    public bool? QuotaChanged { get; set; }
    /// <summary>The last uploads whose reservation became usage (<see cref="QuotaStore.SettleOnceAsync"/>).</summary>
    [MongoDB.Bson.Serialization.Attributes.BsonIgnoreIfNull]
    public List<MongoDB.Bson.ObjectId>? SettledUploads { get; set; }
    /// <summary>The sessions that may still be used (an allow-list): read with the user, so checking one costs no extra read.</summary>
    public List<SessionRef> Sessions { get; set; } = [];

    /// <summary>Two-factor sign-in, once enrolled (null until then).</summary>
    [MongoDB.Bson.Serialization.Attributes.BsonIgnoreIfNull]
    public TwoFactorState? TwoFactor { get; set; }
    /// <summary>Set when the account is deleted: from then on it is only its reserved name, while its data is erased.</summary>
    public AccountClosing? Closing { get; set; }

    /// <summary>A new account as register creates it: the default quota all free, verified when accounts auto-verify.</summary>
    public static UserDocument New(long id, string userName, string email, string passwordHash, AccountsOptions options, DateTime now)
    {
        var quota = options.DefaultQuotaMb * 1024 * 1024;
        return new UserDocument
        {
            Id = id,
            UserName = userName,
            UserNameKey = userName.ToLowerInvariant(),
            UserEmail = email.Trim().ToLowerInvariant(),
            PasswordHash = passwordHash,
            Verified = options.AutoVerify,
            QuotaBytes = quota,
            FreeBytes = quota,
            CreatedAt = now,
        };
    }
}

public sealed class AccountClosing
{
    public DateTime StartedAt { get; set; }
    /// <summary>When the erasure last ran to its end; TempCleanup runs it again for a while after (an upload still in flight).</summary>
    public DateTime? FinishedAt { get; set; }
}

public sealed class SessionRef
{
    public string Id { get; set; } = "";
    public DateTime ExpiresAt { get; set; }
}

/// <summary>A user's TOTP: the secret encrypted (<see cref="TwoFactorSecrets"/>), the last step accepted, recovery codes as hashes.</summary>
public sealed class TwoFactorState
{
    /// <summary>The secret being enrolled: active only once a code from it is confirmed.</summary>
    public string? PendingSecret { get; set; }
    public string? Secret { get; set; }
    public bool Enabled { get; set; }
    /// <summary>The TOTP time step last accepted: a code is refused at or below it, so none is accepted twice.</summary>
    public long LastStep { get; set; }
    public List<string> RecoveryHashes { get; set; } = [];
}
