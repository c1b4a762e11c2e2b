using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Activity;
using TinyCloud.Shared.Activity;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Functions.Sharing;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Accounts;

public sealed class ChangePassword(AccountCredentials credentials, ClientAddress clientAddress, Sessions sessions, SharedLinks links, ActivityRecorder activity)
{
    [Function(nameof(ChangePassword)), Allow(Access.User), JsonBody<ChangePasswordRequest>]
    [Description("Change the password (the current one required; wrong ones count as failed logins). Every session ends; the caller gets a new one (cookie and access_token). The owner is mailed.")]
    public async Task<Reply<LoginResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/user-service/change-password")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<ChangePasswordRequest>();
        var outcome = await credentials.ChangeAsync(request.CurrentUser(), body.CurrentPassword, body.NewPassword, clientAddress.Of(request), ct);
        if (outcome.User is not { } user)
            return Credentials.Refused(outcome, request);
        await activity.RecordAsync(request, user.Id, ActivityKinds.PasswordChanged, ct);
        if (await sessions.StartAsync(user, request, CancellationToken.None) is not { } token)
            return Credentials.Refused(CredentialOutcome.Failed(CredentialProblem.Changed), request);
        return new LoginResponse(UserView.From(user, await links.ForUserAsync(user.Id, ct)), token);
    }
}
