using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Accounts;

/// <summary>
/// Changing a password (the current one required, checked through the login throttle) and resetting a forgotten one
/// by a mailed single-use link. Either one sets the hash and ends every session in one update of the user, then
/// deletes the sessions' records and tells the owner by mail.
/// </summary>
public sealed class AccountCredentials(
    UserStore users, SessionStore sessions, AccountTokens tokens, LoginThrottle logins, AccountThrottle throttle, AccountMail mail,
    IOptions<AccountsOptions> options, ILogger<AccountCredentials> logger)
{
    public const string ResetRoute = "reset";
    public const string ResetUseRoute = "reset-use";

    public async Task<CredentialOutcome> ChangeAsync(UserDocument user, string current, string next, string address, CancellationToken ct)
    {
        if (await logins.CheckPasswordAsync(user, current, address, ct) is { } refused)
            return refused;
        var hash = await Task.Run(() => PasswordHasher.Hash(next), ct);
        if (await users.TrySetPasswordAsync(user.Id, user.PasswordHash, hash, CancellationToken.None) is not { } changed)
            return CredentialOutcome.Failed(CredentialProblem.Changed);
        logger.LogInformation("User {UserId} changed their password; every session ended", user.Id);
        await AfterCommit.TryAsync(() => sessions.RevokeAllAsync(user.Id, CancellationToken.None, changed.JwtEpoch), logger, "delete the sessions", user.Id);
        await AfterCommit.TryAsync(() => mail.PasswordChangedAsync(changed, CancellationToken.None), logger, "mail the password change", user.Id);
        return new CredentialOutcome(changed, CredentialProblem.None);
    }

    /// <summary>
    /// Mails a reset link if an account has this address. Known or not, the same work is done (two writes: the token and
    /// its mail, or two tokens no one can use) and the same answer given, so neither answer nor time tells them apart.
    /// </summary>
    public async Task<CredentialOutcome> RequestResetAsync(string email, string address, CancellationToken ct)
    {
        if (!mail.Enabled)
            return CredentialOutcome.Failed(CredentialProblem.MailOff);
        if (await throttle.TryAddressAsync(ResetRoute, address, ct) is { } busy)
            return CredentialOutcome.Wait(busy);
        if (await throttle.TryAccountAsync(ResetRoute, email, ct) is { } hot)
            return CredentialOutcome.Wait(hot);
        var lifetime = options.Value.ResetLinkLifetime;
        var user = await users.FindByEmailAsync(email, ct);
        if (user is { Closing: null, PasswordHash.Length: > 0 })
        {
            var token = await tokens.IssueAsync(user.Id, TokenPurposes.PasswordReset, user.UserEmail, lifetime, ct);
            await mail.ResetLinkAsync(user, token, lifetime, ct);
        }
        else
        {
            await tokens.IssueAsync(0, TokenPurposes.PasswordReset, "", lifetime, ct);
            await tokens.IssueAsync(0, TokenPurposes.PasswordReset, "", lifetime, ct);
        }
        return CredentialOutcome.Done;
    }

    /// <summary>Sets the password by a mailed token: it is used up, every other reset token of the user dies with it.</summary>
    public async Task<CredentialOutcome> ResetAsync(string token, string next, string address, CancellationToken ct)
    {
        if (await throttle.TryAddressAsync(ResetUseRoute, address, ct) is { } busy)
            return CredentialOutcome.Wait(busy);
        if (await tokens.TakeAsync(TokenPurposes.PasswordReset, token, ct) is not { } taken)
            return CredentialOutcome.Failed(CredentialProblem.InvalidToken);
        if (await throttle.TryAccountAsync(ResetUseRoute, taken.UserId.ToString(), ct) is { } hot)
            return CredentialOutcome.Wait(hot);
        var user = await users.FindByIdAsync(taken.UserId, ct);
        if (user is null || user.UserEmail != taken.Email || user.Closing is not null)
            return CredentialOutcome.Failed(CredentialProblem.InvalidToken);
        var hash = await Task.Run(() => PasswordHasher.Hash(next), ct);
        // The token is spent: whatever the client does now, the reset is finished.
        if (await users.TrySetPasswordAsync(user.Id, null, hash, CancellationToken.None) is not { } changed)
            return CredentialOutcome.Failed(CredentialProblem.InvalidToken);
        logger.LogInformation("User {UserId} reset their password by a mailed link; every session ended", user.Id);
        await AfterCommit.TryAsync(() => tokens.RevokeAsync(user.Id, TokenPurposes.PasswordReset, CancellationToken.None), logger, "revoke the other reset links", user.Id);
        await AfterCommit.TryAsync(() => sessions.RevokeAllAsync(user.Id, CancellationToken.None, changed.JwtEpoch), logger, "delete the sessions", user.Id);
        await AfterCommit.TryAsync(() => mail.PasswordResetAsync(changed, CancellationToken.None), logger, "mail the password reset", user.Id);
        return new CredentialOutcome(changed, CredentialProblem.None);
    }
}
