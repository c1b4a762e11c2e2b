using TinyCloud.Functions.Http;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Accounts;

public sealed record CreateAccessTokenRequest(string Name, string[] Scopes, int ExpiresInDays, string Password) : IValidated
{
    public IEnumerable<FieldError> Validate()
    {
        if (Name.Trim().Length is 0 or > 100)
            yield return new("name", "name is required, at most 100 characters.");
        if (Scopes.Length == 0 || Scopes.Any(s => !TokenScopes.All.Contains(s)))
            yield return new("scopes", $"scopes: one or more of {string.Join(", ", TokenScopes.All)}.");
        if (ExpiresInDays is < 1 or > 365)
            yield return new("expires_in_days", "expires_in_days must be between 1 and 365.");
        if (Password.Length is 0 or > 1024)
            yield return new("password", "password is required.");
    }
}

public sealed record AccessTokenIdRequest(string Id) : IValidated
{
    public IEnumerable<FieldError> Validate()
    {
        if (!MongoDB.Bson.ObjectId.TryParse(Id, out _))
            yield return new("id", "id is the id of one of your access tokens.");
    }
}

/// <summary>A token as its owner sees it: never its secret.</summary>
public sealed record AccessTokenView(string Id, string Name, string[] Scopes, DateTime CreatedAt, DateTime ExpiresAt, DateTime? LastUsedAt)
{
    public static AccessTokenView From(AccessTokenDocument token) =>
        new(token.Id.ToString(), token.Name, token.Scopes, token.CreatedAt, token.ExpiresAt, token.LastUsedAt);
}

/// <summary>The secret, shown this once, and the token.</summary>
public sealed record CreateAccessTokenResponse(string Token, AccessTokenView AccessToken) : Success;

public sealed record ListAccessTokensResponse(IReadOnlyList<AccessTokenView> AccessTokens) : Success;
