using Microsoft.Extensions.Options;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Accounts;

public sealed class Register(UserStore users, IOptions<AccountsOptions> options, TimeProvider clock) : IFunction
{
    public static FunctionRoute Declaration { get; } = new("POST", "/api/user-service/register")
    {
        RequestBody = typeof(RegisterRequest), ResponseBody = typeof(UserResponse), Summary = "Create an account.",
    };

    public async Task<IResult> RunAsync(HttpRequest request, CancellationToken ct)
    {
        if (!(await request.ReadJsonAsync<RegisterRequest>(ct)).IsValid(out var body, out var error))
            return error;

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
            _ => Api.Ok(new UserResponse(UserView.From(user, []))),
        };
    }
}
