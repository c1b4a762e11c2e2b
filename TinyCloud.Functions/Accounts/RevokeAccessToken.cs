using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Activity;
using TinyCloud.Shared.Activity;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Accounts;

/// <summary>Revokes one of the caller's access tokens: it is refused from the next request on.</summary>
public sealed class RevokeAccessToken(AccessTokens tokens, ActivityRecorder activity)
{
    [Function(nameof(RevokeAccessToken)), Allow(Access.Verified), JsonBody<AccessTokenIdRequest>]
    [Description("Revoke one of the caller's personal access tokens, by id.")]
    public async Task<Reply<Done>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/user-service/revoke-access-token")] HttpRequest request,
        CancellationToken ct)
    {
        var userId = request.CurrentUser().Id;
        if (!await tokens.RevokeAsync(userId, MongoDB.Bson.ObjectId.Parse(request.Body<AccessTokenIdRequest>().Id), ct))
            return Api.NotFound("You have no access token with this id.");
        await activity.RecordAsync(request, userId, ActivityKinds.AccessTokenRevoked, ct);
        return new Done();
    }
}
