using TinyCloud.Functions.Http;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Accounts;

/// <summary>The replies for a credential change that did not happen, one per <see cref="CredentialProblem"/>.</summary>
public static class Credentials
{
    public static ErrorResult Refused(CredentialOutcome outcome, HttpRequest request)
    {
        switch (outcome.Problem)
        {
            case CredentialProblem.Throttled:
                RetryAfter.Set(request.HttpContext.Response, outcome.RetryAfter);
                return Api.Error(StatusCodes.Status429TooManyRequests, "Too many attempts; try again later.");
            case CredentialProblem.WrongPassword:
                return Api.BadRequest("Wrong password.");
            case CredentialProblem.Changed:
                return Api.Conflict("The password was changed meanwhile: log in again.");
            case CredentialProblem.InvalidToken:
                return Api.BadRequest("This link is invalid, used or expired: ask for a new one.");
            case CredentialProblem.MailOff:
                return Api.Error(StatusCodes.Status503ServiceUnavailable, "This server sends no mail (Mail:Host is not set): ask its admin.");
            case CredentialProblem.AlreadyVerified:
                return Api.Conflict("Your email address is verified already.");
            default:
                throw new InvalidOperationException($"No reply for {outcome.Problem}.");
        }
    }
}
