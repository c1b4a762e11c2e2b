namespace TinyCloud.Shared.Activity;

/// <summary>Every kind of event the activity log records, named <c>area.what_happened</c> (webhooks' <c>type</c>).</summary>
public static class ActivityKinds
{
    public const string SignedIn = "account.signed_in";
    public const string SignInFailures = "account.sign_in_failures";
    public const string PasswordChanged = "account.password_changed";
    public const string TwoFactorEnabled = "account.two_factor_enabled";
    public const string TwoFactorDisabled = "account.two_factor_disabled";
    public const string AccessTokenCreated = "account.access_token_created";
    public const string AccessTokenRevoked = "account.access_token_revoked";
    public const string FileUploaded = "file.uploaded";
    /// <summary>Issue 25's replace and copy record these (hook: <c>ActivityLog.RecordAsync</c> at their event sites).</summary>
    public const string FileReplaced = "file.replaced";
    public const string FileCopied = "file.copied";
    public const string EntryDeleted = "entry.deleted";
    public const string EntryRestored = "entry.restored";
    public const string ShareCreated = "share.created";
    public const string ShareChanged = "share.changed";
    public const string ShareRemoved = "share.removed";
    public const string LinkOpened = "link.opened";
    public const string LinkDownloaded = "link.downloaded";
    public const string LinkFileReceived = "link.file_received";
    public const string QuotaAbove90 = "quota.above_90";
    public const string WebhookTest = "webhook.test";

    public static readonly IReadOnlyList<string> All =
    [
        SignedIn, SignInFailures, PasswordChanged, TwoFactorEnabled, TwoFactorDisabled, AccessTokenCreated,
        AccessTokenRevoked, FileUploaded, FileReplaced, FileCopied, EntryDeleted, EntryRestored, ShareCreated, ShareChanged,
        ShareRemoved, LinkOpened, LinkDownloaded, LinkFileReceived, QuotaAbove90, WebhookTest,
    ];

    /// <summary>What is mailed unless the owner turns it off: whatever could mean someone else is in the account.</summary>
    public static readonly IReadOnlyList<string> Security =
        [SignInFailures, PasswordChanged, TwoFactorDisabled, AccessTokenCreated];

    /// <summary>Mailed at most once per link per hour, the rest of the hour's events summed up in the next mail.</summary>
    public static readonly IReadOnlyList<string> Batched = [LinkDownloaded, LinkFileReceived];
}
