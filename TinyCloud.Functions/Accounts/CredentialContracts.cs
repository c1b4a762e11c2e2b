using TinyCloud.Functions.Http;

namespace TinyCloud.Functions.Accounts;

public sealed record ChangePasswordRequest(string CurrentPassword, string NewPassword) : IValidated
{
    public IEnumerable<FieldError> Validate()
    {
        if (CurrentPassword.Length is 0 or > 1024)
            yield return new("current_password", "current_password is required.");
        if (PasswordRule.Check("new_password", NewPassword) is { } bad)
            yield return bad;
    }
}

public sealed record RequestPasswordResetRequest(string UserEmail) : IValidated
{
    public IEnumerable<FieldError> Validate()
    {
        if (UserEmail.Trim().Length is 0 or > 254 || !UserEmail.Contains('@'))
            yield return new("user_email", "user_email must be an email address.");
    }
}

public sealed record ResetPasswordRequest(string Token, string NewPassword) : IValidated
{
    public IEnumerable<FieldError> Validate()
    {
        if (!MailedToken.IsWellFormed(Token))
            yield return new("token", MailedToken.Problem);
        if (PasswordRule.Check("new_password", NewPassword) is { } bad)
            yield return bad;
    }
}

public sealed record VerifyEmailRequest(string Token) : IValidated
{
    public IEnumerable<FieldError> Validate()
    {
        if (!MailedToken.IsWellFormed(Token))
            yield return new("token", MailedToken.Problem);
    }
}

public sealed record DeleteAccountRequest(string Password) : IValidated
{
    public IEnumerable<FieldError> Validate()
    {
        if (Password.Length is 0 or > 1024)
            yield return new("password", "password (the account's current one) is required.");
    }
}

/// <summary>A token from a mailed link: 43 base64url characters (256 bits).</summary>
public static class MailedToken
{
    public const string Problem = "token must be the token from the mailed link (43 letters, digits, '-' or '_').";

    public static bool IsWellFormed(string token) =>
        token.Length == 43 && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
