using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OtpNet;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Accounts;

public enum TwoFactorProblem { None, Off, WrongPassword, WrongCode, Throttled, AlreadyOn, NotOn, NoEnrollment }

/// <summary>What a two-factor step did: the secret and URI of an enrollment, recovery codes shown once, or why not.</summary>
public sealed record TwoFactorOutcome(TwoFactorProblem Problem, TimeSpan RetryAfter = default)
{
    public string? Secret { get; init; }
    public string? OtpAuthUri { get; init; }
    public IReadOnlyList<string>? RecoveryCodes { get; init; }

    public static TwoFactorOutcome Failed(TwoFactorProblem problem) => new(problem);
}

/// <summary>
/// TOTP (RFC 6238) two-factor sign-in: 6 digits, 30 s steps, a window of one step either side, each step accepted once
/// per user (a replayed code is refused); 10 single-use recovery codes stored as hashes. Enrolling, confirming,
/// disabling and regenerating need the password (counted by the login throttle); turning it on or off, and using a
/// recovery code, mail the owner.
/// </summary>
public sealed class TwoFactor(
    UserStore users, LoginThrottle logins, TwoFactorSecrets secrets, AccountMail mail, IOptions<TwoFactorOptions> options,
    TimeProvider clock, ILogger<TwoFactor> logger)
{
    public const int RecoveryCodeCount = 10;
    private static readonly VerificationWindow Window = new(previous: 1, future: 1);

    public bool Enabled => options.Value.IsConfigured;

    public async Task<TwoFactorOutcome> EnrollAsync(UserDocument user, string password, string address, CancellationToken ct)
    {
        if (await CheckPasswordAsync(user, password, address, ct) is { } refused)
            return refused;
        var secret = KeyGeneration.GenerateRandomKey(20);
        if (!await users.TryBeginTwoFactorAsync(user.Id, secrets.Seal(user.Id, secret), ct))
            return TwoFactorOutcome.Failed(TwoFactorProblem.AlreadyOn);
        var base32 = Base32Encoding.ToString(secret);
        var label = Uri.EscapeDataString("Tiny Cloud:" + user.UserName);
        return new TwoFactorOutcome(TwoFactorProblem.None)
        {
            Secret = base32,
            OtpAuthUri = $"otpauth://totp/{label}?secret={base32}&issuer=Tiny%20Cloud&algorithm=SHA1&digits=6&period=30",
        };
    }

    /// <summary>Turns two-factor sign-in on with a code from the enrolled secret; answers the recovery codes, shown this once.</summary>
    public async Task<TwoFactorOutcome> ConfirmAsync(UserDocument user, string code, CancellationToken ct)
    {
        if (user.TwoFactor is not { PendingSecret: { } pending, Enabled: false })
            return TwoFactorOutcome.Failed(user.TwoFactor?.Enabled == true ? TwoFactorProblem.AlreadyOn : TwoFactorProblem.NoEnrollment);
        if (Step(secrets.Open(user.Id, pending), code) is not { } step)
            return TwoFactorOutcome.Failed(TwoFactorProblem.WrongCode);
        var (codes, hashes) = NewRecoveryCodes();
        if (!await users.TryEnableTwoFactorAsync(user.Id, pending, step, hashes, ct))
            return TwoFactorOutcome.Failed(TwoFactorProblem.NoEnrollment);
        logger.LogInformation("User {UserId} turned two-factor sign-in on", user.Id);
        await AfterCommit.TryAsync(() => mail.TwoFactorChangedAsync(user, on: true, CancellationToken.None), logger, "mail two-factor on", user.Id);
        return new TwoFactorOutcome(TwoFactorProblem.None) { RecoveryCodes = codes };
    }

    /// <summary>A second factor for <paramref name="user"/>: a current code, accepted once, or an unused recovery code.</summary>
    public async Task<bool> VerifyAsync(UserDocument user, string? code, string? recoveryCode, CancellationToken ct)
    {
        if (user.TwoFactor is not { Enabled: true, Secret: { } sealedSecret })
            return false;
        if (code is not null)
            return Step(secrets.Open(user.Id, sealedSecret), code) is { } step && await users.TryAcceptStepAsync(user.Id, step, ct);
        if (recoveryCode is null || !await users.TryUseRecoveryCodeAsync(user.Id, Hash(recoveryCode), ct))
            return false;
        logger.LogInformation("User {UserId} used a recovery code", user.Id);
        await AfterCommit.TryAsync(() => mail.RecoveryCodeUsedAsync(user, CancellationToken.None), logger, "mail a recovery code's use", user.Id);
        return true;
    }

    public async Task<TwoFactorOutcome> DisableAsync(UserDocument user, string password, string? code, string? recoveryCode, string address, CancellationToken ct)
    {
        if (user.TwoFactor is not { Enabled: true })
            return TwoFactorOutcome.Failed(TwoFactorProblem.NotOn);
        if (await CheckPasswordAsync(user, password, address, ct) is { } refused)
            return refused;
        if (!await VerifyAsync(user, code, recoveryCode, ct))
            return TwoFactorOutcome.Failed(TwoFactorProblem.WrongCode);
        if (!await users.DisableTwoFactorAsync(user.Id, ct))
            return TwoFactorOutcome.Failed(TwoFactorProblem.NotOn);
        logger.LogInformation("User {UserId} turned two-factor sign-in off", user.Id);
        await AfterCommit.TryAsync(() => mail.TwoFactorChangedAsync(user, on: false, CancellationToken.None), logger, "mail two-factor off", user.Id);
        return new TwoFactorOutcome(TwoFactorProblem.None);
    }

    /// <summary>Replaces every recovery code with 10 new ones (the password and a current code required); answers them, shown once.</summary>
    public async Task<TwoFactorOutcome> RegenerateRecoveryCodesAsync(UserDocument user, string password, string code, string address, CancellationToken ct)
    {
        if (user.TwoFactor is not { Enabled: true })
            return TwoFactorOutcome.Failed(TwoFactorProblem.NotOn);
        if (await CheckPasswordAsync(user, password, address, ct) is { } refused)
            return refused;
        if (!await VerifyAsync(user, code, null, ct))
            return TwoFactorOutcome.Failed(TwoFactorProblem.WrongCode);
        var (codes, hashes) = NewRecoveryCodes();
        if (!await users.ReplaceRecoveryCodesAsync(user.Id, hashes, ct))
            return TwoFactorOutcome.Failed(TwoFactorProblem.NotOn);
        logger.LogInformation("User {UserId} replaced their recovery codes", user.Id);
        return new TwoFactorOutcome(TwoFactorProblem.None) { RecoveryCodes = codes };
    }

    /// <summary>The matched time step of a 6-digit code, within one step either side; null for a wrong code.</summary>
    private long? Step(byte[] secret, string code) =>
        code.Length == 6 && code.All(char.IsAsciiDigit)
        && new Totp(secret).VerifyTotp(clock.GetUtcNow().UtcDateTime, code, out var step, Window) ? step : null;

    private async Task<TwoFactorOutcome?> CheckPasswordAsync(UserDocument user, string password, string address, CancellationToken ct)
    {
        return await logins.CheckPasswordAsync(user, password, address, ct) switch
        {
            null => null,
            { Problem: CredentialProblem.Throttled } wait => new TwoFactorOutcome(TwoFactorProblem.Throttled, wait.RetryAfter),
            _ => TwoFactorOutcome.Failed(TwoFactorProblem.WrongPassword),
        };
    }

    private static (List<string> Codes, List<string> Hashes) NewRecoveryCodes()
    {
        var codes = Enumerable.Range(0, RecoveryCodeCount)
            .Select(_ => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5)) is var hex ? $"{hex[..5]}-{hex[5..]}" : "").ToList();
        return (codes, codes.Select(Hash).ToList());
    }

    private static string Hash(string recoveryCode) =>
        Secrets.Hash(recoveryCode.Trim().ToLowerInvariant());
}
