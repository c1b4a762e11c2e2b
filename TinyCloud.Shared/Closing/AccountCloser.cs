using Microsoft.Extensions.Logging;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Closing;

/// <summary>
/// Deleting an account. First one update of the user (<see cref="UserStore.TryCloseAsync"/>): from that instant it has
/// no password, no session and no email, and its links resolve to nothing (<c>ShareResolver</c> refuses a deleted owner).
/// Then <see cref="AccountEraser"/> erases its data; if the worker dies meanwhile, TempCleanup finishes it.
/// </summary>
public sealed class AccountCloser(
    UserStore users, LoginThrottle logins, AccountEraser eraser, AccountMail mail, TimeProvider clock, ILogger<AccountCloser> logger)
{
    public async Task<CredentialOutcome> CloseAsync(UserDocument user, string password, string address, CancellationToken ct)
    {
        if (await logins.CheckPasswordAsync(user, password, address, ct) is { } refused)
            return refused;
        if (await users.TryCloseAsync(user.Id, user.PasswordHash, clock.GetUtcNow().UtcDateTime, CancellationToken.None) is not { } closed)
            return CredentialOutcome.Failed(CredentialProblem.Changed);
        logger.LogInformation("User {UserId} deleted their account; erasing its data", user.Id);
        await AfterCommit.TryAsync(() => mail.AccountDeletedAsync(user.UserName, user.UserEmail, CancellationToken.None), logger,
            "mail the account's deletion", user.Id);
        try
        {
            await eraser.EraseAsync(user.Id, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The account is gone for everyone already; what is left of its data TempCleanup erases.
            logger.LogWarning(ex, "Could not finish erasing account {UserId}; TempCleanup will", user.Id);
        }
        return new CredentialOutcome(closed, CredentialProblem.None);
    }
}
