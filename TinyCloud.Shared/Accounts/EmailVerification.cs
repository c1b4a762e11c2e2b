using Microsoft.Extensions.Options;

namespace TinyCloud.Shared.Accounts;

/// <summary>
/// Email verification (<c>Accounts:VerifyEmail</c>): register mails a link, opening it marks the email verified.
/// Separate from the admin's <c>verified</c> flag (<c>Accounts:AutoVerify</c>), which gates the file routes.
/// </summary>
public sealed class EmailVerification(
    AccountTokens tokens, UserStore users, AccountThrottle throttle, AccountMail mail, IOptions<AccountsOptions> options)
{
    public const string ResendRoute = "verify-resend";
    public const string RegisterAttemptRoute = "register-attempt";

    public bool Enabled => options.Value.VerifyEmail ?? mail.Enabled;

    /// <summary>Mails a fresh link (earlier ones stop working).</summary>
    public async Task SendAsync(UserDocument user, CancellationToken ct)
    {
        await tokens.RevokeAsync(user.Id, TokenPurposes.VerifyEmail, ct);
        var token = await tokens.IssueAsync(user.Id, TokenPurposes.VerifyEmail, user.UserEmail, options.Value.VerifyLinkLifetime, ct);
        await mail.VerifyEmailAsync(user, token, ct);
    }

    public async Task<CredentialOutcome> ResendAsync(UserDocument user, string address, CancellationToken ct)
    {
        if (!Enabled)
            return CredentialOutcome.Failed(CredentialProblem.MailOff);
        if (user.EmailVerified == true)
            return CredentialOutcome.Failed(CredentialProblem.AlreadyVerified);
        if (await throttle.TryAddressAsync(ResendRoute, address, ct) is { } busy)
            return CredentialOutcome.Wait(busy);
        if (await throttle.TryAccountAsync(ResendRoute, user.Id.ToString(), ct) is { } hot)
            return CredentialOutcome.Wait(hot);
        await SendAsync(user, ct);
        return CredentialOutcome.Done;
    }

    public async Task<CredentialOutcome> ConfirmAsync(string token, CancellationToken ct) =>
        await tokens.TakeAsync(TokenPurposes.VerifyEmail, token, ct) is { } taken
            && await users.SetEmailVerifiedAsync(taken.UserId, taken.Email, ct)
            ? CredentialOutcome.Done
            : CredentialOutcome.Failed(CredentialProblem.InvalidToken);

    /// <summary>A register with this owner's address: the owner is told, at most a few times a window (silently skipped after).</summary>
    public async Task TellOwnerOfAttemptAsync(string email, CancellationToken ct)
    {
        if (!mail.Enabled || await throttle.TryAccountAsync(RegisterAttemptRoute, email, ct) is not null)
            return;
        if (await users.FindByEmailAsync(email, ct) is { Closing: null } owner)
            await mail.RegisterAttemptAsync(owner, ct);
    }
}
