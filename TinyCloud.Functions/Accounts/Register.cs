using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Functions.Accounts;

public sealed class Register(
    UserStore users, EmailVerification verification, IOptions<AccountsOptions> options, TimeProvider clock, ILogger<Register> logger)
{
    [Function(nameof(Register)), JsonBody<RegisterRequest>, Original<Done>]
    [WritesUnique(UserStore.CollectionName)]
    [Description("Create an account. A taken user name is a 409; a taken email gets the same answer as a new one.")]
    public async Task<Reply<UserResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/user-service/register")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<RegisterRequest>();

        var user = UserDocument.New(await users.NextUserIdAsync(ct), body.UserName, body.UserEmail,
            await Task.Run(() => PasswordHasher.Hash(body.Password), ct), options.Value, clock.GetUtcNow().UtcDateTime);
        if (verification.Enabled)
            user.EmailVerified = false;
        var outcome = await users.TryInsertAsync(user, ct);
        // The account exists from here on: a mail that cannot be queued is logged, and the link can be sent again.
        if (outcome == RegisterOutcome.Created && verification.Enabled)
            await AfterCommit.TryAsync(() => verification.SendAsync(user, CancellationToken.None), logger, "mail the verification link", user.Id);
        // A taken email gets the answer a new account would (OWASP: no account enumeration): the existing account is
        // untouched, and the user name is held as a real registration would hold it, so it cannot be used to probe.
        // The owner of the address is told by mail instead.
        if (outcome == RegisterOutcome.EmailTaken && await users.TryHoldNameAsync(user.Id, user.UserName, user.CreatedAt, ct))
        {
            outcome = RegisterOutcome.Created;
            await AfterCommit.TryAsync(() => verification.TellOwnerOfAttemptAsync(user.UserEmail, CancellationToken.None), logger,
                "mail the owner of a taken address", user.Id);
        }
        return outcome == RegisterOutcome.Created
            ? new UserResponse(UserView.From(user, []))
            : Api.Conflict($"The user name '{body.UserName}' is already taken.");
    }
}
