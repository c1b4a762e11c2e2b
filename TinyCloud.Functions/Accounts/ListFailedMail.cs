using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Mail;

namespace TinyCloud.Functions.Accounts;

/// <summary>A message given up on: to whom, what kind, how often it was tried and the last error (never its body: it may hold a link).</summary>
public sealed record FailedMailView(string Id, string To, string Kind, int Attempts, DateTime CreatedAt, DateTime FailedAt, string LastError);

public sealed record FailedMailResponse(IReadOnlyList<FailedMailView> Messages) : Success;

public sealed class ListFailedMail(MailOutbox outbox)
{
    [Function(nameof(ListFailedMail)), Allow(Access.Admin)]
    [Description("The last 100 messages the outbox gave up on after Mail:MaxAttempts (X-Admin-Key).")]
    public async Task<Reply<FailedMailResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin-service/list-failed-mail")] HttpRequest request,
        CancellationToken ct) =>
        new FailedMailResponse((await outbox.GivenUpAsync(100, ct)).Select(m => new FailedMailView(
            m.Id.ToString(), m.To, m.Kind, m.Attempts, m.CreatedAt, m.FailedAt ?? m.CreatedAt, m.LastError ?? "")).ToList());
}
