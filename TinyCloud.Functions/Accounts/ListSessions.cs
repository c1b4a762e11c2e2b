using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Accounts;

public sealed class ListSessions(SessionStore store)
{
    [Function(nameof(ListSessions)), Allow(Access.User)]
    [Description("The user's live sessions (one per login): device, created, last used (kept to within a few minutes).")]
    public async Task<Reply<SessionsResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/user-service/list-sessions")] HttpRequest request,
        CancellationToken ct)
    {
        var current = request.CurrentSessionId();
        var sessions = await store.ListAsync(request.CurrentUser(), ct);
        return new SessionsResponse(sessions.Select(s => SessionView.From(s, current)).ToList());
    }
}
