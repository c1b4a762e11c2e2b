using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Accounts;

public sealed class VerifyUser(UserStore users) : IFunction
{
    public static FunctionRoute Declaration { get; } = new("POST", "/api/admin-service/verify-user", Access.Admin)
    {
        RequestBody = typeof(VerifyUserRequest), ResponseBody = typeof(Done), Summary = "Mark a user verified (X-Admin-Key).",
    };

    public async Task<IResult> RunAsync(HttpRequest request, CancellationToken ct)
    {
        if (!(await request.ReadJsonAsync<VerifyUserRequest>(ct)).IsValid(out var body, out var error))
            return error;
        return await users.SetVerifiedAsync(body.UserName, ct)
            ? Api.Ok()
            : Api.NotFound($"No user named '{body.UserName}'.");
    }
}
