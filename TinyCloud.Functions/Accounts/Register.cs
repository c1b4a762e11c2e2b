using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Accounts;

public sealed class Register(UserStore users, IOptions<AccountsOptions> options, TimeProvider clock)
{
    [Function(nameof(Register)), JsonBody<RegisterRequest>]
    [Description("Create an account.")]
    public async Task<Reply<UserResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/user-service/register")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<RegisterRequest>();

        var quota = options.Value.DefaultQuotaMb * 1024 * 1024;
        var user = new UserDocument
        {
            Id = await users.NextUserIdAsync(ct),
            UserName = body.UserName,
            UserNameKey = body.UserName.ToLowerInvariant(),
            UserEmail = body.UserEmail.Trim().ToLowerInvariant(),
            PasswordHash = await Task.Run(() => PasswordHasher.Hash(body.Password), ct),
            Verified = options.Value.AutoVerify,
            QuotaBytes = quota,
            FreeBytes = quota,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        return await users.TryInsertAsync(user, ct) switch
        {
            RegisterOutcome.NameTaken => Api.Conflict($"The user name '{body.UserName}' is already taken."),
            RegisterOutcome.EmailTaken => Api.Conflict("An account with this email already exists."),
            _ => new UserResponse(UserView.From(user, [])),
        };
    }
}
