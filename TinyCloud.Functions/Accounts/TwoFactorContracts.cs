using TinyCloud.Functions.Http;

namespace TinyCloud.Functions.Accounts;

public sealed record PasswordRequest(string Password) : IValidated
{
    public IEnumerable<FieldError> Validate()
    {
        if (Password.Length is 0 or > 1024)
            yield return new("password", "password is required.");
    }
}

public sealed record CodeRequest(string Code) : IValidated
{
    public IEnumerable<FieldError> Validate()
    {
        if (!TotpCode.IsWellFormed(Code))
            yield return new("code", "code is the 6 digits your authenticator app shows.");
    }
}

/// <summary>A second factor: a current code, or else one of the recovery codes.</summary>
public sealed record SecondFactorRequest(string SecondFactorToken, string? Code = null, string? RecoveryCode = null) : IValidated
{
    public IEnumerable<FieldError> Validate()
    {
        if (SecondFactorToken.Length is < 20 or > 100)
            yield return new("second_factor_token", "second_factor_token is the token login answered.");
        if ((Code is null) == (RecoveryCode is null) || Code is not null && !TotpCode.IsWellFormed(Code) || RecoveryCode?.Length > 32)
            yield return new("code", "Send either code (the 6 digits your authenticator app shows) or recovery_code.");
    }
}

public sealed record DisableTwoFactorRequest(string Password, string? Code = null, string? RecoveryCode = null) : IValidated
{
    public IEnumerable<FieldError> Validate()
    {
        if (Password.Length is 0 or > 1024)
            yield return new("password", "password is required.");
        if ((Code is null) == (RecoveryCode is null) || Code is not null && !TotpCode.IsWellFormed(Code) || RecoveryCode?.Length > 32)
            yield return new("code", "Send either code (the 6 digits your authenticator app shows) or recovery_code.");
    }
}

public sealed record PasswordAndCodeRequest(string Password, string Code) : IValidated
{
    public IEnumerable<FieldError> Validate()
    {
        if (Password.Length is 0 or > 1024)
            yield return new("password", "password is required.");
        if (!TotpCode.IsWellFormed(Code))
            yield return new("code", "code is the 6 digits your authenticator app shows.");
    }
}

/// <summary>
/// A new secret: base32 for typing into an authenticator app, its <c>otpauth://</c> URI, and the URI as a QR code
/// (<c>qr_code</c>, a PNG data URI an app's camera reads).
/// </summary>
public sealed record TwoFactorEnrollResponse(string Secret, string OtpauthUri, string QrCode) : Success
{
    public static TwoFactorEnrollResponse Of(string secret, string otpauthUri)
    {
        using var data = new QRCoder.QRCodeGenerator().CreateQrCode(otpauthUri, QRCoder.QRCodeGenerator.ECCLevel.M);
        var png = new QRCoder.PngByteQRCode(data).GetGraphic(pixelsPerModule: 5);
        return new(secret, otpauthUri, "data:image/png;base64," + Convert.ToBase64String(png));
    }
}

public sealed record RecoveryCodesResponse(IReadOnlyList<string> RecoveryCodes) : Success;

public static class TotpCode
{
    public static bool IsWellFormed(string code) => code.Length == 6 && code.All(char.IsAsciiDigit);
}
