using System.Net;
using System.Text.Json.Nodes;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Accounts;

/// <summary>The account routes of issue 23, as a client calls them.</summary>
public static class AccountCalls
{
    public const string Me = "/api/user-service/get-current-user";
    public const string NewPassword = "a brand new passphrase";

    public static Task<(HttpStatusCode Status, JsonNode Body)> ChangePasswordAsync(this Client client, string current, string next) =>
        client.PostAsync("/api/user-service/change-password", new { current_password = current, new_password = next });

    public static Task<(HttpStatusCode Status, JsonNode Body)> RequestResetAsync(this Client client, string email) =>
        client.PostAsync("/api/user-service/request-password-reset", new { user_email = email });

    public static Task<(HttpStatusCode Status, JsonNode Body)> ResetPasswordAsync(this Client client, string token, string next) =>
        client.PostAsync("/api/user-service/reset-password", new { token, new_password = next });

    public static Task<(HttpStatusCode Status, JsonNode Body)> VerifyEmailAsync(this Client client, string token) =>
        client.PostAsync("/api/user-service/verify-email", new { token });

    public static Task<(HttpStatusCode Status, JsonNode Body)> DeleteAccountAsync(this Client client, string password) =>
        client.PostAsync("/api/user-service/delete-account", new { password });

    public static Task<(HttpStatusCode Status, JsonNode Body)> LoginAsync(this Client client, string password) =>
        client.PostAsync("/api/user-service/login", new { user_email = client.Email, password });

    /// <summary>Another device of the same user, logged in with <paramref name="password"/>.</summary>
    public static async Task<Client> OtherDeviceAsync(this Client client, Worker worker, string password = Client.Password)
    {
        var other = client.CopyAccountTo(worker.NewClient());
        (await other.LoginAsync(password)).ShouldBeSuccess();
        return other;
    }

    public static Mailbox Mailbox(this Stack stack) => new(stack.Backends);
}
