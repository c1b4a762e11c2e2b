using TinyCloud.Functions.Http;
using TinyCloud.Functions.Sharing;
using TinyCloud.Functions.Platform;

namespace TinyCloud.Functions.Accounts;

public sealed class GetCurrentUser(SharedLinks links) : IFunction
{
    public static FunctionRoute Declaration { get; } = new("GET", "/api/user-service/get-current-user", Access.User)
    {
        ResponseBody = typeof(UserResponse), Summary = "The logged-in user, quota figures and shared links.",
    };

    public async Task<IResult> RunAsync(HttpRequest request, CancellationToken ct)
    {
        var user = request.CurrentUser();
        return Api.Ok(new UserResponse(UserView.From(user, await links.ForUserAsync(user.Id, ct))));
    }
}
