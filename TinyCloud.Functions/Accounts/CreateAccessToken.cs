using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Activity;
using TinyCloud.Shared.Activity;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Functions.Accounts;

/// <summary>
/// A personal access token for scripts: the password required again (wrong ones count as failed logins), the secret
/// shown once, the owner mailed. No token can make another: this is an account route.
/// </summary>
public sealed class CreateAccessToken(
    AccessTokens tokens, LoginThrottle logins, ClientAddress clientAddress, AccountMail mail, ActivityRecorder activity, ILogger<CreateAccessToken> logger)
{
    [Function(nameof(CreateAccessToken)), Allow(Access.Verified), JsonBody<CreateAccessTokenRequest>]
    [Description("Create a personal access token (name, scopes, expires_in_days up to 365, the password): the secret (tc_pat_…) is shown once; use it as Authorization: Bearer.")]
    public async Task<Reply<CreateAccessTokenResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/user-service/create-access-token")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<CreateAccessTokenRequest>();
        var user = request.CurrentUser();
        if (await logins.CheckPasswordAsync(user, body.Password, clientAddress.Of(request), ct) is { } refused)
            return Credentials.Refused(refused, request);

        if (await tokens.CreateAsync(user, body.Name.Trim(), body.Scopes, TimeSpan.FromDays(body.ExpiresInDays), ct) is not var (token, secret))
            return Api.Conflict($"You have {AccessTokens.MaxPerUser} access tokens already: revoke one first.");
        logger.LogInformation("User {UserId} created access token {TokenId}", user.Id, token.Id);
        await AfterCommit.TryAsync(() => mail.AccessTokenCreatedAsync(user, token, CancellationToken.None), logger, "mail the new access token", user.Id);
        await activity.RecordAsync(request, user.Id, ActivityKinds.AccessTokenCreated, ct, detail: token.Name);
        return new CreateAccessTokenResponse(secret, AccessTokenView.From(token));
    }
}
