using System.Net;
using Microsoft.Extensions.Options;
using TinyCloud.Shared.Mail;

namespace TinyCloud.Shared.Accounts;

/// <summary>
/// What the account routes mail, as plain text and the same words in HTML: no images, no remote content, no tracking;
/// links carry their token in the fragment (<c>#token=</c>), which browsers never send to a server or in a Referer.
/// </summary>
public sealed class AccountMail(MailDispatch mail, IOptions<MailOptions> options)
{
    private readonly MailOptions _mail = options.Value;

    public bool Enabled => mail.Enabled;

    public Task VerifyEmailAsync(UserDocument user, string token, CancellationToken ct) =>
        SendAsync(user, "verify-email", "Confirm your email address",
            $"Hello {user.UserName},\n\nopen this link to confirm that {user.UserEmail} is your address at Tiny Cloud:",
            _mail.Link($"verify-email#token={token}"),
            "If you did not create an account, ignore this message.", ct);

    public Task RegisterAttemptAsync(UserDocument owner, CancellationToken ct) =>
        SendAsync(owner, "register-attempt", "Someone tried to register with your address",
            $"Hello {owner.UserName},\n\nsomeone just tried to create a Tiny Cloud account with {owner.UserEmail}, which already " +
            "belongs to your account. Nothing was changed. If it was you, log in instead; if you forgot your password, reset it here:",
            _mail.Link("forgot-password"), "If it was not you, you can ignore this message.", ct);

    public Task TwoFactorChangedAsync(UserDocument user, bool on, CancellationToken ct) =>
        SendAsync(user, on ? "two-factor-on" : "two-factor-off", on ? "Two-factor sign-in is on" : "Two-factor sign-in is off",
            $"Hello {user.UserName},\n\ntwo-factor sign-in was just turned {(on ? "on" : "off")} for your Tiny Cloud account. " +
            "If it was not you, reset your password at once:", _mail.Link("forgot-password"), "", ct);

    public Task RecoveryCodeUsedAsync(UserDocument user, CancellationToken ct) =>
        SendAsync(user, "recovery-code-used", "A recovery code was used",
            $"Hello {user.UserName},\n\none of your two-factor recovery codes was just used to sign in to your Tiny Cloud " +
            "account; it cannot be used again. If it was not you, reset your password at once:", _mail.Link("forgot-password"), "", ct);

    public Task AccessTokenCreatedAsync(UserDocument user, AccessTokenDocument token, CancellationToken ct) =>
        SendAsync(user, "access-token-created", "A new access token was created",
            $"Hello {user.UserName},\n\nan access token named \"{token.Name}\" with the scopes {string.Join(", ", token.Scopes)} " +
            $"was just created for your Tiny Cloud account; it works until {token.ExpiresAt:yyyy-MM-dd}. If it was not you, " +
            "revoke it and change your password (which ends every token):", _mail.Link("account"), "", ct);

    public Task PasswordChangedAsync(UserDocument user, CancellationToken ct) =>
        SendAsync(user, "password-changed", "Your password was changed",
            $"Hello {user.UserName},\n\nthe password of your Tiny Cloud account was just changed, and every other session " +
            "was logged out. If it was not you, reset your password at once:",
            _mail.Link("forgot-password"), "", ct);

    public Task ResetLinkAsync(UserDocument user, string token, TimeSpan lifetime, CancellationToken ct) =>
        SendAsync(user, "password-reset-link", "Reset your password",
            $"Hello {user.UserName},\n\nsomeone (hopefully you) asked to reset the password of your Tiny Cloud account. " +
            $"This link works once, for {lifetime.TotalMinutes:0} minutes:",
            _mail.Link($"reset-password#token={token}"), "If you did not ask, ignore this message: your password stays as it is.", ct);

    public Task PasswordResetAsync(UserDocument user, CancellationToken ct) =>
        SendAsync(user, "password-reset", "Your password was reset",
            $"Hello {user.UserName},\n\nthe password of your Tiny Cloud account was just reset through a mailed link, and " +
            "every session was logged out. If it was not you, reset it again and check your mailbox's security:",
            _mail.Link("forgot-password"), "", ct);

    /// <summary>Mailed to the address the account had; not tied to the account, so erasing its mail does not take it.</summary>
    public Task AccountDeletedAsync(string userName, string email, CancellationToken ct) =>
        mail.QueueAsync(null, email, Compose("account-deleted", "Your account was deleted",
            $"Hello {userName},\n\nyour Tiny Cloud account and all its files, links and sessions have been deleted. " +
            "Your address can be used to register again; the user name stays reserved.", null, ""), ct);

    private Task SendAsync(UserDocument user, string kind, string subject, string intro, string link, string outro, CancellationToken ct) =>
        mail.QueueAsync(user.Id, user.UserEmail, Compose(kind, subject, intro, link, outro), ct);

    private static MailContent Compose(string kind, string subject, string intro, string? link, string outro)
    {
        var text = intro + (link is null ? "" : $"\n\n{link}\n") + (outro.Length > 0 ? $"\n{outro}\n" : "\n") + "\n-- Tiny Cloud\n";
        var paragraphs = intro.Split("\n\n").Select(p => $"<p>{WebUtility.HtmlEncode(p)}</p>");
        var html = "<!doctype html><html><body style=\"font-family:sans-serif\">" + string.Concat(paragraphs)
            + (link is null ? "" : $"<p><a href=\"{WebUtility.HtmlEncode(link)}\">{WebUtility.HtmlEncode(link)}</a></p>")
            + (outro.Length > 0 ? $"<p>{WebUtility.HtmlEncode(outro)}</p>" : "") + "<p>— Tiny Cloud</p></body></html>";
        return new MailContent(kind, subject, text, html);
    }
}
