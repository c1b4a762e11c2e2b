using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using MongoDB.Driver;

namespace TinyCloud.Shared.Mail;

/// <summary>What one pass over the outbox did: sent, failed but to be retried, given up.</summary>
public sealed record MailTally(long Sent, long Retrying, long GivenUp)
{
    public static readonly MailTally None = new(0, 0, 0);

    public long DurationMs { get; init; }

    public MailTally Add(MailTally other) => new(Sent + other.Sent, Retrying + other.Retrying, GivenUp + other.GivenUp);
}

/// <summary>
/// Queues mail and sends it from the outbox. <see cref="QueueAsync"/> writes the message and then tries it once in the
/// background, never holding up the request; what fails is retried with back-off by TempCleanup
/// (<see cref="SendDueAsync"/>) until <see cref="MailOptions.MaxAttempts"/>, then given up and logged as an error.
/// </summary>
public sealed class MailDispatch(MailOutbox outbox, SmtpSender smtp, IOptions<MailOptions> options, ILogger<MailDispatch> logger)
{
    private readonly MailOptions _mail = options.Value;

    public bool Enabled => _mail.IsConfigured;

    /// <summary>Writes the message to the outbox (nothing when mail is off) and starts one attempt that nobody waits for.</summary>
    public async Task QueueAsync(long? userId, string to, MailContent content, CancellationToken ct)
    {
        if (!Enabled)
            return;
        var message = await outbox.EnqueueAsync(userId, to, content, ct);
        _ = Task.Run(async () =>
        {
            try
            {
                await TrySendAsync(message.Id, CancellationToken.None);
            }
            catch (Exception ex) when (ex is MongoException or TimeoutException)
            {
                logger.LogWarning(ex, "Could not send mail {MessageId} right away; TempCleanup will", message.Id);
            }
        }, CancellationToken.None);
    }

    /// <summary>Sends every due message, up to <paramref name="limit"/> of them.</summary>
    public async Task<MailTally> SendDueAsync(int limit, CancellationToken ct)
    {
        if (!Enabled)
            return MailTally.None;
        var tally = MailTally.None;
        foreach (var id in await outbox.DueAsync(limit, ct))
            tally = tally.Add(await TrySendAsync(id, ct));
        return tally;
    }

    private async Task<MailTally> TrySendAsync(ObjectId id, CancellationToken ct)
    {
        if (await outbox.TryClaimAsync(id, ct) is not { } message)
            return MailTally.None;
        try
        {
            await smtp.SendAsync(message, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var last = message.Attempts >= _mail.MaxAttempts;
            await outbox.FailedAsync(id, message.Attempts, $"{ex.GetType().Name}: {ex.Message}", last ? null : _mail.RetryAfter(message.Attempts), CancellationToken.None);
            if (last)
                logger.LogError("Gave up mail {MessageId} ({Kind}) after {Attempts} attempts: {Error}", id, message.Kind, message.Attempts, ex.Message);
            else
                logger.LogWarning("Mail {MessageId} ({Kind}) attempt {Attempts} failed, retrying later: {Error}", id, message.Kind, message.Attempts, ex.Message);
            return last ? new MailTally(0, 0, 1) : new MailTally(0, 1, 0);
        }
        await outbox.SentAsync(id, CancellationToken.None);
        return new MailTally(1, 0, 0);
    }
}
