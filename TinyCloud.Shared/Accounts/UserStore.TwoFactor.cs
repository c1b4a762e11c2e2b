using MongoDB.Driver;

namespace TinyCloud.Shared.Accounts;

/// <summary>Two-factor state: every change one conditional update, so parallel uses of one code or one recovery code pass once.</summary>
public sealed partial class UserStore
{
    private static FilterDefinitionBuilder<UserDocument> F => Builders<UserDocument>.Filter;
    private static UpdateDefinitionBuilder<UserDocument> U => Builders<UserDocument>.Update;

    /// <summary>Starts an enrollment with a new (sealed) secret, unless two-factor sign-in is on already.</summary>
    public async Task<bool> TryBeginTwoFactorAsync(long userId, string sealedSecret, CancellationToken ct) =>
        (await _users.UpdateOneAsync(F.Eq(u => u.Id, userId) & F.Ne(u => u.TwoFactor!.Enabled, true),
            U.Set(u => u.TwoFactor, new TwoFactorState { PendingSecret = sealedSecret }), cancellationToken: ct)).ModifiedCount == 1;

    /// <summary>Turns the enrollment of <paramref name="pendingSecret"/> on, with the step its confirming code used.</summary>
    public async Task<bool> TryEnableTwoFactorAsync(long userId, string pendingSecret, long step, List<string> recoveryHashes, CancellationToken ct) =>
        (await _users.UpdateOneAsync(F.Eq(u => u.Id, userId) & F.Eq(u => u.TwoFactor!.PendingSecret, pendingSecret) & F.Ne(u => u.TwoFactor!.Enabled, true),
            U.Set(u => u.TwoFactor, new TwoFactorState { Secret = pendingSecret, Enabled = true, LastStep = step, RecoveryHashes = recoveryHashes }),
            cancellationToken: ct)).ModifiedCount == 1;

    /// <summary>Accepts a code's time step once: false when this step (or a later one) was accepted already.</summary>
    public async Task<bool> TryAcceptStepAsync(long userId, long step, CancellationToken ct) =>
        (await _users.UpdateOneAsync(F.Eq(u => u.Id, userId) & F.Eq(u => u.TwoFactor!.Enabled, true) & F.Lt(u => u.TwoFactor!.LastStep, step),
            U.Set(u => u.TwoFactor!.LastStep, step), cancellationToken: ct)).ModifiedCount == 1;

    /// <summary>Uses up one recovery code: false when it is not (any longer) one of the user's.</summary>
    public async Task<bool> TryUseRecoveryCodeAsync(long userId, string hash, CancellationToken ct) =>
        (await _users.UpdateOneAsync(F.Eq(u => u.Id, userId) & F.Eq(u => u.TwoFactor!.Enabled, true) & F.AnyEq(u => u.TwoFactor!.RecoveryHashes, hash),
            U.Pull(u => u.TwoFactor!.RecoveryHashes, hash), cancellationToken: ct)).ModifiedCount == 1;

    public async Task<bool> ReplaceRecoveryCodesAsync(long userId, List<string> hashes, CancellationToken ct) =>
        (await _users.UpdateOneAsync(F.Eq(u => u.Id, userId) & F.Eq(u => u.TwoFactor!.Enabled, true),
            U.Set(u => u.TwoFactor!.RecoveryHashes, hashes), cancellationToken: ct)).ModifiedCount == 1;

    public async Task<bool> DisableTwoFactorAsync(long userId, CancellationToken ct) =>
        (await _users.UpdateOneAsync(F.Eq(u => u.Id, userId) & F.Eq(u => u.TwoFactor!.Enabled, true), U.Unset(u => u.TwoFactor),
            cancellationToken: ct)).ModifiedCount == 1;
}
