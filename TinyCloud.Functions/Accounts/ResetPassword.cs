using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Activity;
using TinyCloud.Shared.Activity;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Accounts;

public sealed class ResetPassword(AccountCredentials credentials, ClientAddress clientAddress, ActivityRecorder activity)
{
    [Function(nameof(ResetPassword)), JsonBody<ResetPasswordRequest>]
    [Description("Set a new password with the token of a mailed reset link. The token works once; every session and every other reset link of the account ends. The owner is mailed.")]
    public async Task<Reply<Done>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/user-service/reset-password")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<ResetPasswordRequest>();
        var outcome = await credentials.ResetAsync(body.Token, body.NewPassword, clientAddress.Of(request), ct);
        if (outcome.User is not { } user)
            return Credentials.Refused(outcome, request);
        await activity.RecordAsync(request, user.Id, ActivityKinds.PasswordChanged, ct, detail: "reset through a mailed link");
        return new Done();
    }
}
