using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace TinyCloud.Shared.Mail;

/// <summary>Sends one message through the configured SMTP relay with MailKit: a connection per message, bounded in time.</summary>
public sealed class SmtpSender(IOptions<MailOptions> options)
{
    private readonly MailOptions _mail = options.Value;

    public async Task SendAsync(OutboxMessage message, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(_mail.TimeoutSeconds));
        using var smtp = new SmtpClient { Timeout = _mail.TimeoutSeconds * 1000 };
        await smtp.ConnectAsync(_mail.Host ?? "", _mail.Port, Socket(_mail.Tls), timeout.Token);
        if (!string.IsNullOrEmpty(_mail.User))
            await smtp.AuthenticateAsync(_mail.User, _mail.Password ?? "", timeout.Token);
        await smtp.SendAsync(ToMime(message), timeout.Token);
        await smtp.DisconnectAsync(true, timeout.Token);
    }

    private MimeMessage ToMime(OutboxMessage message)
    {
        var mime = new MimeMessage { Subject = message.Subject };
        mime.From.Add(MailboxAddress.Parse(_mail.From));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.MessageId = $"{message.Id}@{mime.From.Mailboxes.First().Domain}";
        mime.Body = new BodyBuilder { TextBody = message.Text, HtmlBody = message.Html }.ToMessageBody();
        return mime;
    }

    private static SecureSocketOptions Socket(MailTls tls) => tls switch
    {
        MailTls.None => SecureSocketOptions.None,
        MailTls.StartTls => SecureSocketOptions.StartTls,
        MailTls.Implicit => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };
}
