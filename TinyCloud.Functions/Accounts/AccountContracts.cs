using System.Text.RegularExpressions;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Sharing;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Accounts;

public sealed partial record RegisterRequest(string UserEmail, string Password, string UserName) : IValidated
{
    public IEnumerable<FieldError> Validate()
    {
        if (UserName.Length is < 3 or > 32 || !UserNamePattern().IsMatch(UserName))
            yield return new("user_name", "user_name must be 3–32 characters of letters, digits, '_', '.' or '-'.");
        if (UserEmail.Trim().Length > 254 || !EmailPattern().IsMatch(UserEmail.Trim()))
            yield return new("user_email", "user_email must be a valid email address (no spaces, control characters, '<' or '>').");
        if (PasswordRule.Check("password", Password) is { } bad)
            yield return bad;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_.-]+\z")]
    private static partial Regex UserNamePattern();

    // \z, not $ ($ also matches before a final newline); \p{C} refuses control, format (bidi, zero-width) and unassigned characters.
    [GeneratedRegex(@"^[^@\s<>\p{C}]+@[^@\s.<>\p{C}]+(\.[^@\s.<>\p{C}]+)+\z")]
    private static partial Regex EmailPattern();
}

public sealed record LoginRequest(string UserEmail, string Password);

/// <summary>The one rule for a new password: register, change-password and reset-password.</summary>
public static class PasswordRule
{
    public static FieldError? Check(string field, string password) =>
        password.Length is < PasswordHasher.MinLength or > PasswordHasher.MaxLength
            ? new(field, $"{field} must be 8–128 characters long.")
            : null;
}

public sealed record VerifyUserRequest(string UserName);

public sealed record RevokeSessionRequest(string SessionId) : IValidated
{
    public IEnumerable<FieldError> Validate()
    {
        if (SessionId.Length is 0 or > 64)
            yield return new("session_id", "session_id must be a session id from list-sessions.");
    }
}

/// <summary>One login: <c>device</c> is its User-Agent (shortened); <c>current</c> marks the session making this request.</summary>
public sealed record SessionView(string SessionId, string Device, DateTime CreatedAt, DateTime LastUsedAt, bool Current)
{
    public static SessionView From(SessionDocument session, string currentId) =>
        new(session.Id, session.Device, session.CreatedAt, session.LastUsedAt, session.Id == currentId);
}

public sealed record SessionsResponse(IReadOnlyList<SessionView> Sessions) : Success;

/// <summary>
/// A user as answered. As in the original, <c>used_space</c> is the MB used and <c>available_space</c> the quota in MB
/// (the total, not what is left); the rich shape adds the byte counts: <c>quota_bytes</c>, <c>used_bytes</c> and
/// <c>available_bytes</c> (what is still free: the quota less what is used and what uploads in flight reserve), and
/// <c>email_verified</c> (the owner opened the mailed verification link; <c>verified</c> is the admin's flag) and
/// <c>two_factor_enabled</c> (a login asks for a code).
/// </summary>
public sealed record UserView(
    bool Verified, long UserId, string UserName, string UserEmail, IReadOnlyList<SharedLinkView> Shared,
    double UsedSpace, double AvailableSpace, long QuotaBytes, long UsedBytes, long AvailableBytes, bool EmailVerified,
    bool TwoFactorEnabled)
{
    public static UserView From(UserDocument user, IReadOnlyList<SharedLinkView> shared) => new(
        user.Verified, user.Id, user.UserName, user.UserEmail, shared,
        Megabytes.Of(user.UsedBytes), Megabytes.Of(user.QuotaBytes), user.QuotaBytes, user.UsedBytes, user.FreeBytes,
        user.EmailVerified == true, user.TwoFactor?.Enabled == true);
}

public sealed record UserResponse(UserView User) : Success;

public sealed record LoginResponse(UserView User, string AccessToken) : Success;

/// <summary>
/// The original API's user (4Tipsy/tiny-cloud-api src/models/UserModel.py, <c>UserInRespModel</c>): what
/// get-current-user answers by default. The rich shape (<see cref="UserView"/>) adds the byte counts.
/// </summary>
public sealed record OriginalUser(
    bool Verified, long UserId, string UserName, string UserEmail, IReadOnlyList<SharedLinkView> Shared,
    double UsedSpace, double AvailableSpace);

/// <summary>The original's get-current-user answer (src/routers/user_router.py, <c>_GetCurrentUserRes</c>).</summary>
public sealed record OriginalUserResponse(OriginalUser User) : Success;
