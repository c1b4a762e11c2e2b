using MongoDB.Bson;

namespace TinyCloud.Shared.Mail;

/// <summary>
/// A message waiting in the outbox (<c>mail_outbox</c>). It is deleted once sent; a message given up after
/// <see cref="MailOptions.MaxAttempts"/> stays, with <see cref="FailedAt"/> and its last error, for the admin, for
/// <see cref="MailOutbox.KeepGivenUp"/>.
/// </summary>
public sealed class OutboxMessage
{
    public ObjectId Id { get; set; }
    /// <summary>The account it concerns, so that deleting the account deletes its mail; null for mail that must outlive it.</summary>
    public long? UserId { get; set; }
    public string Kind { get; set; } = "";
    public string To { get; set; } = "";
    public string Subject { get; set; } = "";
    public string Text { get; set; } = "";
    public string Html { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public int Attempts { get; set; }
    /// <summary>When the next attempt is due; a sender claims a message by moving this past its own attempt. Null once given up.</summary>
    public DateTime? NextAttemptAt { get; set; }
    public DateTime? FailedAt { get; set; }
    public string? LastError { get; set; }
}

/// <summary>A message to send: plain text and HTML bodies of the same content, no images, no tracking.</summary>
public sealed record MailContent(string Kind, string Subject, string Text, string Html);
