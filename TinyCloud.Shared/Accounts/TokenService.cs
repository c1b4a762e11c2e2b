using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TinyCloud.Shared.Accounts;

/// <summary>A token's claims; <see cref="SessionId"/> names the login it came from (see <see cref="SessionStore"/>).</summary>
public sealed record TokenClaims(long UserId, int JwtEpoch, string SessionId);

/// <summary>Issues and checks the HS256 session JWT. Only HS256 is accepted; unsigned tokens never are.</summary>
public sealed class TokenService(IOptions<AuthOptions> options, TimeProvider clock)
{
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly SymmetricSecurityKey _key = new(Encoding.UTF8.GetBytes(options.Value.JwtSecret));

    public TimeSpan Lifetime { get; } = TimeSpan.FromDays(options.Value.TokenLifetimeDays);

    public string Issue(long userId, int jwtEpoch, string sessionId)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object> { ["user_id"] = userId, ["jwt_epoch"] = jwtEpoch, ["sid"] = sessionId },
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        });
    }

    public async Task<TokenClaims?> ValidateAsync(string token)
    {
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = _key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            LifetimeValidator = (notBefore, expires, _, _) =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                return expires > now && (notBefore is null || notBefore <= now + TimeSpan.FromSeconds(30));
            },
        });
        if (!result.IsValid)
            return null;
        // A token without a session id (issued before sessions existed) cannot be revoked alone, so it is not accepted.
        return ReadLong(result.ClaimsIdentity, "user_id") is { } userId && ReadLong(result.ClaimsIdentity, "jwt_epoch") is { } epoch
            && result.ClaimsIdentity.FindFirst("sid")?.Value is { Length: > 0 } sessionId
            ? new TokenClaims(userId, (int)epoch, sessionId)
            : null;
    }

    private static long? ReadLong(ClaimsIdentity identity, string type) =>
        long.TryParse(identity.FindFirst(type)?.Value, out var value) ? value : null;
}
