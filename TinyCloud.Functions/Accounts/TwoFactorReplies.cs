using TinyCloud.Functions.Http;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Accounts;

/// <summary>The replies for a two-factor step that did not happen, one per <see cref="TwoFactorProblem"/>.</summary>
public static class TwoFactorReplies
{
    public static ErrorResult Refused(TwoFactorOutcome outcome, HttpRequest request)
    {
        if (outcome.Problem == TwoFactorProblem.Throttled)
            RetryAfter.Set(request.HttpContext.Response, outcome.RetryAfter);
        return outcome.Problem switch
        {
            TwoFactorProblem.Off => Api.Error(StatusCodes.Status503ServiceUnavailable, "Two-factor sign-in is not set up on this server (TwoFactor:EncryptionKey)."),
            TwoFactorProblem.Throttled => Api.Error(StatusCodes.Status429TooManyRequests, "Too many attempts; try again later."),
            TwoFactorProblem.WrongPassword => Api.BadRequest("Wrong password."),
            TwoFactorProblem.WrongCode => Api.BadRequest("Wrong or already used code."),
            TwoFactorProblem.AlreadyOn => Api.Conflict("Two-factor sign-in is on already: turn it off first to enroll again."),
            TwoFactorProblem.NotOn => Api.Conflict("Two-factor sign-in is not on."),
            TwoFactorProblem.NoEnrollment => Api.Conflict("Start with enroll-two-factor, then confirm a code from that secret."),
            _ => throw new InvalidOperationException($"No reply for {outcome.Problem}."),
        };
    }
}
